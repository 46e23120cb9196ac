// The evaluation table — the main contract of docs/architecture.md: one row per
// (test case, model, metric), long format, these columns in this order.
import { Bool, Field, Float64, Int64, RecordBatch, Schema, Struct, Table, Utf8, makeData } from "apache-arrow";

export type Verdict = "improved" | "regressed" | "similar" | "unknown";

export interface EvaluationRow {
  stratification: string;
  test_case: string;
  model: string;
  metric_group: string;
  metric: string;
  n: number;
  value: number | null;
  ci_low: number | null;
  ci_high: number | null;
  delta: number | null;
  p_value: number | null;
  q_value: number | null;
  verdict: Verdict | null;
  higher_is_better: boolean | null;
}

export const evaluationSchema = new Schema([
  new Field("stratification", new Utf8(), false),
  new Field("test_case", new Utf8(), false),
  new Field("model", new Utf8(), false),
  new Field("metric_group", new Utf8(), false),
  new Field("metric", new Utf8(), false),
  new Field("n", new Int64(), false),
  new Field("value", new Float64(), true),
  new Field("ci_low", new Float64(), true),
  new Field("ci_high", new Float64(), true),
  new Field("delta", new Float64(), true),
  new Field("p_value", new Float64(), true),
  new Field("q_value", new Float64(), true),
  new Field("verdict", new Utf8(), true),
  new Field("higher_is_better", new Bool(), true),
]);

export const evaluationColumns = evaluationSchema.fields.map((field) => field.name) as (keyof EvaluationRow)[];

/** The whole dataset is the first test case of every evaluation. */
export const wholeDatasetTestCase = { stratification: "dataset", test_case: "all" } as const;

/** Schema metadata key of the evaluation's provenance (dataset commit, models, excluded datapoints …). */
export const evaluationInfoKey = "slicewise.evaluation";

/**
 * An evaluation's provenance: what was compared, on which commit and standard, over how many
 * datapoints. A type rather than an interface, so it stays a Record<string, unknown> for readers
 * of any provenance (minimumSamplesOf reads older runs' too).
 */
export type EvaluationInfo = {
  dataset: string;
  dataset_commit: number;
  quality_standard_version: number;
  models: string[];
  reference: string;
  confidence: number;
  /** Datapoints every compared model has results for: the ones evaluated. */
  datapoints: number;
  /** Datapoints left out because some compared model has no result for them. */
  excluded_datapoints: number;
  /** The run this evaluation was recorded as, when `record` was asked for. */
  run_id?: number;
  /** Each metric's minimum n for a verdict, by metric group then metric label. */
  min_n: Record<string, Record<string, number>>;
};

/** The provenance an evaluation table carries in its schema metadata, if any (as the platform wrote it). */
export function evaluationInfo(table: Table): EvaluationInfo | null {
  const text = table.schema.metadata.get(evaluationInfoKey);
  return text ? JSON.parse(text) : null;
}

/**
 * Builds the evaluation table from rows (a few thousand at most: one per test case × model ×
 * metric). The buffers are laid out here rather than by Arrow's builders, which compile a
 * function from a string — something a page with a strict Content-Security-Policy (an exported
 * report) refuses to run.
 */
export function evaluationTableFromRows(rows: readonly EvaluationRow[], info?: object): Table {
  const children = evaluationSchema.fields.map((field) => {
    const name = field.name as keyof EvaluationRow;
    const values = rows.map((row) => row[name]);
    if (field.type instanceof Utf8) return utf8Data(values as (string | null)[]);
    if (field.type instanceof Int64)
      return makeData({ type: new Int64(), length: rows.length, nullCount: 0, data: BigInt64Array.from(values as number[], (n) => BigInt(n)) });
    if (field.type instanceof Float64) {
      const numbers = Float64Array.from(values as (number | null)[], (x) => (x === null ? 0 : x));
      return makeData({ type: new Float64(), length: rows.length, ...validity(values), data: numbers });
    }
    const bits = new Uint8Array(Math.ceil(rows.length / 8));
    (values as (boolean | null)[]).forEach((value, index) => {
      if (value) bits[index >> 3] |= 1 << (index & 7);
    });
    return makeData({ type: new Bool(), length: rows.length, ...validity(values), data: bits });
  });
  const schema = info ? new Schema(evaluationSchema.fields, new Map([[evaluationInfoKey, JSON.stringify(info)]])) : evaluationSchema;
  const data = makeData({ type: new Struct(schema.fields), length: rows.length, nullCount: 0, children });
  return new Table([new RecordBatch(schema, data)]);
}

const encoder = new TextEncoder();

/** A utf8 column's data from values (null where absent), laid out without Arrow's builders. */
export function utf8Data(values: (string | null)[]) {
  const offsets = new Int32Array(values.length + 1);
  const encoded = values.map((value) => (value === null ? new Uint8Array(0) : encoder.encode(value)));
  encoded.forEach((bytes, index) => (offsets[index + 1] = offsets[index] + bytes.length));
  const bytes = new Uint8Array(offsets[values.length]);
  encoded.forEach((chunk, index) => bytes.set(chunk, offsets[index]));
  return makeData({ type: new Utf8(), length: values.length, ...validity(values), valueOffsets: offsets, data: bytes });
}

/** The null count and validity bitmap of a column (no bitmap when nothing is null). */
export function validity(values: readonly unknown[]): { nullCount: number; nullBitmap?: Uint8Array } {
  const nullCount = values.reduce<number>((count, value) => count + (value === null || value === undefined ? 1 : 0), 0);
  if (nullCount === 0) return { nullCount };
  const nullBitmap = new Uint8Array(Math.ceil(values.length / 8));
  values.forEach((value, index) => {
    if (value !== null && value !== undefined) nullBitmap[index >> 3] |= 1 << (index & 7);
  });
  return { nullCount, nullBitmap };
}

/** Reads the evaluation table back into rows (for printing and tests, not for hot paths). */
export function evaluationRowsFromTable(table: Table): EvaluationRow[] {
  const rows: EvaluationRow[] = [];
  const columns = evaluationColumns.map((name) => table.getChild(name));
  for (let index = 0; index < table.numRows; index++) {
    // Every column's value, as the schema types it (int64 n as a number): the row it describes.
    const row = {} as Record<keyof EvaluationRow, unknown>;
    evaluationColumns.forEach((name, c) => {
      const value = columns[c]?.get(index) ?? null;
      row[name] = typeof value === "bigint" ? Number(value) : value;
    });
    rows.push(row as EvaluationRow);
  }
  return rows;
}
