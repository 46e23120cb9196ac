// The Spark engine against the embedded one at scale: the benchmark's synthetic data (1,000,000
// rows × 3 models, 21 test cases, test/helpers/syntheticData.js) uploaded to a platform on Spark,
// whose evaluation equals DuckDB's on the same store — every value, interval, p, q and verdict to
// 1e-12 — and whose samples, filtered, ordered and limited, are the same rows in the same order.
import { join } from "node:path";
import { Table } from "apache-arrow";
import { Platform } from "../../src/platform";
import { Evaluation, evaluate } from "../../src/platform/evaluation";
import { SamplesOptions, samples } from "../../src/platform/samples";
import { evaluationDifferences, evaluationRowKey } from "../helpers/evaluationDifferences";
import { SparkConnectServer, sparkMissing, startSparkConnectServer } from "../helpers/sparkConnectServer";
import { makeTemporaryDirectory, removeTemporaryDirectory } from "../helpers/temporaryDirectory";
const { generateData } = require("../helpers/syntheticData") as { generateData(options: { rows: number; seed: number }): Synthetic };
const { qualityStandard } = require("../helpers/syntheticQualityStandard");

interface Synthetic {
  dataset: Table;
  results: Table[];
  models: string[];
}

const missing = sparkMissing();
if (missing) console.warn(`Spark tests skipped: ${missing}`);
const describeSpark = missing ? describe.skip : describe;

const rows = 1_000_000;

/** A table's rows as plain values (bigints as numbers), for comparing the two engines' samples. */
const rowsOf = (table: Table) =>
  table.toArray().map((row) => JSON.parse(JSON.stringify(row.toJSON(), (_, value) => (typeof value === "bigint" ? Number(value) : value))));

describeSpark("1M synthetic rows on Spark", () => {
  let directory: string;
  let server: SparkConnectServer;
  let platform: Platform;
  let onDuckdb: Evaluation;
  let onSpark: Evaluation;
  let models: string[];

  beforeAll(async () => {
    directory = makeTemporaryDirectory("slicewise-spark-synthetic-");
    server = await startSparkConnectServer();
    const data = generateData({ rows, seed: 1 });
    models = data.models;
    platform = await Platform.open({ data: join(directory, "data"), engine: "spark", sparkRemote: server.remote, warehouse: join(directory, "warehouse") });
    await platform.uploadDataset("synthetic", { format: "table", table: data.dataset });
    for (const [index, model] of data.models.entries()) await platform.uploadResults("synthetic", model, { format: "table", table: data.results[index] });
    await platform.setQualityStandard("synthetic", qualityStandard);
    const options = { models, reference: models[0] };
    onSpark = await platform.evaluate("synthetic", options);
    onDuckdb = await evaluate(platform.database, "synthetic", options);
  }, 300_000);

  afterAll(async () => {
    platform?.close();
    await server?.stop();
    removeTemporaryDirectory(directory);
  }, 60_000);

  test("21 test cases × 3 models × 3 metrics over every datapoint, in the same order on both engines", () => {
    expect(onDuckdb.rows).toHaveLength(21 * 3 * 3);
    expect(onSpark.rows.map(evaluationRowKey)).toEqual(onDuckdb.rows.map(evaluationRowKey));
    expect(onDuckdb.rows[0]).toMatchObject({ stratification: "dataset", test_case: "all", model: "baseline", n: rows });
    expect(onSpark.info).toEqual(onDuckdb.info);
  });

  test("every value, interval, p, q and verdict agrees to 1e-12", () => {
    expect(evaluationDifferences(onDuckdb.rows, onSpark.rows)).toEqual([]);
  });

  // Central tablets that are blurry: the candidate's most confident first, then by size, then by id.
  const filtered: SamplesOptions = {
    where: {
      and: [
        { field: "region", op: "eq", value: "central" },
        { field: "device", op: "eq", value: "tablet" },
        { field: "blur", op: "ge", value: 0.75 },
      ],
    },
    order_by: ["candidate.score desc", "size"],
    limit: 200,
  };

  test("samples filtered, ordered and limited: the same rows in the same order", async () => {
    const given = { ...filtered, models };
    const onSpark = rowsOf(await platform.samples("synthetic", given));
    const onDuckdb = rowsOf(await samples(platform.database, "synthetic", given));
    expect(onSpark).toEqual(onDuckdb);
    expect(onDuckdb).toHaveLength(200);
    for (const [index, row] of onDuckdb.entries()) {
      expect(row).toMatchObject({ region: "central", device: "tablet" });
      expect(row.blur).toBeGreaterThanOrEqual(0.75);
      if (index > 0) expect(row["candidate.score"]).toBeLessThanOrEqual(onDuckdb[index - 1]["candidate.score"]);
    }
  }, 120_000);

  test("samples of a test case, paged past the first rows: the same rows in the same order", async () => {
    const given: SamplesOptions = { models, test_case: "test_cases/small on phone", order_by: ["compact.correct", "brightness desc"], limit: 50, offset: 1000 };
    const onSpark = rowsOf(await platform.samples("synthetic", given));
    const onDuckdb = rowsOf(await samples(platform.database, "synthetic", given));
    expect(onSpark).toEqual(onDuckdb);
    expect(onDuckdb).toHaveLength(50);
    for (const row of onDuckdb) expect(row).toMatchObject({ device: "phone" });
    for (const row of onDuckdb) expect(row.size).toBeLessThan(128);
  }, 120_000);
});
