// The interval and paired test of a detection measure: a cluster bootstrap over the test
// case's images, the same Poisson weights for the model and the reference.
import type { WeightedMetric } from "../cellMetric";
import type { MetricSummary, SummaryOptions } from "../summarizeMetric";
import { bootstrapPValue, createRandom, percentileInterval, poissonResampler } from "../statistics";

/**
 * The measure on the test case's `images` images, its percentile interval and — with a
 * reference prepared on the same images — the two-sided bootstrap p-value of the delta.
 * Images are the clusters: AP and F1 are not means of per-image values, and an image's boxes
 * are not independent, so each resample redraws every image's weight from Poisson(1) (as
 * summarizeMetric's cells do) and scores all its boxes with it. Resamples where the measure is
 * undefined are dropped; with fewer than half left the interval (or p-value) is NaN.
 */
export function summarizeDetection(model: WeightedMetric, reference: WeightedMetric | null, images: number, options: SummaryOptions): MetricSummary {
  const observed = new Float64Array(images).fill(1);
  const value = model(observed);
  if (!Number.isFinite(value)) return { n: images, value: NaN, ciLow: NaN, ciHigh: NaN, pValue: NaN };
  const random = createRandom(options.seed);
  const resample = poissonResampler(observed);
  const weights = new Float64Array(images);
  const values = new Float64Array(options.resamples);
  const deltas = new Float64Array(reference ? options.resamples : 0);
  for (let r = 0; r < options.resamples; r++) {
    resample(random, weights);
    values[r] = model(weights);
    if (reference) deltas[r] = values[r] - reference(weights);
  }
  const enough = (replicates: Float64Array) => {
    let defined = 0;
    for (const replicate of replicates) if (!Number.isNaN(replicate)) defined++;
    return 2 * defined >= options.resamples;
  };
  const [ciLow, ciHigh] = enough(values) ? percentileInterval(values, options.confidence) : [NaN, NaN];
  const pValue = reference && enough(deltas) ? bootstrapPValue(deltas) : NaN;
  return { n: images, value, ciLow, ciHigh, pValue };
}
