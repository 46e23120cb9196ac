// What colours the embedding map: each point's category (right or wrong for one model; which of two
// models is right; a field's value such as the cluster), counted, with a colour-blind-safe paint per category.
import { Data, Table, Type, Vector } from "apache-arrow";

export type EmbeddingColorBy =
  { by: "correct"; model: string } | { by: "disagreement"; models: [string, string] } | { by: "field"; field: string } | { by: "none" };

export interface PointCategory {
  label: string;
  /** Paint: a CSS variable with its light-theme fallback (css/embeddingMap.css sets both themes). */
  color: string;
  count: number;
}

export interface PointCategories {
  /** Point i's category: an index into `categories`. */
  codes: Uint8Array;
  categories: PointCategory[];
}

/** A field's most frequent values get a colour each; the rest share "other". */
export const maximumFieldCategories = 10;

const paint = (name: string, fallback: string) => `var(--sw-map-${name}, ${fallback})`;
/** Okabe–Ito's colour-blind-safe set: blue, vermillion, bluish green, orange, reddish purple, sky blue, yellow; then Tableau's. */
const categorical = ["#0072b2", "#d55e00", "#009e73", "#e69f00", "#cc79a7", "#56b4e9", "#f0e442", "#8c564b", "#7f7f7f", "#bcbd22"];
export const categoryPaint = (index: number) => paint(`category-${index + 1}`, categorical[index % categorical.length]);
const missingPaint = paint("missing", "#8c959f");

/** The column `<model>.correct` of a map table, or null when it is missing. */
export function correctColumnName(model: string): string {
  return `${model}.correct`;
}

/** The models a map table holds correctness for (its `<model>.correct` boolean columns), in column order. */
export function modelsWithCorrectness(table: Table): string[] {
  return table.schema.fields
    .filter((field) => field.name.endsWith(".correct") && field.type.typeId === Type.Bool)
    .map((field) => field.name.slice(0, -".correct".length));
}

/** 1 right, 0 wrong, 2 no answer (null or missing), per row: read from the bit-packed Arrow chunks without a row object. */
export function booleanCodes(vector: Vector | null, rows: number): Uint8Array {
  const codes = new Uint8Array(rows).fill(2);
  if (!vector) return codes;
  let start = 0;
  for (const chunk of vector.data as Data[]) {
    const bits = chunk.values as Uint8Array;
    const valid = chunk.nullBitmap as Uint8Array | undefined;
    const offset = chunk.offset;
    for (let index = 0; index < chunk.length; index++) {
      const bit = offset + index;
      if (valid && valid.length > 0 && chunk.nullCount > 0 && !((valid[bit >> 3] >> (bit & 7)) & 1)) continue;
      codes[start + index] = (bits[bit >> 3] >> (bit & 7)) & 1;
    }
    start += chunk.length;
  }
  return codes;
}

/** The categories of every point of `table` for one way of colouring it. */
export function pointCategories(table: Table, colorBy: EmbeddingColorBy): PointCategories {
  const rows = table.numRows;
  if (colorBy.by === "correct") {
    const correct = booleanCodes(table.getChild(correctColumnName(colorBy.model)), rows);
    // Codes as booleanCodes gives them: 0 wrong, 1 right, 2 no answer.
    return counted(correct, [
      { label: "wrong", color: paint("wrong", "#d55e00") },
      { label: "correct", color: paint("correct", "#0072b2") },
      { label: "no result", color: missingPaint },
    ]);
  }
  if (colorBy.by === "disagreement") {
    const [a, b] = colorBy.models;
    const first = booleanCodes(table.getChild(correctColumnName(a)), rows);
    const second = booleanCodes(table.getChild(correctColumnName(b)), rows);
    const codes = new Uint8Array(rows);
    // 0 both right, 1 only A right, 2 only B right, 3 both wrong, 4 either has no answer.
    for (let row = 0; row < rows; row++) codes[row] = first[row] === 2 || second[row] === 2 ? 4 : first[row] ? (second[row] ? 0 : 1) : second[row] ? 2 : 3;
    return counted(codes, [
      { label: "both right", color: paint("both-right", "#a5b3c2") },
      { label: `only ${a} right`, color: paint("first-only", "#0072b2") },
      { label: `only ${b} right`, color: paint("second-only", "#009e73") },
      { label: "both wrong", color: paint("both-wrong", "#d55e00") },
      { label: "no result", color: missingPaint },
    ]);
  }
  if (colorBy.by === "field") return fieldCategories(table.getChild(colorBy.field), rows);
  return counted(new Uint8Array(rows), [{ label: "samples", color: categoryPaint(0) }]);
}

/** A field's values, most frequent first (ties: in text order); beyond maximumFieldCategories, "other". */
function fieldCategories(vector: Vector | null, rows: number): PointCategories {
  const keys: string[] = new Array(rows);
  const frequency = new Map<string, number>();
  for (let row = 0; row < rows; row++) {
    const value = vector?.get(row);
    const key = value === null || value === undefined ? "" : String(value);
    keys[row] = key;
    frequency.set(key, (frequency.get(key) ?? 0) + 1);
  }
  const present = [...frequency.keys()].filter((key) => key !== "");
  const numeric = present.every((key) => key.trim() !== "" && Number.isFinite(Number(key)));
  present.sort((p, q) => frequency.get(q)! - frequency.get(p)! || (numeric ? Number(p) - Number(q) : p < q ? -1 : p > q ? 1 : 0));
  const named = present.slice(0, maximumFieldCategories);
  const index = new Map(named.map((key, position) => [key, position]));
  const other = named.length;
  const missing = other + (present.length > named.length ? 1 : 0);
  const codes = new Uint8Array(rows);
  for (let row = 0; row < rows; row++) codes[row] = keys[row] === "" ? missing : (index.get(keys[row]) ?? other);
  const categories = named.map((key, position) => ({ label: key, color: categoryPaint(position) }));
  if (present.length > named.length) categories.push({ label: "other", color: paint("other", "#c4c9cf") });
  categories.push({ label: "no value", color: missingPaint });
  return counted(codes, categories);
}

function counted(codes: Uint8Array, categories: Omit<PointCategory, "count">[]): PointCategories {
  const counts = new Array<number>(categories.length).fill(0);
  for (let row = 0; row < codes.length; row++) counts[codes[row]]++;
  return { codes, categories: categories.map((category, index) => ({ ...category, count: counts[index] })) };
}
