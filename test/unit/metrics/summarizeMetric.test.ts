// Value, interval and paired test of one (test case, model, metric), from sufficient statistics.
import { MetricPlan, summarizeMetric } from "../../../src/metrics";
import { MetricDefinition } from "../../../src/core";

const options = { confidence: 0.95, resamples: 1000, seed: 7 };
const plan = (metric: Partial<MetricDefinition> & { kind: string }, shape: MetricPlan["shape"]): MetricPlan => ({
  metric: { label: "m", ...metric } as MetricDefinition,
  shape,
  outcomes: [],
});

test("a boolean mean: Wilson interval and McNemar's exact test", () => {
  const summary = summarizeMetric(plan({ kind: "mean", field: "correct" }, "binary"), {
    shape: "binary",
    n: 17,
    successes: 17,
    paired: { n: 17, modelOnly: 6, referenceOnly: 1 },
  }, options);
  expect(summary.value).toBe(1);
  expect(summary.ciLow).toBeCloseTo(0.8157, 4);
  expect(summary.ciHigh).toBe(1);
  expect(summary.pValue).toBeCloseTo(0.125, 12);
});

test("a numeric mean of [1, 2, 3, 4, 5]: Student-t interval 3 ± 2.776445·√(2.5/5)", () => {
  const summary = summarizeMetric(plan({ kind: "mean", field: "score" }, "moments"), { shape: "moments", n: 5, sum: 15, sumOfSquares: 55 }, options);
  expect(summary.value).toBe(3);
  expect(summary.ciLow).toBeCloseTo(3 - 2.776445 * Math.sqrt(0.5), 5);
  expect(summary.ciHigh).toBeCloseTo(3 + 2.776445 * Math.sqrt(0.5), 5);
  expect(Number.isNaN(summary.pValue)).toBe(true);
});

test("a sum is n × the mean, interval included", () => {
  const summary = summarizeMetric(plan({ kind: "sum", field: "score" }, "moments"), { shape: "moments", n: 5, sum: 15, sumOfSquares: 55 }, options);
  expect(summary.value).toBe(15);
  expect(summary.ciLow).toBeCloseTo(5 * (3 - 2.776445 * Math.sqrt(0.5)), 4);
});

test("RMSE is the square root of the MSE and of its bounds", () => {
  const metric = { kind: "regression", measure: "rmse", gt: "y", pred: "p" } as never;
  const summary = summarizeMetric(plan(metric, "moments"), { shape: "moments", n: 4, sum: 16, sumOfSquares: 64 }, options);
  expect(summary.value).toBe(2);
  expect(summary.ciLow).toBe(2);
  expect(summary.ciHigh).toBe(2);
});

test("a paired t-test on differences [1, 2, 3, 4, 5] gives p = 0.01324 (R: t.test)", () => {
  const summary = summarizeMetric(plan({ kind: "mean", field: "score" }, "moments"), {
    shape: "moments",
    n: 5,
    sum: 20,
    sumOfSquares: 90,
    paired: { n: 5, sum: 15, sumOfSquares: 55 },
  }, options);
  expect(summary.pValue).toBeCloseTo(0.01324, 5);
});

describe("the seeded bootstrap of cells", () => {
  const cells = {
    shape: "cells" as const,
    n: 100,
    width: 2,
    paired: true,
    // (label, model pred, label, reference pred): the model is right 90 times, the reference 60.
    values: [
      [1, 1, 1, 1],
      [1, 1, 1, 0],
      [1, 0, 1, 1],
      [1, 0, 1, 0],
    ],
    counts: [55, 35, 5, 5],
  };
  const accuracy = plan({ kind: "classification", measure: "accuracy", gt: "label", pred: "pred" } as never, "cells");

  test("the value is the observed one and the interval holds it", () => {
    const summary = summarizeMetric(accuracy, cells, options);
    expect(summary.value).toBe(0.9);
    expect(summary.ciLow).toBeLessThan(0.9);
    expect(summary.ciHigh).toBeGreaterThan(0.9);
    // The Wilson interval for 90/100 is [0.8256, 0.9448]; the percentile bootstrap lands near it.
    expect(summary.ciLow).toBeGreaterThan(0.8);
    expect(summary.ciHigh).toBeLessThan(0.97);
  });

  test("a 30-point gain on 100 datapoints is significant; the same seed gives the same numbers", () => {
    const first = summarizeMetric(accuracy, cells, options);
    const second = summarizeMetric(accuracy, cells, options);
    expect(first.pValue).toBeLessThan(0.01);
    expect(second).toEqual(first);
  });

  test("identical models are not different: p = 1", () => {
    const same = { ...cells, values: cells.values.map(([label, prediction]) => [label, prediction, label, prediction]) };
    expect(summarizeMetric(accuracy, same, options).pValue).toBe(1);
  });
});

test("count has a value and nothing else", () => {
  const summary = summarizeMetric(plan({ kind: "count" }, "count"), { shape: "count", n: 42 }, options);
  expect(summary.value).toBe(42);
  expect(Number.isNaN(summary.ciLow)).toBe(true);
});

test("the bootstrap does not depend on the order the cells arrive in", () => {
  const cells = {
    shape: "cells" as const,
    n: 100,
    width: 2,
    paired: false,
    values: [
      [1, 1],
      [1, 0],
      [0, 0],
      [0, 1],
    ],
    counts: [40, 10, 45, 5],
  };
  const reversed = { ...cells, values: [...cells.values].reverse(), counts: [...cells.counts].reverse() };
  const accuracy = plan({ kind: "classification", measure: "f1", average: "macro", gt: "label", pred: "pred" } as never, "cells");
  expect(summarizeMetric(accuracy, reversed, options)).toEqual(summarizeMetric(accuracy, cells, options));
});
