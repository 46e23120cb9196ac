// What evaluations remember of the stored tables: asked once, shared by askers at the same time,
// a failure not kept; and an evaluation on a new commit sees the new table, not the old one's facts.
import { tableFromArrays } from "apache-arrow";
import { Platform } from "../../../../src/platform";
import { TableFacts } from "../../../../src/platform/store/tableFacts";
import { makeTemporaryDirectory, removeTemporaryDirectory } from "../../../helpers/temporaryDirectory";

test("a question about a table is answered once; another question or another table is asked anew", async () => {
  const facts = new TableFacts();
  let asked = 0;
  const answer = async () => ++asked;
  expect(await facts.ask("t_1", "rows", answer)).toBe(1);
  expect(await facts.ask("t_1", "rows", answer)).toBe(1);
  expect(await facts.ask("t_1", "columns", answer)).toBe(2);
  expect(await facts.ask("t_2", "rows", answer)).toBe(3);
  expect(asked).toBe(3);
});

test("askers at the same time share one answer", async () => {
  const facts = new TableFacts();
  let asked = 0;
  let release!: (value: number) => void;
  const answer = () => {
    asked += 1;
    return new Promise<number>((resolve) => (release = resolve));
  };
  const first = facts.ask("t_1", "rows", answer);
  const second = facts.ask("t_1", "rows", answer);
  release(42);
  expect(await Promise.all([first, second])).toEqual([42, 42]);
  expect(asked).toBe(1);
});

test("a failed answer is not kept, and an asker waiting on another's failed work answers for itself", async () => {
  const facts = new TableFacts();
  let fail!: (error: Error) => void;
  const failing = facts.ask("t_1", "rows", () => new Promise<number>((_, reject) => (fail = reject)));
  const waiting = facts.ask("t_1", "rows", async () => 7);
  fail(new Error("cancelled"));
  await expect(failing).rejects.toThrow("cancelled");
  expect(await waiting).toBe(7);
  // Kept now: a later asker's own answer is not asked.
  expect(await facts.ask("t_1", "rows", async () => 8)).toBe(7);
});

test("the oldest answers make room: 4,096 are kept", async () => {
  const facts = new TableFacts();
  for (let table = 0; table <= 4096; table++) await facts.ask(`t_${table}`, "rows", async () => table);
  expect(await facts.ask("t_4096", "rows", async () => -1)).toBe(4096);
  expect(await facts.ask("t_0", "rows", async () => -1)).toBe(-1);
});

test("an evaluation after a new upload reads the new tables' columns, not what it learnt of the old ones", async () => {
  const directory = makeTemporaryDirectory();
  const platform = await Platform.open({ data: directory });
  try {
    const ids = Int32Array.from({ length: 40 }, (_, i) => i);
    await platform.uploadDataset("d", { format: "table", table: tableFromArrays({ id: ids, label: Int32Array.from(ids, (i) => i % 2) }) });
    const results = (score: (i: number) => number | null) =>
      tableFromArrays({ id: ids, pred: Int32Array.from(ids, (i) => i % 2), score: Array.from(ids, score) });
    await platform.uploadResults("d", "m", { format: "table", table: results(() => null) });
    await platform.setQualityStandard("d", {
      stratifications: [],
      test_cases: [],
      metric_groups: [{ name: "g", metrics: [{ label: "Mean score", kind: "mean", field: "score", higher_is_better: true }] }],
    });
    const meanScore = async () => (await platform.evaluate("d", { models: ["m"], reference: "m" })).rows.find((row) => row.test_case === "all")!;
    // Every score missing (its column all null, as its scan found): no value.
    expect(await meanScore()).toMatchObject({ n: 0, value: null });
    await platform.uploadResults("d", "m", { format: "table", table: results((i) => i / 10) });
    expect(await meanScore()).toMatchObject({ n: 40, value: 1.95 });
    // Results without the field: the metric's field is missing, said as such.
    await platform.uploadResults("d", "m", { format: "table", table: tableFromArrays({ id: ids, pred: ids }) });
    await expect(meanScore()).rejects.toThrow(/score/);
  } finally {
    platform.close();
    removeTemporaryDirectory(directory);
  }
});
