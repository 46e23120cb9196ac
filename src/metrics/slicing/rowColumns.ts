// Arrow columns read once into typed arrays for the browser's slicing loops: numbers as
// Float64Array with NaN for null, everything else as codes into an ascending list of values.
import { DataType, Type, Vector } from "apache-arrow";
import type { Scalar } from "../../core";
import { FirstSeenIndex } from "../firstSeenIndex";
import type { FieldKind } from "../metricPlan";

/** A numeric column: `values[i]` is row i's value, NaN where it is null. */
export interface NumericColumn {
  kind: "numeric";
  values: Float64Array;
}

/**
 * A categorical column (booleans, strings, or numbers read as categories): `codes[i]` indexes
 * `values`, −1 where the row is null. `values` are distinct and ascending in the platform's order
 * (false < true < numbers < strings), so codes sort as values do.
 */
export interface CategoricalColumn {
  kind: "categorical";
  codes: Int32Array;
  values: Scalar[];
}

/** What metrics make of an Arrow type: the platform's FieldKind of the same DuckDB column. */
export function fieldKindOfArrow(type: DataType): FieldKind {
  switch (type.typeId) {
    case Type.Bool:
      return "boolean";
    case Type.Int:
    case Type.Float:
    case Type.Decimal:
      return "numeric";
    case Type.Utf8:
    case Type.LargeUtf8:
      return "string";
    case Type.Dictionary:
      return DataType.isDictionary(type) ? fieldKindOfArrow(type.dictionary) : "other";
    default:
      return "other";
  }
}

/** The column's values as doubles (booleans as 0/1), NaN for null. */
export function readNumeric(vector: Vector): NumericColumn {
  const values = new Float64Array(vector.length);
  let row = 0;
  for (const data of vector.data) {
    if (data.type.typeId === Type.Bool) {
      // Bit-packed; a sliced Data's bits start at its offset.
      const bits = data.values as Uint8Array;
      for (let i = 0; i < data.length; i++, row++) {
        const bit = data.offset + i;
        values[row] = data.nullCount > 0 && !data.getValid(i) ? NaN : (bits[bit >> 3] >> (bit & 7)) & 1;
      }
      continue;
    }
    const typed = data.values as ArrayLike<number | bigint> | undefined;
    const fixedWidth =
      (data.type.typeId === Type.Float || data.type.typeId === Type.Int) && typed !== undefined && (data.type as { precision?: number }).precision !== 0;
    for (let i = 0; i < data.length; i++, row++) {
      if (data.nullCount > 0 && !data.getValid(i)) values[row] = NaN;
      // Sliced Data keeps its own offset into the values buffer for fixed-width types.
      else if (fixedWidth) values[row] = Number(typed[i]);
      else values[row] = toNumber(vector.get(row));
    }
  }
  return { kind: "numeric", values };
}

function toNumber(value: unknown): number {
  if (value === null || value === undefined) return NaN;
  if (typeof value === "boolean") return value ? 1 : 0;
  return Number(value);
}

/** Normalizes a value as the platform does (bigint → number, bytes → a placeholder). */
export function scalarOf(value: unknown): Scalar {
  if (value === null || value === undefined) return null;
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "number" || typeof value === "string" || typeof value === "boolean") return value;
  if (value instanceof Uint8Array) return `[${value.length} bytes]`;
  return String(value);
}

/** Ascending: false < true < numbers < strings (code-point order), null last — the platform's test-case order. */
export function compareScalars(a: Scalar, b: Scalar): number {
  const rank = (value: Scalar) => (value === null ? 3 : typeof value === "boolean" ? 0 : typeof value === "number" ? 1 : 2);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (a === null || b === null) return 0;
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "boolean") return Number(a) - Number(b);
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

/** The column's distinct values as codes (see CategoricalColumn). */
export function readCategorical(vector: Vector): CategoricalColumn {
  const firstCodes = new Int32Array(vector.length);
  const seen = new FirstSeenIndex();
  const firstValues = seen.values;
  let row = 0;
  for (const data of vector.data) {
    if (data.type.typeId === Type.Dictionary && data.dictionary) {
      // Dictionary-encoded: number each dictionary entry once, then map the indices.
      const entries = Array.from({ length: data.dictionary.length }, (_, index) => seen.indexOf(scalarOf(data.dictionary!.get(index))));
      const indices = data.values as ArrayLike<number | bigint>;
      for (let i = 0; i < data.length; i++, row++) firstCodes[row] = data.nullCount > 0 && !data.getValid(i) ? -1 : entries[Number(indices[i])];
      continue;
    }
    const typeId = data.type.typeId;
    if (typeId === Type.Bool || ((typeId === Type.Int || typeId === Type.Float) && (data.type as { precision?: number }).precision !== 0)) {
      // Numbers and booleans straight from their buffers (integers as numbers, as the platform reads them).
      const bits = data.values as Uint8Array;
      const numbers = data.values as ArrayLike<number | bigint>;
      for (let i = 0; i < data.length; i++, row++) {
        if (data.nullCount > 0 && !data.getValid(i)) firstCodes[row] = -1;
        else if (typeId === Type.Bool) firstCodes[row] = seen.indexOf(((bits[(data.offset + i) >> 3] >> ((data.offset + i) & 7)) & 1) === 1);
        else firstCodes[row] = seen.indexOf(Number(numbers[i]));
      }
      continue;
    }
    for (let i = 0; i < data.length; i++, row++) {
      const value = data.nullCount > 0 && !data.getValid(i) ? null : scalarOf(vector.get(row));
      firstCodes[row] = value === null ? -1 : seen.indexOf(value);
    }
  }
  // Re-code in ascending order of the values.
  const order = firstValues.map((_, code) => code).sort((a, b) => compareScalars(firstValues[a], firstValues[b]));
  const recode = new Int32Array(order.length);
  order.forEach((code, rank) => (recode[code] = rank));
  const codes = new Int32Array(firstCodes.length);
  for (let i = 0; i < codes.length; i++) codes[i] = firstCodes[i] < 0 ? -1 : recode[firstCodes[i]];
  return { kind: "categorical", codes, values: order.map((code) => firstValues[code]) };
}
