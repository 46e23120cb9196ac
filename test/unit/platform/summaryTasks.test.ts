// A detection task holds every detection metric of a test case: metrics that select the same share
// of a model's matches select it once, and each summary is the one its metric gets alone.
import { createLabels, matchDetections, parseBoxes, resolveDetectionMeasure, resolveMatchingOptions, DetectionMeasureInput } from "../../../src/metrics";
import { DetectionTask, runSummaryTask } from "../../../src/platform/summaryTasks";

const labels = createLabels();
// 30 images: a cat in each and a dog in every third; predictions find the cat on most images (with
// a shifted box on some), hallucinate a dog on others.
const truth = parseBoxes(
  Array.from({ length: 30 }, (_, i) => [
    { x_min: 0, y_min: 0, x_max: 10, y_max: 10, label: "cat" },
    ...(i % 3 === 0 ? [{ x_min: 20, y_min: 20, x_max: 30, y_max: 30, label: "dog" }] : []),
  ]),
  { role: "ground_truth", labels },
);
const predicted = (shift: number) =>
  parseBoxes(
    Array.from({ length: 30 }, (_, i) => [
      { x_min: (i + shift) % 4 === 0 ? 6 : 0, y_min: 0, x_max: (i + shift) % 4 === 0 ? 16 : 10, y_max: 10, label: "cat", score: ((i * 7 + shift) % 10) / 10 },
      ...(i % 2 === 0 ? [{ x_min: 21, y_min: 20, x_max: 31, y_max: 30, label: "dog", score: ((i * 3 + shift) % 10) / 10 }] : []),
    ]),
    { role: "predictions", labels },
  );
const rule = resolveMatchingOptions({ matching: "coco", iou: "0.50:0.05:0.95" });
const models = [predicted(1), predicted(2)].map((predictions) => matchDetections(truth, predictions, rule));
const inputs: DetectionMeasureInput[] = [
  { measure: "ap" },
  { measure: "ap", iou: 0.5 },
  { measure: "f1", iou: 0.5, threshold: "f1-optimal" },
  { measure: "recall", iou: 0.5, threshold: 0.3, average: "micro" },
];
const images = Int32Array.from({ length: 24 }, (_, i) => i + 3);
const metricOf = (input: DetectionMeasureInput, m: number) =>
  models.map((matches, model) => ({
    matches,
    measure: resolveDetectionMeasure(input, matches, labels),
    options: { confidence: 0.95, resamples: 500, seed: 100 * m + model },
  }));

test("each metric's summaries in a task of four (two sharing IoU 0.5's share) equal the metric's alone", () => {
  const together = runSummaryTask<DetectionTask>({ kind: "detection", metrics: inputs.map(metricOf), reference: 0, images });
  const alone = inputs.map((input, m) => runSummaryTask<DetectionTask>({ kind: "detection", metrics: [metricOf(input, m)], reference: 0, images })[0]);
  expect(together).toEqual(alone);
  // Real figures: AP50 above AP@[.50:.95] for the first model, a paired p-value for the second.
  expect(together[1][0].value).toBeGreaterThan(together[0][0].value);
  expect(together[2][1].pValue).toBeGreaterThanOrEqual(0);
  expect(together[2][1].pValue).toBeLessThanOrEqual(1);
});
