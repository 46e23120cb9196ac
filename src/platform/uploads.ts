// Dataset and model-results uploads: each is one transaction that loads the rows, checks them
// (id fields, duplicates, unknown ids) and only then points the catalog at them.
import { DuckDBConnection } from "@duckdb/node-api";
import { SlicewiseError, listForMessage, nameProblem, propertyPrefix } from "../core";
import { ColumnInfo, DatasetEntry, ResultsEntry, findDataset, listDatasetCommits, newTableName, tableColumns } from "./store/catalog";
import { Database, quoteIdentifier } from "./store/database";
import { ProgressListener, UploadSource, loadSource } from "./store/loadSource";
import { normalizeBoxColumns } from "./store/boxColumns";
import { addDetectionCounts } from "./detectionCounts";
import { removeTableParquet, writeTableParquet } from "./engines/warehouse";

export interface UploadSummary {
  dataset: string;
  model?: string;
  commit: number;
  rows: number;
  id_fields: string[];
}

/** Kolena's inference of id fields: `id`, else `*_id`/`id_*` columns, else `locator`, else `text`. */
export function inferIdFields(columns: readonly string[]): string[] {
  if (columns.includes("id")) return ["id"];
  const suffixed = columns.filter((name) => /(^id_|_id$)/i.test(name));
  if (suffixed.length > 0) return suffixed;
  for (const fallback of ["locator", "text"]) if (columns.includes(fallback)) return [fallback];
  return [];
}

/** A dataset or model name: a usable display name (see nameProblem), 1–200 characters, no slashes. */
export function checkName(kind: "dataset" | "model", name: string): void {
  const advice = "use 1–200 visible characters without slashes";
  if (kind === "model" && `${name}.` === propertyPrefix)
    throw new SlicewiseError(
      "bad_request",
      `the model name "${name}" is reserved: the samples name computed properties \`${propertyPrefix}<name>\`; choose another name`,
    );
  // The name is not echoed when it holds a refused character: shown, it would display as another.
  const problem = nameProblem(name);
  if (problem) throw new SlicewiseError("bad_request", `the ${kind} name is not usable: ${problem}; ${advice}`);
  if (name.length > 200 || /[/\\]/.test(name)) throw new SlicewiseError("bad_request", `the ${kind} name ${JSON.stringify(name)} is not usable; ${advice}`);
}

export interface UploadOptions {
  onProgress?: ProgressListener;
  /** The Spark engine's warehouse: the new table is written there as Parquet before the catalog names it. */
  warehouse?: string;
}

export async function uploadDataset(
  database: Database,
  name: string,
  source: UploadSource,
  options: UploadOptions & { idFields?: string[] } = {},
): Promise<UploadSummary> {
  checkName("dataset", name);
  return inWarehouse(database, options.warehouse, async (connection, written) => {
    const tableName = await newTableName(connection);
    const rows = await loadSource(connection, tableName, source, options.onProgress);
    const columns = await tableColumns(connection, tableName);
    if (rows === 0) throw new SlicewiseError("empty_body", `the upload for dataset "${name}" has no rows; send at least one datapoint`);
    const idFields = options.idFields && options.idFields.length > 0 ? options.idFields : inferIdFields(columns.map((column) => column.name));
    if (idFields.length === 0)
      throw new SlicewiseError(
        "missing_id_field",
        `cannot tell which columns identify a datapoint of "${name}" (columns: ${listForMessage(columns.map((c) => c.name))}); name them with id_fields, or add an "id" column`,
      );
    requireColumns(columns, idFields, `the dataset "${name}"`, "id fields");
    await normalizeBoxColumns(connection, tableName, columns, idFields, `the dataset "${name}"`);
    await checkUniqueIds(connection, tableName, idFields, `the dataset "${name}"`);
    const previous = await findDataset(connection, name);
    if (previous && previous.idFields.join("\u0000") !== idFields.join("\u0000"))
      throw new SlicewiseError(
        "missing_id_field",
        `dataset "${name}" is identified by ${listForMessage(previous.idFields)}, but this upload names ${listForMessage(idFields)}; keep the id fields, or upload under a new name`,
      );
    await written(tableName);
    if (!previous) {
      await connection.run("INSERT INTO sw_dataset_commits VALUES (?, 1, ?, ?, now())", [name, tableName, rows]);
      await connection.run(`INSERT INTO sw_datasets VALUES (?, ?::VARCHAR[], 1, now())`, [name, JSON.stringify(idFields)]);
      return { dataset: name, commit: 1, rows, id_fields: idFields };
    }
    const commit = await addDatasetCommit(connection, name, tableName, rows);
    return { dataset: name, commit, rows, id_fields: idFields };
  });
}

