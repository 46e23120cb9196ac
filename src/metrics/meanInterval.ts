// The Student t confidence interval for a mean, from the moments (n, Σx and sums of deviations
// from a shift) that an evaluation gathers per test case.

import { studentTQuantile } from "./studentT";

/**
 * Enough of a sample for its mean and variance: the count and sum of its values, and the sums of
 * their deviations from a shift c near them, Σ(x − c) and Σ(x − c)². Every c gives the same
 * variance, (Σ(x − c)² − (Σ(x − c))²/n) / (n − 1), but only one near the values keeps it: from
 * c = 0, i.e. Σx and Σx², values ≈ 1 that differ by 1e-9 lose every digit of their variance in
 * the subtraction. Each gatherer picks its own c per test case (see gatherSlices and the
 * platform's evaluation); nothing downstream needs to know it.
 */
export interface Moments {
  n: number;
  sum: number;
  shiftedSum: number;
  shiftedSumOfSquares: number;
}

/**
 * mean ± t(1 − α/2, n − 1)·s/√n, with s² the sample variance (divisor n − 1).
 * [NaN, NaN] when n < 2; [mean, mean] when every value is the same.
 */
export function meanInterval(moments: Moments, confidence: number): [number, number] {
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`confidence must be strictly between 0 and 1; got ${confidence}`);
  }
  const { n, sum } = moments;
  if (!(n >= 2)) return [NaN, NaN];
  const mean = sum / n;
  const variance = sampleVariance(moments);
  if (variance === 0) return [mean, mean];
  const t = studentTQuantile(1 - (1 - confidence) / 2, n - 1);
  const halfWidth = t * Math.sqrt(variance / n);
  return [mean - halfWidth, mean + halfWidth];
}

/**
 * (Σ(x − c)² − (Σ(x − c))²/n) / (n − 1), clamped at 0. What is within rounding noise is taken as
 * exactly 0, so that a constant sample such as [0.1, 0.1, 0.1] has no spread rather than 1e-34:
 * the noise of sums accumulated term by term (about n·ε·Σ(x − c)²), and deviations of a unit or
 * two in the last place of the mean (the platform merges groups of rows by their means, and the
 * means of groups of 0.1s can round an ulp apart).
 */
export function sampleVariance({ n, sum, shiftedSum, shiftedSumOfSquares }: Moments): number {
  const squaredDeviations = shiftedSumOfSquares - (shiftedSum * shiftedSum) / n;
  if (squaredDeviations <= n * Number.EPSILON * shiftedSumOfSquares) return 0;
  if (Math.sqrt(squaredDeviations / n) <= 2 * Number.EPSILON * Math.abs(sum / n)) return 0;
  return squaredDeviations / (n - 1);
}
