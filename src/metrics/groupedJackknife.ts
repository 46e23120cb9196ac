// The delete-a-group jackknife over units (a detection test case's images): the standard error of
// a measure that is no mean of per-unit values, from G + 1 evaluations where a bootstrap takes a
// thousand (Kott, "The delete-a-group jackknife", Journal of Official Statistics 17, 2001; Efron &
// Tibshirani, "An Introduction to the Bootstrap", 1993, §11.5). bench/detectionCoverage.js shows
// where its intervals hold (bench/README.md).
import type { WeightedMetric } from "./cellMetric";
import { createRandom } from "./random";
import { studentTCdf, studentTQuantile } from "./studentT";

export interface JackknifeSummary {
  value: number;
  standardError: number;
  /** The jackknife's bias-corrected value, G·θ̂ − (G − 1)·θ̄ (θ̄ the replicates' mean). */
  biasCorrected: number;
  ciLow: number;
  ciHigh: number;
  /** Two-sided, of "no difference to the reference"; NaN without a reference. */
  pValue: number;
}

/**
 * The group of each of `units` units: a seeded shuffle dealt round-robin, so group sizes differ by
 * at most one and a unit's group does not depend on its position (images in id order are not a
 * random order).
 */
export function jackknifeGroups(units: number, groups: number, seed: number): Int32Array {
  const random = createRandom(seed);
  const order = Int32Array.from({ length: units }, (_, i) => i);
  // Fisher–Yates.
  for (let i = units - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swap = order[i];
    order[i] = order[j];
    order[j] = swap;
  }
  const group = new Int32Array(units);
  for (let position = 0; position < units; position++) group[order[position]] = position % groups;
  return group;
}

/**
 * The measure on every unit (weight 1), and its replicates with each group g left out in turn
 * (weight 0): θ̂ and θ̂₍g₎. SE² = (G − 1)/G · Σ_g (θ̂₍g₎ − θ̄)², θ̄ the replicates' mean. The
 * interval is θ̂ ± t(G − 1) · SE — centred on the observed value, with the G − 1 degrees of
 * freedom the variance estimate has. With a reference scored on the same replicates, the paired
 * difference's SE comes from the replicates of the difference, and its p-value from t(G − 1).
 * Null when a replicate is undefined (NaN): the bootstrap, which drops such resamples, is then the
 * method to use.
 */
export function groupedJackknife(
  model: WeightedMetric,
  reference: WeightedMetric | null,
  group: Int32Array,
  groups: number,
  confidence: number,
): JackknifeSummary | null {
  const weights = new Float64Array(group.length).fill(1);
  const value = model(weights);
  const referenceValue = reference ? reference(weights) : NaN;
  const replicates = new Float64Array(groups);
  const differences = new Float64Array(reference ? groups : 0);
  for (let g = 0; g < groups; g++) {
    for (let i = 0; i < group.length; i++) weights[i] = group[i] === g ? 0 : 1;
    replicates[g] = model(weights);
    if (reference) differences[g] = replicates[g] - reference(weights);
  }
  if (replicates.some(Number.isNaN) || differences.some(Number.isNaN)) return null;
  const standardError = jackknifeStandardError(replicates);
  const quantile = studentTQuantile(1 - (1 - confidence) / 2, groups - 1);
  let replicateMean = 0;
  for (const replicate of replicates) replicateMean += replicate / groups;
  const biasCorrected = groups * value - (groups - 1) * replicateMean;
  const summary = { value, standardError, biasCorrected, ciLow: value - quantile * standardError, ciHigh: value + quantile * standardError, pValue: NaN };
  if (!reference) return summary;
  const difference = value - referenceValue;
  const differenceError = jackknifeStandardError(differences);
  // Identical replicates (the same outcomes wherever it matters): no difference could be drawn.
  const pValue = differenceError > 0 ? 2 * studentTCdf(-Math.abs(difference) / differenceError, groups - 1) : difference === 0 ? 1 : 0;
  return { ...summary, pValue };
}

/** √((G − 1)/G · Σ (θ₍g₎ − θ̄)²) of the leave-a-group-out replicates. */
export function jackknifeStandardError(replicates: Float64Array): number {
  const groups = replicates.length;
  let mean = 0;
  for (const replicate of replicates) mean += replicate / groups;
  let squares = 0;
  for (const replicate of replicates) squares += (replicate - mean) ** 2;
  return Math.sqrt(((groups - 1) / groups) * squares);
}
