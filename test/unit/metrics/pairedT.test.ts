// Tests for the paired t-test p-value on small sets of differences worked by hand.

import { pairedTTest } from "../../../src/metrics/pairedT";

describe("pairedTTest", () => {
  it("gives 0.01324 for differences 1..5 (R: t.test(1:5)$p.value)", () => {
    // Σd = 15, Σd² = 55: mean 3, s² = 2.5, t = 3/√(2.5/5) = 4.2426 on 4 df.
    expect(pairedTTest({ n: 5, sum: 15, sumOfSquares: 55 })).toBeCloseTo(0.0132356, 7);
  });

  it("gives 1 − √(6/7) for differences 1, 2, 3 (df = 2 has P(|T| > t) = 1 − t/√(2 + t²))", () => {
    // Mean 2, s² = 1, t = 2/√(1/3) = √12, so p = 1 − √12/√14.
    expect(pairedTTest({ n: 3, sum: 6, sumOfSquares: 14 })).toBeCloseTo(1 - Math.sqrt(6 / 7), 14);
  });

  it("gives 1 − (2/π)·atan(2) for differences 1, 3 (df = 1 is Cauchy)", () => {
    // Mean 2, s² = 2, t = 2/√(2/2) = 2.
    const expected = 1 - (2 / Math.PI) * Math.atan(2);
    expect(pairedTTest({ n: 2, sum: 4, sumOfSquares: 10 })).toBeCloseTo(expected, 14);
  });

  it("is 1 when all differences are 0 and 0 when all are the same non-zero value", () => {
    expect(pairedTTest({ n: 4, sum: 0, sumOfSquares: 0 })).toBe(1);
    // Three differences of 0.1, summed in floating point.
    const sumOfSquares = 0.030000000000000006;
    expect(pairedTTest({ n: 3, sum: 0.30000000000000004, sumOfSquares })).toBe(0);
  });

  it("is NaN for fewer than two differences", () => {
    expect(pairedTTest({ n: 1, sum: 2, sumOfSquares: 4 })).toBeNaN();
  });
});
