// Multi-class scores on a five-datapoint example worked out by hand (and equal to scikit-learn's
// f1_score / precision_score / recall_score with zero_division=0).
import { CellStatistics, MetricPlan, prepareCellMetric } from "../../../src/metrics";
import { ClassificationMeasure, MetricDefinition } from "../../../src/core";

// y_true = [0, 0, 1, 1, 2], y_pred = [0, 1, 1, 1, 0]
// class 0: tp 1, fp 1, fn 1 → P 1/2, R 1/2, F1 1/2
// class 1: tp 2, fp 1, fn 0 → P 2/3, R 1,   F1 4/5
// class 2: tp 0, fp 0, fn 1 → P 0,   R 0,   F1 0   (support 1)
const cells: CellStatistics = {
  shape: "cells",
  n: 5,
  width: 2,
  paired: false,
  values: [
    [0, 0],
    [0, 1],
    [1, 1],
    [2, 0],
  ],
  counts: [1, 1, 2, 1],
};

function score(measure: ClassificationMeasure, average: "macro" | "micro" | "weighted"): number {
  const metric = { label: "m", kind: "classification", measure, average, gt: "label", pred: "pred" } as MetricDefinition;
  const plan: MetricPlan = { metric, shape: "cells", outcomes: [] };
  return prepareCellMetric(plan, cells, 0)(cells.counts);
}

test.each([
  ["accuracy", "macro", 3 / 5],
  ["f1", "macro", (1 / 2 + 4 / 5 + 0) / 3],
  ["precision", "macro", (1 / 2 + 2 / 3 + 0) / 3],
  ["recall", "macro", (1 / 2 + 1 + 0) / 3],
  ["f1", "weighted", (2 * (1 / 2) + 2 * (4 / 5) + 1 * 0) / 5],
  ["f1", "micro", 3 / 5],
  ["precision", "micro", 3 / 5],
] as const)("%s (%s) is %f", (measure, average, expected) => {
  expect(score(measure, average)).toBeCloseTo(expected, 12);
});

test("macro F1 is 0.4333 to four places", () => {
  expect(score("f1", "macro").toFixed(4)).toBe("0.4333");
});

test("classes absent from a resample do not count in the macro average", () => {
  const metric = { label: "m", kind: "classification", measure: "recall", average: "macro", gt: "label", pred: "pred" } as MetricDefinition;
  const weighted = prepareCellMetric({ metric, shape: "cells", outcomes: [] }, cells, 0);
  // Only the two correct class-1 datapoints: one class present, recall 1.
  expect(weighted([0, 0, 2, 0])).toBe(1);
});
