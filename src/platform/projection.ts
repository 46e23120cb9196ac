// The embedding map's table: each datapoint's id, its embedding projected to a plane (x, y), and what
// the map is coloured by — each model's correctness, the label and chosen fields, discovery's
// cluster — with the embedding itself when the page should find "more like this".
import { Field, FixedSizeList, Float32, Table, makeData, makeVector } from "apache-arrow";
import { SlicewiseError, listForMessage } from "../core";
import { MapProjection } from "../metrics";
import { ProjectionOptions, projectionOptionsSchema } from "./schemas/requests";
import { parseWith } from "./schemas/validate";
import { ColumnInfo, listResults, tableColumns } from "./store/catalog";
import { Database, quoteIdentifier } from "./store/database";
import { resultToArrow } from "./store/resultToArrow";
import { embeddingSql, readEmbeddingMatrix } from "./embeddingColumn";
import { joinSql } from "./joinSql";
import { projectOffThread } from "./projectionWorker";
import { columnSql } from "./sql";
import { requireDataset, requireModel } from "./uploads";

/** Schema metadata key of the projection table: JSON with the embedding, dimension, fitted rows, explained variance, id fields. */
export const projectionInfoKey = "slicewise.projection";

export interface ProjectionInfo {
  embedding: string;
  dimension: number;
  rows: number;
  fitted: number;
  /** Share of the embeddings' variance the plane shows, 0 … 1. */
  explained: number;
  id_fields: string[];
  models: string[];
  label: string | null;
}

export async function projectEmbedding(database: Database, dataset: string, given: ProjectionOptions, context: { signal?: AbortSignal } = {}): Promise<Table> {
  const options = parseWith(projectionOptionsSchema, given ?? {}, { code: "bad_request", what: "projection options" });
  if (options.clusters && !options.label)
    throw new SlicewiseError("bad_request", "clusters are found within each class, so the projection needs `label` (the ground-truth field) to add them");
  const read = await database.read(async (connection) => {
    const entry = await requireDataset(connection, dataset);
    const available = await listResults(connection, dataset);
    const results = options.models.map((model) => requireModel(available, dataset, model));
    const datasetColumns = await tableColumns(connection, entry.tableName);
    const resultColumns = await Promise.all(results.map((result) => tableColumns(connection, result.tableName)));
    const embedding = embeddingSql(options.embedding, datasetColumns, resultColumns, options.models, dataset);
    const carried = [...new Set([...(options.label ? [options.label] : []), ...options.fields])].filter((field) => !entry.idFields.includes(field));
    for (const field of carried)
      if (!datasetColumns.some((column) => column.name === field))
        throw new SlicewiseError(
          "unknown_field",
          `dataset "${dataset}" has no column "${field}"; its columns are ${listForMessage(datasetColumns.map((column) => column.name))}`,
        );
    const label = options.label ? columnSql("d", options.label) : null;
    const correctness = options.models.map((model, index) => correctSql(model, index, resultColumns[index], label, options));
    const selections = [
      ...entry.idFields.map((field, index) => `${columnSql("d", field)} AS id_${index}`),
      ...carried.map((field, index) => `${columnSql("d", field)} AS field_${index}`),
      ...correctness.map((sql, index) => `${sql} AS correct_${index}`),
      label ? `CAST(${label} AS VARCHAR) AS label_text` : "NULL AS label_text",
      `${embedding} AS embedding`,
    ];
    const order = entry.idFields.map((_, index) => `id_${index}`).join(", ");
    const base = `SELECT row_number() OVER (ORDER BY ${order}) - 1 AS row_index, * FROM (SELECT ${selections.join(", ")}
      FROM ${joinSql(entry.tableName, entry.idFields, results)} WHERE ${embedding} IS NOT NULL)`;
    const named = [
      ...entry.idFields.map((field, index) => `id_${index} AS ${quoteIdentifier(field)}`),
      ...carried.map((field, index) => `field_${index} AS ${quoteIdentifier(field)}`),
    ];
    const table = resultToArrow(await connection.runAndReadAll(`SELECT ${named.join(", ")} FROM (${base}) ORDER BY row_index`));
    const correct = correctness.length
      ? resultToArrow(
          await connection.runAndReadAll(
            `SELECT ${options.models.map((model, index) => `correct_${index} AS ${quoteIdentifier(`${model}.correct`)}`).join(", ")} FROM (${base}) ORDER BY row_index`,
          ),
        )
      : null;
    const labels = options.clusters
      ? ((await connection.runAndReadAll(`SELECT label_text FROM (${base}) ORDER BY row_index`)).getColumnsJS()[0] as (string | null)[])
      : null;
    const count = table.numRows;
    const matrix = count > 0 ? await readEmbeddingMatrix(connection, base, count, options.embedding) : { values: new Float64Array(0), dimension: 0 };
    return { table, correct, labels, count, ...matrix, idFields: entry.idFields };
  }, context);

  let projection: MapProjection = { x: new Float32Array(0), y: new Float32Array(0), explained: 0, fitted: 0 };
  if (read.count > 0) {
    const classNames = read.labels ? [...new Set(read.labels.filter((value): value is string => value !== null))].sort() : undefined;
    const classIndex = new Map(classNames?.map((name, index) => [name, index]));
    projection = await projectOffThread(
      {
        embeddings: read.values,
        dimension: read.dimension,
        normalize: options.normalize,
        fitRows: options.fit_rows,
        seed: options.seed,
        ...(read.labels && classNames ? { classes: Int32Array.from(read.labels, (value) => (value === null ? -1 : classIndex.get(value)!)), classNames } : {}),
      },
      context.signal,
    );
  }
  const columns: Record<string, ReturnType<typeof makeVector>> = {};
  for (const field of read.table.schema.fields) columns[field.name] = read.table.getChild(field.name)!;
  columns.x = makeVector(projection.x);
  columns.y = makeVector(projection.y);
  for (const field of read.correct?.schema.fields ?? []) columns[field.name] = read.correct!.getChild(field.name)!;
  if (options.clusters) columns.cluster = makeVector(projection.cluster ?? new Int32Array(read.count));
  if (options.include_embedding) columns.embedding = embeddingVector(read.values, read.count, read.dimension);
  const table = new Table(columns);
  const info: ProjectionInfo = {
    embedding: options.embedding,
    dimension: read.dimension,
    rows: read.count,
    fitted: projection.fitted,
    explained: projection.explained,
    id_fields: read.idFields,
    models: options.models,
    label: options.label ?? null,
  };
  table.schema.metadata.set(projectionInfoKey, JSON.stringify(info));
  return table;
}

