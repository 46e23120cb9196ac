// The Spark engine as a platform's engine (`--engine spark`): uploads write each commit's Parquet to
// the warehouse before the catalog names it, evaluate and samples run on a local Spark Connect
// server and answer as DuckDB does (every figure, detection metrics' too, to 1e-12; the same rows in the same order, string
// literals with quotes and backslashes included), a process killed while writing Parquet leaves no
// commit and no stray directory, and `slicewise serve --engine spark` answers over HTTP.
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Table, tableFromArrays, tableFromIPC } from "apache-arrow";
import { EvaluationRow, Predicate, QualityStandard } from "../../src/core";
import { Platform } from "../../src/platform";
import { evaluate } from "../../src/platform/evaluation";
import { SparkConnectClient } from "../../src/platform/engines/sparkConnect/sparkConnection";
import { SamplesOptions, samples } from "../../src/platform/samples";
import { killAllChildren, startChild } from "../helpers/childProcess";
import { cliPath, ensureCompiledLibrary, repositoryRoot } from "../helpers/compiledLibrary";
import { SparkConnectServer, sparkMissing, startSparkConnectServer } from "../helpers/sparkConnectServer";
import { makeTemporaryDirectory, removeTemporaryDirectory } from "../helpers/temporaryDirectory";

const missing = sparkMissing();
if (missing) console.warn(`Spark tests skipped: ${missing}`);
const describeSpark = missing ? describe.skip : describe;

// 60 datapoints whose notes hold the quotes and backslashes a literal must survive; model "b" is
// right on every datapoint but the multiples of 5, model "a" on the even ones.
const notes = ["it's", "back\\slash", "a''b", "plain", "quote\\'mix"];
const ids = Int32Array.from({ length: 60 }, (_, i) => i);
const dataset = tableFromArrays({
  id: ids,
  note: Array.from(ids, (i) => notes[i % notes.length]),
  score: Float64Array.from(ids, (i) => (i * 7) % 13),
});
const results = {
  a: tableFromArrays({ id: ids, correct: Array.from(ids, (i) => i % 2 === 0), loss: Float64Array.from(ids, (i) => i / 10) }),
  b: tableFromArrays({ id: ids, correct: Array.from(ids, (i) => i % 5 !== 0), loss: Float64Array.from(ids, (i) => (i % 7) / 3) }),
};
const standard: QualityStandard = {
  stratifications: [
    { name: "note", field: "note" },
    { name: "score", field: "score", quantiles: 3 },
  ],
  test_cases: [
    { name: "it's", where: { field: "note", op: "eq", value: "it's" } },
    { name: "backslash or doubled", where: { field: "note", op: "in", value: ["back\\slash", "a''b"] } },
    { name: "chosen", ids: [0, 3, 4, 17, 59] },
  ],
  metric_groups: [
    {
      name: "quality",
      metrics: [
        { label: "Accuracy", kind: "mean", field: "correct", higher_is_better: true },
        { label: "Loss", kind: "mean", field: "loss", higher_is_better: false },
      ],
    },
  ],
};
const options = { models: ["a", "b"], reference: "a" };

