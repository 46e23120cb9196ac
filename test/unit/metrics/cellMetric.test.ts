// Numeric summaries and R² over weighted cells: the weights act as repeated datapoints.
import { CellStatistics, MetricPlan, classIndices, prepareCellMetric, prepareUsedCount } from "../../../src/metrics";
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

describe("R² at the edges (scikit-learn's r2_score)", () => {
  const r2Of = (values: (number | null)[][], counts: number[]) => {
    const cells = cellsOf(values, counts);
    return prepareCellMetric(metricOf({ kind: "regression", measure: "r2", gt: "y", pred: "p" } as never), cells, 0)(cells.counts);
  };
  test("undefined below two datapoints: one datapoint, exact or not", () => {
    expect(r2Of([[3, 3]], [1])).toBeNaN();
    expect(r2Of([[3, 4]], [1])).toBeNaN();
    // Two rows, one of them without a prediction: one datapoint used.
    expect(
      r2Of(
        [
          [3, 4],
          [5, null],
        ],
        [1, 1],
      ),
    ).toBeNaN();
  });
  test("equal truths: 1 for an exact fit and 0 otherwise, even where the mean rounds (3 × 21.4 / 3 ≠ 21.4)", () => {
    expect(r2Of([[21.4, 21.4]], [3])).toBe(1);
    expect(r2Of([[21.4, 22]], [3])).toBe(0);
  });
});

test("the datapoints a metric uses: non-null values, both labels, any count read", () => {
  const used = (
    definition: Partial<MetricDefinition> & { kind: string },
    values: (number | string | null)[][],
    counts: number[],
    outcomes: MetricPlan["outcomes"] = [],
  ) => {
    const cells: CellStatistics = { shape: "cells", n: counts.reduce((a, b) => a + b, 0), width: values[0].length, values, counts, paired: false };
    return prepareUsedCount({ ...metricOf(definition), outcomes }, cells, 0)(cells.counts);
  };
  expect(used({ kind: "median", field: "x" } as never, [[1], [null], [3]], [2, 5, 1])).toBe(3);
  expect(
    used(
      { kind: "classification", measure: "f1", gt: "y", pred: "p" } as never,
      [
        ["a", "a"],
        ["a", null],
        [null, "b"],
      ],
      [4, 2, 1],
    ),
  ).toBe(4);
  // Specificity reads fp and tn; tp and fn are planned as the constant 0 and say nothing.
  const specificity: MetricPlan["outcomes"] = [
    { op: "countOrZero", field: null },
    { op: "countOrZero", field: "count_FP" },
    { op: "countOrZero", field: null },
    { op: "countOrZero", field: "count_TN" },
  ];
  expect(
    used(
      { kind: "specificity" } as never,
      [
        [0, null, 0, 1],
        [0, null, 0, null],
        [0, 1, 0, null],
      ],
      [2, 3, 1],
      specificity,
    ),
  ).toBe(3);
});

describe("class indices, shared by the value and the delta method's sums", () => {
  const cells: CellStatistics = {
    shape: "cells",
    n: 6,
    width: 2,
    // truth, prediction on the model's side; then the reference's
    values: [
      ["cat", "dog", "cat", "cat"],
      [1, 1, "1", 1],
      ["dog", null, "dog", "bird"],
      [null, "cat", 1, "1"],
    ],
    counts: [1, 2, 1, 2],
    paired: true,
  };

  test('truths first in cell order, then labels only predicted; 1 and "1" apart; −1 where either is null', () => {
    const model = classIndices(cells, 0);
    expect(Array.from(model.truth)).toEqual([0, 1, -1, -1]);
    expect(Array.from(model.predicted)).toEqual([2, 1, -1, -1]);
    expect(model.classes).toBe(3); // cat, 1, dog
    const reference = classIndices(cells, 1);
    expect(Array.from(reference.truth)).toEqual([0, 1, 2, 3]);
    expect(Array.from(reference.predicted)).toEqual([0, 3, 4, 1]);
    expect(reference.classes).toBe(5); // cat, "1", dog, 1, bird
  });

  test("worked out once per cells and side", () => {
    expect(classIndices(cells, 0)).toBe(classIndices(cells, 0));
    expect(classIndices(cells, 1)).not.toBe(classIndices(cells, 0));
  });
});
