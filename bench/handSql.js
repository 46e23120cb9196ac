// The comparison figure for the platform's evaluation: one hand-written DuckDB query over the
// same stored tables — the join, and GROUPING SETS over the same test cases — computing n,
// accuracy and mean score per model (no intervals, no tests, no Macro F1).
"use strict";

const { bucketName } = require("../lib/src/core");

const quote = (name) => `"${name.replaceAll('"', '""')}"`;

/** The dataset's current table and each model's results table, from the platform's catalog. */
async function storedTables(database, dataset, models) {
  const [current] = await database.rows(
    `SELECT c.table_name FROM sw_datasets d JOIN sw_dataset_commits c ON c.dataset = d.name AND c.commit = d.current_commit
      WHERE d.name = ?`,
    [dataset],
  );
  const results = await database.rows("SELECT model, table_name FROM sw_results WHERE dataset = ?", [dataset]);
  const byModel = new Map(results.map((row) => [row.model, row.table_name]));
  return { datasetTable: current.table_name, resultTables: models.map((model) => byModel.get(model)) };
}

/**
 * Runs the hand-written statistics. Returns Map("<stratification>\0<test case>" →
 * {n, accuracy[model], meanScore[model]}), test cases named as the evaluation names them.
 */
async function handSqlStatistics(database, { models, tables }) {
  const { datasetTable, resultTables } = tables;
  // Quartile edges of size, as a person would get them first (ties would merge; there are none here).
  const [{ edges }] = await database.rows(`SELECT quantile_cont(size::DOUBLE, [0.25, 0.5, 0.75]) AS edges FROM ${quote(datasetTable)}`);
  const joins = resultTables.map((table, m) => `JOIN ${quote(table)} r${m} ON r${m}.id = d.id`).join("\n      ");
  const sql = `
    WITH joined AS (
      SELECT d.*,
             CASE WHEN blur < 0.25 THEN 0 WHEN blur < 0.5 THEN 1 WHEN blur < 0.75 THEN 2 ELSE 3 END AS blur_bucket,
             CASE WHEN size < ${edges[0]} THEN 0 WHEN size < ${edges[1]} THEN 1 WHEN size < ${edges[2]} THEN 2 ELSE 3 END AS size_bucket,
             (blur >= 0.75 AND brightness < 0.25) AS blurry_and_dark,
             (device = 'phone' AND size < 128) AS small_on_phone,
             (region IN ('north', 'east')) AS north_or_east,
             ${models.map((_, m) => `r${m}.correct AS correct_${m}, r${m}.score AS score_${m}`).join(", ")}
      FROM ${quote(datasetTable)} d
      ${joins}
    )
    SELECT GROUPING(region) = 0 AS by_region, GROUPING(device) = 0 AS by_device, GROUPING(blur_bucket) = 0 AS by_blur,
           GROUPING(size_bucket) = 0 AS by_size, GROUPING(blurry_and_dark) = 0 AS by_blurry_and_dark,
           GROUPING(small_on_phone) = 0 AS by_small_on_phone, GROUPING(north_or_east) = 0 AS by_north_or_east,
           region, device, blur_bucket, size_bucket, blurry_and_dark, small_on_phone, north_or_east,
           count(*)::DOUBLE AS n,
           ${models.map((_, m) => `avg(correct_${m}::DOUBLE) AS accuracy_${m}, avg(score_${m}::DOUBLE) AS mean_score_${m}`).join(",\n           ")}
    FROM joined
    GROUP BY GROUPING SETS ((), (region), (device), (blur_bucket), (size_bucket), (blurry_and_dark), (small_on_phone), (north_or_east))`;
  const rows = await database.rows(sql);

  const blurNames = bucketNames([0.25, 0.5, 0.75]);
  const sizeNames = bucketNames(edges);
  const statistics = new Map();
  for (const row of rows) {
    const key = testCaseKey(row, blurNames, sizeNames);
    if (key === null) continue; // the `false` side of an explicit test case
    statistics.set(key, {
      n: row.n,
      accuracy: models.map((_, m) => row[`accuracy_${m}`]),
      meanScore: models.map((_, m) => row[`mean_score_${m}`]),
    });
  }
  return { statistics, sizeEdges: edges };
}

function testCaseKey(row, blurNames, sizeNames) {
  if (row.by_region) return `region\u0000${row.region}`;
  if (row.by_device) return `device\u0000${row.device}`;
  if (row.by_blur) return `blur\u0000${blurNames[row.blur_bucket]}`;
  if (row.by_size) return `size\u0000${sizeNames[row.size_bucket]}`;
  if (row.by_blurry_and_dark) return row.blurry_and_dark ? "test_cases\u0000blurry and dark" : null;
  if (row.by_small_on_phone) return row.small_on_phone ? "test_cases\u0000small on phone" : null;
  if (row.by_north_or_east) return row.north_or_east ? "test_cases\u0000north or east" : null;
  return "dataset\u0000all";
}

/** Names of the buckets (−∞, e1), [e1, e2) … [ek, ∞), as the evaluation writes them. */
function bucketNames(edges) {
  const bounds = [null, ...edges];
  return bounds.map((low, index) => bucketName(low, index < edges.length ? edges[index] : null));
}

module.exports = { storedTables, handSqlStatistics, bucketNames };
