// The statistics statement's answer read a row or many rows at a time: a column's values from the
// engine's typed numbers where it read the column so (Columns.numbers), else from its JS values —
// so that decoding makes no array of JS values for a column of numbers.
import { FirstSeenIndex } from "../../metrics";
import { Columns } from "../engines/engine";
import { normalize } from "./normalizeValue";

/**
 * Reads a column's value at a row (null: none), or many rows' at once. The loops over rows are the
 * readers' own: a number that `at` returns through a call site that sees both classes is a new
 * heap object, where a reader's own loop reads its typed array as it is (2.3 MB of an evaluation's
 * 13 MB of garbage, at 100k datapoints).
 */
export interface ColumnReader {
  at(row: number): unknown;
  /** Writes Number(value) (0 for none) of each of `rows` into `into`. */
  numbersAt(rows: Int32Array, into: Float64Array | Int32Array): void;
  /** Writes the index in `seen` of each of `rows`' value (normalized; none: null) into `codes`. */
  indicesAt(rows: Int32Array, seen: FirstSeenIndex, codes: Int32Array): void;
}

/**
 * Objects of two classes rather than closures: optimized code that calls a closure expects that
 * very closure, and every evaluation made new ones (a deoptimization each, in the first evaluations).
 */
class NumberReader implements ColumnReader {
  constructor(
    private readonly values: Float64Array,
    private readonly valid: Uint8Array,
  ) {}

  at(row: number): unknown {
    return this.valid[row] === 1 ? this.values[row] : null;
  }

  numbersAt(rows: Int32Array, into: Float64Array | Int32Array): void {
    const { values, valid } = this;
    for (let i = 0; i < rows.length; i++) into[i] = valid[rows[i]] === 1 ? values[rows[i]] : 0;
  }

  indicesAt(rows: Int32Array, seen: FirstSeenIndex, codes: Int32Array): void {
    const { values, valid } = this;
    for (let i = 0; i < rows.length; i++) codes[i] = valid[rows[i]] === 1 ? seen.indexOf(values[rows[i]]) : seen.indexOf(null);
  }
}

class ValueReader implements ColumnReader {
  constructor(private readonly values: readonly unknown[]) {}

  at(row: number): unknown {
    return this.values[row] ?? null;
  }

  numbersAt(rows: Int32Array, into: Float64Array | Int32Array): void {
    for (let i = 0; i < rows.length; i++) into[i] = Number(this.values[rows[i]] ?? null);
  }

  indicesAt(rows: Int32Array, seen: FirstSeenIndex, codes: Int32Array): void {
    for (let i = 0; i < rows.length; i++) codes[i] = seen.indexOf(normalize(this.values[rows[i]] ?? null));
  }
}

/** A column no row has a value in. */
export const noValues: ColumnReader = new ValueReader([]);

export function readerOf(columns: Columns, name: string): ColumnReader {
  const numbers = columns.numbers?.(name);
  return numbers ? new NumberReader(numbers.values, numbers.valid) : new ValueReader(columns(name));
}

/** How many rows the answer has. */
function rowCount(columns: Columns): number {
  return columns.numbers?.("part")?.values.length ?? columns("part").length;
}

/**
 * The rows of each part 0 … parts − 1, in order: one pass over the part column, in a function of
 * its own (small functions are optimized soon; decodeStatistics took 80 ms to compile).
 */
export function rowsByPart(columns: Columns, parts: number): Int32Array[] {
  const every = rowNumbers(rowCount(columns));
  const partOfRow = new Int32Array(every.length);
  readerOf(columns, "part").numbersAt(every, partOfRow);
  const sizes = new Int32Array(parts);
  countParts(partOfRow, sizes);
  const rowsOf = Array.from(sizes, (size) => new Int32Array(size));
  placeRows(partOfRow, rowsOf);
  return rowsOf;
}

/** 0, 1, … rows − 1. */
function rowNumbers(rows: number): Int32Array {
  const numbers = new Int32Array(rows);
  for (let row = 0; row < rows; row++) numbers[row] = row;
  return numbers;
}

/** sizes[p]: how many rows are of part p (parts out of range are not counted). Each loop in a function of its own, as renumber's in decodeCells.ts. */
function countParts(partOfRow: Int32Array, sizes: Int32Array): void {
  for (let row = 0; row < partOfRow.length; row++) {
    const part = partOfRow[row];
    if (part >= 0 && part < sizes.length) sizes[part] += 1;
  }
}

/** Writes each row's number into its part's list, in order. */
function placeRows(partOfRow: Int32Array, rowsOf: Int32Array[]): void {
  const filled = new Int32Array(rowsOf.length);
  for (let row = 0; row < partOfRow.length; row++) {
    const part = partOfRow[row];
    if (part >= 0 && part < rowsOf.length) rowsOf[part][filled[part]++] = row;
  }
}
