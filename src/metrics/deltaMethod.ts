// The delta method for a cell metric (cellSums.ts): its standard error, and a paired difference's,
// from the metric's gradient — the first-order version of the Poisson bootstrap of the same cells
// (each count c_i redrawn from Poisson(c_i), so Var f ≈ Σ_i c_i (∂f/∂c_i)²; Efron & Tibshirani,
// "An Introduction to the Bootstrap", 1993, §21.3). It answers in microseconds where 1,000
// resamples take milliseconds, and bench/coverage.js shows where its intervals hold (bench/README.md).
import { CellSums, weightedSums } from "./cellSums";
import { normalCdf, normalQuantile } from "./normal";

/**
 * Where the linearisation is used instead of resampling: at least this many datapoints, and every
 * ratio the metric averages over at least this large a denominator (a rare class's F1 is far from
 * linear in its few counts). Below, the bootstrap runs as before.
 */
export const deltaMethodFrom = { datapoints: 3000, denominator: 100 };

export interface DeltaSummary {
  ciLow: number;
  ciHigh: number;
  /** Two-sided, of "no difference to the reference"; NaN without a reference. */
  pValue: number;
}

/**
 * The interval of `value` (the model's metric on `counts`) and, with the reference's form, the
 * p-value of their difference; null where deltaMethodFrom says the bootstrap should run.
 */
export function deltaSummary(
  model: CellSums,
  reference: CellSums | null,
  counts: ArrayLike<number>,
  values: { model: number; reference: number },
  confidence: number,
): DeltaSummary | null {
  const modelSums = weightedSums(model, counts);
  const referenceSums = reference ? weightedSums(reference, counts) : null;
  if (model.smallestDenominator(modelSums) < deltaMethodFrom.denominator) return null;
  if (reference && referenceSums && reference.smallestDenominator(referenceSums) < deltaMethodFrom.denominator) return null;
  const modelGradient = cellGradient(model, modelSums, counts.length);
  const referenceGradient = reference && referenceSums ? cellGradient(reference, referenceSums, counts.length) : null;
  let variance = 0;
  let differenceVariance = 0;
  for (let c = 0; c < counts.length; c++) {
    variance += counts[c] * modelGradient[c] ** 2;
    if (referenceGradient) differenceVariance += counts[c] * (modelGradient[c] - referenceGradient[c]) ** 2;
  }
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const spread = z * Math.sqrt(variance);
  // Every metric of this form is a ratio of counts, within [0, 1].
  const [ciLow, ciHigh] = [Math.max(0, values.model - spread), Math.min(1, values.model + spread)];
  if (!referenceGradient) return { ciLow, ciHigh, pValue: NaN };
  const difference = values.model - values.reference;
  const standardError = Math.sqrt(differenceVariance);
  // Identical outcomes on every datapoint: no difference, and none could be drawn.
  const pValue = standardError > 0 ? 2 * normalCdf(-Math.abs(difference) / standardError) : difference === 0 ? 1 : 0;
  return { ciLow, ciHigh, pValue };
}

/** ∂f/∂c_i for each cell: the score's gradient in the sums (central differences), through the cells' coefficients. */
function cellGradient(form: CellSums, sums: Float64Array, cells: number): Float64Array {
  const gradient = new Float64Array(form.size);
  const shifted = Float64Array.from(sums);
  for (let j = 0; j < form.size; j++) {
    // A sum of 0 has no cell with a count behind it, so its slope weighs nothing.
    if (sums[j] <= 0) continue;
    const step = sums[j] * 1e-6;
    shifted[j] = sums[j] + step;
    const above = form.score(shifted);
    shifted[j] = sums[j] - step;
    const below = form.score(shifted);
    shifted[j] = sums[j];
    gradient[j] = (above - below) / (2 * step);
  }
  const perCell = new Float64Array(cells);
  for (let e = 0; e < form.cell.length; e++) perCell[form.cell[e]] += form.coefficient[e] * gradient[form.sum[e]];
  return perCell;
}
