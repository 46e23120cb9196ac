// One field cut into levels: categories (the top N, then "other"), or numeric bins of equal
// width or equal height. Each level knows its rows, its name and the predicate that saves it.
import { Predicate, Scalar, bucketName } from "../../core";
import { CategoricalColumn, NumericColumn } from "./rowColumns";

export type BinMethod = "values" | "equal-width" | "quantile";

export interface AxisSettings {
  field: string;
  /** Numeric fields: "equal-width" or "quantile" bins, or "values" (one level per distinct value). Default: "values" for up to 12 distinct values, else "equal-width". */
  method?: BinMethod;
  /** Number of bins for numeric methods (default 5). */
  bins?: number;
  /** Categories shown one by one; the rest go to one "other" level (default 12). */
  top?: number;
}

export interface SliceLevel {
  /** The level's name as a test case of a stratification of this field alone: "even", "[270, 300)", "(missing)". */
  name: string;
  /** The level as a phrase that names it among other fields: "parity = even", "ink in [270, 300)". */
  phrase: string;
  predicate: Predicate;
}

export interface SliceAxis {
  field: string;
  method: BinMethod;
  levels: SliceLevel[];
  /** Row i's level. */
  codes: Int32Array;
  /** Numeric bins: the edges e1 < … < ek (levels are (−∞,e1) … [ek,∞), then "(missing)" when present). */
  edges?: number[];
  /** Categories: true when some values were put into the "other" level. */
  hasOther?: boolean;
}

export const missingLevelName = "(missing)";
export const otherLevelName = "(other)";
export const defaultBins = 5;
export const defaultTop = 12;
const categoricalUpTo = 12;

/** Edges as they are named and saved: six significant digits, like bucketName. */
export const roundEdge = (x: number) => Number(x.toPrecision(6));

/**
 * Cuts a column into levels. `into`, when given (an axis's codes no longer needed, of the same
 * length), receives the row codes instead of a new array: a slider moving over a million rows
 * then leaves no 4 MB array behind on each move.
 */
export function buildAxis(column: NumericColumn | CategoricalColumn, settings: AxisSettings, into?: Int32Array): SliceAxis {
  const rows = column.kind === "categorical" ? column.codes.length : column.values.length;
  const codes = into && into.length === rows ? into : new Int32Array(rows);
  if (column.kind === "categorical") return categoricalAxis(settings.field, column.codes, column.values, settings.top ?? defaultTop, codes);
  const method = settings.method ?? defaultMethod(column.values);
  if (method === "values") {
    const categories = categoriesOfNumbers(column.values);
    return categoricalAxis(settings.field, categories.codes, categories.values, settings.top ?? defaultTop, codes);
  }
  const bins = Math.max(1, Math.min(100, Math.round(settings.bins ?? defaultBins)));
  const edges = method === "quantile" ? quantileEdges(column.values, bins) : equalWidthEdges(column.values, bins);
  return numericAxis(settings.field, column.values, edges, method, codes);
}

/** A numeric field's levels unless asked otherwise: its values when they are few (up to 12), else `binned` bins. */
export function defaultMethod(values: Float64Array, binned: "equal-width" | "quantile" = "equal-width"): BinMethod {
  return distinctUpTo(values, categoricalUpTo) ? "values" : binned;
}

/** True when the values take at most `limit` distinct non-null values. */
function distinctUpTo(values: Float64Array, limit: number): boolean {
  const seen = new Set<number>();
  for (let i = 0; i < values.length; i++) {
    if (values[i] !== values[i]) continue;
    seen.add(values[i]);
    if (seen.size > limit) return false;
  }
  return true;
}

function categoriesOfNumbers(values: Float64Array): { codes: Int32Array; values: Scalar[] } {
  const distinct = [...new Set(Array.from(values).filter((value) => value === value))].sort((a, b) => a - b);
  const codeOf = new Map(distinct.map((value, code) => [value, code]));
  return { codes: Int32Array.from(values, (value) => (value === value ? codeOf.get(value)! : -1)), values: distinct };
}

