// The samples table read for a gallery: which columns are ids, ground truth and each model's results,
// per-model correctness as typed arrays, and the pure filters and the stable sort over row indexes.
import { DataType, Table, Vector } from "apache-arrow";

/** 1 correct, 0 wrong, -1 unknown (no value, or nothing to compare with). */
export type Correctness = Int8Array;

export interface ModelSamples {
  name: string;
  /** The `<model>.<prediction>` column, or null when this model has none. */
  prediction: Vector | null;
  correct: Correctness;
  /** Whether `correct` was read from a column (true) or derived from prediction == ground truth. */
  correctFromColumn: boolean;
}

export interface SamplesData {
  table: Table;
  length: number;
  idFields: string[];
  groundTruth: Vector | null;
  models: ModelSamples[];
  /** The id fields' values joined by "/" (the row index when the table has no id fields). */
  sampleId(row: number): string;
}

export interface SamplesReadOptions {
  idFields: string[];
  groundTruth: string | null;
  models: string[];
  prediction: string;
  correct: string;
  /** Predictions are lists of boxes: no verdict from prediction == ground truth (only from a correct column). */
  predictedBoxes?: boolean;
}

export type DisagreementMode = "none" | "a-right-b-wrong" | "a-wrong-b-right";

export interface SampleFilter {
  /** Row indexes of a test case (already resolved by the caller), or null for every row. */
  rows?: ArrayLike<number> | null;
  field?: { name: string; value: unknown } | null;
  disagreement?: DisagreementMode;
  modelA?: string | null;
  modelB?: string | null;
}

export interface SampleSort {
  field: string;
  direction: "ascending" | "descending";
}

/** Columns named `<model>.<field>`; the model is everything before the last dot, so "gpt-4.1.pred" is model "gpt-4.1". */
export function splitModelColumn(name: string): { model: string; field: string } | null {
  const dot = name.lastIndexOf(".");
  if (dot <= 0 || dot === name.length - 1) return null;
  return { model: name.slice(0, dot), field: name.slice(dot + 1) };
}

/**
 * Models in order of first appearance. A dotted dataset column ("meta.source") is not a model, so a prefix counts
 * when one of its columns is the prediction or correctness field; when no prefix has either, every prefix counts.
 */
export function inferModels(columns: readonly string[], prediction: string, correct: string): string[] {
  const all: string[] = [];
  const recognised: string[] = [];
  for (const name of columns) {
    const split = splitModelColumn(name);
    if (!split) continue;
    if (!all.includes(split.model)) all.push(split.model);
    if ((split.field === prediction || split.field === correct) && !recognised.includes(split.model)) recognised.push(split.model);
  }
  return recognised.length > 0 ? all.filter((model) => recognised.includes(model)) : all;
}

/** The platform's rule (Kolena's): `id`, else `*_id`/`id_*` columns, else `locator`, else `text`; else none (row index). */
export function inferIdFields(datasetColumns: readonly string[]): string[] {
  if (datasetColumns.includes("id")) return ["id"];
  const suffixed = datasetColumns.filter((name) => /(^id_|_id$)/i.test(name));
  if (suffixed.length > 0) return suffixed;
  for (const fallback of ["locator", "text"]) if (datasetColumns.includes(fallback)) return [fallback];
  return [];
}

/** Values compared as text, so a label of 3 (int) and a prediction of 3n (int64) or "3" agree. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return false;
  return valueKey(a) === valueKey(b);
}

function valueKey(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

function truthy(value: unknown): number {
  if (value === null || value === undefined) return -1;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "number") return Number.isNaN(value) ? -1 : value !== 0 ? 1 : 0;
  if (typeof value === "bigint") return value !== 0n ? 1 : 0;
  if (typeof value === "string") return value === "true" || value === "1" ? 1 : value === "false" || value === "0" ? 0 : -1;
  return -1;
}

export function readSamples(table: Table, options: SamplesReadOptions): SamplesData {
  const length = table.numRows;
  const groundTruth = options.groundTruth ? (table.getChild(options.groundTruth) ?? null) : null;
  const models = options.models.map((name): ModelSamples => {
    const prediction = table.getChild(`${name}.${options.prediction}`) ?? null;
    const correctColumn = table.getChild(`${name}.${options.correct}`);
    const correct = new Int8Array(length).fill(-1);
    if (correctColumn) {
      for (let row = 0; row < length; row++) correct[row] = truthy(correctColumn.get(row));
    } else if (prediction && groundTruth && !options.predictedBoxes) {
      for (let row = 0; row < length; row++) {
        const truth = groundTruth.get(row);
        const predicted = prediction.get(row);
        correct[row] = truth === null || predicted === null ? -1 : sameValue(truth, predicted) ? 1 : 0;
      }
    }
    return { name, prediction, correct, correctFromColumn: Boolean(correctColumn) };
  });
  const idColumns = options.idFields.map((field) => table.getChild(field)).filter((column): column is Vector => Boolean(column));
  const sampleId = idColumns.length === 0 ? (row: number) => String(row) : (row: number) => idColumns.map((column) => displayKey(column.get(row))).join("/");
  return { table, length, idFields: options.idFields, groundTruth, models, sampleId };
}

function displayKey(value: unknown): string {
  return value === null || value === undefined ? "" : valueKey(value);
}

/** Row indexes (ascending, each once) that pass every filter. */
export function filterSampleRows(data: SamplesData, filter: SampleFilter): Int32Array {
  const { length } = data;
  let rows: Int32Array;
  if (filter.rows) {
    const seen = new Uint8Array(length);
    for (let index = 0; index < filter.rows.length; index++) {
      const row = filter.rows[index];
      if (Number.isInteger(row) && row >= 0 && row < length) seen[row] = 1;
    }
    let count = 0;
    for (let row = 0; row < length; row++) count += seen[row];
    rows = new Int32Array(count);
    for (let row = 0, next = 0; row < length; row++) if (seen[row]) rows[next++] = row;
  } else {
    rows = new Int32Array(length);
    for (let row = 0; row < length; row++) rows[row] = row;
  }
  if (filter.field) {
    const column = data.table.getChild(filter.field.name);
    const wanted = filter.field.value;
    rows = rows.filter((row) => {
      const value = column ? column.get(row) : null;
      return wanted === null || wanted === undefined ? value === null || value === undefined : sameValue(value, wanted);
    });
  }
  const mode = filter.disagreement ?? "none";
  if (mode !== "none") {
    const a = data.models.find((model) => model.name === filter.modelA);
    const b = data.models.find((model) => model.name === filter.modelB);
    if (!a || !b) return new Int32Array(0);
    const [right, wrong] = mode === "a-right-b-wrong" ? [a.correct, b.correct] : [b.correct, a.correct];
    rows = rows.filter((row) => right[row] === 1 && wrong[row] === 0);
  }
  return rows;
}

