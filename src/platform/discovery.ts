// Hidden-subclass discovery on the platform: reads a dataset's (or results') embedding column,
// the label and each model's per-row errors column-wise, runs src/metrics/discovery, and names
// each candidate's datapoints by their id-field values, ready to save as a `{ name, ids }` test case.
import { SlicewiseError, listForMessage } from "../core";
import { SubclassCandidate } from "../metrics";
import { DiscoverOptions, discoverOptionsSchema } from "./schemas/requests";
import { parseWith } from "./schemas/validate";
import { ColumnInfo, listResults, tableColumns } from "./store/catalog";
import { Database } from "./store/database";
import { joinSql } from "./joinSql";
import { columnSql } from "./sql";
import { requireDataset, requireModel } from "./uploads";
import { discoverOffThread } from "./discoveryWorker";
import { embeddingSql, readEmbeddingMatrix } from "./embeddingColumn";

export interface DiscoveredSubclass {
  model: string;
  class: string;
  cluster: number;
  clusters: number;
  name: string;
  size: number;
  /** The datapoints' ids: one value each, or a list in the id fields' order when there are several. */
  ids: unknown[];
  error: number;
  rest_error: number;
  lift: number;
  p_value: number;
  q_value: number;
  regression?: { delta: number; losses: number; wins: number; p_value: number; q_value: number };
}

export interface Discovery {
  candidates: DiscoveredSubclass[];
  classes: { class: string; rows: number; k: number; silhouette: number | null }[];
  tested: number;
}

export async function discoverSlices(database: Database, dataset: string, given: DiscoverOptions, context: { signal?: AbortSignal } = {}): Promise<Discovery> {
  const options = parseWith(discoverOptionsSchema, given ?? {}, { code: "bad_request", what: "discover options" });
  const read = await database.read(async (connection) => {
    const entry = await requireDataset(connection, dataset);
    const available = await listResults(connection, dataset);
    const compared = [...options.models, ...(options.reference && !options.models.includes(options.reference) ? [options.reference] : [])];
    const results = compared.map((model) => requireModel(available, dataset, model));
    const datasetColumns = await tableColumns(connection, entry.tableName);
    const resultColumns = await Promise.all(results.map((result) => tableColumns(connection, result.tableName)));

    const embedding = embeddingSql(options.embedding, datasetColumns, resultColumns, compared, dataset);
    if (!datasetColumns.some((column) => column.name === options.per))
      throw new SlicewiseError(
        "unknown_field",
        `discovery groups by "${options.per}", which dataset "${dataset}" does not have; its columns are ${listForMessage(datasetColumns.map((column) => column.name))}`,
      );
    const label = columnSql("d", options.per);
    const errors = compared.map((model, index) => errorSql(model, index, resultColumns[index], label, options.pred, options.correct));
    const from = joinSql(entry.tableName, entry.idFields, results);
    const order = entry.idFields.map((_, index) => `id_${index}`).join(", ");
    const base = `SELECT row_number() OVER (ORDER BY ${order}) - 1 AS row_index, * FROM (SELECT ${entry.idFields.map((field, index) => `${columnSql("d", field)} AS id_${index}`).join(", ")},
      CAST(${label} AS VARCHAR) AS label, ${embedding} AS embedding, ${errors.map((sql, index) => `${sql} AS error_${index}`).join(", ")}
      FROM ${from} WHERE ${embedding} IS NOT NULL)`;
    const rows = await connection.runAndReadAll(`SELECT * FROM (${base}) ORDER BY row_index`);
    const columns = rows.getColumnsJS();
    const names = rows.columnNames();
    const column = (name: string) => columns[names.indexOf(name)] as unknown[];
    const count = column("row_index").length;
    const { values, dimension } = await readEmbeddingMatrix(connection, base, count, options.embedding);
    return { count, dimension, values, column, idFields: entry.idFields, compared };
  }, context);

  const labels = read.column("label") as (string | null)[];
  const classNames = [...new Set(labels.filter((label): label is string => label !== null))].sort();
  const classIndex = new Map(classNames.map((name, index) => [name, index]));
  const classes = Int32Array.from(labels, (label) => (label === null ? -1 : classIndex.get(label)!));
  const errorsOf = (index: number) => Float64Array.from(read.column(`error_${index}`) as (boolean | null)[], (wrong) => (wrong === null ? NaN : wrong ? 1 : 0));
  const idColumns = read.idFields.map((_, index) => read.column(`id_${index}`).map(plainValue));
  const idOf = (row: number) => (idColumns.length === 1 ? idColumns[0][row] : idColumns.map((values) => values[row]));
  const referenceIndex = options.reference ? read.compared.indexOf(options.reference) : -1;

  const result = await discoverOffThread(
    {
      embeddings: read.values,
      dimension: read.dimension,
      classes,
      classNames,
      models: options.models.map((name, index) => ({ name, errors: errorsOf(index) })),
      referenceErrors: referenceIndex >= 0 ? errorsOf(referenceIndex) : undefined,
      per: options.per,
      dims: options.dims,
      k: options.k,
      kMax: options.k_max,
      minSize: options.min_size,
      seed: options.seed,
    },
    context.signal,
  );
  return {
    candidates: result.candidates.map((candidate) => wireCandidate(candidate, idOf)),
    classes: result.classes.map((entry) => ({
      class: entry.class,
      rows: entry.rows,
      k: entry.k,
      silhouette: Number.isNaN(entry.silhouette) ? null : entry.silhouette,
    })),
    tested: result.tested,
  };
}

function wireCandidate(candidate: SubclassCandidate, idOf: (row: number) => unknown): DiscoveredSubclass {
  const { regression } = candidate;
  return {
    model: candidate.model,
    class: candidate.class,
    cluster: candidate.cluster,
    clusters: candidate.clusters,
    name: candidate.name,
    size: candidate.size,
    ids: Array.from(candidate.ids, idOf),
    error: candidate.error,
    rest_error: candidate.restError,
    lift: candidate.lift,
    p_value: candidate.pValue,
    q_value: candidate.qValue,
    ...(regression
      ? { regression: { delta: regression.delta, losses: regression.losses, wins: regression.wins, p_value: regression.pValue, q_value: regression.qValue } }
      : {}),
  };
}

/** A row's error for model `index`: NOT correct when the results have the boolean, else pred ≠ the label. */
function errorSql(model: string, index: number, columns: ColumnInfo[], label: string, pred: string, correct: string): string {
  const correctColumn = columns.find((column) => column.name === correct);
  if (correctColumn?.type === "BOOLEAN") return `NOT ${columnSql(`r${index}`, correct)}`;
  if (columns.some((column) => column.name === pred)) return `CAST(${columnSql(`r${index}`, pred)} AS VARCHAR) IS DISTINCT FROM CAST(${label} AS VARCHAR)`;
  throw new SlicewiseError(
    "invalid_metric",
    `the results of model "${model}" have neither a boolean "${correct}" nor a prediction "${pred}" to tell right from wrong; name them with the correct or pred option`,
  );
}

/** DuckDB's BIGINTs come as bigint: a number when it is exact, so ids survive JSON. */
function plainValue(value: unknown): unknown {
  return typeof value === "bigint" && Number.isSafeInteger(Number(value)) ? Number(value) : value;
}
