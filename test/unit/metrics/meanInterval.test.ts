// Tests for the t interval of a mean from its moments, on small samples worked by hand.

import { Moments, meanInterval, sampleVariance } from "../../../src/metrics/meanInterval";

/** n, Σx and the sums of x − shift, (x − shift)², added term by term; by default about the first value, as the browser does. */
function momentsOf(values: number[], shift = values[0] ?? 0): Moments {
  const moments = { n: values.length, sum: 0, shiftedSum: 0, shiftedSumOfSquares: 0 };
  for (const value of values) {
    moments.sum += value;
    moments.shiftedSum += value - shift;
    moments.shiftedSumOfSquares += (value - shift) * (value - shift);
  }
  return moments;
}

/** R: qt(0.975, df). */
const t975 = { 1: 12.706204736174694, 4: 2.7764451051977965, 9: 2.2621571627982044 };

describe("meanInterval", () => {
  it("gives [1.036757, 4.963243] for 1, 2, 3, 4, 5 at 95% (R: t.test(1:5)$conf.int)", () => {
    // n = 5, Σx = 15, Σx² = 55: mean 3, s² = (55 − 225/5)/4 = 2.5, s/√n = √0.5,
    // half-width = qt(0.975, 4)·√0.5 = 2.776445·0.7071068 = 1.963243.
    const [low, high] = meanInterval({ n: 5, sum: 15, shiftedSum: 15, shiftedSumOfSquares: 55 }, 0.95);
    expect(low).toBeCloseTo(1.036757, 6);
    expect(high).toBeCloseTo(4.963243, 6);
    // The same about the shift 3 (deviations −2 … 2: Σ = 0, Σ² = 10), or about 1.
    expect(meanInterval({ n: 5, sum: 15, shiftedSum: 0, shiftedSumOfSquares: 10 }, 0.95)).toEqual([low, high]);
    expect(meanInterval(momentsOf([1, 2, 3, 4, 5]), 0.95)).toEqual([low, high]);
  });

  it("gives mean ± 12.70620·s/√2 for two values (df = 1)", () => {
    // Values 1 and 3: mean 2, s² = 2, s/√n = 1, qt(0.975, 1) = 12.70620.
    const [low, high] = meanInterval(momentsOf([1, 3]), 0.95);
    expect(low).toBeCloseTo(2 - 12.706205, 5);
    expect(high).toBeCloseTo(2 + 12.706205, 5);
  });

  it("keeps the interval of ten values ≈ 1 that differ by 1e-9 (issue 11)", () => {
    // x_k = 1 − k·1e-9, k = 0 … 9: mean 1 − 4.5e-9 = 0.9999999955; Σ(x − x̄)² = 82.5e-18, so
    // s² = 82.5e-18/9 = 9.1667e-18 and s/√10 = 9.5743e-10; half-width qt(0.975, 9)·s/√10 =
    // 2.2621572·9.5743e-10 = 2.16585e-9: [0.99999999333415, 0.99999999766585].
    // (The doubles nearest the x_k differ from them by < 1.2e-16, moving s² by 3e-9 of itself.)
    const values = Array.from({ length: 10 }, (_, k) => 1 - k * 1e-9);
    const halfWidth = t975[9] * Math.sqrt(82.5e-18 / 9 / 10);
    expect(halfWidth).toBeCloseTo(2.16585e-9, 14);
    const [low, high] = meanInterval(momentsOf(values), 0.95);
    expect(Math.abs((high - low) / 2 / halfWidth - 1)).toBeLessThan(1e-8);
    expect(Math.abs(low - (0.9999999955 - halfWidth))).toBeLessThan(2e-16);
    expect(Math.abs(high - (0.9999999955 + halfWidth))).toBeLessThan(2e-16);
    // From Σx and Σx² (shift 0) the same values keep no digit of their variance: what is left of
    // the subtraction is rounding noise, read as 0 — the zero-width interval the issue reported.
    expect(sampleVariance(momentsOf(values, 0))).toBe(0);
    expect(sampleVariance(momentsOf(values)) / (82.5e-18 / 9)).toBeCloseTo(1, 8);
  });

  it("keeps the interval of two values ≈ 1 (n = 2): 1 and 1 − 1e-9", () => {
    // mean 1 − 0.5e-9, s² = (1e-9)²/2, s/√2 = 0.5e-9; half-width 12.706205·0.5e-9 = 6.3531e-9.
    const [low, high] = meanInterval(momentsOf([1, 1 - 1e-9]), 0.95);
    expect(Math.abs((high - low) / 2 / (t975[1] * 0.5e-9) - 1)).toBeLessThan(1e-6);
    expect(Math.abs((low + high) / 2 - (1 - 0.5e-9))).toBeLessThan(2e-16);
  });

  it("collapses to [mean, mean] when every value is the same, despite rounding in the sums", () => {
    // About 0, Σx² = 0.030000000000000006 and (Σx)²/3 = 0.030000000000000009: rounding, not spread.
    const aboutZero = momentsOf([0.1, 0.1, 0.1], 0);
    expect(meanInterval(aboutZero, 0.95)).toEqual([aboutZero.sum / 3, aboutZero.sum / 3]);
    expect(meanInterval(momentsOf([0.1, 0.1, 0.1]), 0.95)).toEqual([aboutZero.sum / 3, aboutZero.sum / 3]);
    expect(meanInterval(momentsOf([4, 4]), 0.95)).toEqual([4, 4]);
    const nearOne = momentsOf([1 - 1e-9, 1 - 1e-9, 1 - 1e-9, 1 - 1e-9]);
    expect(meanInterval(nearOne, 0.95)).toEqual([nearOne.sum / 4, nearOne.sum / 4]);
  });

  it("is [NaN, NaN] for fewer than two values", () => {
    expect(meanInterval(momentsOf([3]), 0.95)).toEqual([NaN, NaN]);
    expect(meanInterval(momentsOf([]), 0.95)).toEqual([NaN, NaN]);
  });

  it("rejects a confidence outside (0, 1)", () => {
    expect(() => meanInterval(momentsOf([1, 2, 3, 4, 5]), 95)).toThrow(RangeError);
  });
});

