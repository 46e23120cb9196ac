// The embedded engine: runs the statistics' statements on a DuckDB reader connection (one
// snapshot of the store), the only part of evaluate that talks to DuckDB.
import { DuckDBConnection, DuckDBDataChunk, DuckDBListVector } from "@duckdb/node-api";
import { quoteIdentifier } from "../store/database";
import { duckdbDialect } from "./dialect";
import { readChunkColumn, readChunkNumbers, readsNumbers } from "./duckdbVectors";
import { Columns, Engine, NumberColumn, NumberLists } from "./engine";

export function duckdbEngine(connection: DuckDBConnection): Engine {
  return {
    dialect: duckdbDialect,
    readRows: async (sql) => (await connection.runAndReadAll(sql)).getRowObjectsJS(),
    readColumns: (sql, columnsOf) => readColumns(connection, sql, columnsOf),
    readNumberLists: (sql, row, rows, names) => readNumberLists(connection, sql, row, rows, names),
    estimateDistinct: (table, expressions) => estimateDistinct(connection, table, expressions),
  };
}

/**
 * Returns a statement's columns: numbers straight into typed arrays (readChunkNumbers; as JS
 * values too, made when first asked for), other columns as JS values (readChunkColumn's: as
 * getColumnsJS converts them, but 64-bit integers as Numbers). In each chunk only the columns
 * `columnsOf` names for the chunk's parts and groupings are read; every other value is null, as
 * the UNION left it.
 */
async function readColumns(connection: DuckDBConnection, sql: string, columnsOf: (part: number, grouping: number) => string[]): Promise<Columns> {
  const result = await connection.run(sql);
  const names = result.columnNames();
  const types = result.columnTypes();
  const chunks = await result.fetchAllChunks();
  const rowCount = chunks.reduce((sum, chunk) => sum + chunk.rowCount, 0);
  const numeric = types.map(readsNumbers);
  // Columns no chunk needs stay unread: all without a value.
  const numberColumns: (NumberColumn | undefined)[] = [];
  const valueColumns: (unknown[] | undefined)[] = [];
  const numbers = (index: number) => (numberColumns[index] ??= { values: new Float64Array(rowCount), valid: new Uint8Array(rowCount) });
  const values = (index: number) => (valueColumns[index] ??= new Array<unknown>(rowCount).fill(null));
  const read = (chunk: DuckDBDataChunk, index: number, at: number) =>
    numeric[index] ? readChunkNumbers(chunk, index, types[index], numbers(index), at) : readChunkColumn(chunk, index, types[index], values(index), at);
  const partIndex = names.indexOf("part");
  const setIndex = names.indexOf("grouping");
  if (!numeric[partIndex] || (setIndex >= 0 && !numeric[setIndex])) throw new Error("readColumns: the statement's part and grouping must be numbers");
  let offset = 0;
  for (const chunk of chunks) {
    const end = offset + chunk.rowCount; // a getter that asks DuckDB: read once
    read(chunk, partIndex, offset);
    if (setIndex >= 0) read(chunk, setIndex, offset);
    const pairs = partsAndGroupings(numbers(partIndex).values, setIndex < 0 ? undefined : numbers(setIndex).values, offset, end);
    const needed = new Set(pairs.flatMap(([part, grouping]) => columnsOf(part, grouping)).map((name) => names.indexOf(name)));
    for (const index of needed) if (index >= 0 && index !== partIndex && index !== setIndex) read(chunk, index, offset);
    offset = end;
  }
  let absent: unknown[] | undefined;
  const column = (name: string): unknown[] => {
    const index = names.indexOf(name);
    if (index < 0) return (absent ??= new Array<unknown>(rowCount).fill(null));
    if (!numeric[index]) return values(index);
    // Asked for as JS values: made once from the numbers.
    if (!valueColumns[index]) {
      const { values: read, valid } = numbers(index);
      valueColumns[index] = Array.from(read, (value, row) => (valid[row] ? value : null));
    }
    return valueColumns[index];
  };
  return Object.assign(column, {
    numbers: (name: string) => {
      const index = names.indexOf(name);
      return numeric[index] ? numbers(index) : undefined;
    },
  });
}

/** The (part, grouping) pairs among rows from … end − 1 (grouping 0 where the statement has none), in a small function of its own, as it is a loop over every row. */
function partsAndGroupings(parts: Float64Array, sets: Float64Array | undefined, from: number, end: number): [number, number][] {
  const pairs: [number, number][] = [];
  for (let row = from; row < end; row++) {
    const part = parts[row];
    const grouping = sets ? sets[row] : 0;
    // Rows come in runs of one part and grouping: only a run's first row is looked at.
    if (row > from && part === parts[row - 1] && grouping === (sets ? sets[row - 1] : 0)) continue;
    if (!hasPair(pairs, part, grouping)) pairs.push([part, grouping]);
  }
  return pairs;
}

