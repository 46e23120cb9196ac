// The store's catalog: which tables hold each dataset commit, each model's results and each
// quality-standard version. Data tables are named t_<n> so user names never reach SQL as identifiers.
import { DuckDBConnection } from "@duckdb/node-api";
import { Database, SqlParameters, quoteIdentifier } from "./database";

export interface DatasetEntry {
  name: string;
  idFields: string[];
  commit: number;
  tableName: string;
  rowCount: number;
  createdAt: string;
}

export interface ResultsEntry {
  dataset: string;
  model: string;
  tableName: string;
  rowCount: number;
  datasetCommit: number;
  updatedAt: string;
}

export interface ColumnInfo {
  name: string;
  /** DuckDB's type name, e.g. BIGINT, DOUBLE, VARCHAR, BOOLEAN, BLOB. */
  type: string;
  /** True when no row has a value; known only where withAllNullFlags asked. */
  allNull?: boolean;
}

export async function createCatalog(database: Database): Promise<void> {
  await database.run(`
    CREATE SEQUENCE IF NOT EXISTS sw_table_ids START 1;
    CREATE TABLE IF NOT EXISTS sw_datasets (name VARCHAR NOT NULL, id_fields VARCHAR[] NOT NULL, current_commit INTEGER NOT NULL, created_at TIMESTAMP NOT NULL);
    CREATE TABLE IF NOT EXISTS sw_dataset_commits (dataset VARCHAR NOT NULL, commit INTEGER NOT NULL, table_name VARCHAR NOT NULL, row_count BIGINT NOT NULL, created_at TIMESTAMP NOT NULL);
    CREATE TABLE IF NOT EXISTS sw_results (dataset VARCHAR NOT NULL, model VARCHAR NOT NULL, table_name VARCHAR NOT NULL, row_count BIGINT NOT NULL, dataset_commit INTEGER NOT NULL, updated_at TIMESTAMP NOT NULL);
    CREATE TABLE IF NOT EXISTS sw_quality_standards (dataset VARCHAR NOT NULL, version INTEGER NOT NULL, definition VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL);
    -- Test cases of chosen samples: which table t_<n> holds each version's set of ids (store/testCaseIds.ts).
    CREATE TABLE IF NOT EXISTS sw_test_case_ids (dataset VARCHAR NOT NULL, version INTEGER NOT NULL, test_case VARCHAR NOT NULL, table_name VARCHAR NOT NULL, id_count INTEGER NOT NULL, digest VARCHAR NOT NULL);
    CREATE TABLE IF NOT EXISTS sw_runs (id INTEGER NOT NULL, dataset VARCHAR NOT NULL, label VARCHAR, info VARCHAR NOT NULL, evaluation BLOB NOT NULL, created_at TIMESTAMP NOT NULL);
  `);
}

export async function newTableName(connection: DuckDBConnection): Promise<string> {
  const reader = await connection.runAndReadAll("SELECT nextval('sw_table_ids')::INTEGER AS id");
  return `t_${reader.getRowObjectsJS()[0].id}`;
}

async function rowsOf<T>(connection: DuckDBConnection, sql: string, parameters: SqlParameters = []): Promise<T[]> {
  const reader = await connection.runAndReadAll(sql, parameters);
  return reader.getRowObjectsJS() as T[];
}

export async function findDataset(connection: DuckDBConnection, name: string, commit?: number): Promise<DatasetEntry | null> {
  const rows = await rowsOf<Record<string, unknown>>(
    connection,
    `SELECT d.name, d.id_fields, c.commit, c.table_name, c.row_count::DOUBLE AS row_count, c.created_at::VARCHAR AS created_at
       FROM sw_datasets d JOIN sw_dataset_commits c ON c.dataset = d.name
      WHERE d.name = ? AND c.commit = ${commit === undefined ? "d.current_commit" : "?"}`,
    commit === undefined ? [name] : [name, commit],
  );
  if (rows.length === 0) return null;
  const row = rows[0];
  return {
    name: row.name as string,
    idFields: row.id_fields as string[],
    commit: row.commit as number,
    tableName: row.table_name as string,
    rowCount: row.row_count as number,
    createdAt: row.created_at as string,
  };
}