describe("sampleVariance", () => {
  it("uses the n − 1 divisor: 2.5 for 1..5, about any shift", () => {
    expect(sampleVariance(momentsOf([1, 2, 3, 4, 5], 0))).toBeCloseTo(2.5, 14);
    expect(sampleVariance(momentsOf([1, 2, 3, 4, 5]))).toBe(2.5);
    expect(sampleVariance(momentsOf([1, 2, 3, 4, 5], 3))).toBe(2.5);
  });

  it("never goes negative when Σ(x − c)² − (Σ(x − c))²/n rounds below 0", () => {
    expect(sampleVariance(momentsOf([0.1, 0.1, 0.1], 0))).toBe(0);
  });

  it("takes a spread below an ulp or two of the mean as 0 (a centre that missed the mean by an ulp)", () => {
    // Four values of 0.1, summed about a centre that is 1 ulp (u = 2⁻⁵⁶ ≈ 1.4e-17) off for one of
    // them: Σ(x − c) = u, Σ(x − c)² = u², so s² = (u² − u²/4)/3 — rounding, not data.
    const u = 2 ** -56;
    expect(sampleVariance({ n: 4, sum: 0.4, shiftedSum: u, shiftedSumOfSquares: u * u })).toBe(0);
    // A real spread of 1e-12 around 0.1 stays: [0.1 − 1e-12, 0.1 + 1e-12] has s² = 2e-24.
    expect(sampleVariance(momentsOf([0.1 - 1e-12, 0.1 + 1e-12])) / 2e-24).toBeCloseTo(1, 3);
  });
});
