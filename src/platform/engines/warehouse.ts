// The warehouse: where an engine other than the embedded one reads the datapoints — one directory
// of Parquet per stored table (a commit of a dataset or of a model's results), written by DuckDB's
// Parquet writer and read by Spark as a temporary view of the same name.
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { DuckDBConnection } from "@duckdb/node-api";
import { quoteIdentifier, quoteLiteral } from "../store/database";

/** A table's directory under the warehouse. */
export function tableDirectory(warehouse: string, table: string): string {
  return join(warehouse, table);
}

/**
 * Writes a table to its directory, whole or not at all: into a directory of its own first, renamed
 * into place once the file is complete (a rename within one file system is atomic), so a reader
 * never sees part of a table and an interrupted write leaves only a `.partial-` directory behind.
 */
export async function writeTableParquet(connection: DuckDBConnection, table: string, warehouse: string): Promise<string> {
  const directory = tableDirectory(warehouse, table);
  // A stored table never changes: one already written is the same table.
  if (existsSync(directory)) return directory;
  const partial = `${directory}.partial-${randomUUID()}`;
  mkdirSync(partial, { recursive: true });
  try {
    await connection.run(`COPY ${quoteIdentifier(table)} TO ${quoteLiteral(join(partial, "part.parquet"))} (FORMAT parquet)`);
    renameSync(partial, directory);
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    // Another reader wrote the same table first: theirs is as good.
    if (existsSync(directory)) return directory;
    throw error;
  }
  return directory;
}

/** What the warehouse writes: a table's directory, or one being written (warehouse entries of any other name are not ours). */
const warehouseEntry = /^(t_\d+)(\.partial-[0-9a-f-]+)?$/;

/**
 * Removes what no commit in the catalog names: directories a killed upload was writing (and one it
 * renamed into place before its commit, whose table name the store may give out again), and
 * tables deleted since. Run when the server starts, holding the store's lock: no write is under way.
 */
export function pruneWarehouse(warehouse: string, storedTables: ReadonlySet<string>): string[] {
  if (!existsSync(warehouse)) return [];
  const removed: string[] = [];
  for (const name of readdirSync(warehouse)) {
    const match = warehouseEntry.exec(name);
    if (!match || (!match[2] && storedTables.has(match[1]))) continue;
    rmSync(join(warehouse, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

/** Removes a table's directory (its upload failed or it was replaced). */
export function removeTableParquet(warehouse: string, table: string): void {
  rmSync(tableDirectory(warehouse, table), { recursive: true, force: true });
}

/** The Spark command that makes a table's Parquet readable under the table's own name, for the session. */
export function sparkViewSql(table: string, warehouse: string): string {
  return `CREATE OR REPLACE TEMPORARY VIEW ${quoteIdentifier(table)} USING parquet OPTIONS (path ${quoteLiteral(tableDirectory(warehouse, table))})`;
}