/** Whether `pairs` holds (part, grouping): a loop, not a closure, in the loop over rows (a closure there captured each row's values in a context of its own). */
function hasPair(pairs: [number, number][], part: number, grouping: number): boolean {
  for (let i = 0; i < pairs.length; i++) if (pairs[i][0] === part && pairs[i][1] === grouping) return true;
  return false;
}

/**
 * Streams a statement's answer of one row per number 0 … rows − 1 (column `row`, each at most
 * once, in any order; a null list read as empty) and copies its list columns' numbers out of each
 * chunk as it comes; then puts each row's elements in place, rows in order, into arrays in shared
 * memory (worker threads read those without a copy), so that the numbers are held at most twice.
 */
async function readNumberLists(connection: DuckDBConnection, sql: string, row: string, rows: number, names: string[]): Promise<NumberLists> {
  // A null list as an empty one: a chunk's entry for a null list holds no meaningful length.
  const emptyForNull = names.map((name) => `coalesce(${quoteIdentifier(name)}, []) AS ${quoteIdentifier(name)}`);
  const result = await connection.stream(`SELECT ${quoteIdentifier(row)}, ${emptyForNull.join(", ")} FROM (${sql})`);
  const columnNames = result.columnNames();
  const [rowIndex, ...indices] = [row, ...names].map((name) => {
    const index = columnNames.indexOf(name);
    if (index < 0) throw new Error(`readNumberLists: the statement has no column ${name}`);
    return index;
  });
  // Where each row's elements are in the chunks' copies: chunk, offset within it, length.
  const chunkOf = new Int32Array(rows).fill(-1);
  const offsetOf = new Int32Array(rows);
  const start = new Int32Array(rows + 1);
  const copies: Float64Array[][] = [];
  for (let chunk = await result.fetchChunk(); chunk !== null && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    const rowVector = chunk.getColumnVector(rowIndex);
    const lists = indices.map((index) => chunk.getColumnVector(index) as DuckDBListVector);
    const count = chunk.rowCount;
    let elements = 0;
    for (let r = 0; r < count; r++) {
      const at = Number(rowVector.getItem(r));
      if (!(at >= 0 && at < rows) || chunkOf[at] >= 0) throw new Error(`readNumberLists: row ${at} is not one of 0 … ${rows - 1} once`);
      const length = lists[0].getEntryLength(r);
      if (lists.some((list) => list.getEntryLength(r) !== length)) throw new Error(`readNumberLists: row ${at}'s lists differ in length`);
      chunkOf[at] = copies.length;
      offsetOf[at] = elements;
      start[at + 1] = length;
      elements += length;
    }
    copies.push(
      lists.map((list) => {
        const copy = new Float64Array(elements);
        const child = list.childVector;
        let to = 0;
        for (let r = 0; r < count; r++) {
          const from = list.getEntryOffset(r);
          const end = from + list.getEntryLength(r);
          for (let e = from; e < end; e++) {
            const value = child.getItem(e);
            copy[to++] = value === null ? NaN : Number(value);
          }
        }
        return copy;
      }),
    );
  }
  for (let r = 0; r < rows; r++) start[r + 1] += start[r];
  const columns: Float64Array[] = [];
  for (let c = 0; c < names.length; c++) {
    const column = new Float64Array(new SharedArrayBuffer(start[rows] * Float64Array.BYTES_PER_ELEMENT));
    for (let r = 0; r < rows; r++) {
      if (chunkOf[r] < 0) continue;
      column.set(copies[chunkOf[r]][c].subarray(offsetOf[r], offsetOf[r] + start[r + 1] - start[r]), start[r]);
    }
    for (const copy of copies) copy[c] = new Float64Array(0);
    columns.push(column);
    // A column of millions of numbers copied: the event loop gets a turn before the next.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { start, columns };
}

/**
 * Counted from the column statistics DuckDB keeps for the table (`stats()`, read without a
 * scan), or by approx_count_distinct over it when those do not say.
 */
async function estimateDistinct(connection: DuckDBConnection, table: string, expressions: string[]): Promise<number[]> {
  const counts = expressions.map(() => NaN);
  if (expressions.length === 0) return counts;
  const from = `FROM ${quoteIdentifier(table)} d`;
  const stats =
    (await connection.runAndReadAll(`SELECT ${expressions.map((sql, j) => `stats(${sql}) AS k${j}`).join(", ")} ${from} LIMIT 1`)).getRowObjectsJS()[0] ?? {};
  const uncounted = expressions.flatMap((sql, j) => {
    const match = /Approx Unique: (\d+)/.exec(String(stats[`k${j}`] ?? ""));
    if (match) counts[j] = Number(match[1]);
    return match ? [] : [{ j, sql }];
  });
  if (uncounted.length) {
    const distinct = await connection.runAndReadAll(`SELECT ${uncounted.map((key) => `approx_count_distinct(${key.sql}) AS k${key.j}`).join(", ")} ${from}`);
    const row = distinct.getRowObjectsJS()[0];
    for (const key of uncounted) counts[key.j] = Number(row[`k${key.j}`]);
  }
  return counts;
}