/** B bins of equal width between the smallest and largest value: B − 1 inner edges. */
export function equalWidthEdges(values: Float64Array, bins: number): number[] {
  const [low, high] = rangeOf(values);
  if (!(high > low)) return [];
  const width = (high - low) / bins;
  return increasing(Array.from({ length: bins - 1 }, (_, i) => roundEdge(low + (i + 1) * width)));
}

/** Edges at the (continuous) quantiles 1/B … (B−1)/B, as DuckDB's quantile_cont; ties merged. */
export function quantileEdges(values: Float64Array, bins: number): number[] {
  const sorted = sortedOf(values);
  if (sorted.length === 0) return [];
  const at = (p: number) => {
    const position = (sorted.length - 1) * p;
    const below = Math.floor(position);
    const above = Math.min(sorted.length - 1, below + 1);
    return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
  };
  return increasing(Array.from({ length: bins - 1 }, (_, i) => roundEdge(at((i + 1) / bins))));
}

// A column's range and sorted values, worked out once per column (a slider asks for new edges
// on every move). Keyed by the values array, which a column never changes.
const ranges = new WeakMap<Float64Array, [number, number]>();
const sortings = new WeakMap<Float64Array, Float64Array>();

function rangeOf(values: Float64Array): [number, number] {
  let range = ranges.get(values);
  if (!range) {
    let low = Infinity;
    let high = -Infinity;
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      if (value < low) low = value;
      if (value > high) high = value;
    }
    ranges.set(values, (range = [low, high]));
  }
  return range;
}

function sortedOf(values: Float64Array): Float64Array {
  let sorted = sortings.get(values);
  if (!sorted) sortings.set(values, (sorted = values.filter((value) => value === value).sort()));
  return sorted;
}

function increasing(edges: number[]): number[] {
  return edges.filter((edge, index) => index === 0 || edge > edges[index - 1]);
}

function numericAxis(field: string, values: Float64Array, edges: number[], method: BinMethod, codes: Int32Array): SliceAxis {
  const levels: SliceLevel[] = [];
  const bounds = [null, ...edges];
  bounds.forEach((low, index) => {
    const high = index < edges.length ? edges[index] : null;
    const name = bucketName(low, high);
    const parts: Predicate[] = [];
    if (low !== null) parts.push({ field, op: "ge", value: low });
    if (high !== null) parts.push({ field, op: "lt", value: high });
    const predicate: Predicate = parts.length === 0 ? { field, op: "ne", value: null } : parts.length === 1 ? parts[0] : { and: parts };
    levels.push({ name, phrase: `${field} in ${name}`, predicate });
  });
  const k = edges.length;
  const sortedEdges = Float64Array.from(edges);
  /** The bin of a value: the number of edges ≤ it. */
  const binOf = (value: number) => {
    let below = 0;
    let above = k;
    while (below < above) {
      const middle = (below + above) >> 1;
      if (value >= sortedEdges[middle]) below = middle + 1;
      else above = middle;
    }
    return below;
  };
  const fine = fineBinsOf(values);
  let missing: boolean;
  if (fine) missing = binByFineBins(values, fine, sortedEdges, binOf, codes);
  else {
    missing = false;
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      if (value !== value) {
        codes[i] = k + 1;
        missing = true;
      } else codes[i] = binOf(value);
    }
  }
  if (missing) levels.push(missingLevel(field));
  return { field, method, levels, codes, edges };
}

/**
 * A column's values placed once into 4,096 equal fine bins between its smallest and largest value
 * (null: the last code). Any later binning looks each row's fine bin up in a table, and compares
 * the value itself only in the few fine bins that an edge passes near — a slider move then reads
 * 2 bytes a row instead of 8 and does no arithmetic on most of them.
 */
interface FineBins {
  codes: Uint16Array;
  low: number;
  /** Width of one fine bin. */
  width: number;
  missing: boolean;
}

