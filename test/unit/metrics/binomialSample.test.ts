// Tests for exact binomial draws: edge cases, moments within 3 standard errors, and a
// goodness-of-fit check of each algorithm against the binomial probabilities.

import { binomialSample } from "../../../src/metrics/binomialSample";
import { createRandom } from "../../../src/metrics/random";
import { logGamma } from "../../../src/metrics/logGamma";

function drawMany(n: number, p: number, draws: number, seed: number): Float64Array {
  const random = createRandom(seed);
  const values = new Float64Array(draws);
  for (let i = 0; i < draws; i++) values[i] = binomialSample(n, p, random);
  return values;
}

/** Checks sample mean and variance against np and np(1−p), each within 3 standard errors. */
function expectBinomialMoments(values: Float64Array, n: number, p: number): void {
  const draws = values.length;
  let sum = 0;
  for (const value of values) sum += value;
  const mean = sum / draws;
  let squaredDeviations = 0;
  for (const value of values) squaredDeviations += (value - mean) ** 2;
  const variance = squaredDeviations / (draws - 1);
  const q = 1 - p;
  const expectedVariance = n * p * q;
  // Central fourth moment of the binomial: npq(1 + 3pq(n − 2)); Var(s²) ≈ (μ₄ − σ⁴)/draws.
  const fourthMoment = n * p * q * (1 + 3 * p * q * (n - 2));
  const varianceStandardError = Math.sqrt((fourthMoment - expectedVariance ** 2) / draws);
  expect(Math.abs(mean - n * p)).toBeLessThan(3 * Math.sqrt(expectedVariance / draws));
  expect(Math.abs(variance - expectedVariance)).toBeLessThan(3 * varianceStandardError);
}

/** Pearson's χ² of draws against Binomial(n, p), merging cells expected to hold fewer than 5. */
function chiSquare(
  values: Float64Array,
  n: number,
  p: number,
): { statistic: number; cells: number } {
  const observed = new Float64Array(n + 1);
  for (const value of values) observed[value]++;
  let statistic = 0;
  let cells = 0;
  let pendingObserved = 0;
  let pendingExpected = 0;
  for (let k = 0; k <= n; k++) {
    const logChoose = logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
    const logProbability = logChoose + k * Math.log(p) + (n - k) * Math.log1p(-p);
    pendingObserved += observed[k];
    pendingExpected += values.length * Math.exp(logProbability);
    if (pendingExpected >= 5 || k === n) {
      statistic += (pendingObserved - pendingExpected) ** 2 / pendingExpected;
      cells++;
      pendingObserved = 0;
      pendingExpected = 0;
    }
  }
  return { statistic, cells };
}

describe("binomialSample", () => {
  it("returns 0 for n = 0 or p = 0 and n for p = 1", () => {
    const random = createRandom(1);
    expect(binomialSample(0, 0.3, random)).toBe(0);
    expect(binomialSample(100, 0, random)).toBe(0);
    expect(binomialSample(100, 1, random)).toBe(100);
  });

  it("matches np and np(1−p) for n = 20, p = 0.3 (inversion)", () => {
    expectBinomialMoments(drawMany(20, 0.3, 20_000, 11), 20, 0.3);
  });

  it("matches np and np(1−p) for n = 10^6, p = 0.42 (BTRS)", () => {
    expectBinomialMoments(drawMany(1_000_000, 0.42, 20_000, 12), 1_000_000, 0.42);
  });

  it("matches np and np(1−p) for p > ½ by symmetry and for n = 10^8", () => {
    expectBinomialMoments(drawMany(1000, 0.93, 20_000, 13), 1000, 0.93);
    expectBinomialMoments(drawMany(100_000_000, 0.25, 20_000, 14), 100_000_000, 0.25);
    expectBinomialMoments(drawMany(100_000_000, 3e-8, 20_000, 15), 100_000_000, 3e-8);
  });

  it.each([
    ["inversion", 30, 0.2],
    ["BTRS", 60, 0.4],
  ])("follows the binomial probabilities (%s, n = %p, p = %p)", (_, n, p) => {
    const { statistic, cells } = chiSquare(drawMany(n, p, 100_000, 21), n, p);
    // χ² on (cells − 1) df has mean cells − 1 and standard deviation √(2(cells − 1)).
    const df = cells - 1;
    expect(statistic).toBeLessThan(df + 4 * Math.sqrt(2 * df));
  });

  it("rejects a fractional n or p outside [0, 1]", () => {
    const random = createRandom(1);
    expect(() => binomialSample(2.5, 0.3, random)).toThrow(RangeError);
    expect(() => binomialSample(10, 1.2, random)).toThrow(RangeError);
  });
});
