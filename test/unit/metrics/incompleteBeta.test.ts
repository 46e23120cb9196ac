// Tests for the regularized incomplete beta function against its closed forms.

import { regularizedIncompleteBeta } from "../../../src/metrics/incompleteBeta";

describe("regularizedIncompleteBeta", () => {
  it("is x for a = b = 1 (the uniform CDF)", () => {
    for (const x of [0.1, 0.5, 0.93]) {
      expect(regularizedIncompleteBeta(x, 1, 1)).toBeCloseTo(x, 14);
    }
  });

  it("is xᵃ for b = 1 and 1 − (1−x)ᵇ for a = 1", () => {
    expect(regularizedIncompleteBeta(0.3, 4, 1)).toBeCloseTo(0.3 ** 4, 14);
    expect(regularizedIncompleteBeta(0.3, 1, 5)).toBeCloseTo(1 - 0.7 ** 5, 14);
  });

  it("is 3x² − 2x³ for a = b = 2", () => {
    const x = 0.2;
    expect(regularizedIncompleteBeta(x, 2, 2)).toBeCloseTo(3 * x * x - 2 * x ** 3, 14);
  });

  it("is ½ at x = ½ when a = b, also for a = 10^6", () => {
    expect(regularizedIncompleteBeta(0.5, 7.5, 7.5)).toBeCloseTo(0.5, 14);
    expect(regularizedIncompleteBeta(0.5, 1e6, 1e6)).toBeCloseTo(0.5, 12);
  });

  it("gives the binomial CDF: I_½(n−k, k+1) = P(X ≤ k), X ~ Bin(12, ½), k = 2 → 79/4096", () => {
    // (C(12,0) + C(12,1) + C(12,2)) / 2^12 = (1 + 12 + 66) / 4096.
    const probability = regularizedIncompleteBeta(0.5, 10, 3);
    expect(Math.abs(probability / (79 / 4096) - 1)).toBeLessThan(1e-13);
  });

  it("is 0 at x = 0, 1 at x = 1 and NaN outside its domain", () => {
    expect(regularizedIncompleteBeta(0, 2, 3)).toBe(0);
    expect(regularizedIncompleteBeta(1, 2, 3)).toBe(1);
    expect(regularizedIncompleteBeta(1.5, 2, 3)).toBeNaN();
    expect(regularizedIncompleteBeta(0.5, 0, 3)).toBeNaN();
  });
});
