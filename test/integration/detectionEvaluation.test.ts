// The detection metric kind through the platform (issue 17): boxes uploaded as NDJSON lists,
// matched per image, measured per test case — a stratification, an explicit test case and the
// whole dataset — for two models, with values worked out by hand below, image-bootstrap
// intervals around them, and a paired test against the reference.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { EvaluationRow, QualityStandard, SlicewiseError } from "../../src/core";
import { Platform } from "../../src/platform";
import { makeTemporaryDirectory, removeTemporaryDirectory } from "../helpers/temporaryDirectory";

let directory: string;
let platform: Platform;

const box = (x_min: number, y_min: number, x_max: number, y_max: number, label: string, score?: number) => ({
  x_min,
  y_min,
  x_max,
  y_max,
  label,
  ...(score === undefined ? {} : { score }),
});

// Four images. Greedy matching at IoU ≥ 0.5, every score counted:
//   image 1 (day):   a cat;            "sharp" finds it (IoU 1),            "blurry" boxes empty sky (FP)
//   image 2 (day):   a dog;            both find it with a box 1 px in (IoU 81/100)
//   image 3 (night): two cats;         "sharp" finds one,                    "blurry" nothing
//   image 4 (night): nothing;          "sharp" sees a dog that is not there (FP)
// So over all images sharp has TP 3, FP 1, FN 1 (recall 3/4, precision 3/4) and blurry TP 1,
// FP 1, FN 3 (recall 1/4, precision 1/2); by day 2/2 and 1/2, by night 1/2 and 0/2.
const images = [
  { id: 1, scene: "day", gt: [box(0, 0, 10, 10, "cat")] },
  { id: 2, scene: "day", gt: [box(0, 0, 10, 10, "dog")] },
  { id: 3, scene: "night", gt: [box(0, 0, 10, 10, "cat"), box(50, 50, 60, 60, "cat")] },
  { id: 4, scene: "night", gt: [] },
];
const predictions: Record<string, { id: number; pred: ReturnType<typeof box>[] }[]> = {
  sharp: [
    { id: 1, pred: [box(0, 0, 10, 10, "cat", 0.9)] },
    { id: 2, pred: [box(1, 1, 10, 10, "dog", 0.7)] },
    { id: 3, pred: [box(0, 0, 10, 10, "cat", 0.4)] },
    { id: 4, pred: [box(5, 5, 15, 15, "dog", 0.3)] },
  ],
  blurry: [
    { id: 1, pred: [box(20, 20, 30, 30, "cat", 0.8)] },
    { id: 2, pred: [box(1, 1, 10, 10, "dog", 0.6)] },
    { id: 3, pred: [] },
    { id: 4, pred: [] },
  ],
};

const detection = { kind: "detection", gt: "gt", pred: "pred", matching: "greedy", iou: 0.5, threshold: 0, average: "micro", higher_is_better: true } as const;
const standard: QualityStandard = {
  stratifications: [{ name: "scene", field: "scene" }],
  test_cases: [{ name: "first three", where: { field: "id", op: "le", value: 3 } }],
  metric_groups: [
    {
      name: "detection",
      metrics: [
        { label: "Recall", measure: "recall", ...detection },
        { label: "Precision", measure: "precision", ...detection },
        { label: "TP", measure: "tp", ...detection },
        { label: "AP", kind: "detection", measure: "ap", gt: "gt", pred: "pred", matching: "coco", iou: "0.50:0.05:0.95", higher_is_better: true },
      ],
    },
  ],
};

function ndjson(name: string, rows: unknown[]): string {
  const path = join(directory, name);
  writeFileSync(path, rows.map((row) => JSON.stringify(row)).join("\n") + "\n");
  return path;
}

let rows: EvaluationRow[];
const row = (testCase: string, model: string, metric: string) => rows.find((r) => r.test_case === testCase && r.model === model && r.metric === metric)!;

beforeAll(async () => {
  directory = makeTemporaryDirectory("slicewise-detection-");
  platform = await Platform.open({ data: join(directory, "data") });
  await platform.uploadDataset("scenes", { format: "ndjson", path: ndjson("scenes.ndjson", images) });
  for (const [model, rowsOfModel] of Object.entries(predictions))
    await platform.uploadResults("scenes", model, { format: "ndjson", path: ndjson(`${model}.ndjson`, rowsOfModel) });
  await platform.setQualityStandard("scenes", standard);
  rows = (await platform.evaluate("scenes", { models: ["sharp", "blurry"], reference: "sharp", resamples: 200 })).rows;
});

afterAll(() => {
  platform.close();
  removeTemporaryDirectory(directory);
});

