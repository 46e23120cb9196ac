// The Wilson score interval for a binomial proportion, used for rate metrics such as
// accuracy on a slice.

import { normalQuantile } from "./normal";

/**
 * Wilson score interval without continuity correction (E. B. Wilson, "Probable inference,
 * the law of succession, and statistical inference", JASA 1927):
 *   (p̂ + z²/2n ± z·√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n),  z = Φ⁻¹(1 − α/2).
 * Unlike the Wald interval it stays inside [0, 1] and is not degenerate at 0/n or n/n.
 * Returns [NaN, NaN] when n = 0.
 */
export function wilsonInterval(successes: number, n: number, confidence: number): [number, number] {
  checkConfidence(confidence);
  if (!(n >= 0) || !(successes >= 0 && successes <= n)) {
    throw new RangeError(`wilsonInterval needs 0 ≤ successes ≤ n; got ${successes} of ${n}`);
  }
  if (n === 0) return [NaN, NaN];
  const z = -normalQuantile((1 - confidence) / 2);
  const zSquared = z * z;
  const proportion = successes / n;
  const denominator = 1 + zSquared / n;
  const center = (proportion + zSquared / (2 * n)) / denominator;
  const halfWidth = (z * Math.sqrt((proportion * (1 - proportion)) / n + zSquared / (4 * n * n))) / denominator;
  // At 0/n and n/n the formula touches 0 or 1 exactly; pin those ends against rounding.
  const low = successes === 0 ? 0 : Math.max(0, center - halfWidth);
  const high = successes === n ? 1 : Math.min(1, center + halfWidth);
  return [low, high];
}

function checkConfidence(confidence: number): void {
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`confidence must be strictly between 0 and 1; got ${confidence}`);
  }
}
