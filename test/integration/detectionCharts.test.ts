// The detection charts through the platform on the scenes example (real digits, three real
// detectors): confusion matrices whose ground-truth columns hold exactly the boxes placed in the
// scenes, and curves whose ends and operating points are the evaluation's own recall and precision.
import { join } from "node:path";
import { Table, tableFromIPC, tableToIPC } from "apache-arrow";
import { DetectionChartRow, EvaluationRow, MetricDefinition, detectionChartsInfo } from "../../src/core";
import { Platform } from "../../src/platform";
import { DetectionExample, buildDetectionExample } from "../../examples/detection";
import { makeTemporaryDirectory, removeTemporaryDirectory } from "../helpers/temporaryDirectory";

let directory: string;
let platform: Platform;
let example: DetectionExample;
let table: Table;
let charts: DetectionChartRow[];
let evaluation: EvaluationRow[];

const greedy = { kind: "detection", gt: "gt", pred: "pred", matching: "greedy", iou: 0.5, average: "micro", higher_is_better: true } as const;
const extraMetrics: MetricDefinition[] = [
  { label: "Recall@0", measure: "recall", threshold: 0, ...greedy },
  { label: "Recall@.5", measure: "recall", threshold: 0.5, ...greedy },
  { label: "Precision@.5", measure: "precision", threshold: 0.5, ...greedy },
];

beforeAll(async () => {
  directory = makeTemporaryDirectory("slicewise-detection-charts-");
  platform = await Platform.open({ data: join(directory, "data") });
  example = buildDetectionExample({ scenes: 120 });
  await platform.uploadDataset("scenes", { format: "table", table: example.dataset }, { idFields: ["image_id"] });
  for (const model of example.models) await platform.uploadResults("scenes", model, { format: "table", table: example.results[model] });
  const standard = example.qualityStandard;
  await platform.setQualityStandard("scenes", {
    ...standard,
    metric_groups: [...standard.metric_groups, { name: "at thresholds", metrics: extraMetrics }],
  });
  const options = { models: example.models, reference: example.reference };
  table = await platform.detectionCharts("scenes", { ...options, resolution: 0 });
  // Through Arrow IPC, as a widget or the HTTP API receives it.
  charts = rowsOf(tableFromIPC(tableToIPC(table, "stream")));
  evaluation = (await platform.evaluate("scenes", { ...options, resamples: 100 })).rows;
}, 180_000);

afterAll(() => {
  platform?.close();
  removeTemporaryDirectory(directory);
});

function rowsOf(arrow: Table): DetectionChartRow[] {
  return arrow.toArray().map((row) => {
    const plain = row.toJSON() as Record<string, unknown>;
    return { ...plain, count: plain.count === null ? null : Number(plain.count) } as unknown as DetectionChartRow;
  });
}

const of = (chart: "pr" | "confusion", metric: string, model: string, testCase = "all") =>
  charts.filter((row) => row.chart === chart && row.metric === metric && row.model === model && row.test_case === testCase);

/** Placed digits per label in the given scenes, counted from the scenes themselves, not from the upload. */
function placedDigits(sceneIds: number[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const id of sceneIds)
    for (const placement of example.scenes[id].placements) counts.set(String(placement.label), (counts.get(String(placement.label)) ?? 0) + 1);
  return counts;
}

function truthColumnSums(cells: DetectionChartRow[]): Map<string, number> {
  const sums = new Map<string, number>();
  for (const cell of cells) if (cell.truth !== null) sums.set(cell.truth, (sums.get(cell.truth) ?? 0) + cell.count!);
  return sums;
}

const sorted = (map: Map<string, number>) => [...map.entries()].sort(([a], [b]) => a.localeCompare(b));

test("the table names what every detection metric was drawn at", () => {
  const info = detectionChartsInfo(table)!;
  expect(info.models).toEqual(example.models);
  expect(info.metrics.map((metric) => [metric.metric, metric.iou, metric.matching, metric.threshold])).toEqual([
    ["mAP", 0.5, "coco", "f1-optimal"],
    ["AP50", 0.5, "coco", "f1-optimal"],
    ["F1", 0.5, "greedy", "f1-optimal"],
    ["Recall@0", 0.5, "greedy", 0],
    ["Recall@.5", 0.5, "greedy", 0.5],
    ["Precision@.5", 0.5, "greedy", 0.5],
  ]);
});

test("each confusion matrix's ground-truth columns sum to the digits placed in the test case's scenes", () => {
  const all = example.scenes.map((_, id) => id);
  const holdsThree = example.digitTestCases[3];
  for (const model of example.models) {
    for (const metric of ["F1", "Recall@.5"]) {
      expect(sorted(truthColumnSums(of("confusion", metric, model)))).toEqual(sorted(placedDigits(all)));
      expect(sorted(truthColumnSums(of("confusion", metric, model, holdsThree.name)))).toEqual(sorted(placedDigits(holdsThree.ids)));
    }
  }
});

test("each confusion matrix's predicted rows sum to the boxes counted at the threshold", () => {
  for (const model of example.models) {
    const boxes = new Map<string, number>();
    const column = example.results[model].getChild("pred")!;
    for (let row = 0; row < column.length; row++)
      for (const box of column.get(row)?.toArray() ?? []) if (box.score >= 0.5) boxes.set(box.label, (boxes.get(box.label) ?? 0) + 1);
    const rowSums = new Map<string, number>();
    for (const cell of of("confusion", "Recall@.5", model))
      if (cell.predicted !== null) rowSums.set(cell.predicted, (rowSums.get(cell.predicted) ?? 0) + cell.count!);
    expect(sorted(rowSums)).toEqual(sorted(boxes));
  }
});

test("a curve ends at the recall of every box counted (threshold 0), and its operating point is the evaluation's recall and precision", () => {
  const value = (metric: string, model: string, testCase: string) =>
    evaluation.find((row) => row.metric === metric && row.model === model && row.test_case === testCase)!.value!;
  for (const model of example.models) {
    for (const testCase of ["all", example.digitTestCases[5].name, "one small digit alone"]) {
      const curve = of("pr", "Recall@.5", model, testCase);
      const points = curve.filter((row) => !row.operating);
      expect(points.length).toBeGreaterThan(1);
      expect(points.at(-1)!.recall).toBeCloseTo(value("Recall@0", model, testCase), 12);
      const operating = curve.filter((row) => row.operating);
      expect(operating).toHaveLength(1);
      expect(operating[0].score).toBe(0.5);
      expect(operating[0].recall).toBeCloseTo(value("Recall@.5", model, testCase), 12);
      expect(operating[0].precision).toBeCloseTo(value("Precision@.5", model, testCase), 12);
      // By descending score: recall never falls.
      for (let i = 1; i < points.length; i++) expect(points[i].recall! >= points[i - 1].recall!).toBe(true);
    }
  }
});

test("a standard without a detection metric gives the table with no rows", async () => {
  await platform.setQualityStandard("scenes", { ...example.qualityStandard, metric_groups: [{ name: "size", metrics: [{ label: "n", kind: "count" }] }] });
  const empty = await platform.detectionCharts("scenes", { models: example.models });
  expect(empty.numRows).toBe(0);
  expect(detectionChartsInfo(empty)!.metrics).toEqual([]);
});
