// Each image's matched counts as result columns (issue 17; docs/detection.md, "Per-image counts"):
// when a model's results bring one box column and the dataset has one, the upload matches them —
// greedy, IoU ≥ 0.5, predictions scored ≥ 0.5, the gallery's own defaults — and stores `tp`, `fp`
// and `fn` beside the boxes, so that `<model>.tp` sorts the samples, the Slicer and the gallery
// filter by it ("images where knn missed an object"), and a `mean` metric averages it.
import { DuckDBConnection } from "@duckdb/node-api";
import { createLabels, detectionImageCounts, matchDetections, resolveMatchingOptions } from "../metrics";
import { duckdbEngine } from "./engines/duckdbEngine";
import { readBoxes } from "./statistics/detectionStatistics";
import { boxListType } from "./store/boxColumns";
import { ColumnInfo } from "./store/catalog";
import { quoteIdentifier } from "./store/database";
import { appendArrowBatches, createTableSql } from "./store/appendArrow";
import { tableFromArrays } from "apache-arrow";

/** The matching and operating point the stored counts use. */
export const storedCountSettings = { matching: "greedy" as const, iou: 0.5, scoreThreshold: 0.5 };

/** The count columns' names, in the results and (prefixed by the model) in the samples. */
export const countColumns = ["tp", "fp", "fn"] as const;

/**
 * Adds tp, fp and fn to the just-loaded results table `tableName` when it has exactly one box
 * column, the dataset's table exactly one, and none of the three names is taken. Returns the
 * columns added (none when it does not apply).
 */
export async function addDetectionCounts(
  connection: DuckDBConnection,
  tableName: string,
  resultColumns: ColumnInfo[],
  datasetTable: string,
  datasetColumns: ColumnInfo[],
  idFields: string[],
): Promise<string[]> {
  const predictions = resultColumns.filter((column) => column.type === boxListType);
  const truths = datasetColumns.filter((column) => column.type === boxListType);
  if (predictions.length !== 1 || truths.length !== 1) return [];
  if (resultColumns.some((column) => (countColumns as readonly string[]).includes(column.name))) return [];
  const engine = duckdbEngine(connection);
  const ids = idFields.map((field) => `r.${quoteIdentifier(field)}`);
  const joined = `${quoteIdentifier(tableName)} r LEFT JOIN ${quoteIdentifier(datasetTable)} d ON ${idFields
    .map((field) => `d.${quoteIdentifier(field)} = r.${quoteIdentifier(field)}`)
    .join(" AND ")}`;
  const imageNumber = `(row_number() OVER (ORDER BY ${ids.join(", ")}) - 1)::INTEGER`;
  const [{ images }] = await engine.readRows(`SELECT count(*)::INTEGER AS images FROM ${quoteIdentifier(tableName)}`);
  const labels = createLabels();
  const truth = await readBoxes(engine, joined, `d.${quoteIdentifier(truths[0].name)}`, imageNumber, Number(images), "ground_truth", labels);
  const predicted = await readBoxes(engine, joined, `r.${quoteIdentifier(predictions[0].name)}`, imageNumber, Number(images), "predictions", labels);
  const options = resolveMatchingOptions({ matching: storedCountSettings.matching, iou: storedCountSettings.iou });
  const matches = matchDetections(truth, predicted, options);
  const counts = detectionImageCounts(matches, {
    iouIndex: 0,
    areaIndex: 0,
    maxDetections: options.maxDetections,
    threshold: storedCountSettings.scoreThreshold,
  });
  // The counts by image number, joined back to the rows in the same id order.
  const countsTable = `${tableName}_counts`;
  const table = tableFromArrays({ image: Int32Array.from({ length: Number(images) }, (_, i) => i), tp: counts.tp, fp: counts.fp, fn: counts.fn });
  await connection.run(createTableSql(countsTable, table.schema));
  await appendArrowBatches(connection, countsTable, table.schema, table.batches);
  const withCounts = `${tableName}_with_counts`;
  await connection.run(
    `CREATE TABLE ${quoteIdentifier(withCounts)} AS
       SELECT r.* EXCLUDE (image), c.tp, c.fp, c.fn
       FROM (SELECT r.*, ${imageNumber} AS image FROM ${quoteIdentifier(tableName)} r) r JOIN ${quoteIdentifier(countsTable)} c USING (image)
       ORDER BY image`,
  );
  await connection.run(`DROP TABLE ${quoteIdentifier(countsTable)}`);
  await connection.run(`DROP TABLE ${quoteIdentifier(tableName)}`);
  await connection.run(`ALTER TABLE ${quoteIdentifier(withCounts)} RENAME TO ${quoteIdentifier(tableName)}`);
  return [...countColumns];
}
