// Reads do not wait behind writes, and work whose caller went away stops (issue 12, point 2):
// reads run on connections of their own, each in one snapshot of the store; a cancelled read
// fails with `cancelled` and gives its connection back.
import { tableFromArrays } from "apache-arrow";
import { Platform } from "../../src/platform";
import { makeTemporaryDirectory, removeTemporaryDirectory } from "../helpers/temporaryDirectory";

let directory: string;
let platform: Platform;

beforeAll(async () => {
  directory = makeTemporaryDirectory("slicewise-concurrent-");
  platform = await Platform.open({ data: directory });
  const ids = Int32Array.from({ length: 100 }, (_, index) => index);
  await platform.uploadDataset("shapes", { format: "table", table: tableFromArrays({ id: ids, side: Float64Array.from(ids, (id) => id % 10) }) });
  await platform.uploadResults("shapes", "m", { format: "table", table: tableFromArrays({ id: ids, correct: Array.from(ids, (id) => id % 4 !== 0) }) });
  await platform.setQualityStandard("shapes", {
    stratifications: [{ field: "side" }],
    metric_groups: [{ name: "q", metrics: [{ label: "Accuracy", kind: "mean", field: "correct" }] }],
  });
});

afterAll(() => {
  platform.close();
  removeTemporaryDirectory(directory);
});

test("while a write transaction is open, describe, samples and evaluate answer — from the last commit", async () => {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let writeStarted!: () => void;
  const started = new Promise<void>((resolve) => (writeStarted = resolve));
  const writing = platform.database.transaction(async (connection) => {
    await connection.run("DELETE FROM sw_quality_standards WHERE dataset = 'shapes'");
    writeStarted();
    await gate;
  });
  await started;
  const [description, samples, evaluation] = await Promise.all([
    platform.describeDataset("shapes"),
    platform.samples("shapes", { limit: 5 }),
    platform.evaluate("shapes", { models: ["m"] }),
  ]);
  // The write is still open: readers see the committed store, standard included.
  expect(description).toMatchObject({ rows: 100, quality_standard_version: 1 });
  expect(samples.numRows).toBe(5);
  // Ids 0, 4, 8, … are wrong: 25 of 100.
  expect(evaluation.rows.find((row) => row.stratification === "dataset")?.value).toBeCloseTo(0.75, 12);
  release();
  await writing;
  expect((await platform.describeDataset("shapes")).quality_standard_version).toBeNull();
});

test("an evaluation whose signal aborts fails with cancelled, and twenty cancelled ones leave every connection usable", async () => {
  await platform.setQualityStandard("shapes", {
    stratifications: [{ field: "side" }],
    metric_groups: [{ name: "q", metrics: [{ label: "Accuracy", kind: "mean", field: "correct" }] }],
  });
  const outcomes = await Promise.allSettled(
    Array.from({ length: 20 }, () => {
      const cancel = new AbortController();
      const evaluation = platform.evaluate("shapes", { models: ["m"] }, { signal: cancel.signal });
      cancel.abort();
      return evaluation;
    }),
  );
  expect(outcomes.map((outcome) => (outcome.status === "rejected" ? (outcome.reason as { code: string }).code : "answered"))).toEqual(
    Array(20).fill("cancelled"),
  );
  // Had a cancelled read kept its connection, these would wait for ever.
  const answers = await Promise.all(Array.from({ length: 12 }, () => platform.describeDataset("shapes")));
  expect(answers.map((answer) => answer.rows)).toEqual(Array(12).fill(100));
});

test("a samples request whose signal is already aborted does not run", async () => {
  const cancel = new AbortController();
  cancel.abort();
  await expect(platform.samples("shapes", {}, { signal: cancel.signal })).rejects.toMatchObject({ code: "cancelled" });
});

test("a description is answered from memory until the next write, and the write is seen at once", async () => {
  const before = await platform.describeDataset("shapes");
  before.rows = -1; // a caller's copy: changing it changes no later answer
  expect((await platform.describeDataset("shapes")).rows).toBe(100);
  const ids = Int32Array.from({ length: 7 }, (_, index) => index);
  await platform.uploadDataset("shapes", { format: "table", table: tableFromArrays({ id: ids, side: Float64Array.from(ids) }) });
  expect(await platform.describeDataset("shapes")).toMatchObject({ commit: before.commit + 1, rows: 7 });
});
