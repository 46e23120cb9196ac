// The ids of test cases made of chosen samples, kept out of the standard's JSON: each set is a
// table t_<n> (position, then the dataset's id fields, typed as the dataset's), and
// sw_test_case_ids says which set each version's test case holds. A set given again (the same ids
// in the same order, of the same types) reuses its table, so a standard saved again costs no copy.
import { createHash } from "node:crypto";
import { DuckDBConnection } from "@duckdb/node-api";
import type { IdValue } from "../../core";
import { ColumnInfo, newTableName } from "./catalog";
import { quoteIdentifier } from "./database";

export interface StoredIdSet {
  tableName: string;
  idCount: number;
  /** sha256 of the ids (as JSON) and their columns' types: the same set, the same table. */
  digest: string;
}

function digestOf(ids: readonly IdValue[], idColumns: readonly ColumnInfo[]): string {
  return createHash("sha256")
    .update(JSON.stringify(idColumns.map((column) => [column.name, column.type])))
    .update(JSON.stringify(ids))
    .digest("hex");
}

/**
 * Stores a set of ids (checked already against the id fields' types) and answers where it is; an
 * equal set of the dataset is reused. `idColumns` are the dataset's id fields, in order.
 */
export async function storeIdSet(
  connection: DuckDBConnection,
  dataset: string,
  idColumns: readonly ColumnInfo[],
  ids: readonly IdValue[],
): Promise<StoredIdSet> {
  const digest = digestOf(ids, idColumns);
  const reader = await connection.runAndReadAll("SELECT table_name FROM sw_test_case_ids WHERE dataset = ? AND digest = ? LIMIT 1", [dataset, digest]);
  const existing = reader.getRowObjectsJS()[0]?.table_name as string | undefined;
  if (existing) return { tableName: existing, idCount: ids.length, digest };
  const tableName = await newTableName(connection);
  // One JSON list parameter, unnested and cast in DuckDB: 100,000 ids in one statement, no row objects.
  const rows = JSON.stringify(ids.map((id) => (Array.isArray(id) ? id : [id])));
  const columns = idColumns.map((column, index) => `CAST(id ->> ${index} AS ${column.type}) AS ${quoteIdentifier(column.name)}`).join(", ");
  await connection.run(
    `CREATE TABLE ${quoteIdentifier(tableName)} AS
       SELECT position::INTEGER AS position, ${columns}
         FROM (SELECT unnest(list) AS id, generate_subscripts(list, 1) AS position FROM (SELECT CAST(? AS JSON[]) AS list))
        ORDER BY position`,
    [rows],
  );
  return { tableName, idCount: ids.length, digest };
}

/** Records that `version`'s test case `testCase` holds the set. */
export async function recordIdSet(connection: DuckDBConnection, dataset: string, version: number, testCase: string, set: StoredIdSet): Promise<void> {
  await connection.run("INSERT INTO sw_test_case_ids VALUES (?, ?, ?, ?, ?, ?)", [dataset, version, testCase, set.tableName, set.idCount, set.digest]);
}

/** The sets of a version's test cases, by test case name. */
export async function idSetsOf(connection: DuckDBConnection, dataset: string, version: number): Promise<Map<string, StoredIdSet>> {
  const reader = await connection.runAndReadAll("SELECT test_case, table_name, id_count, digest FROM sw_test_case_ids WHERE dataset = ? AND version = ?", [
    dataset,
    version,
  ]);
  return new Map(
    reader
      .getRowObjectsJS()
      .map((row) => [row.test_case as string, { tableName: row.table_name as string, idCount: Number(row.id_count), digest: row.digest as string }]),
  );
}

/** A set's ids in the order given, as JSON values: one value per id (one id field) or a list. */
export async function readIdSet(connection: DuckDBConnection, set: StoredIdSet, idFields: readonly string[]): Promise<IdValue[]> {
  const reader = await connection.runAndReadAll(
    `SELECT ${idFields.map((field) => quoteIdentifier(field)).join(", ")} FROM ${quoteIdentifier(set.tableName)} ORDER BY position`,
  );
  const columns = reader.getColumnsJS().map((column) => column.map(jsonValue));
  const ids: IdValue[] = new Array(reader.currentRowCount);
  for (let row = 0; row < ids.length; row++) ids[row] = columns.length === 1 ? columns[0][row] : columns.map((column) => column[row]);
  return ids;
}

/** A DuckDB value as JSON holds it: a 64-bit integer as a number when exact, else as its digits. */
function jsonValue(value: unknown): string | number | boolean | null {
  if (typeof value === "bigint") return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value === null || value === undefined) return null;
  if (typeof value === "number" || typeof value === "string" || typeof value === "boolean") return value;
  return String(value);
}

/**
 * SQL that is TRUE where the dataset's row is one of the set's ids, else FALSE: a semi-join against
 * the set's table, not a literal list (bench/idTestCases.js measures both). `column` is a field's SQL.
 */
export function idSetSql(set: StoredIdSet, idFields: readonly string[], column: (field: string) => string): string {
  const columns = idFields.map((field) => quoteIdentifier(field));
  const row = idFields.map(column);
  const left = row.length === 1 ? row[0] : `(${row.join(", ")})`;
  return `coalesce(${left} IN (SELECT ${columns.join(", ")} FROM ${quoteIdentifier(set.tableName)}), FALSE)`;
}