/**
 * An upload's transaction, its new table written to the warehouse (when there is one) by
 * `written(table)` once the rows are checked and before the catalog names it: the commit is
 * visible only with its Parquet complete. A transaction that fails afterwards removes the Parquet;
 * one killed leaves a directory no commit names, which the next start prunes (pruneWarehouse).
 */
async function inWarehouse<T>(
  database: Database,
  warehouse: string | undefined,
  work: (connection: DuckDBConnection, written: (table: string) => Promise<void>) => Promise<T>,
): Promise<T> {
  const tables: string[] = [];
  try {
    return await database.transaction((connection) =>
      work(connection, async (table) => {
        if (!warehouse) return;
        tables.push(table);
        // A directory of this name is one a killed upload left, under a name the store gave out again.
        removeTableParquet(warehouse, table);
        await writeTableParquet(connection, table, warehouse);
      }),
    );
  } catch (error) {
    for (const table of tables) removeTableParquet(warehouse!, table);
    throw error;
  }
}

/** Makes `tableName` the next commit of an existing dataset, and its current one; returns the commit's number. */
export async function addDatasetCommit(connection: DuckDBConnection, name: string, tableName: string, rows: number): Promise<number> {
  const commit = (await listDatasetCommits(connection, name)).at(-1)!.commit + 1;
  await connection.run("INSERT INTO sw_dataset_commits VALUES (?, ?, ?, ?, now())", [name, commit, tableName, rows]);
  await connection.run("UPDATE sw_datasets SET current_commit = ? WHERE name = ?", [commit, name]);
  return commit;
}

export async function uploadResults(
  database: Database,
  dataset: string,
  model: string,
  source: UploadSource,
  options: UploadOptions = {},
): Promise<UploadSummary> {
  checkName("model", model);
  return inWarehouse(database, options.warehouse, async (connection, written) => {
    const entry = await requireDataset(connection, dataset);
    const tableName = await newTableName(connection);
    const rows = await loadSource(connection, tableName, source, options.onProgress);
    if (rows === 0) throw new SlicewiseError("empty_body", `the results of model "${model}" have no rows; send one row per datapoint`);
    const columns = await tableColumns(connection, tableName);
    requireColumns(columns, entry.idFields, `the results for model "${model}"`, "id fields", `the dataset's id fields are ${listForMessage(entry.idFields)}`);
    const what = `the results for model "${model}"`;
    const boxColumns = await normalizeBoxColumns(connection, tableName, columns, entry.idFields, what);
    await checkUniqueIds(connection, tableName, entry.idFields, what);
    await checkKnownIds(connection, tableName, entry, what);
    if (boxColumns.length > 0)
      await addDetectionCounts(
        connection,
        tableName,
        await tableColumns(connection, tableName),
        entry.tableName,
        await tableColumns(connection, entry.tableName),
        entry.idFields,
      );
    await written(tableName);
    const old = await connection.runAndReadAll("SELECT table_name FROM sw_results WHERE dataset = ? AND model = ?", [dataset, model]);
    for (const row of old.getRowObjectsJS()) await connection.run(`DROP TABLE ${quoteIdentifier(row.table_name as string)}`);
    // An update keeps the model's place in the catalog: models list in the order first uploaded.
    if (old.getRowObjectsJS().length > 0)
      await connection.run("UPDATE sw_results SET table_name = ?, row_count = ?, dataset_commit = ?, updated_at = now() WHERE dataset = ? AND model = ?", [
        tableName,
        rows,
        entry.commit,
        dataset,
        model,
      ]);
    else await connection.run("INSERT INTO sw_results VALUES (?, ?, ?, ?, ?, now())", [dataset, model, tableName, rows, entry.commit]);
    return { dataset, model, commit: entry.commit, rows, id_fields: entry.idFields };
  });
}

