// The embedded engine: runs the statistics' statements on a DuckDB reader connection (one
// snapshot of the store), the only part of evaluate that talks to DuckDB.
import { DuckDBConnection, JSDuckDBValueConverter } from "@duckdb/node-api";
import { quoteIdentifier } from "../store/database";
import { duckdbDialect } from "./dialect";
import { Columns, Engine } from "./engine";

export function duckdbEngine(connection: DuckDBConnection): Engine {
  return {
    dialect: duckdbDialect,
    readRows: async (sql) => (await connection.runAndReadAll(sql)).getRowObjectsJS(),
    readColumns: (sql, columnsOf) => readColumns(connection, sql, columnsOf),
    readNumbers: (sql, names) => readNumbers(connection, sql, names),
    estimateDistinct: (table, expressions) => estimateDistinct(connection, table, expressions),
  };
}

/**
 * Returns a statement's columns as JS values (as getColumnsJS converts them). In each chunk only
 * the columns `columnsOf` names for the chunk's parts and groupings are converted; every other
 * value is null, as the UNION left it.
 */
async function readColumns(connection: DuckDBConnection, sql: string, columnsOf: (part: number, grouping: number) => string[]): Promise<Columns> {
  const result = await connection.run(sql);
  const names = result.columnNames();
  const chunks = await result.fetchAllChunks();
  const rowCount = chunks.reduce((sum, chunk) => sum + chunk.rowCount, 0);
  const columns = names.map(() => new Array<unknown>(rowCount).fill(null));
  const partIndex = names.indexOf("part");
  const setIndex = names.indexOf("grouping");
  let offset = 0;
  for (const chunk of chunks) {
    const parts = chunk.convertColumnValues(partIndex, JSDuckDBValueConverter);
    const sets = setIndex < 0 ? [] : chunk.convertColumnValues(setIndex, JSDuckDBValueConverter);
    const needed = new Set<number>([partIndex, setIndex]);
    const seen = new Set<string>();
    parts.forEach((part, row) => {
      const key = `${part}:${sets[row] ?? 0}`;
      if (seen.has(key)) return;
      seen.add(key);
      for (const name of columnsOf(Number(part), Number(sets[row] ?? 0))) needed.add(names.indexOf(name));
    });
    for (const index of needed) {
      if (index < 0) continue;
      const values = index === partIndex ? parts : index === setIndex ? sets : chunk.convertColumnValues(index, JSDuckDBValueConverter);
      const target = columns[index];
      for (let row = 0; row < values.length; row++) target[offset + row] = values[row];
    }
    offset += chunk.rowCount;
  }
  return (name) => columns[names.indexOf(name)] ?? new Array<unknown>(rowCount).fill(null);
}

/**
 * Streams a statement's answer and copies the named columns' numbers out of each chunk as it
 * comes, into blocks; then end to end into arrays in shared memory (worker threads read those
 * without a copy), so that the numbers are held at most twice.
 */
async function readNumbers(connection: DuckDBConnection, sql: string, names: string[]): Promise<Float64Array[]> {
  const result = await connection.stream(sql);
  const columnNames = result.columnNames();
  const indices = names.map((name) => {
    const index = columnNames.indexOf(name);
    if (index < 0) throw new Error(`readNumbers: the statement has no column ${name}`);
    return index;
  });
  const blockSize = 1 << 18;
  const blocks: Float64Array[][] = names.map(() => []);
  let rows = 0;
  for (let chunk = await result.fetchChunk(); chunk !== null && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    const count = chunk.rowCount;
    indices.forEach((index, c) => {
      const vector = chunk.getColumnVector(index);
      for (let row = 0; row < count; row++) {
        const at = rows + row;
        if (at % blockSize === 0) blocks[c].push(new Float64Array(blockSize));
        const value = vector.getItem(row);
        blocks[c][Math.floor(at / blockSize)][at % blockSize] = value === null ? NaN : Number(value);
      }
    });
    rows += count;
  }
  const columns: Float64Array[] = [];
  for (const columnBlocks of blocks) {
    const column = new Float64Array(new SharedArrayBuffer(rows * Float64Array.BYTES_PER_ELEMENT));
    columnBlocks.forEach((block, b) => column.set(block.subarray(0, Math.min(blockSize, rows - b * blockSize)), b * blockSize));
    columnBlocks.length = 0;
    columns.push(column);
    // A column of millions of rows copied: the event loop gets a turn before the next.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return columns;
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
