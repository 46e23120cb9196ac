// A quality-standard predicate evaluated over in-memory columns with SQL's three-valued logic,
// so a filter or a saved test case selects exactly the rows the platform's SQL selects.
import { Predicate, Scalar, SlicewiseError } from "../../core";
import { CategoricalColumn, NumericColumn, compareScalars } from "./rowColumns";

/** Gives the column of a dataset field (throws `unknown_field` when there is none). */
export type ColumnLookup = (field: string) => NumericColumn | CategoricalColumn;

/** Three-valued truth per row: 1 true, 0 false, −1 unknown (a comparison with null). */
export type Truth = Int8Array;

/** The rows where the predicate is true (unknown counts as false, as in SQL's WHERE). */
export function predicateMask(predicate: Predicate, column: ColumnLookup, rows: number): Uint8Array {
  const truth = predicateTruth(predicate, column, rows);
  const mask = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) mask[i] = truth[i] === 1 ? 1 : 0;
  return mask;
}

export function predicateTruth(predicate: Predicate, column: ColumnLookup, rows: number): Truth {
  if ("and" in predicate || "or" in predicate) {
    const isAnd = "and" in predicate;
    const parts = isAnd ? predicate.and : predicate.or;
    // AND: false wins, then unknown; OR: true wins, then unknown. An empty AND is true.
    const result = new Int8Array(rows).fill(isAnd ? 1 : 0);
    for (const part of parts) {
      const truth = predicateTruth(part, column, rows);
      for (let i = 0; i < rows; i++) {
        const a = result[i];
        const b = truth[i];
        result[i] = isAnd ? (a === 0 || b === 0 ? 0 : a === -1 || b === -1 ? -1 : 1) : a === 1 || b === 1 ? 1 : a === -1 || b === -1 ? -1 : 0;
      }
    }
    return result;
  }
  if ("not" in predicate) {
    const truth = predicateTruth(predicate.not, column, rows);
    for (let i = 0; i < rows; i++) if (truth[i] !== -1) truth[i] = truth[i] === 1 ? 0 : 1;
    return truth;
  }
  const source = column(predicate.field);
  const test = comparisonOf(predicate);
  const truth = new Int8Array(rows);
  if (source.kind === "categorical") {
    // Each distinct value is tested once; rows look their code up.
    const byCode = Int8Array.from(source.values, (value) => test(value));
    const ofNull = test(null);
    for (let i = 0; i < rows; i++) truth[i] = source.codes[i] < 0 ? ofNull : byCode[source.codes[i]];
  } else {
    const ofNull = test(null);
    for (let i = 0; i < rows; i++) {
      const value = source.values[i];
      truth[i] = Number.isNaN(value) ? ofNull : test(value);
    }
  }
  return truth;
}

type Comparison = Exclude<Predicate, { and: Predicate[] } | { or: Predicate[] } | { not: Predicate }>;

/** One comparison as a function of a value, with SQL's semantics for null. */
function comparisonOf(predicate: Comparison): (value: Scalar) => 1 | 0 | -1 {
  const order = (a: Scalar, b: Scalar): number | null => (a === null || b === null || rank(a) !== rank(b) ? null : compareScalars(a, b));
  const compare = (accept: (difference: number) => boolean) => (value: Scalar) => {
    const difference = order(value, predicate.value as Scalar);
    return difference === null ? -1 : accept(difference) ? 1 : 0;
  };
  switch (predicate.op) {
    case "eq":
      // `eq null` is IS NULL; otherwise `=`, unknown when the value is null.
      if (predicate.value === null) return (value) => (value === null ? 1 : 0);
      return compare((difference) => difference === 0);
    case "ne":
      // `ne` is IS DISTINCT FROM: never unknown.
      return (value) => (value === predicate.value || (value !== null && order(value, predicate.value) === 0) ? 0 : 1);
    case "lt":
      return compare((difference) => difference < 0);
    case "le":
      return compare((difference) => difference <= 0);
    case "gt":
      return compare((difference) => difference > 0);
    case "ge":
      return compare((difference) => difference >= 0);
    case "in": {
      const list = predicate.value;
      const hasNull = list.some((item) => item === null);
      return (value) => {
        if (list.length === 0) return 0;
        if (value === null) return -1;
        if (list.some((item) => order(value, item) === 0)) return 1;
        return hasNull ? -1 : 0;
      };
    }
    case "between": {
      const [low, high] = predicate.value;
      return (value) => {
        const above = order(value, low);
        const below = order(value, high);
        if (above === null || below === null) return -1;
        return above >= 0 && below <= 0 ? 1 : 0;
      };
    }
    default:
      throw new SlicewiseError("invalid_quality_standard", `unknown comparison "${(predicate as { op: string }).op}"`);
  }
}

/** Numbers compare with numbers, strings with strings, booleans with booleans. */
function rank(value: Scalar): number {
  return typeof value === "boolean" ? 0 : typeof value === "number" ? 1 : 2;
}
