// Percentile-bootstrap summaries: a confidence interval from bootstrap replicates, and a
// two-sided p-value from bootstrap replicates of a difference.

/**
 * The percentile bootstrap interval (Efron & Tibshirani, "An Introduction to the Bootstrap",
 * 1993, §13.3): the α/2 and 1 − α/2 quantiles of the replicates, α = 1 − confidence, using
 * the type-7 quantile that is R's default (Hyndman & Fan 1996). NaN replicates are dropped;
 * [NaN, NaN] when none remain.
 */
export function percentileInterval(values: Float64Array, confidence: number): [number, number] {
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`confidence must be strictly between 0 and 1; got ${confidence}`);
  }
  // A plain loop, not filter(): a callback per replicate cost as much as the sort.
  const defined = new Float64Array(values.length);
  let count = 0;
  for (const value of values) if (!Number.isNaN(value)) defined[count++] = value;
  const sorted = defined.subarray(0, count).sort();
  if (sorted.length === 0) return [NaN, NaN];
  const alpha = 1 - confidence;
  return [quantileType7(sorted, alpha / 2), quantileType7(sorted, 1 - alpha / 2)];
}

/**
 * The two-sided percentile-bootstrap test of "the difference is 0": twice the smaller share
 * of replicates on either side of 0, with the +1 in numerator and denominator that counts the
 * observed sample as a replicate, so p is never 0 (Davison & Hinkley, "Bootstrap Methods and
 * their Application", 1997, §4.2):
 *   p = min(1, 2·min((#{δ ≤ 0} + 1)/(R + 1), (#{δ ≥ 0} + 1)/(R + 1))),
 * R the number of non-NaN replicates δ. NaN when R = 0.
 */
export function bootstrapPValue(deltas: Float64Array): number {
  let replicates = 0;
  let atMostZero = 0;
  let atLeastZero = 0;
  for (const delta of deltas) {
    if (Number.isNaN(delta)) continue;
    replicates++;
    if (delta <= 0) atMostZero++;
    if (delta >= 0) atLeastZero++;
  }
  if (replicates === 0) return NaN;
  const smallerShare = (Math.min(atMostZero, atLeastZero) + 1) / (replicates + 1);
  return Math.min(1, 2 * smallerShare);
}

/** Type-7 quantile of sorted values: linear interpolation at position (n − 1)·probability. */
function quantileType7(sorted: Float64Array, probability: number): number {
  const position = (sorted.length - 1) * probability;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  const fraction = position - below;
  return sorted[below] + fraction * (sorted[above] - sorted[below]);
}