/** The results of `model` among a dataset's, else unknown_model naming the models it has. */
export function requireModel(available: ResultsEntry[], dataset: string, model: string): ResultsEntry {
  const found = available.find((entry) => entry.model === model);
  if (found) return found;
  const names = available.map((entry) => entry.model);
  throw new SlicewiseError(
    "unknown_model",
    `dataset "${dataset}" has no results for model "${model}"; ${names.length ? `its models are ${listForMessage(names)}` : "upload them with uploadResults"}`,
  );
}

export async function requireDataset(connection: DuckDBConnection, name: string, commit?: number): Promise<DatasetEntry> {
  const entry = await findDataset(connection, name, commit);
  if (entry) return entry;
  if (commit !== undefined && (await findDataset(connection, name)))
    throw new SlicewiseError("unknown_dataset", `dataset "${name}" has no commit ${commit}; list its commits with describeDataset("${name}")`);
  const known = await connection.runAndReadAll("SELECT name FROM sw_datasets ORDER BY name");
  const names = known.getRowObjectsJS().map((row) => row.name as string);
  throw new SlicewiseError(
    "unknown_dataset",
    `there is no dataset "${name}"; ${names.length ? `the datasets are ${listForMessage(names)}` : "upload one first with uploadDataset"}`,
  );
}

function requireColumns(columns: ColumnInfo[], needed: string[], what: string, role: string, hint?: string): void {
  const names = new Set(columns.map((column) => column.name));
  const missing = needed.filter((name) => !names.has(name));
  if (missing.length === 0) return;
  throw new SlicewiseError(
    "missing_id_field",
    `${missing.length === 1 ? "column" : "columns"} ${listForMessage(missing)} ${missing.length === 1 ? "is" : "are"} missing from ${what} (${role}); ${hint ?? `its columns are ${listForMessage([...names])}`}`,
  );
}

const idTuple = (idFields: string[], alias = "") => idFields.map((field) => `${alias}${quoteIdentifier(field)}`).join(", ");

async function checkUniqueIds(connection: DuckDBConnection, tableName: string, idFields: string[], what: string): Promise<void> {
  const ids = idTuple(idFields);
  const nulls = await connection.runAndReadAll(
    `SELECT count(*)::DOUBLE AS n FROM ${quoteIdentifier(tableName)} WHERE ${idFields.map((f) => `${quoteIdentifier(f)} IS NULL`).join(" OR ")}`,
  );
  const nullCount = nulls.getRowObjectsJS()[0].n as number;
  if (nullCount > 0)
    throw new SlicewiseError("missing_id_field", `${what} has ${nullCount} rows with an empty id (${listForMessage(idFields)}); every row needs an id`);
  const duplicates = await connection.runAndReadAll(
    `SELECT ${ids}, count(*) OVER () AS total FROM ${quoteIdentifier(tableName)} GROUP BY ${ids} HAVING count(*) > 1 ORDER BY ${ids} LIMIT 10`,
  );
  const rows = duplicates.getRowObjectsJS();
  if (rows.length === 0) return;
  const shown = rows.map((row) => idFields.map((field) => row[field]).join("/"));
  throw new SlicewiseError(
    "duplicate_ids",
    `${what} has ${Number(rows[0].total)} duplicated ids, e.g. ${listForMessage(shown)}; each datapoint (${listForMessage(idFields)}) must appear once`,
  );
}

async function checkKnownIds(connection: DuckDBConnection, tableName: string, dataset: DatasetEntry, what: string): Promise<void> {
  const ids = idTuple(dataset.idFields);
  const unknown = await connection.runAndReadAll(
    `SELECT ${ids}, count(*) OVER () AS total FROM (
        SELECT ${ids} FROM ${quoteIdentifier(tableName)} EXCEPT SELECT ${ids} FROM ${quoteIdentifier(dataset.tableName)}
      ) ORDER BY ${ids} LIMIT 10`,
  );
  const rows = unknown.getRowObjectsJS();
  if (rows.length === 0) return;
  const shown = rows.map((row) => dataset.idFields.map((field) => row[field]).join("/"));
  throw new SlicewiseError(
    "unknown_ids",
    `${what} has ${Number(rows[0].total)} rows whose ids are not in dataset "${dataset.name}" (commit ${dataset.commit}), e.g. ${listForMessage(shown)}; upload results only for the dataset's datapoints`,
  );
}