test("recall, precision and true positives per test case are the hand-counted ones", () => {
  const values = (metric: string) =>
    ["all", "day", "night", "first three"].map((testCase) => [testCase, row(testCase, "sharp", metric).value, row(testCase, "blurry", metric).value]);
  expect(values("Recall")).toEqual([
    ["all", 3 / 4, 1 / 4],
    ["day", 1, 1 / 2],
    ["night", 1 / 2, 0],
    ["first three", 3 / 4, 1 / 4],
  ]);
  expect(values("Precision")).toEqual([
    ["all", 3 / 4, 1 / 2],
    ["day", 1, 1 / 2],
    // No box at all: precision 0/0 is taken as 0, as scikit-learn's zero_division does by default.
    ["night", 1 / 2, 0],
    ["first three", 1, 1 / 2],
  ]);
  expect(values("TP")).toEqual([
    ["all", 3, 1],
    ["day", 2, 1],
    ["night", 1, 0],
    ["first three", 3, 1],
  ]);
  // n is the test case's images.
  expect(["all", "day", "night", "first three"].map((testCase) => row(testCase, "blurry", "Recall").n)).toEqual([4, 2, 2, 3]);
});

test("intervals come from the image bootstrap and hold the value; the paired test compares with the reference", () => {
  for (const r of rows.filter((candidate) => candidate.value !== null && candidate.metric !== "AP")) {
    expect(r.ci_low).not.toBeNull();
    expect([r.test_case, r.model, r.metric, r.ci_low! <= r.value! && r.value! <= r.ci_high!]).toEqual([r.test_case, r.model, r.metric, true]);
  }
  const blurry = row("all", "blurry", "Recall");
  expect(blurry.delta).toBeCloseTo(1 / 4 - 3 / 4, 12);
  expect(blurry.p_value).not.toBeNull();
  expect(row("all", "sharp", "Recall").p_value).toBeNull();
});

test("COCO-style AP over IoU 0.50:0.95 is the hand-worked mean over classes and thresholds", () => {
  // Cats (3): sharp ranks two hits (IoU 1) → recall 1/3, 2/3 at precision 1: 67 of COCO's 101 recall
  // points (0, 0.01, … 0.66) → 67/101 at every threshold; blurry's one cat box misses → 0.
  // Dog (1): both boxes have IoU 0.81, a hit at 0.50 … 0.80 (7 of 10 thresholds) with precision 1 → 0.7.
  expect(row("all", "sharp", "AP").value).toBeCloseTo((67 / 101 + 0.7) / 2, 12);
  expect(row("all", "blurry", "AP").value).toBeCloseTo((0 + 0.7) / 2, 12);
});

test("a detection metric over a column without boxes is refused when the standard is set, naming the field", async () => {
  const error = await platform
    .setQualityStandard("scenes", {
      ...standard,
      metric_groups: [{ name: "detection", metrics: [{ label: "Recall", measure: "recall", ...detection, gt: "scene" }] }],
    })
    .catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(SlicewiseError);
  expect((error as SlicewiseError).code).toBe("invalid_metric");
  expect((error as SlicewiseError).message).toContain('needs a box-list field "scene", but it holds strings (VARCHAR)');
});

test("an area range whose min is not below its max is refused when the standard is set, naming the field", async () => {
  const error = await platform
    .setQualityStandard("scenes", {
      ...standard,
      metric_groups: [{ name: "detection", metrics: [{ label: "Recall", measure: "recall", ...detection, area: [100, 10] }] }],
    })
    .catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(SlicewiseError);
  expect((error as SlicewiseError).message).toMatch(/area.*min < max/);
});

test("classes that no box is labelled with are refused at evaluation, naming them and the labels there are", async () => {
  await platform.setQualityStandard("scenes", {
    ...standard,
    metric_groups: [{ name: "detection", metrics: [{ label: "Recall", measure: "recall", ...detection, classes: ["cat", "bird"] }] }],
  });
  const error = await platform.evaluate("scenes", { models: ["sharp", "blurry"], reference: "sharp" }).catch((caught: unknown) => caught);
  await platform.setQualityStandard("scenes", standard);
  expect(error).toBeInstanceOf(SlicewiseError);
  expect((error as SlicewiseError).code).toBe("invalid_metric");
  expect((error as SlicewiseError).message).toContain('"classes" names "bird", which no box is labelled with; the boxes\' labels are "cat", "dog"');
});

test("each model's results gain the per-image counts tp, fp and fn (greedy, IoU ≥ 0.5, score ≥ 0.5), read as <model>.tp in the samples", async () => {
  // sharp: image 3's cat (0.4) and image 4's dog (0.3) score below 0.5 and are not counted, so image 3
  // has two misses; blurry: image 1's box is on empty sky (a false positive and a miss), image 3 has none.
  const table = await platform.samples("scenes", { models: ["sharp", "blurry"], order_by: "id" });
  const column = (name: string) => Array.from(table.getChild(name)!.toArray() as Int32Array);
  expect(column("sharp.tp")).toEqual([1, 1, 0, 0]);
  expect(column("sharp.fp")).toEqual([0, 0, 0, 0]);
  expect(column("sharp.fn")).toEqual([0, 0, 2, 0]);
  expect(column("blurry.tp")).toEqual([0, 1, 0, 0]);
  expect(column("blurry.fp")).toEqual([1, 0, 0, 0]);
  expect(column("blurry.fn")).toEqual([1, 0, 2, 0]);
  // Sortable like any result column: the images blurry missed most first.
  const missedFirst = await platform.samples("scenes", { models: ["blurry"], order_by: ["blurry.fn desc", "id"] });
  expect(Array.from(missedFirst.getChild("id")!.toArray() as ArrayLike<number>, Number)).toEqual([3, 1, 2, 4]);
});
