// Large test cases of chosen samples are kept beside the standard (issue 18 §2): a standard read
// back names a set of more than 1,000 ids by reference, the reference sent back keeps the set, and
// evaluate counts exactly the set's ids that the dataset holds — in process and over HTTP.
import { join } from "node:path";
import { tableFromArrays } from "apache-arrow";
import { IdValue, QualityStandard, SlicewiseError, TestCaseDefinition } from "../../src/core";
import { HttpWorkspace } from "../../src/client";
import { Platform } from "../../src/platform";
import { RunningApiServer, startApiServer } from "../helpers/apiServer";
import { makeTemporaryDirectory, removeTemporaryDirectory } from "../helpers/temporaryDirectory";

let directory: string;
let platform: Platform;
let server: RunningApiServer;

// 150,000 datapoints, ids 0 … 149,999; the model is right where the id is a multiple of 4.
const rows = 150_000;
const ids = Int32Array.from({ length: rows }, (_, i) => i);
// 100,000 even ids 0 … 199,998: the 75,000 below 150,000 are in the dataset, half of them multiples of 4.
const evens = Array.from({ length: 100_000 }, (_, i) => 2 * i);
// 0 … 39: ten multiples of 4 (0, 4, …, 36), so the model is right on 10 of 40.
const first40 = Array.from({ length: 40 }, (_, i) => i);

const standard = (testCases: TestCaseDefinition[]): QualityStandard => ({
  stratifications: [],
  test_cases: testCases,
  metric_groups: [{ name: "quality", metrics: [{ label: "Accuracy", kind: "mean", field: "correct", higher_is_better: true }] }],
});

async function evaluated(dataset: string): Promise<Record<string, [number, number]>> {
  const { rows: evaluation } = await platform.evaluate(dataset, { models: ["model"], reference: "model" });
  return Object.fromEntries(evaluation.map((row) => [row.test_case, [row.n, row.value] as [number, number]]));
}

beforeAll(async () => {
  directory = makeTemporaryDirectory("slicewise-stored-ids-");
  platform = await Platform.open({ data: join(directory, "data") });
  await platform.uploadDataset("big", { format: "table", table: tableFromArrays({ id: ids }) });
  await platform.uploadResults("big", "model", { format: "table", table: tableFromArrays({ id: ids, correct: Array.from(ids, (i) => i % 4 === 0) }) });
  server = await startApiServer(platform);
}, 60_000);

afterAll(async () => {
  await server?.stop();
  platform?.close();
  removeTemporaryDirectory(directory);
});

test("a set of 100,000 ids is kept apart: read back by reference, listed on request, evaluated on the ids the dataset holds", async () => {
  const saved = await platform.setQualityStandard(
    "big",
    standard([
      { name: "evens", ids: evens },
      { name: "first 40", ids: first40 },
    ]),
  );
  const reference = { name: "evens", ids: null, id_count: 100_000, ids_of: { version: saved.version, test_case: "evens" } };
  expect(saved.test_cases).toEqual([reference, { name: "first 40", ids: first40 }]);
  expect((await platform.getQualityStandard("big")).test_cases[0]).toEqual(reference);
  expect((await platform.getQualityStandard("big", undefined, { ids: "all" })).test_cases[0]).toEqual({ name: "evens", ids: evens });
  expect((await platform.getTestCaseIds("big", "evens")).ids).toEqual(evens);

  const byCase = await evaluated("big");
  expect(byCase.evens).toEqual([75_000, 0.5]);
  expect(byCase["first 40"]).toEqual([40, 10 / 40]);
  const inside = await platform.samples("big", { test_case: "test_cases/first 40", order_by: "id", limit: 100 });
  expect(inside.toArray().map((row) => row.id)).toEqual(first40);
});

test("a standard read back and sent again keeps its large set, and a new version adds to it", async () => {
  const before = await platform.getQualityStandard("big");
  const { version: _version, ...unchanged } = before;
  const again = await platform.setQualityStandard("big", { ...unchanged, test_cases: [...unchanged.test_cases, { name: "three", ids: [1, 2, 3] }] });
  expect(again.version).toBe(before.version + 1);
  expect(again.test_cases[0]).toEqual({ name: "evens", ids: null, id_count: 100_000, ids_of: { version: again.version, test_case: "evens" } });
  expect((await platform.getTestCaseIds("big", "evens")).ids).toEqual(evens);
  const byCase = await evaluated("big");
  expect(byCase.evens).toEqual([75_000, 0.5]);
  expect(byCase.three).toEqual([3, 0]);
  // The older version still reads as it was.
  expect((await platform.getQualityStandard("big", before.version)).test_cases.map((testCase) => testCase.name)).toEqual(["evens", "first 40"]);
});

