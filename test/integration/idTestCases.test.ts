// Test cases made of chosen samples (issue 18): `{ name, ids }` in the quality standard, evaluated,
// filtered in samples and given membership columns like any explicit test case; ids of a dataset
// with two id fields as lists; ids of the wrong type or shape refused when the standard is set.
import { join } from "node:path";
import { tableFromArrays } from "apache-arrow";
import { QualityStandard, SlicewiseError } from "../../src/core";
import { Platform } from "../../src/platform";
import { makeTemporaryDirectory, removeTemporaryDirectory } from "../helpers/temporaryDirectory";

let directory: string;
let platform: Platform;

// Ten datapoints; the model is right on the even ids.
const ids = Int32Array.from({ length: 10 }, (_, i) => i);
const standard = (testCases: QualityStandard["test_cases"]): QualityStandard => ({
  stratifications: [],
  test_cases: testCases,
  metric_groups: [{ name: "quality", metrics: [{ label: "Accuracy", kind: "mean", field: "correct", higher_is_better: true }] }],
});

beforeAll(async () => {
  directory = makeTemporaryDirectory("slicewise-ids-");
  platform = await Platform.open({ data: join(directory, "data") });
  await platform.uploadDataset("ten", { format: "table", table: tableFromArrays({ id: ids, group: Array.from(ids, (i) => (i < 5 ? "a" : "b")) }) });
  await platform.uploadResults("ten", "model", { format: "table", table: tableFromArrays({ id: ids, correct: Array.from(ids, (i) => i % 2 === 0) }) });
  await platform.uploadDataset(
    "pairs",
    {
      format: "table",
      table: tableFromArrays({ scene: Int32Array.from([1, 1, 2, 2]), frame: Int32Array.from([0, 1, 0, 1]), value: Float64Array.from([1, 2, 3, 4]) }),
    },
    { idFields: ["scene", "frame"] },
  );
});

afterAll(() => {
  platform.close();
  removeTemporaryDirectory(directory);
});

test("an id-set test case is evaluated on exactly its datapoints, beside a where test case", async () => {
  await platform.setQualityStandard(
    "ten",
    standard([
      { name: "chosen", ids: [0, 2, 3, 9] },
      { name: "group a", where: { field: "group", op: "eq", value: "a" } },
    ]),
  );
  const { rows } = await platform.evaluate("ten", { models: ["model"], reference: "model" });
  const byCase = Object.fromEntries(rows.map((row) => [row.test_case, [row.n, row.value]]));
  // Ids 0 and 2 right, 3 and 9 wrong.
  expect(byCase.chosen).toEqual([4, 0.5]);
  expect(byCase["group a"]).toEqual([5, 3 / 5]);
  expect(byCase.all).toEqual([10, 0.5]);
});

test("samples filter to an id-set test case and say who is in it", async () => {
  const inside = await platform.samples("ten", { test_case: "test_cases/chosen", order_by: "id" });
  expect(inside.toArray().map((row) => row.id)).toEqual([0, 2, 3, 9]);
  const all = await platform.samples("ten", { test_case_columns: true, order_by: "id" });
  expect(all.toArray().map((row) => row["test_case/test_cases/chosen"])).toEqual([true, false, true, true, false, false, false, false, false, true]);
});

test("a dataset with two id fields takes each id as a list in the id fields' order", async () => {
  await platform.setQualityStandard("pairs", {
    stratifications: [],
    test_cases: [
      {
        name: "first frames",
        ids: [
          [1, 0],
          [2, 0],
        ],
      },
    ],
    metric_groups: [{ name: "values", metrics: [{ label: "Mean", kind: "mean", field: "value", higher_is_better: null }] }],
  });
  const inside = await platform.samples("pairs", { test_case: "test_cases/first frames", order_by: "value" });
  expect(inside.toArray().map((row) => row.value)).toEqual([1, 3]);
});

test("ids of the wrong shape or type are refused when the standard is set, naming the test case", async () => {
  const refusal = (testCases: QualityStandard["test_cases"], dataset = "ten") =>
    platform.setQualityStandard(dataset, standard(testCases)).then(
      () => null,
      (error: unknown) => error as SlicewiseError,
    );
  const shape = await refusal([{ name: "half ids", ids: [[1, 0], [2]] }], "pairs");
  expect([shape?.code, shape?.message]).toEqual([
    "invalid_quality_standard",
    expect.stringContaining('test case "half ids": id 2 ([2]) has 1 value, but the dataset\'s id fields are scene, frame'),
  ]);
  const type = await refusal([{ name: "text ids", ids: ["zero"] }]);
  expect(type?.code).toBe("invalid_quality_standard");
  expect(type?.message).toContain('test case "text ids"');
  const empty = await refusal([{ name: "nothing", ids: [] }]);
  expect(empty?.message).toContain("must list at least one id");
});