// Detection (docs/detection.md): three images; "sharp" finds both cats, "blurry" one cat and a dog that is not there.
const box = (x_min: number, y_min: number, x_max: number, y_max: number, label: string, score?: number) => ({
  x_min,
  y_min,
  x_max,
  y_max,
  label,
  ...(score === undefined ? {} : { score }),
});
const scenes = [
  { id: 1, scene: "day", gt: [box(0, 0, 10, 10, "cat")] },
  { id: 2, scene: "night", gt: [box(0, 0, 10, 10, "cat")] },
  { id: 3, scene: "night", gt: [] },
];
const detectors = {
  sharp: [
    { id: 1, pred: [box(0, 0, 10, 10, "cat", 0.9)] },
    { id: 2, pred: [box(1, 1, 10, 10, "cat", 0.7)] },
    { id: 3, pred: [] },
  ],
  blurry: [
    { id: 1, pred: [box(0, 0, 10, 10, "cat", 0.8)] },
    { id: 2, pred: [] },
    { id: 3, pred: [box(5, 5, 15, 15, "dog", 0.3)] },
  ],
};
const detection = { kind: "detection", gt: "gt", pred: "pred", matching: "greedy", iou: 0.5, threshold: 0, average: "micro", higher_is_better: true } as const;
const scenesStandard: QualityStandard = {
  stratifications: [{ name: "scene", field: "scene" }],
  test_cases: [],
  metric_groups: [
    {
      name: "detection",
      metrics: [
        { label: "Recall", measure: "recall", ...detection },
        { label: "Precision", measure: "precision", ...detection },
        { label: "AP", kind: "detection", measure: "ap", gt: "gt", pred: "pred", matching: "coco", iou: "0.50:0.05:0.95", higher_is_better: true },
      ],
    },
  ],
};
const detectorOptions = { models: ["sharp", "blurry"], reference: "sharp" };

function differencesOf(expected: EvaluationRow[], actual: EvaluationRow[]): string[] {
  const key = (row: EvaluationRow) => `${row.stratification}/${row.test_case}/${row.model}/${row.metric}`;
  if (JSON.stringify(expected.map(key)) !== JSON.stringify(actual.map(key))) return ["the rows differ"];
  return expected.flatMap((row, index) =>
    Object.entries(row).flatMap(([field, value]) => {
      const other = (actual[index] as unknown as Record<string, unknown>)[field];
      const same =
        typeof value === "number" && typeof other === "number"
          ? (Number.isNaN(value) && Number.isNaN(other)) || Math.abs(value - other) <= 1e-12 * Math.max(1, Math.abs(value))
          : JSON.stringify(value) === JSON.stringify(other);
      return same ? [] : [`${key(row)} ${field}: DuckDB ${JSON.stringify(value)}, Spark ${JSON.stringify(other)}`];
    }),
  );
}

/** A table's rows as plain values, for comparing the two engines' samples (bigints as numbers). */
const rowsOf = (table: Table) =>
  table.toArray().map((row) => JSON.parse(JSON.stringify(row.toJSON(), (_, value) => (typeof value === "bigint" ? Number(value) : value))));