export async function listDatasetCommits(connection: DuckDBConnection, name: string): Promise<{ commit: number; rowCount: number; createdAt: string }[]> {
  const rows = await rowsOf<Record<string, unknown>>(
    connection,
    "SELECT commit, row_count::DOUBLE AS row_count, created_at::VARCHAR AS created_at FROM sw_dataset_commits WHERE dataset = ? ORDER BY commit",
    [name],
  );
  return rows.map((row) => ({ commit: row.commit as number, rowCount: row.row_count as number, createdAt: row.created_at as string }));
}

export async function listDatasetNames(connection: DuckDBConnection): Promise<string[]> {
  const rows = await rowsOf<{ name: string }>(connection, "SELECT name FROM sw_datasets ORDER BY name");
  return rows.map((row) => row.name);
}

export async function listResults(connection: DuckDBConnection, dataset: string): Promise<ResultsEntry[]> {
  const rows = await rowsOf<Record<string, unknown>>(
    connection,
    `SELECT dataset, model, table_name, row_count::DOUBLE AS row_count, dataset_commit, updated_at::VARCHAR AS updated_at
       FROM sw_results WHERE dataset = ? ORDER BY rowid`,
    [dataset],
  );
  return rows.map((row) => ({
    dataset: row.dataset as string,
    model: row.model as string,
    tableName: row.table_name as string,
    rowCount: row.row_count as number,
    datasetCommit: row.dataset_commit as number,
    updatedAt: row.updated_at as string,
  }));
}

export async function tableColumns(connection: DuckDBConnection, tableName: string): Promise<ColumnInfo[]> {
  const rows = await rowsOf<{ column_name: string; data_type: string }>(
    connection,
    "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? AND table_schema = 'main' ORDER BY ordinal_position",
    [tableName],
  );
  return rows.map((row) => ({ name: row.column_name, type: row.data_type }));
}

/** Marks which of the `named` columns hold no value in any row (one scan of those columns). */
export async function withAllNullFlags(
  connection: DuckDBConnection,
  tableName: string,
  columns: ColumnInfo[],
  named: readonly string[],
): Promise<ColumnInfo[]> {
  const wanted = columns.filter((column) => named.includes(column.name));
  if (wanted.length === 0) return columns;
  const counts = wanted.map((column, index) => `count(${quoteIdentifier(column.name)}) = 0 AS c${index}`).join(", ");
  const row = (await rowsOf<Record<string, boolean>>(connection, `SELECT ${counts} FROM ${quoteIdentifier(tableName)}`))[0];
  return columns.map((column) => {
    const index = wanted.indexOf(column);
    return index < 0 ? column : { ...column, allNull: row[`c${index}`] === true };
  });
}

export async function latestQualityStandard(
  connection: DuckDBConnection,
  dataset: string,
  version?: number,
): Promise<{ version: number; definition: unknown; createdAt: string } | null> {
  const rows = await rowsOf<Record<string, unknown>>(
    connection,
    `SELECT version, definition, created_at::VARCHAR AS created_at FROM sw_quality_standards
      WHERE dataset = ? ${version === undefined ? "" : "AND version = ?"} ORDER BY version DESC LIMIT 1`,
    version === undefined ? [dataset] : [dataset, version],
  );
  if (rows.length === 0) return null;
  return { version: rows[0].version as number, definition: JSON.parse(rows[0].definition as string), createdAt: rows[0].created_at as string };
}

export async function dropTable(connection: DuckDBConnection, tableName: string): Promise<void> {
  await connection.run(`DROP TABLE IF EXISTS ${quoteIdentifier(tableName)}`);
}