const fineCount = 4096;
const fineMissing = 65535;
const fineBinnings = new WeakMap<Float64Array, FineBins | null>();

function fineBinsOf(values: Float64Array): FineBins | null {
  if (fineBinnings.has(values)) return fineBinnings.get(values)!;
  const [low, high] = rangeOf(values);
  let fine: FineBins | null = null;
  if (high > low && Number.isFinite(high - low)) {
    const width = (high - low) / fineCount;
    const codes = new Uint16Array(values.length);
    let missing = false;
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      if (value !== value) {
        codes[i] = fineMissing;
        missing = true;
        continue;
      }
      const bin = Math.floor((value - low) / width);
      codes[i] = bin < 0 ? 0 : bin >= fineCount ? fineCount - 1 : bin;
    }
    fine = { codes, low, width, missing };
  }
  fineBinnings.set(values, fine);
  return fine;
}

/**
 * Bins every row through its fine bin. A fine bin is "pure" when no edge lies within it or
 * within one fine bin of it on either side; then all its rows (even one rounded into the
 * neighbouring fine bin) share the bin of its middle. Rows of other fine bins are compared exactly.
 */
function binByFineBins(values: Float64Array, fine: FineBins, edges: Float64Array, binOf: (value: number) => number, codes: Int32Array): boolean {
  const table = new Int32Array(fineMissing + 1).fill(-1);
  let edge = 0;
  for (let bin = 0; bin < fineCount; bin++) {
    const from = fine.low + (bin - 1) * fine.width;
    const to = fine.low + (bin + 2) * fine.width;
    while (edge < edges.length && edges[edge] < from) edge++;
    const pure = edge >= edges.length || edges[edge] > to;
    table[bin] = pure ? binOf(fine.low + (bin + 0.5) * fine.width) : -1;
  }
  table[fineMissing] = edges.length + 1;
  const fineCodes = fine.codes;
  for (let i = 0; i < fineCodes.length; i++) {
    const bin = table[fineCodes[i]];
    codes[i] = bin >= 0 ? bin : binOf(values[i]);
  }
  return fine.missing;
}

function categoricalAxis(field: string, rowCodes: Int32Array, values: Scalar[], top: number, codes: Int32Array): SliceAxis {
  const counts = new Float64Array(values.length);
  let missing = false;
  for (let i = 0; i < rowCodes.length; i++) {
    if (rowCodes[i] < 0) missing = true;
    else counts[rowCodes[i]]++;
  }
  const present = values.map((_, code) => code).filter((code) => counts[code] > 0);
  // The most frequent categories (ties: in value order), shown in value order.
  const kept =
    present.length <= top
      ? present
      : [...present]
          .sort((a, b) => counts[b] - counts[a] || a - b)
          .slice(0, top)
          .sort((a, b) => a - b);
  const levelOf = new Int32Array(values.length).fill(-1);
  const levels: SliceLevel[] = kept.map((code, level) => {
    levelOf[code] = level;
    const value = values[code];
    return { name: String(value), phrase: `${field} = ${String(value)}`, predicate: { field, op: "eq", value } };
  });
  const hasOther = kept.length < present.length;
  const other = levels.length;
  // Null is in the list: `not in` matches nulls, and they have a level of their own.
  if (hasOther)
    levels.push({
      name: otherLevelName,
      phrase: `${field} is another value`,
      predicate: { not: { field, op: "in", value: [...kept.map((code) => values[code]), null] } },
    });
  const missingCode = levels.length;
  if (missing) levels.push(missingLevel(field));
  for (let i = 0; i < rowCodes.length; i++) {
    const code = rowCodes[i];
    codes[i] = code < 0 ? missingCode : levelOf[code] >= 0 ? levelOf[code] : other;
  }
  return { field, method: "values", levels, codes, hasOther };
}

function missingLevel(field: string): SliceLevel {
  return { name: missingLevelName, phrase: `${field} is missing`, predicate: { field, op: "eq", value: null } };
}
