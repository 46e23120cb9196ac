// A slow evaluation on Spark says how far it has got: the stages' tasks Spark reports while the
// statements run reach the platform's listener, in process and over HTTP (the client asks
// GET /operations/{name}/progress while it awaits the answer, and the answer carries the last
// report); the last report is complete.
// And the embedding map and discovery, which read the store's DuckDB whatever the engine, answer
// on a platform served with --engine spark from the same uploads.
import { join } from "node:path";
import { buildDigitsExample } from "../../examples/digits";
import { HttpWorkspace } from "../../src/client";
import { Platform, Progress } from "../../src/platform";
import { RunningApiServer, startApiServer } from "../helpers/apiServer";
import { SparkConnectServer, sparkMissing, startSparkConnectServer } from "../helpers/sparkConnectServer";
import { makeTemporaryDirectory, removeTemporaryDirectory } from "../helpers/temporaryDirectory";

const missing = sparkMissing();
if (missing) console.warn(`Spark tests skipped: ${missing}`);
const describeSpark = missing ? describe.skip : describe;

/** Each report: no more tasks done than known, no more stages done than known, and some tasks. */
function checkReports(heard: Progress[]): void {
  expect(heard.length).toBeGreaterThanOrEqual(1);
  for (const progress of heard) {
    expect(progress.unit).toBe("tasks");
    expect(progress.total).toBeGreaterThan(0);
    expect(progress.done).toBeLessThanOrEqual(progress.total!);
    expect(progress.stages!.done).toBeLessThanOrEqual(progress.stages!.total);
  }
}

describeSpark("an evaluation's progress on Spark", () => {
  let directory: string;
  let server: SparkConnectServer;
  let platform: Platform;
  let api: RunningApiServer;
  const example = buildDigitsExample();
  const options = { models: example.models, reference: example.reference };

  beforeAll(async () => {
    directory = makeTemporaryDirectory("slicewise-spark-progress-");
    server = await startSparkConnectServer();
    platform = await Platform.open({ data: join(directory, "data"), engine: "spark", sparkRemote: server.remote, warehouse: join(directory, "warehouse") });
    // Two copies: each is a first evaluation (its views and Parquet made then), one in process, one over HTTP.
    for (const name of ["digits", "digits_http"]) {
      await platform.uploadDataset(name, { format: "table", table: example.dataset });
      for (const model of example.models) await platform.uploadResults(name, model, { format: "table", table: example.results[model] });
      await platform.setQualityStandard(name, example.qualityStandard);
    }
    api = await startApiServer(platform);
  }, 240_000);

  afterAll(async () => {
    await api?.stop();
    platform?.close();
    await server?.stop();
    removeTemporaryDirectory(directory);
  }, 60_000);

  test("in process: reports as the tasks finish, the last one complete", async () => {
    const heard: Progress[] = [];
    const evaluation = await platform.evaluate("digits", options, { onProgress: (progress) => heard.push({ ...progress }) });
    expect(evaluation.info.datapoints).toBe(1797);
    checkReports(heard);
    const last = heard.at(-1)!;
    expect(last.done).toBe(last.total);
    expect(last.stages!.done).toBe(last.stages!.total);
    // Tasks only ever finish: a later report has no fewer done than an earlier one.
    for (let index = 1; index < heard.length; index++) expect(heard[index].done).toBeGreaterThanOrEqual(heard[index - 1].done);
    expect(platform.operationProgress("no-such-operation")).toBeNull();
  }, 180_000);

  test("over HTTP: the client hears the operation's progress while it awaits the evaluation; after it, there is none", async () => {
    const heard: Progress[] = [];
    const workspace = new HttpWorkspace(api.url);
    const table = await workspace.evaluate("digits_http", { ...options, onProgress: (progress) => heard.push(progress) });
    expect(table.numRows).toBeGreaterThan(100);
    checkReports(heard);
    // The last report comes with the answer (X-Slicewise-Progress): complete.
    const last = heard.at(-1)!;
    expect(last.done).toBe(last.total);
    expect(last.stages!.done).toBe(last.stages!.total);
    const after = await fetch(`${api.url}/api/v1/operations/00000000-0000-0000-0000-000000000000/progress`);
    expect(await after.json()).toEqual({ operation: "00000000-0000-0000-0000-000000000000", progress: null });
    const refused = await fetch(`${api.url}/api/v1/operations/x/progress`);
    expect(refused.status).toBe(400);
  }, 180_000);

  test("the embedding map and discovery answer on the Spark engine, one point per datapoint", async () => {
    const projection = await platform.projectEmbedding("digits", { embedding: "embedding", models: example.models, label: "label" });
    expect(projection.numRows).toBe(1797);
    const discovery = await platform.discoverSlices("digits", { embedding: "embedding", per: "label", models: [example.reference], seed: 1 });
    // Ten classes, every datapoint in one; scikit-learn's digits have 178 zeros.
    expect(discovery.classes).toHaveLength(10);
    expect(discovery.classes.reduce((sum, entry) => sum + entry.rows, 0)).toBe(1797);
    expect(discovery.classes.find((entry) => entry.class === "0")!.rows).toBe(178);
  }, 180_000);
});
