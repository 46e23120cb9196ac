// The statistics statement's answer read row by row: a column's values from the engine's typed
// numbers where it read the column so (Columns.numbers), else from its JS values — so that
// decoding makes no array of JS values for a column of numbers.
import { Columns } from "../engines/engine";

/** The column's value at a row (null: none). */
export function valueAt(columns: Columns, name: string): (row: number) => unknown {
  const numbers = columns.numbers?.(name);
  if (numbers) {
    const { values, valid } = numbers;
    return (row) => (valid[row] === 1 ? values[row] : null);
  }
  const array = columns(name);
  return (row) => array[row];
}

/** How many rows the answer has. */
export function rowCount(columns: Columns): number {
  return columns.numbers?.("part")?.values.length ?? columns("part").length;
}

/**
 * The rows of each part 0 … parts − 1, in order: one pass over the part column, in a function of
 * its own (small functions are optimized soon; decodeStatistics took 80 ms to compile).
 */
export function rowsByPart(columns: Columns, parts: number): Int32Array[] {
  const partOf = valueAt(columns, "part");
  const rows = rowCount(columns);
  const partOfRow = new Int32Array(rows);
  const sizes = new Int32Array(parts);
  for (let row = 0; row < rows; row++) {
    const part = Number(partOf(row));
    partOfRow[row] = part;
    if (part >= 0 && part < parts) sizes[part] += 1;
  }
  const rowsOf = Array.from(sizes, (size) => new Int32Array(size));
  const filled = new Int32Array(parts);
  for (let row = 0; row < rows; row++) {
    const part = partOfRow[row];
    if (part >= 0 && part < parts) rowsOf[part][filled[part]++] = row;
  }
  return rowsOf;
}
