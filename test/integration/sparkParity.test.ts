// The Spark engine against the embedded one on the digits example: the stored tables written as
// Parquet to a warehouse, read by a local Spark Connect server as views, and the whole evaluation
// (every count, value, interval, p, q and verdict) the same on both engines.
import { buildDigitsExample } from "../../examples/digits";
import { Platform } from "../../src/platform";
import { Engine } from "../../src/platform/engines/engine";
import { openSparkEngine } from "../../src/platform/engines/sparkEngine";
import { SparkConnectClient } from "../../src/platform/engines/sparkConnect/sparkConnection";
import { sparkViewSql, writeTableParquet } from "../../src/platform/engines/warehouse";
import { Evaluation, evaluate } from "../../src/platform/evaluation";
import { listResults } from "../../src/platform/store/catalog";
import { requireDataset } from "../../src/platform/uploads";
import { SparkConnectServer, sparkMissing, startSparkConnectServer } from "../helpers/sparkConnectServer";
import { makeTemporaryDirectory, removeTemporaryDirectory } from "../helpers/temporaryDirectory";
import { evaluationDifferences, evaluationRowKey } from "../helpers/evaluationDifferences";

const missing = sparkMissing();
if (missing) console.warn(`Spark tests skipped: ${missing}`);
const describeSpark = missing ? describe.skip : describe;

describeSpark("the digits evaluation on Spark", () => {
  let directory: string;
  let server: SparkConnectServer;
  let client: SparkConnectClient;
  let platform: Platform;
  let onDuckdb: Evaluation;
  let onSpark: Evaluation;
  const example = buildDigitsExample();
  const ranOnSpark: string[] = [];
  const options = { models: example.models, reference: example.reference };

  beforeAll(async () => {
    directory = makeTemporaryDirectory("slicewise-spark-parity-");
    const [started] = await Promise.all([
      startSparkConnectServer(),
      (async () => {
        platform = await Platform.open({ data: `${directory}/data` });
        await platform.uploadDataset("digits", { format: "table", table: example.dataset });
        for (const model of example.models) await platform.uploadResults("digits", model, { format: "table", table: example.results[model] });
        await platform.setQualityStandard("digits", example.qualityStandard);
      })(),
    ]);
    server = started;
    const warehouse = `${directory}/warehouse`;
    const tables = await platform.database.read(async (connection) => {
      const names = [(await requireDataset(connection, "digits")).tableName, ...(await listResults(connection, "digits")).map((entry) => entry.tableName)];
      for (const name of names) await writeTableParquet(connection, name, warehouse);
      return names;
    });
    client = new SparkConnectClient(server.remote);
    const spark = await openSparkEngine(client);
    // Every statement the Spark evaluation runs, to show they ran on Spark in Spark's dialect.
    const engine: Engine = { ...spark, readColumns: (sql, columnsOf, shared) => (ranOnSpark.push(sql), spark.readColumns(sql, columnsOf, shared)) };
    for (const table of tables) await client.command(sparkViewSql(table, warehouse));
    onDuckdb = await evaluate(platform.database, "digits", options);
    onSpark = await evaluate(platform.database, "digits", options, { engine: () => engine });
  }, 240_000);

  afterAll(async () => {
    platform?.close();
    await client?.close();
    await server?.stop();
    removeTemporaryDirectory(directory);
  }, 60_000);

  test("the same test cases, models and metrics, in the same order", () => {
    expect(onSpark.rows.map(evaluationRowKey)).toEqual(onDuckdb.rows.map(evaluationRowKey));
    expect(onSpark.info).toEqual(onDuckdb.info);
    expect(onDuckdb.rows.length).toBeGreaterThan(100);
    // One statement, in Spark's dialect: the fine groups' figures as an array, its bits by shiftright.
    expect(ranOnSpark).toEqual([expect.stringMatching(/-2 AS grouping, .* array\(count\(\*\)::DOUBLE, .*shiftright\(explicit_mask/)]);
  });

  test("every value, interval, p, q and verdict agrees to 1e-12", () => {
    expect(evaluationDifferences(onDuckdb.rows, onSpark.rows)).toEqual([]);
  });
});