describeSpark("Spark as the platform's engine", () => {
  let directory: string;
  let server: SparkConnectServer;
  let platform: Platform | undefined;
  const paths = () => ({ data: join(directory, "data"), warehouse: join(directory, "warehouse") });
  const openOnSpark = () => Platform.open({ data: paths().data, engine: "spark", sparkRemote: server.remote, warehouse: paths().warehouse });

  beforeAll(async () => {
    directory = makeTemporaryDirectory("slicewise-spark-serve-");
    ensureCompiledLibrary();
    server = await startSparkConnectServer();
    platform = await openOnSpark();
    await platform.uploadDataset("notes", { format: "table", table: dataset });
    for (const [model, table] of Object.entries(results)) await platform.uploadResults("notes", model, { format: "table", table });
    await platform.setQualityStandard("notes", standard);
    const ndjson = (name: string, rows: unknown[]) => {
      const path = join(directory, name);
      writeFileSync(path, rows.map((row) => JSON.stringify(row)).join("\n") + "\n");
      return { format: "ndjson" as const, path };
    };
    await platform.uploadDataset("scenes", ndjson("scenes.ndjson", scenes));
    for (const [model, rows] of Object.entries(detectors)) await platform.uploadResults("scenes", model, ndjson(`${model}.ndjson`, rows));
    await platform.setQualityStandard("scenes", scenesStandard);
  }, 240_000);

  afterAll(async () => {
    await killAllChildren();
    platform?.close();
    await server?.stop();
    removeTemporaryDirectory(directory);
  }, 60_000);

  /** The tables the catalog names: the dataset's commit, the models' results, and (once evaluated) the set of chosen ids. */
  const storedTables = async () =>
    (
      await platform!.database.rows<{ table_name: string }>(
        "SELECT table_name FROM sw_dataset_commits UNION SELECT table_name FROM sw_results UNION SELECT table_name FROM sw_test_case_ids",
      )
    )
      .map((row) => row.table_name)
      .sort();

  test("each upload's table is in the warehouse before any evaluation, one directory per table", async () => {
    const uploaded = await platform!.database.rows<{ table_name: string }>(
      "SELECT table_name FROM sw_dataset_commits UNION SELECT table_name FROM sw_results ORDER BY table_name",
    );
    expect(uploaded).toHaveLength(6);
    expect(readdirSync(paths().warehouse).sort()).toEqual(uploaded.map((row) => row.table_name).sort());
  });

  test("evaluate on Spark equals evaluate on DuckDB: every value, interval, p, q and verdict to 1e-12", async () => {
    const onSpark = await platform!.evaluate("notes", options);
    const onDuckdb = await evaluate(platform!.database, "notes", options);
    expect(onSpark.info).toEqual(onDuckdb.info);
    expect(differencesOf(onDuckdb.rows, onSpark.rows)).toEqual([]);
    // Checkable by hand: "it's" is ids 0, 5, 10, …, 55, where model b is always wrong and model a right on the even ones.
    const itIs = onSpark.rows.filter((row) => row.test_case === "it's" && row.metric === "Accuracy");
    expect(itIs.map((row) => [row.stratification, row.model, row.n, row.value])).toEqual([
      ["note", "a", 12, 0.5],
      ["note", "b", 12, 0],
      ["test_cases", "a", 12, 0.5],
      ["test_cases", "b", 12, 0],
    ]);
    const chosen = onSpark.rows.find((row) => row.test_case === "chosen" && row.model === "b" && row.metric === "Accuracy")!;
    // Ids 0, 3, 4, 17, 59: b is wrong on 0 only.
    expect([chosen.n, chosen.value]).toEqual([5, 0.8]);
  });

  test("detection metrics on Spark equal DuckDB's (boxes unnested with their positions, read by field)", async () => {
    const onSpark = await platform!.evaluate("scenes", detectorOptions);
    const onDuckdb = await evaluate(platform!.database, "scenes", detectorOptions);
    expect(differencesOf(onDuckdb.rows, onSpark.rows)).toEqual([]);
    const value = (model: string, metric: string) => onSpark.rows.find((row) => row.test_case === "all" && row.model === model && row.metric === metric)!.value;
    // sharp: both cats found (IoU 1 and 81/100), nothing else; blurry: one of two cats, and a dog that is not there.
    expect([value("sharp", "Recall"), value("sharp", "Precision"), value("blurry", "Recall"), value("blurry", "Precision")]).toEqual([1, 1, 0.5, 0.5]);
  });

  test("a session Spark closed (as an idle one is, after its timeout) is replaced: the next evaluation runs in a new one", async () => {
    const closed = (platform!.spark!.client as SparkConnectClient).sessionId;
    // Another client of the same session releases it, as Spark's idle timeout would close it.
    await new SparkConnectClient(`${server.remote}/;session_id=${closed}`).close();
    const again = await platform!.evaluate("notes", options);
    expect((platform!.spark!.client as SparkConnectClient).sessionId).not.toBe(closed);
    expect(differencesOf((await evaluate(platform!.database, "notes", options)).rows, again.rows)).toEqual([]);
  });

  const filters: [string, SamplesOptions][] = [
    ["a quote", { where: { field: "note", op: "eq", value: "it's" } }],
    ["a backslash", { where: { field: "note", op: "eq", value: "back\\slash" } }],
    ["two quotes running together", { where: { field: "note", op: "in", value: ["a''b", "quote\\'mix"] } as Predicate }],
    ["a test case by a value with a quote", { test_case: "note/it's" }],
    ["a test case of chosen ids", { test_case: "test_cases/chosen" }],
    ["ordered, paged, with membership columns", { order_by: ["b.loss desc", "note"], limit: 7, offset: 3, test_case_columns: true }],
  ];
  test.each(filters)("samples filtered by %s: the same rows in the same order", async (_what, filter) => {
    const given = { models: ["a", "b"], ...filter };
    const onSpark = rowsOf(await platform!.samples("notes", given));
    const onDuckdb = rowsOf(await samples(platform!.database, "notes", given));
    expect(onSpark).toEqual(onDuckdb);
    expect(onDuckdb.length).toBeGreaterThan(0);
  });

  test("samples by a quoted value find exactly its rows", async () => {
    const table = await platform!.samples("notes", { where: { field: "note", op: "eq", value: "quote\\'mix" } });
    expect(Array.from(table.getChild("id")!.toArray() as Int32Array)).toEqual([4, 9, 14, 19, 24, 29, 34, 39, 44, 49, 54, 59]);
  });

  test("a process killed while writing an upload's Parquet leaves no commit; restarted, the earlier data is intact and evaluable", async () => {
    platform!.close();
    platform = undefined;
    const { data, warehouse } = paths();
    const child = startChild(process.execPath, [join(__dirname, "fixtures/uploadDataset.js"), data, "big", "3000000", "100000"], {
      cwd: repositoryRoot,
      env: { ...process.env, SLICEWISE_ENGINE: "spark", SLICEWISE_SPARK_REMOTE: server.remote, SLICEWISE_WAREHOUSE: warehouse },
    });
    // Killed once its Parquet is being written: the rows are loaded and checked, the commit not yet made.
    const deadline = Date.now() + 60_000;
    while (!readdirSync(warehouse).some((name) => name.includes(".partial-"))) {
      if (Date.now() > deadline) throw new Error(`no Parquet was being written within a minute; the child wrote: ${child.stdout()} ${child.stderr()}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    child.process.kill("SIGKILL");
    expect((await child.exited).signal).toBe("SIGKILL");
    expect(child.stdout()).not.toContain("done");
    expect(readdirSync(warehouse).some((name) => name.includes(".partial-"))).toBe(true);

    platform = await openOnSpark();
    expect(await platform.listDatasets()).toEqual(["notes", "scenes"]);
    // The killed upload's directory is pruned at start: only the catalog's tables remain.
    expect(readdirSync(warehouse).sort()).toEqual(await storedTables());
    const again = await platform.evaluate("notes", options);
    expect(differencesOf((await evaluate(platform.database, "notes", options)).rows, again.rows)).toEqual([]);
  }, 120_000);

  test("slicewise serve --engine spark evaluates over HTTP; without a remote it says which option is missing", async () => {
    platform!.close();
    platform = undefined;
    const { data, warehouse } = paths();
    const refused = startChild(process.execPath, [cliPath, "serve", "--data", data, "--engine", "spark", "--warehouse", warehouse], { cwd: repositoryRoot });
    expect((await refused.exited).code).toBe(2);
    expect(refused.stderr()).toContain("--engine spark needs --spark-remote sc://HOST:15002");

    const serving = startChild(
      process.execPath,
      [cliPath, "serve", "--data", data, "--port", "0", "--no-token", "--engine", "spark", "--spark-remote", server.remote, "--warehouse", warehouse],
      { cwd: repositoryRoot },
    );
    const [, url] = await serving.waitForLine(/^slicewise listening on (\S+)/, 30_000);
    await serving.waitForLine(new RegExp(`engine: Spark at ${server.remote}, warehouse ${warehouse}`));
    const response = await fetch(`${url}/api/v1/datasets/notes/evaluate`, {
      method: "POST",
      body: JSON.stringify(options),
      headers: { "Content-Type": "application/json" },
    });
    expect(response.status).toBe(200);
    const table = tableFromIPC(new Uint8Array(await response.arrayBuffer()));
    const accuracyOfB = table.toArray().find((row) => row.test_case === "all" && row.model === "b" && row.metric === "Accuracy");
    // b is wrong on the 12 multiples of 5 among 60.
    expect(accuracyOfB.value).toBeCloseTo(48 / 60, 12);
    serving.process.kill("SIGTERM");
    expect((await serving.exited).code).toBe(0);
  }, 120_000);
});
