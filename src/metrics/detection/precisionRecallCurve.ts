// A test case's precision–recall curve from kept matches — the chosen classes' predictions ranked
// together by score (micro), or one class's — with the operating point at a metric's threshold.
import { DetectionMatches, FALSE_POSITIVE, TRUE_POSITIVE, outcomeColumn } from "./matchDetections";

export interface PrecisionRecallOptions {
  /** Index into the matching's IoU thresholds. */
  iouIndex: number;
  /** Index into the matching's area ranges. */
  areaIndex: number;
  /** Predictions per image and class kept, by descending score. */
  maxDetections: number;
  /** 1 for each class in the curve; one class gives that class's curve. */
  classes: Uint8Array;
  /**
   * The operating threshold: predictions with score ≥ it count. One score, or one per class as
   * `PreparedDetection.thresholds` gives them (Infinity: none of the class counts).
   */
  threshold: number | Float64Array;
  /** Leave out a point closer than this to the last one kept, in recall and in precision (the first and last stay). Default 0: every point. */
  resolution?: number;
}

export interface PrecisionRecallPoint {
  recall: number;
  precision: number;
  /** The score of the point's predictions; NaN for an operating point with a threshold per class that differ. */
  score: number;
}

export interface PrecisionRecallCurve {
  /** Non-ignored ground truths of the chosen classes in the test case's images. */
  positives: number;
  /** One point per distinct score, highest first: predictions with that score or more count. Empty without positives. */
  points: PrecisionRecallPoint[];
  /** Recall and precision counting what the threshold counts; null without positives. */
  operating: PrecisionRecallPoint | null;
}

/**
 * The curve of the test case's `images` (indices into the matched images) at one IoU threshold
 * and area range. Predictions are those the measures count: within `maxDetections` in their image
 * and class, true or false positives there (matched to an ignored ground truth, or outside the
 * area range, they are neither). Ranked by descending score, tied scores enter together, so a
 * point is a cut between two scores: recall = tp / positives, precision = tp / (tp + fp). The
 * operating point counts the predictions with score ≥ their class's threshold; with different
 * thresholds per class it need not lie on the micro curve. Its precision is 0 when nothing
 * counts, as the precision measure's is.
 */
export function precisionRecallCurve(matches: DetectionMatches, images: ArrayLike<number>, options: PrecisionRecallOptions): PrecisionRecallCurve {
  const inCase = new Uint8Array(matches.images);
  for (let i = 0; i < images.length; i++) inCase[images[i]] = 1;
  const { predictions, truth } = matches;
  const chosen = (label: number) => label < options.classes.length && options.classes[label] === 1;

  const ignored = truth.ignored[options.areaIndex];
  let positives = 0;
  for (let i = 0; i < matches.images; i++) {
    if (inCase[i] === 0) continue;
    for (let g = truth.start[i]; g < truth.start[i + 1]; g++) if (ignored[g] === 0 && chosen(truth.label[g])) positives++;
  }
  if (positives === 0) return { positives, points: [], operating: null };

  const count = predictions.label.length;
  const { offset, stride } = outcomeColumn(matches, options.areaIndex, options.iouIndex);
  const kept: number[] = [];
  for (let q = 0; q < count; q++) {
    if (inCase[predictions.image[q]] === 0 || !chosen(predictions.label[q]) || predictions.rank[q] >= options.maxDetections) continue;
    const outcome = matches.states[q * stride + offset];
    if (outcome === TRUE_POSITIVE || outcome === FALSE_POSITIVE) kept.push(q);
  }
  const score = predictions.score;
  kept.sort((a, b) => score[b] - score[a] || a - b);

  const points: PrecisionRecallPoint[] = [];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < kept.length; k++) {
    const q = kept[k];
    if (matches.states[q * stride + offset] === TRUE_POSITIVE) tp++;
    else fp++;
    if (k + 1 < kept.length && score[kept[k + 1]] === score[q]) continue;
    points.push({ recall: tp / positives, precision: tp / (tp + fp), score: score[q] });
  }

  const thresholdOf = (label: number) => (typeof options.threshold === "number" ? options.threshold : options.threshold[label]);
  let operatingTp = 0;
  let operatingFp = 0;
  for (const q of kept) {
    if (!(score[q] >= thresholdOf(predictions.label[q]))) continue;
    if (matches.states[q * stride + offset] === TRUE_POSITIVE) operatingTp++;
    else operatingFp++;
  }
  const operating = {
    recall: operatingTp / positives,
    precision: operatingTp + operatingFp === 0 ? 0 : operatingTp / (operatingTp + operatingFp),
    score: operatingScore(options.threshold, options.classes),
  };
  return { positives, points: thin(points, options.resolution ?? 0), operating };
}

/** The one threshold of the chosen classes, or NaN when they differ. */
function operatingScore(threshold: number | Float64Array, classes: Uint8Array): number {
  if (typeof threshold === "number") return threshold;
  let shared = NaN;
  for (let k = 0; k < classes.length; k++) {
    if (classes[k] !== 1 || Number.isNaN(threshold[k])) continue;
    if (Number.isNaN(shared)) shared = threshold[k];
    else if (threshold[k] !== shared) return NaN;
  }
  return shared;
}

/** Keeps the first and last points and each one at least `resolution` from the last kept, in recall or precision. */
function thin(points: PrecisionRecallPoint[], resolution: number): PrecisionRecallPoint[] {
  if (resolution <= 0 || points.length <= 2) return points;
  const kept = [points[0]];
  for (let i = 1; i < points.length - 1; i++) {
    const last = kept[kept.length - 1];
    if (Math.abs(points[i].recall - last.recall) >= resolution || Math.abs(points[i].precision - last.precision) >= resolution) kept.push(points[i]);
  }
  kept.push(points[points.length - 1]);
  return kept;
}
