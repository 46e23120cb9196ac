// The browser's moments per slice, worked by hand: sums shifted by each slice's first value, so a
// slice of values ≈ 1 keeps its variance, and a constant slice has none.
import { Float64, Table, vectorFromArray } from "apache-arrow";
import { MomentStatistics, SampleColumns, encodeMetrics, gatherSlices, meanInterval, pairedTTest, sampleVariance } from "../../../src/metrics";

// Slice 0: a = 1 − k·1e-9 (k = 0 … 9), b = a − 1e-9·(k mod 3). Slice 1: a = b = 0.25, five rows.
// Slice 2: a = 1, 1 − 1e-9 (n = 2). Slice 3: one row, a = 0.5. Slice 4: no rows. Row 19 is in no slice.
const k = Array.from({ length: 10 }, (_, i) => i);
const a = [...k.map((i) => 1 - i * 1e-9), 0.25, 0.25, 0.25, 0.25, 0.25, 1, 1 - 1e-9, 0.5, 7];
const b = [...k.map((i) => a[i] - (i % 3) * 1e-9), 0.25, 0.25, 0.25, 0.25, 0.25, 1, 1, 0.5, 7];
const sliceOf = Int32Array.from([...k.map(() => 0), 1, 1, 1, 1, 1, 2, 2, 3, -1]);

const columns = new SampleColumns(new Table({ "a.p": vectorFromArray(a, new Float64()), "b.p": vectorFromArray(b, new Float64()) }));
const metricGroups = [{ name: "g", metrics: [{ label: "Mean p", kind: "mean" as const, field: "p", higher_is_better: true }] }];
const gathered = gatherSlices(encodeMetrics(columns, ["a", "b"], 0, metricGroups), sliceOf, 5);
const moments = (slice: number, model: number) => gathered(slice, model, 0, 0) as MomentStatistics;

test("values 1 − k·1e-9: sums of x − 1, so s² = 82.5e-18/9 and the interval [0.99999999333415, 0.99999999766585]", () => {
  const sure = moments(0, 0);
  // Σ(x − 1) = −45e-9, Σ(x − 1)² = 285e-18 (Σk², k ≤ 9), Σx = 10 − 45e-9.
  expect(sure.n).toBe(10);
  // (To 1e-6: the doubles nearest 1 − k·1e-9 are off by up to 1.1e-16, 1e-7 of a deviation.)
  expect(sure.shiftedSum / -45e-9).toBeCloseTo(1, 6);
  expect(sure.shiftedSumOfSquares / 285e-18).toBeCloseTo(1, 6);
  expect(sure.sum).toBe(10 + sure.shiftedSum);
  expect(sampleVariance(sure) / (82.5e-18 / 9)).toBeCloseTo(1, 7);
  const halfWidth = 2.2621571627982044 * Math.sqrt(82.5e-18 / 9 / 10);
  const [low, high] = meanInterval(sure, 0.95);
  expect(Math.abs(low - (0.9999999955 - halfWidth))).toBeLessThan(2e-16);
  expect(Math.abs(high - (0.9999999955 + halfWidth))).toBeLessThan(2e-16);
});

test("the paired differences −1e-9·(k mod 3) are shifted by their first one, 0: t = −3.2504 on 9 df, p = 0.00999", () => {
  const paired = moments(0, 1).paired!;
  // k mod 3 = 0, 1, 2, 0, 1, 2, 0, 1, 2, 0: Σd = −9e-9, Σd² = (3·1 + 3·4)·1e-18 = 15e-18.
  expect(paired.n).toBe(10);
  expect(paired.shiftedSum / -9e-9).toBeCloseTo(1, 6);
  expect(paired.shiftedSumOfSquares / 15e-18).toBeCloseTo(1, 6);
  expect(pairedTTest(paired)).toBeCloseTo(0.00999, 5);
});

test("a constant slice has shifted sums of exactly 0: interval [0.25, 0.25], and equal models p = 1", () => {
  expect(moments(1, 0)).toEqual({ shape: "moments", n: 5, sum: 1.25, shiftedSum: 0, shiftedSumOfSquares: 0 });
  expect(meanInterval(moments(1, 0), 0.95)).toEqual([0.25, 0.25]);
  expect(moments(1, 1).paired).toEqual({ n: 5, sum: 0, shiftedSum: 0, shiftedSumOfSquares: 0 });
  expect(pairedTTest(moments(1, 1).paired!)).toBe(1);
});

test("n = 2, 1 and 0", () => {
  // 1 and 1 − 1e-9 about 1: Σ(x − 1) = −1e-9, Σ(x − 1)² = 1e-18, s² = 0.5e-18.
  const two = moments(2, 0);
  expect(two.n).toBe(2);
  expect(two.sum).toBe(2 + two.shiftedSum);
  expect(two.shiftedSum / -1e-9).toBeCloseTo(1, 6);
  expect(two.shiftedSumOfSquares / 1e-18).toBeCloseTo(1, 6);
  expect(sampleVariance(two) / 0.5e-18).toBeCloseTo(1, 6);
  expect(moments(3, 0)).toEqual({ shape: "moments", n: 1, sum: 0.5, shiftedSum: 0, shiftedSumOfSquares: 0 });
  expect(meanInterval(moments(3, 0), 0.95)).toEqual([NaN, NaN]);
  expect(moments(4, 1)).toEqual({
    shape: "moments",
    n: 0,
    sum: 0,
    shiftedSum: 0,
    shiftedSumOfSquares: 0,
    paired: { n: 0, sum: 0, shiftedSum: 0, shiftedSumOfSquares: 0 },
  });
});
