// Tests for the paired t-test p-value on small sets of differences worked by hand.

import { Moments } from "../../../src/metrics/meanInterval";
import { pairedTTest } from "../../../src/metrics/pairedT";

/** n, Σd and the sums of d − shift, (d − shift)², added term by term; by default about the first difference. */
function momentsOf(differences: number[], shift = differences[0] ?? 0): Moments {
  const moments = { n: differences.length, sum: 0, shiftedSum: 0, shiftedSumOfSquares: 0 };
  for (const d of differences) {
    moments.sum += d;
    moments.shiftedSum += d - shift;
    moments.shiftedSumOfSquares += (d - shift) * (d - shift);
  }
  return moments;
}

describe("pairedTTest", () => {
  it("gives 0.01324 for differences 1..5 (R: t.test(1:5)$p.value)", () => {
    // Σd = 15, Σd² = 55: mean 3, s² = 2.5, t = 3/√(2.5/5) = 4.2426 on 4 df.
    expect(pairedTTest({ n: 5, sum: 15, shiftedSum: 15, shiftedSumOfSquares: 55 })).toBeCloseTo(0.0132356, 7);
    expect(pairedTTest(momentsOf([1, 2, 3, 4, 5]))).toBeCloseTo(0.0132356, 7);
  });

  it("gives 1 − √(6/7) for differences 1, 2, 3 (df = 2 has P(|T| > t) = 1 − t/√(2 + t²))", () => {
    // Mean 2, s² = 1, t = 2/√(1/3) = √12, so p = 1 − √12/√14.
    expect(pairedTTest(momentsOf([1, 2, 3]))).toBeCloseTo(1 - Math.sqrt(6 / 7), 14);
  });

  it("gives 1 − (2/π)·atan(2) for differences 1, 3 (n = 2, df = 1 is Cauchy)", () => {
    // Mean 2, s² = 2, t = 2/√(2/2) = 2.
    const expected = 1 - (2 / Math.PI) * Math.atan(2);
    expect(pairedTTest(momentsOf([1, 3]))).toBeCloseTo(expected, 14);
    expect(pairedTTest(momentsOf([1, 3], 0))).toBeCloseTo(expected, 14);
  });

  it("gives the same p for differences 1e-9 apart around 1e-9 as for 1, 2, 3 (the test is scale-free)", () => {
    // d = 1e-9, 2e-9, 3e-9: mean 2e-9, s = 1e-9, t = √12 as above.
    expect(pairedTTest(momentsOf([1e-9, 2e-9, 3e-9]))).toBeCloseTo(1 - Math.sqrt(6 / 7), 8);
  });

  it("is 1 when all differences are 0 and 0 when all are the same non-zero value", () => {
    expect(pairedTTest(momentsOf([0, 0, 0, 0]))).toBe(1);
    // Three differences of 0.1, about 0: Σd² − (Σd)²/3 is rounding, not spread.
    expect(pairedTTest(momentsOf([0.1, 0.1, 0.1], 0))).toBe(0);
    expect(pairedTTest(momentsOf([0.1, 0.1, 0.1]))).toBe(0);
  });

  it("is NaN for fewer than two differences", () => {
    expect(pairedTTest(momentsOf([2]))).toBeNaN();
    expect(pairedTTest(momentsOf([]))).toBeNaN();
  });
});
