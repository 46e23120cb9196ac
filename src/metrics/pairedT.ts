// The paired t-test: is the mean of per-datapoint differences between two models zero?

import { sampleVariance, type Moments } from "./meanInterval";
import { studentTCdf } from "./studentT";

/**
 * Two-sided p-value of the paired t-test from the moments of the differences:
 * t = d̄ / (s_d/√n) on n − 1 degrees of freedom, p = 2·P(T ≥ |t|).
 * NaN when n < 2. With zero variance the t statistic is undefined; the differences are then
 * all equal, so p is 1 if they are all 0 and 0 otherwise.
 */
export function pairedTTest(differences: Moments): number {
  const { n, sum } = differences;
  if (!(n >= 2)) return NaN;
  const mean = sum / n;
  const variance = sampleVariance(differences);
  if (variance === 0) return mean === 0 ? 1 : 0;
  const t = mean / Math.sqrt(variance / n);
  return Math.min(1, 2 * studentTCdf(-Math.abs(t), n - 1));
}
