// Numeric summaries and R² over weighted cells: the weights act as repeated datapoints.
import { CellStatistics, MetricPlan, prepareCellMetric } from "../../../src/metrics";
import { MetricDefinition } from "../../../src/core";

function cellsOf(values: (number | null)[][], counts: number[]): CellStatistics {
  return { shape: "cells", n: counts.reduce((a, b) => a + b, 0), width: values[0].length, values, counts, paired: false };
}

function metricOf(definition: Partial<MetricDefinition> & { kind: string }): MetricPlan {
  return { metric: { label: "m", ...definition } as MetricDefinition, shape: "cells", outcomes: [] };
}

describe("numeric summaries", () => {
  // [2, 4, 4, 4, 5, 5, 7, 9] as cells: mean 5, sum of squared deviations 32.
  const cells = cellsOf([[9], [2], [4], [5], [7]], [1, 1, 3, 2, 1]);
  const value = (kind: string) => prepareCellMetric(metricOf({ kind, field: "x" } as never), cells, 0)(cells.counts);

  test("min and max", () => {
    expect(value("min")).toBe(2);
    expect(value("max")).toBe(9);
  });
  test("median of an even count averages the middle two: (4 + 5) / 2", () => {
    expect(value("median")).toBe(4.5);
  });
  test("sample standard deviation √(32/7)", () => {
    expect(value("stddev")).toBeCloseTo(Math.sqrt(32 / 7), 12);
  });
  test("median of an odd count, nulls ignored", () => {
    const odd = cellsOf([[1], [3], [null], [10]], [1, 1, 5, 1]);
    expect(prepareCellMetric(metricOf({ kind: "median", field: "x" } as never), odd, 0)(odd.counts)).toBe(3);
  });
  test("zero weight on a cell removes it", () => {
    const summary = prepareCellMetric(metricOf({ kind: "max", field: "x" } as never), cells, 0);
    expect(summary([0, 1, 3, 2, 1])).toBe(7);
  });
});

test("R² of y = [1, 2, 3], ŷ = [1, 2, 4] is 1 − 1/2", () => {
  const cells = cellsOf(
    [
      [1, 1],
      [2, 2],
      [3, 4],
    ],
    [1, 1, 1],
  );
  const r2 = prepareCellMetric(metricOf({ kind: "regression", measure: "r2", gt: "y", pred: "p" } as never), cells, 0);
  expect(r2(cells.counts)).toBeCloseTo(0.5, 12);
});

test("the reference side of paired cells is read from the second half of each tuple", () => {
  // model pred, then reference pred, for a label column repeated on both sides.
  const paired: CellStatistics = {
    shape: "cells",
    n: 4,
    width: 2,
    paired: true,
    values: [
      [1, 1, 1, 0],
      [0, 0, 0, 0],
    ],
    counts: [2, 2],
  };
  const plan = metricOf({ kind: "classification", measure: "accuracy", gt: "label", pred: "pred" } as never);
  expect(prepareCellMetric(plan, paired, 0)(paired.counts)).toBe(1);
  expect(prepareCellMetric(plan, paired, 1)(paired.counts)).toBe(0.5);
});
