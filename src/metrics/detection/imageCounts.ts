// Per-image true positives, false positives and misses at an operating threshold: the
// per-datapoint `<model>.tp`, `.fp`, `.fn` columns.
import { DetectionMatches, FALSE_POSITIVE, TRUE_POSITIVE, outcomeColumn } from "./matchDetections";

export interface ImageCountOptions {
  /** Index into the matching's IoU thresholds. */
  iouIndex: number;
  /** Index into the matching's area ranges. */
  areaIndex: number;
  /** Predictions per image and class kept, by descending score. */
  maxDetections: number;
  /** Predictions with score ≥ this count: one threshold, or one per class (NaN: the class is not counted). */
  threshold: number | Float64Array;
}

export interface ImageCounts {
  tp: Int32Array;
  fp: Int32Array;
  fn: Int32Array;
}

/**
 * Counts per image, as the measures count them: a counted prediction is a true or a false
 * positive (ignored ones are neither); fn is the image's non-ignored ground truths of the
 * counted classes minus its true positives. Thresholds come from `PreparedDetection.thresholds`
 * when F1-optimal.
 */
export function detectionImageCounts(matches: DetectionMatches, options: ImageCountOptions): ImageCounts {
  const { predictions, truth, images } = matches;
  const predictionCount = predictions.label.length;
  const { offset, stride } = outcomeColumn(matches, options.areaIndex, options.iouIndex);
  const thresholdOf = (label: number) => (typeof options.threshold === "number" ? options.threshold : (options.threshold[label] ?? NaN));
  const tp = new Int32Array(images);
  const fp = new Int32Array(images);
  const fn = new Int32Array(images);
  for (let p = 0; p < predictionCount; p++) {
    const threshold = thresholdOf(predictions.label[p]);
    if (predictions.rank[p] >= options.maxDetections || !(predictions.score[p] >= threshold)) continue;
    const outcome = matches.states[p * stride + offset];
    if (outcome === TRUE_POSITIVE) tp[predictions.image[p]]++;
    else if (outcome === FALSE_POSITIVE) fp[predictions.image[p]]++;
  }
  const ignored = truth.ignored[options.areaIndex];
  for (let i = 0; i < images; i++) {
    let positives = 0;
    for (let g = truth.start[i]; g < truth.start[i + 1]; g++) if (ignored[g] === 0 && !Number.isNaN(thresholdOf(truth.label[g]))) positives++;
    fn[i] = positives - tp[i];
  }
  return { tp, fp, fn };
}
