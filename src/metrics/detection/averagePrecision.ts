// Average precision from a precision–recall curve (detections in rank order): COCO's 101-point
// interpolation and PASCAL VOC's all-point interpolation.

/** COCO's recall thresholds, numpy.linspace(0, 1, 101) to the bit: i·0.01, the last exactly 1. */
export const cocoRecallThresholds = Float64Array.from({ length: 101 }, (_, i) => (i === 100 ? 1 : i * 0.01));

/**
 * Replaces each precision by the highest precision at the same or a later rank (the precision
 * envelope, which makes the curve non-increasing), in place over the first `count` values.
 */
export function precisionEnvelope(precision: Float64Array, count: number): void {
  for (let i = count - 1; i > 0; i--) if (precision[i] > precision[i - 1]) precision[i - 1] = precision[i];
}

/**
 * COCO's AP (pycocotools COCOeval.accumulate): the mean over the 101 recall thresholds r of the
 * envelope's precision at the first rank whose recall is ≥ r (numpy searchsorted, side='left'),
 * 0 beyond the highest recall reached. `recall` is non-decreasing; the envelope is taken here.
 */
export function interpolatedAveragePrecision(recall: Float64Array, precision: Float64Array, count: number): number {
  precisionEnvelope(precision, count);
  let sum = 0;
  let i = 0;
  for (let r = 0; r < cocoRecallThresholds.length; r++) {
    const threshold = cocoRecallThresholds[r];
    while (i < count && recall[i] < threshold) i++;
    if (i === count) break;
    sum += precision[i];
  }
  return sum / cocoRecallThresholds.length;
}

/**
 * PASCAL VOC's all-point AP (devkit 2010 and later, `voc_ap` with use_07_metric false): the area
 * under the precision envelope as a step function of recall, Σ (r_i − r_{i−1}) · p_i over the
 * ranks where recall rises, from r = 0.
 */
export function allPointAveragePrecision(recall: Float64Array, precision: Float64Array, count: number): number {
  precisionEnvelope(precision, count);
  let sum = 0;
  let previous = 0;
  for (let i = 0; i < count; i++) {
    if (recall[i] === previous) continue;
    sum += (recall[i] - previous) * precision[i];
    previous = recall[i];
  }
  return sum;
}
