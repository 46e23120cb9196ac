// The delete-a-group jackknife (src/metrics/groupedJackknife.ts) on a mean over units, where its
// standard error has a textbook form to check against by hand.
import { groupedJackknife, jackknifeGroups, jackknifeStandardError, studentTCdf, studentTQuantile } from "../../../src/metrics";

/** The weighted mean of `values`: a measure over units, as a detection measure is over images. */
const meanOf = (values: number[]) => (weights: ArrayLike<number>) => {
  let sum = 0;
  let count = 0;
  values.forEach((value, i) => {
    sum += weights[i] * value;
    count += weights[i];
  });
  return count === 0 ? NaN : sum / count;
};

describe("the delete-a-group jackknife", () => {
  it("gives a mean of 1…6 in groups {1, 2}, {3, 4}, {5, 6} the SE √(4/3)", () => {
    // Leaving out each group: (21 − 3)/4 = 4.5, (21 − 7)/4 = 3.5, (21 − 11)/4 = 2.5; their mean 3.5;
    // SE² = (3 − 1)/3 · (1 + 0 + 1) = 4/3. The interval is 3.5 ± t(2)·√(4/3).
    const summary = groupedJackknife(meanOf([1, 2, 3, 4, 5, 6]), null, Int32Array.of(0, 0, 1, 1, 2, 2), 3, 0.95)!;
    expect(summary.value).toBe(3.5);
    expect(summary.standardError).toBeCloseTo(Math.sqrt(4 / 3), 12);
    expect(summary.ciLow).toBeCloseTo(3.5 - 4.302652729911275 * Math.sqrt(4 / 3), 9);
    expect(summary.ciHigh).toBeCloseTo(3.5 + 4.302652729911275 * Math.sqrt(4 / 3), 9);
    expect(summary.pValue).toBeNaN();
  });

  it("with one unit a group is the delete-one jackknife, whose SE of a mean is s/√n", () => {
    // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, sample variance 32/7, so SE = √(32/7/8) = √(4/7).
    const values = [2, 4, 4, 4, 5, 5, 7, 9];
    const summary = groupedJackknife(
      meanOf(values),
      null,
      Int32Array.from(values, (_, i) => i),
      values.length,
      0.9,
    )!;
    expect(summary.standardError).toBeCloseTo(Math.sqrt(4 / 7), 12);
  });

  it("tests a paired difference through the same groups: a constant shift has SE 0, a shift by unit its own SE", () => {
    const values = [1, 2, 3, 4, 5, 6];
    const groups = Int32Array.of(0, 0, 1, 1, 2, 2);
    // The reference is the model minus 1 on every unit: the difference is 1 in every replicate.
    expect(groupedJackknife(meanOf(values), meanOf(values.map((v) => v - 1)), groups, 3, 0.95)!.pValue).toBe(0);
    expect(groupedJackknife(meanOf(values), meanOf(values), groups, 3, 0.95)!.pValue).toBe(1);
    // The reference is 0 everywhere: the difference is the model's mean, SE √(4/3), t = 3.5/√(4/3) on 2 df.
    const summary = groupedJackknife(meanOf(values), meanOf(values.map(() => 0)), groups, 3, 0.95)!;
    expect(summary.pValue).toBeCloseTo(2 * studentTCdf(-3.5 / Math.sqrt(4 / 3), 2), 12);
  });

  it("is null when a replicate is undefined (a group holds every unit that counts)", () => {
    const onlyFirst = (weights: ArrayLike<number>) => (weights[0] === 0 ? NaN : 1);
    expect(groupedJackknife(onlyFirst, null, Int32Array.of(0, 1, 2), 3, 0.95)).toBeNull();
  });

  it("deals seeded groups whose sizes differ by at most one, the same for the same seed", () => {
    const groups = jackknifeGroups(103, 20, 7);
    const sizes = new Array(20).fill(0);
    for (const g of groups) sizes[g]++;
    expect([Math.min(...sizes), Math.max(...sizes)]).toEqual([5, 6]);
    expect(Array.from(jackknifeGroups(103, 20, 7))).toEqual(Array.from(groups));
    // Not the positions in order: images in id order are not a random order.
    expect(Array.from(groups.subarray(0, 20))).not.toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it("computes √((G − 1)/G · Σ(θ₍g₎ − θ̄)²)", () => {
    expect(jackknifeStandardError(Float64Array.of(1, 3))).toBeCloseTo(Math.sqrt((1 / 2) * 2), 12);
    expect(studentTQuantile(0.975, 2)).toBeCloseTo(4.302652729911275, 9);
  });
});
