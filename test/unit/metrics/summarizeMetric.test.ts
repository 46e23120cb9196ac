// Value, interval and paired test of one (test case, model, metric), from sufficient statistics.
import {
  CellStatistics,
  MetricPlan,
  createRandom,
  inCanonicalOrder,
  poissonResampler,
  summarizeCellsWithoutResampling,
  summarizeMetric,
} from "../../../src/metrics";
import { MetricDefinition, Scalar } from "../../../src/core";

const options = { confidence: 0.95, resamples: 1000, seed: 7 };
const plan = (metric: Partial<MetricDefinition> & { kind: string }, shape: MetricPlan["shape"]): MetricPlan => ({
  metric: { label: "m", ...metric } as MetricDefinition,
  shape,
  outcomes: [],
});

test("a boolean mean: Wilson interval and McNemar's exact test", () => {
  const summary = summarizeMetric(
    plan({ kind: "mean", field: "correct" }, "binary"),
    {
      shape: "binary",
      n: 17,
      successes: 17,
      paired: { n: 17, modelOnly: 6, referenceOnly: 1 },
    },
    options,
  );
  expect(summary.value).toBe(1);
  expect(summary.ciLow).toBeCloseTo(0.8157, 4);
  expect(summary.ciHigh).toBe(1);
  expect(summary.pValue).toBeCloseTo(0.125, 12);
});

test("a numeric mean of [1, 2, 3, 4, 5]: Student-t interval 3 ± 2.776445·√(2.5/5)", () => {
  const summary = summarizeMetric(
    plan({ kind: "mean", field: "score" }, "moments"),
    { shape: "moments", n: 5, sum: 15, shiftedSum: 15, shiftedSumOfSquares: 55 },
    options,
  );
  expect(summary.value).toBe(3);
  expect(summary.ciLow).toBeCloseTo(3 - 2.776445 * Math.sqrt(0.5), 5);
  expect(summary.ciHigh).toBeCloseTo(3 + 2.776445 * Math.sqrt(0.5), 5);
  expect(Number.isNaN(summary.pValue)).toBe(true);
});

test("a sum is n × the mean, interval included", () => {
  const summary = summarizeMetric(
    plan({ kind: "sum", field: "score" }, "moments"),
    { shape: "moments", n: 5, sum: 15, shiftedSum: 15, shiftedSumOfSquares: 55 },
    options,
  );
  expect(summary.value).toBe(15);
  expect(summary.ciLow).toBeCloseTo(5 * (3 - 2.776445 * Math.sqrt(0.5)), 4);
});

test("RMSE is the square root of the MSE and of its bounds", () => {
  const metric = { kind: "regression", measure: "rmse", gt: "y", pred: "p" } as never;
  const summary = summarizeMetric(plan(metric, "moments"), { shape: "moments", n: 4, sum: 16, shiftedSum: 16, shiftedSumOfSquares: 64 }, options);
  expect(summary.value).toBe(2);
  expect(summary.ciLow).toBe(2);
  expect(summary.ciHigh).toBe(2);
});