/** A row's correctness for model `index`: its boolean `correct` when the results have one, else pred = label. */
function correctSql(model: string, index: number, columns: ColumnInfo[], label: string | null, options: { pred: string; correct: string }): string {
  const correct = columns.find((column) => column.name === options.correct);
  if (correct?.type === "BOOLEAN") return columnSql(`r${index}`, options.correct);
  if (label && columns.some((column) => column.name === options.pred))
    return `NOT (CAST(${columnSql(`r${index}`, options.pred)} AS VARCHAR) IS DISTINCT FROM CAST(${label} AS VARCHAR))`;
  throw new SlicewiseError(
    "invalid_metric",
    `the results of model "${model}" have no boolean "${options.correct}"${label ? ` and no prediction "${options.pred}"` : ""} to tell right from wrong; ` +
      (label
        ? "name them with the correct or pred option"
        : 'give the label field (e.g. "label") so that its prediction can be compared, or name its boolean with the correct option'),
  );
}

/** The matrix as FixedSizeList<Float32>: one list of `dimension` per row, in one buffer. */
function embeddingVector(values: Float64Array, rows: number, dimension: number) {
  const child = makeData({ type: new Float32(), length: rows * dimension, nullCount: 0, data: Float32Array.from(values) });
  const type = new FixedSizeList(Math.max(1, dimension), new Field("item", new Float32(), false));
  return makeVector(
    makeData({
      type,
      length: rows,
      nullCount: 0,
      child: dimension > 0 ? child : makeData({ type: new Float32(), length: rows, data: new Float32Array(rows) }),
    }),
  );
}
