// The Student t confidence interval for a mean, from the running moments n, Σx and Σx²
// that an evaluation accumulates per slice.

import { studentTQuantile } from "./studentT";

/** Count, sum and sum of squares of a sample: enough for its mean and variance. */
export interface Moments {
  n: number;
  sum: number;
  sumOfSquares: number;
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
 * (Σx² − (Σx)²/n) / (n − 1), clamped at 0. A result within the rounding noise of the sums
 * (about n·ε·Σx² for sums accumulated term by term) is taken as exactly 0, so a constant
 * sample such as [0.1, 0.1, 0.1] has zero variance rather than 1e-18.
 */
export function sampleVariance({ n, sum, sumOfSquares }: Moments): number {
  const squaredDeviations = sumOfSquares - (sum * sum) / n;
  const roundingNoise = n * Number.EPSILON * sumOfSquares;
  if (squaredDeviations <= roundingNoise) return 0;
  return squaredDeviations / (n - 1);
}