test("a paired t-test on differences [1, 2, 3, 4, 5] gives p = 0.01324 (R: t.test)", () => {
  const summary = summarizeMetric(
    plan({ kind: "mean", field: "score" }, "moments"),
    {
      shape: "moments",
      n: 5,
      sum: 20,
      shiftedSum: 20,
      shiftedSumOfSquares: 90,
      paired: { n: 5, sum: 15, shiftedSum: 15, shiftedSumOfSquares: 55 },
    },
    options,
  );
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

describe("undefined values and tiny test cases (issue 11)", () => {
  /** Resamples of a one-cell table with count c that hold at least one datapoint, replaying the summary's seeded draws. */
  function nonEmptyResamples(count: number, seed: number, resamples: number): number {
    const random = createRandom(seed);
    const resample = poissonResampler([count]);
    const weights = new Float64Array(1);
    let nonEmpty = 0;
    for (let r = 0; r < resamples; r++) if (resample(random, weights)[0] > 0) nonEmpty++;
    return nonEmpty;
  }

  // One tuple (tp, fp, fn, tn, then the reference's): the model's true negatives are the
  // reference's false positives.
  const allTrueNegatives = (n: number) => ({ shape: "cells" as const, n, width: 4, paired: true, values: [[0, 0, 0, 1, 0, 1, 0, 0]], counts: [n] });

  test.each([
    [1, "specificity"],
    [2, "specificity"],
    [1, "accuracy"],
    [2, "accuracy"],
  ] as const)("an all-true-negative case at n = %i: %s 1, interval [1, 1], p = 2/(R + 1) over the non-empty resamples", (n, kind) => {
    const summary = summarizeMetric(plan({ kind }, "cells"), allTrueNegatives(n), options);
    expect(summary).toMatchObject({ n, value: 1, ciLow: 1, ciHigh: 1 });
    // A resample that draws no datapoint is dropped (scored 0, it made the interval [0, 1]). Each
    // of the R others holds only true negatives: delta 1 − 0 = 1 > 0, so p = 2·(0 + 1)/(R + 1).
    // R ≈ 1000·(1 − e^−n): 632 at n = 1 (p ≈ 0.0032), 865 at n = 2 (p ≈ 0.0023).
    const kept = nonEmptyResamples(n, options.seed, options.resamples);
    expect(Math.abs(kept - 1000 * (1 - Math.exp(-n)))).toBeLessThan(50);
    expect(summary.pValue).toBeCloseTo(2 / (kept + 1), 15);
    expect(summary.pValue).toBeLessThan(0.004);
  });

  test("a count-based measure with no datapoint (n = 0, or rows without any count) is undefined, not 0", () => {
    const empty = { shape: "cells" as const, n: 0, width: 4, paired: false, values: [], counts: [] };
    expect(summarizeMetric(plan({ kind: "accuracy" }, "cells"), empty, options)).toEqual({ n: 0, value: NaN, ciLow: NaN, ciHigh: NaN, pValue: NaN });
    // Three rows whose counts are all null: the test case has rows but the metric uses none.
    const nullCounts = { shape: "cells" as const, n: 3, width: 4, paired: false, values: [[null, null, null, null]], counts: [3] };
    expect(summarizeMetric(plan({ kind: "precision" }, "cells"), nullCounts, options)).toMatchObject({ n: 0, value: NaN });
  });

  test("a count field that is null adds 0 but the row still counts in n when another count is set", () => {
    // tp 1 with fp null, and tp null with fp 1: precision 1/2 on n = 2; a third row with no count at all is not in n.
    const cells = {
      shape: "cells" as const,
      n: 3,
      width: 4,
      paired: false,
      values: [
        [1, null, null, null],
        [null, 1, null, null],
        [null, null, null, null],
      ],
      counts: [1, 1, 1],
    };
    expect(summarizeMetric(plan({ kind: "precision" }, "cells"), cells, options)).toMatchObject({ n: 2, value: 0.5 });
  });

  test("R² on one datapoint is undefined: value, interval and p-value NaN, n = 1", () => {
    // (y, ŷ, y, reference ŷ): the model is exact, the reference is off by 1.
    const one = { shape: "cells" as const, n: 1, width: 2, paired: true, values: [[3, 3, 3, 4]], counts: [1] };
    expect(summarizeMetric(plan({ kind: "regression", measure: "r2", gt: "y", pred: "p" } as never, "cells"), one, options)).toEqual({
      n: 1,
      value: NaN,
      ciLow: NaN,
      ciHigh: NaN,
      pValue: NaN,
    });
  });

  test("R² counts only the rows with both values: y = [1, 2, 3, null], ŷ = [1, 2, 4, 5] is 1 − 1/2 on n = 3", () => {
    const cells = {
      shape: "cells" as const,
      n: 4,
      width: 2,
      paired: false,
      values: [
        [1, 1],
        [2, 2],
        [3, 4],
        [null, 5],
      ],
      counts: [1, 1, 1, 1],
    };
    const summary = summarizeMetric(plan({ kind: "regression", measure: "r2", gt: "y", pred: "p" } as never, "cells"), cells, options);
    expect(summary.n).toBe(3);
    expect(summary.value).toBeCloseTo(0.5, 12);
  });

  test("stddev: n = 0 and n = 1 have no value and no interval (not [0, 0]); n = 2 of [1, 3] is √2", () => {
    const stddev = plan({ kind: "stddev", field: "x" }, "cells");
    const cells = (values: (number | null)[], counts: number[]) => ({
      shape: "cells" as const,
      n: counts.reduce((a, b) => a + b, 0),
      width: 1,
      paired: false,
      values: values.map((x) => [x]),
      counts,
    });
    expect(summarizeMetric(stddev, cells([], []), options)).toEqual({ n: 0, value: NaN, ciLow: NaN, ciHigh: NaN, pValue: NaN });
    // Five rows, four of them null: n counts the one value.
    expect(summarizeMetric(stddev, cells([null, 4], [4, 1]), options)).toEqual({ n: 1, value: NaN, ciLow: NaN, ciHigh: NaN, pValue: NaN });
    const two = summarizeMetric(stddev, cells([1, 3], [1, 1]), options);
    expect(two.n).toBe(2);
    expect(two.value).toBeCloseTo(Math.SQRT2, 12);
    // A resample of w₁ ones and w₃ threes (w₁ + w₃ ≥ 2) has sd 0 when one of them is 0 (a third
    // of the defined resamples: 2·e⁻¹(1 − 2e⁻¹)/(1 − 3e⁻²)) and at most √2, reached at w₁ = w₃ = 1
    // (e⁻²/(1 − 3e⁻²) ≈ 23% of them): both beyond the 2.5% tails, so the interval is [0, √2].
    expect(two.ciLow).toBe(0);
    expect(two.ciHigh).toBeCloseTo(Math.SQRT2, 12);
  });

  test("median, min, max of an all-null field: n = 0 and no value (the test case had 47 rows)", () => {
    for (const kind of ["median", "min", "max"] as const) {
      const summary = summarizeMetric(
        plan({ kind, field: "x" }, "cells"),
        { shape: "cells", n: 47, width: 1, paired: false, values: [[null]], counts: [47] },
        options,
      );
      expect(summary).toEqual({ n: 0, value: NaN, ciLow: NaN, ciHigh: NaN, pValue: NaN });
    }
  });

  test("classification counts the rows with both a label and a prediction", () => {
    // (label, pred): 2 right, 1 wrong, 2 without a prediction, 1 without a label.
    const cells = {
      shape: "cells" as const,
      n: 6,
      width: 2,
      paired: false,
      values: [
        ["a", "a"],
        ["a", "b"],
        ["a", null],
        [null, "b"],
      ],
      counts: [2, 1, 2, 1],
    };
    const summary = summarizeMetric(plan({ kind: "classification", measure: "accuracy", gt: "label", pred: "pred" } as never, "cells"), cells, options);
    expect(summary.n).toBe(3);
    expect(summary.value).toBeCloseTo(2 / 3, 15);
  });

  test("a constant median has the interval [c, c]; a constant mean the t-interval [c, c]", () => {
    const median = summarizeMetric(
      plan({ kind: "median", field: "x" }, "cells"),
      { shape: "cells", n: 3, width: 1, paired: false, values: [[0.5]], counts: [3] },
      options,
    );
    expect(median).toMatchObject({ n: 3, value: 0.5, ciLow: 0.5, ciHigh: 0.5 });
    const mean = summarizeMetric(
      plan({ kind: "mean", field: "x" }, "moments"),
      { shape: "moments", n: 3, sum: 1.5, shiftedSum: 1.5, shiftedSumOfSquares: 0.75, paired: { n: 3, sum: 0, shiftedSum: 0, shiftedSumOfSquares: 0 } },
      options,
    );
    // All paired differences 0: the t statistic is 0/0, and the test says p = 1.
    expect(mean).toMatchObject({ n: 3, value: 0.5, ciLow: 0.5, ciHigh: 0.5, pValue: 1 });
  });

  test("n = 0 and n = 1 of the closed-form shapes", () => {
    const booleanMean = plan({ kind: "mean", field: "correct" }, "binary");
    expect(summarizeMetric(booleanMean, { shape: "binary", n: 0, successes: 0, paired: { n: 0, modelOnly: 0, referenceOnly: 0 } }, options)).toEqual({
      n: 0,
      value: NaN,
      ciLow: NaN,
      ciHigh: NaN,
      pValue: NaN,
    });
    // 1 of 1: Wilson at 95% is [1/(1 + z²), 1] = [0.2065, 1]; McNemar on one discordant pair: p = 1.
    const one = summarizeMetric(booleanMean, { shape: "binary", n: 1, successes: 1, paired: { n: 1, modelOnly: 1, referenceOnly: 0 } }, options);
    const z = 1.959963984540054;
    expect(one.value).toBe(1);
    expect(one.ciLow).toBeCloseTo(1 / (1 + z * z), 12);
    expect(one.ciLow).toBeCloseTo(0.2065, 4);
    expect(one).toMatchObject({ ciHigh: 1, pValue: 1 });
    const numericMean = plan({ kind: "mean", field: "x" }, "moments");
    expect(summarizeMetric(numericMean, { shape: "moments", n: 0, sum: 0, shiftedSum: 0, shiftedSumOfSquares: 0 }, options)).toEqual({
      n: 0,
      value: NaN,
      ciLow: NaN,
      ciHigh: NaN,
      pValue: NaN,
    });
    // One value: a mean, but no t-interval (n − 1 = 0 degrees of freedom) and no paired t-test.
    expect(
      summarizeMetric(
        numericMean,
        { shape: "moments", n: 1, sum: 4, shiftedSum: 4, shiftedSumOfSquares: 16, paired: { n: 1, sum: 1, shiftedSum: 1, shiftedSumOfSquares: 1 } },
        options,
      ),
    ).toEqual({ n: 1, value: 4, ciLow: NaN, ciHigh: NaN, pValue: NaN });
  });

  test("with fewer than half of the paired resamples defined, the p-value is NaN while each interval stands", () => {
    // Datapoint 1: label a, model a, reference null; datapoint 2: label b, model null, reference b.
    // A delta needs both drawn: P = (1 − e^−1)² ≈ 0.40 < 1/2. The model alone: P = 1 − e^−1 ≈ 0.63.
    const cells = {
      shape: "cells" as const,
      n: 2,
      width: 2,
      paired: true,
      values: [
        ["a", "a", "a", null],
        ["b", null, "b", "b"],
      ],
      counts: [1, 1],
    };
    const summary = summarizeMetric(plan({ kind: "classification", measure: "accuracy", gt: "label", pred: "pred" } as never, "cells"), cells, options);
    expect(summary).toMatchObject({ n: 1, value: 1, ciLow: 1, ciHigh: 1 });
    expect(summary.pValue).toBeNaN();
  });
});

describe("cells summarized without resampling (the delta method's, computed where the cells are)", () => {
  const accuracy = plan({ kind: "classification", measure: "accuracy", gt: "label", pred: "pred" } as never, "cells");
  // (label, model pred, label, reference pred), as in the bootstrap's test above, at n = 100 × scale.
  const cells = (scale: number) => ({
    shape: "cells" as const,
    n: 100 * scale,
    width: 2,
    paired: true,
    values: [
      [1, 1, 1, 1],
      [1, 1, 1, 0],
      [1, 0, 1, 1],
      [1, 0, 1, 0],
    ],
    counts: [55, 35, 5, 5].map((count) => count * scale),
  });

  test("at 10,000 datapoints it gives summarizeMetric's figures: accuracy 0.9, interval 0.9 ± 1.96·√(0.9·0.1/10,000)", () => {
    const summary = summarizeCellsWithoutResampling(accuracy, cells(100), options);
    expect(summary).toEqual(summarizeMetric(accuracy, cells(100), options));
    expect(summary!.value).toBeCloseTo(0.9, 12);
    expect(summary!.ciLow).toBeCloseTo(0.9 - 1.959964 * Math.sqrt((0.9 * 0.1) / 10_000), 6);
  });

  test("at 100 datapoints the bootstrap must run: null", () => {
    expect(summarizeCellsWithoutResampling(accuracy, cells(1), options)).toBeNull();
  });

  test("an undefined value at 10,000 datapoints needs no resampling: every figure NaN, as summarizeMetric gives it", () => {
    const unlabelled = { shape: "cells" as const, n: 10_000, width: 2, paired: true, values: [[null, 1, null, 1]], counts: [10_000] };
    const summary = summarizeCellsWithoutResampling(accuracy, unlabelled, options);
    expect(summary).toEqual({ n: 0, value: NaN, ciLow: NaN, ciHigh: NaN, pValue: NaN });
    expect(summary).toEqual(summarizeMetric(accuracy, unlabelled, options));
  });
});

describe("the canonical order of cells (the order resamples are drawn in, whatever order the database returned)", () => {
  const cellsOf = (values: Scalar[][]): CellStatistics => ({
    shape: "cells",
    n: values.length,
    width: values[0].length,
    values,
    counts: values.map((_, index) => index + 1),
    paired: true,
  });

  test("nulls first, then booleans, numbers ascending, strings by code point; earlier positions first; counts travel with their tuples", () => {
    const cells = inCanonicalOrder(
      cellsOf([
        ["b", 2],
        [null, 9],
        ["a", 10],
        [true, 1],
        ["a", 2],
        [3, 0],
        [-1, 5],
        ["B", 1],
        [false, 0],
      ]),
    );
    expect(cells.values).toEqual([
      [null, 9],
      [false, 0],
      [true, 1],
      [-1, 5],
      [3, 0],
      ["B", 1],
      ["a", 2],
      ["a", 10],
      ["b", 2],
    ]);
    expect(cells.counts).toEqual([2, 9, 4, 7, 6, 8, 5, 3, 1]);
  });

  test('1 and "1" are different outcomes: the number sorts before the string', () => {
    expect(
      inCanonicalOrder(
        cellsOf([
          ["1", 0],
          [1, 1],
          [1, 0],
        ]),
      ).values,
    ).toEqual([
      [1, 0],
      [1, 1],
      ["1", 0],
    ]);
  });

  test("a tuple table too wide for one exact number per tuple (40 positions of 3 values: 3⁴⁰ > 2⁵³) sorts position by position too", () => {
    const tuples = [5, 3, 0, 4, 1, 2].map((t) => Array.from({ length: 40 }, (_, p) => ((t * (p + 1)) % 3) + (p === 0 ? 0 : 10 * Math.floor(t / 3))));
    const lexicographic = (a: Scalar[], b: Scalar[]) => {
      const at = a.findIndex((value, p) => value !== b[p]);
      return at < 0 ? 0 : (a[at] as number) - (b[at] as number);
    };
    expect(inCanonicalOrder(cellsOf(tuples)).values).toEqual([...tuples].sort(lexicographic));
  });
});
