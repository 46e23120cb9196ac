// A quality-standard predicate evaluated over in-memory columns, two-valued as the platform's SQL
// (src/platform/sql.ts): every row matches or does not, so a filter or a saved test case selects
// exactly the rows the platform selects. The rule (README, "Test cases and nulls"): a null equals
// only null (eq, ne, in); a null never satisfies an order comparison (lt, le, gt, ge, between);
// `not` is the complement; and/or as usual.
import { Predicate, Scalar, SlicewiseError } from "../../core";
import { CategoricalColumn, NumericColumn, compareScalars } from "./rowColumns";

/** Gives the column of a dataset field (throws `unknown_field` when there is none). */
export type ColumnLookup = (field: string) => NumericColumn | CategoricalColumn;

/** 1 on the rows where the predicate holds, 0 elsewhere. */
export function predicateMask(predicate: Predicate, column: ColumnLookup, rows: number): Uint8Array {
  if ("and" in predicate || "or" in predicate) {
    const isAnd = "and" in predicate;
    const result = new Uint8Array(rows).fill(isAnd ? 1 : 0);
    for (const part of isAnd ? predicate.and : predicate.or) {
      const mask = predicateMask(part, column, rows);
      if (isAnd) for (let i = 0; i < rows; i++) result[i] &= mask[i];
      else for (let i = 0; i < rows; i++) result[i] |= mask[i];
    }
    return result;
  }
  if ("not" in predicate) {
    const mask = predicateMask(predicate.not, column, rows);
    for (let i = 0; i < rows; i++) mask[i] ^= 1;
    return mask;
  }
  return rowsWhere(column(predicate.field), comparisonOf(predicate), rows);
}

/**
 * A rate's outcome `field = value` per row, as the platform's SQL gathers it: 1 equal, 0
 * different, −1 where the field is null (the row is not counted); for a null `value`, 1 where
 * the field is null and 0 elsewhere (`IS NULL`).
 */
export function equalsOutcome(source: NumericColumn | CategoricalColumn, value: Scalar, rows: number): Int8Array {
  const outcome = Int8Array.from(rowsWhere(source, (row) => equals(row, value), rows));
  if (value === null) return outcome;
  if (source.kind === "categorical") for (let i = 0; i < rows; i++) if (source.codes[i] < 0) outcome[i] = -1;
  if (source.kind === "numeric") for (let i = 0; i < rows; i++) if (Number.isNaN(source.values[i])) outcome[i] = -1;
  return outcome;
}

/** The rows whose value passes `test` (null rows are tested as null). */
function rowsWhere(source: NumericColumn | CategoricalColumn, test: (value: Scalar) => boolean, rows: number): Uint8Array {
  const mask = new Uint8Array(rows);
  const ofNull = test(null) ? 1 : 0;
  if (source.kind === "categorical") {
    // Each distinct value is tested once; rows look their code up.
    const byCode = Uint8Array.from(source.values, (value) => (test(value) ? 1 : 0));
    for (let i = 0; i < rows; i++) mask[i] = source.codes[i] < 0 ? ofNull : byCode[source.codes[i]];
  } else {
    for (let i = 0; i < rows; i++) {
      const value = source.values[i];
      mask[i] = Number.isNaN(value) ? ofNull : test(value) ? 1 : 0;
    }
  }
  return mask;
}

type Comparison = Exclude<Predicate, { and: Predicate[] } | { or: Predicate[] } | { not: Predicate }>;

/** One comparison as a test of a value (null included), by the rule above. */
function comparisonOf(predicate: Comparison): (value: Scalar) => boolean {
  const ordered = (accept: (difference: number) => boolean) => (value: Scalar) => {
    const difference = order(value, predicate.value as Scalar);
    return difference !== null && accept(difference);
  };
  switch (predicate.op) {
    case "eq":
      return (value) => equals(value, predicate.value);
    case "ne":
      return (value) => !equals(value, predicate.value);
    case "lt":
      return ordered((difference) => difference < 0);
    case "le":
      return ordered((difference) => difference <= 0);
    case "gt":
      return ordered((difference) => difference > 0);
    case "ge":
      return ordered((difference) => difference >= 0);
    case "in": {
      const list = predicate.value;
      return (value) => list.some((item) => equals(value, item));
    }
    case "between": {
      const [low, high] = predicate.value;
      return (value) => {
        const above = order(value, low);
        const below = order(value, high);
        return above !== null && below !== null && above >= 0 && below <= 0;
      };
    }
    default:
      throw new SlicewiseError("invalid_quality_standard", `unknown comparison "${(predicate as { op: string }).op}"`);
  }
}

/** A null equals only null; other values equal values of their own type that compare equal. */
function equals(a: Scalar, b: Scalar): boolean {
  if (a === null || b === null) return a === b;
  return rank(a) === rank(b) && compareScalars(a, b) === 0;
}

/** The order of two values, or null when either is null or they are of different types. */
function order(a: Scalar, b: Scalar): number | null {
  return a === null || b === null || rank(a) !== rank(b) ? null : compareScalars(a, b);
}

/** Numbers compare with numbers, strings with strings, booleans with booleans. */
function rank(value: Scalar): number {
  return typeof value === "boolean" ? 0 : typeof value === "number" ? 1 : 2;
}