test("a reference may name an older version's set under a new name; a wrong count or a missing set is refused", async () => {
  const renamed = await platform.setQualityStandard("big", standard([{ name: "even ids", ids: null, ids_of: { version: 1, test_case: "evens" } }]));
  expect(renamed.test_cases[0]).toMatchObject({ name: "even ids", id_count: 100_000 });
  expect((await evaluated("big"))["even ids"]).toEqual([75_000, 0.5]);

  const refusal = (testCases: TestCaseDefinition[]) =>
    platform.setQualityStandard("big", standard(testCases)).then(
      () => null,
      (error: unknown) => error as SlicewiseError,
    );
  const count = await refusal([{ name: "even ids", ids: null, id_count: 99 }]);
  expect([count?.code, count?.message]).toEqual(["invalid_quality_standard", expect.stringContaining("says it holds 99 ids, but the set it names")]);
  const missing = await refusal([{ name: "nowhere", ids: null }]);
  expect(missing?.message).toContain('has no test case "nowhere" made of ids');
});

test("over HTTP: the reference, ?ids=all, the ids route, and a round trip through the TypeScript client", async () => {
  await platform.setQualityStandard("big", standard([{ name: "evens", ids: evens }]));
  const workspace = new HttpWorkspace(server.url);
  const read = await workspace.getQualityStandard("big");
  expect(read.test_cases[0]).toMatchObject({ name: "evens", ids: null, id_count: 100_000 });
  expect(((await workspace.getQualityStandard("big", { ids: "all" })).test_cases[0] as { ids: IdValue[] }).ids).toEqual(evens);
  const route = await fetch(`${server.url}/api/v1/datasets/big/quality-standard/test-cases/evens/ids`);
  expect(route.status).toBe(200);
  const body = await route.json();
  expect([body.test_case, body.id_fields, body.ids.length, body.ids.slice(0, 3)]).toEqual(["evens", ["id"], 100_000, [0, 2, 4]]);
  const missing = await fetch(`${server.url}/api/v1/datasets/big/quality-standard/test-cases/nothing/ids`);
  expect([missing.status, (await missing.json()).error.code]).toEqual([404, "not_found"]);

  const { version: _version, ...unchanged } = read;
  const again = await workspace.setQualityStandard("big", unchanged);
  expect(again.version).toBe(read.version + 1);
  expect((await platform.getTestCaseIds("big", "evens")).ids).toEqual(evens);
});

test("text and 64-bit ids are stored in their own types and read back as JSON gives them", async () => {
  await platform.uploadDataset(
    "letters",
    { format: "table", table: tableFromArrays({ key: ["a", "b", "c", "d"], value: Float64Array.from([1, 2, 3, 4]) }) },
    { idFields: ["key"] },
  );
  await platform.setQualityStandard("letters", { stratifications: [], test_cases: [{ name: "b and d", ids: ["d", "b"] }], metric_groups: [] });
  expect((await platform.getQualityStandard("letters")).test_cases).toEqual([{ name: "b and d", ids: ["d", "b"] }]);
  const letters = await platform.samples("letters", { test_case: "test_cases/b and d", order_by: "key" });
  expect(letters.toArray().map((row) => row.value)).toEqual([2, 4]);

  await platform.uploadDataset(
    "wide",
    { format: "table", table: tableFromArrays({ id: BigInt64Array.from([1n, 2n, 3n]), value: Float64Array.from([10, 20, 30]) }) },
    { idFields: ["id"] },
  );
  await platform.setQualityStandard("wide", { stratifications: [], test_cases: [{ name: "two and three", ids: [3, 2] }], metric_groups: [] });
  expect((await platform.getTestCaseIds("wide", "two and three")).ids).toEqual([3, 2]);
  const wide = await platform.samples("wide", { test_case: "test_cases/two and three", order_by: "id" });
  expect(wide.toArray().map((row) => row.value)).toEqual([20, 30]);
});

test("a version stored before ids were kept apart (its JSON lists them) still evaluates, and a reference to it stores its ids", async () => {
  await platform.uploadDataset("old", { format: "table", table: tableFromArrays({ id: Int32Array.from([0, 1, 2, 3]) }) });
  await platform.uploadResults("old", "model", {
    format: "table",
    table: tableFromArrays({ id: Int32Array.from([0, 1, 2, 3]), correct: [true, false, true, true] }),
  });
  // As an earlier release wrote it: the ids in the definition, nothing in sw_test_case_ids.
  const listed = standard([{ name: "odd", ids: [1, 3] }]);
  await platform.database.transaction((connection) =>
    connection.run("INSERT INTO sw_quality_standards VALUES (?, 1, ?, now())", ["old", JSON.stringify(listed)]),
  );
  const { rows: first } = await platform.evaluate("old", { models: ["model"], reference: "model" });
  // Ids 1 (wrong) and 3 (right).
  expect(first.filter((row) => row.test_case === "odd").map((row) => [row.n, row.value])).toEqual([[2, 0.5]]);
  await platform.setQualityStandard("old", standard([{ name: "odd", ids: null }]));
  expect((await platform.getTestCaseIds("old", "odd")).ids).toEqual([1, 3]);
  expect((await platform.getTestCaseIds("old", "odd", 1)).ids).toEqual([1, 3]);
});
