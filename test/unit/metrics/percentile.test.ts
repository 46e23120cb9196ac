// Tests for the percentile bootstrap interval (type-7 quantiles) and the bootstrap p-value.

import { bootstrapPValue, percentileInterval } from "../../../src/metrics/percentile";

describe("percentileInterval", () => {
  it("gives [1.9, 9.1] for 1..10 at 80% (R: quantile(1:10, c(0.1, 0.9)))", () => {
    // Type 7: position (n − 1)·p = 0.9 → 1 + 0.9·(2 − 1); 8.1 → 9 + 0.1·(10 − 9).
    const values = new Float64Array([7, 3, 10, 1, 5, 2, 9, 4, 8, 6]);
    const [low, high] = percentileInterval(values, 0.8);
    expect(low).toBeCloseTo(1.9, 14);
    expect(high).toBeCloseTo(9.1, 14);
  });

  it("drops NaNs: [1, NaN, 3] at 50% is the 25% and 75% quantiles of [1, 3], [1.5, 2.5]", () => {
    expect(percentileInterval(new Float64Array([1, NaN, 3]), 0.5)).toEqual([1.5, 2.5]);
  });

  it("does not reorder its input", () => {
    const values = new Float64Array([3, 1, 2]);
    percentileInterval(values, 0.9);
    expect(Array.from(values)).toEqual([3, 1, 2]);
  });

  it("is [v, v] for one value and [NaN, NaN] for none", () => {
    expect(percentileInterval(new Float64Array([4]), 0.95)).toEqual([4, 4]);
    expect(percentileInterval(new Float64Array([NaN]), 0.95)).toEqual([NaN, NaN]);
  });
});

describe("bootstrapPValue", () => {
  it("gives 0.8 for deltas [1, 2, 3, −1]: 2·min(1 + 1, 3 + 1)/(4 + 1)", () => {
    expect(bootstrapPValue(new Float64Array([1, 2, 3, -1]))).toBeCloseTo(0.8, 15);
  });

  it("gives 2/(R + 1) when every replicate is on one side: 0.02 for 99 positive deltas", () => {
    expect(bootstrapPValue(new Float64Array(99).fill(0.5))).toBeCloseTo(0.02, 15);
  });

  it("counts zeros on both sides and caps at 1", () => {
    expect(bootstrapPValue(new Float64Array([0, 0, 0]))).toBe(1);
  });

  it("ignores NaN deltas and is NaN when none are left", () => {
    expect(bootstrapPValue(new Float64Array([1, NaN, 2, -1]))).toBeCloseTo((2 * (1 + 1)) / 4, 15);
    expect(bootstrapPValue(new Float64Array([NaN]))).toBeNaN();
    expect(bootstrapPValue(new Float64Array(0))).toBeNaN();
  });
});