/** How many of `rows` fall on each side of a disagreement between two models (for empty-state messages). */
export function countDisagreements(data: SamplesData, rows: Int32Array, modelA: string, modelB: string): { aRightBWrong: number; aWrongBRight: number } {
  const a = data.models.find((model) => model.name === modelA)?.correct;
  const b = data.models.find((model) => model.name === modelB)?.correct;
  let aRightBWrong = 0;
  let aWrongBRight = 0;
  if (!a || !b) return { aRightBWrong, aWrongBRight };
  for (const row of rows) {
    if (a[row] === 1 && b[row] === 0) aRightBWrong++;
    else if (a[row] === 0 && b[row] === 1) aWrongBRight++;
  }
  return { aRightBWrong, aWrongBRight };
}

/** Whether a column can order samples: numbers, text, booleans, dates (not bytes, lists or structs). */
export function isSortable(type: DataType): boolean {
  return (
    DataType.isInt(type) ||
    DataType.isFloat(type) ||
    DataType.isDecimal(type) ||
    DataType.isBool(type) ||
    DataType.isUtf8(type) ||
    DataType.isLargeUtf8(type) ||
    DataType.isUtf8View(type) ||
    DataType.isDictionary(type) ||
    DataType.isDate(type) ||
    DataType.isTimestamp(type) ||
    DataType.isTime(type) ||
    DataType.isDuration(type)
  );
}

const collator = new Intl.Collator("en", { numeric: true, sensitivity: "base" });

/**
 * A number per row that orders it (NaN for null): numeric columns as numbers, anything else by its rank among the
 * column's distinct values in natural order ("img2" before "img10"), so the sort itself compares numbers only.
 */
function sortKeys(column: Vector, rows: Int32Array): Float64Array {
  const keys = new Float64Array(rows.length);
  const numeric =
    DataType.isInt(column.type) ||
    DataType.isFloat(column.type) ||
    DataType.isDate(column.type) ||
    DataType.isTimestamp(column.type) ||
    DataType.isTime(column.type) ||
    DataType.isDuration(column.type) ||
    DataType.isBool(column.type);
  if (numeric) {
    for (let index = 0; index < rows.length; index++) {
      const value = column.get(rows[index]);
      keys[index] = value === null || value === undefined ? NaN : Number(value instanceof Date ? value.getTime() : value);
    }
    return keys;
  }
  const texts: (string | null)[] = new Array(rows.length);
  const distinct = new Set<string>();
  for (let index = 0; index < rows.length; index++) {
    const value = column.get(rows[index]);
    const text = value === null || value === undefined ? null : valueKey(value);
    texts[index] = text;
    if (text !== null) distinct.add(text);
  }
  const rank = new Map([...distinct].sort(collator.compare).map((text, position) => [text, position]));
  for (let index = 0; index < rows.length; index++) keys[index] = texts[index] === null ? NaN : rank.get(texts[index]!)!;
  return keys;
}

/** The rows ordered by a field; ties and nulls (always last) keep their order in `rows`. */
export function sortSampleRows(data: SamplesData, rows: Int32Array, sort: SampleSort | null): Int32Array {
  if (!sort) return rows;
  const column = data.table.getChild(sort.field);
  if (!column) return rows;
  const keys = sortKeys(column, rows);
  const sign = sort.direction === "descending" ? -1 : 1;
  const order = new Int32Array(rows.length);
  for (let index = 0; index < rows.length; index++) order[index] = index;
  order.sort((left, right) => {
    const a = keys[left];
    const b = keys[right];
    const aMissing = Number.isNaN(a);
    const bMissing = Number.isNaN(b);
    if (aMissing || bMissing) return aMissing === bMissing ? left - right : aMissing ? 1 : -1;
    return a === b ? left - right : (a < b ? -1 : 1) * sign;
  });
  return order.map((index) => rows[index]);
}
