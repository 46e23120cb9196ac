// Per-class non-maximum suppression: of overlapping detections of the same digit, only the highest-scoring stays.
import { intersectionOverUnion } from "./boxes";

export interface SuppressionOptions {
  /** A detection whose IoU with a kept detection of its class is greater than this is dropped (equal is kept). */
  iou: number;
  /** At most this many detections are kept, the highest-scoring. */
  maxKept: number;
}

/**
 * Candidates in descending score (ties: the earlier candidate first) are kept unless a kept candidate of the
 * same label overlaps them by IoU > options.iou; stops at options.maxKept. `boxes` holds x_min, y_min, x_max,
 * y_max per candidate. Returns the kept candidates' indices in that order.
 */
export function nonMaximumSuppression(boxes: Float64Array, labels: Uint8Array, scores: Float64Array, count: number, options: SuppressionOptions): Int32Array {
  const order = Array.from({ length: count }, (_, index) => index).sort((a, b) => scores[b] - scores[a] || a - b);
  const kept: number[] = [];
  const boxOf = (index: number) => ({ xMin: boxes[4 * index], yMin: boxes[4 * index + 1], xMax: boxes[4 * index + 2], yMax: boxes[4 * index + 3] });
  for (const candidate of order) {
    if (kept.length >= options.maxKept) break;
    const box = boxOf(candidate);
    const suppressed = kept.some((other) => labels[other] === labels[candidate] && intersectionOverUnion(box, boxOf(other)) > options.iou);
    if (!suppressed) kept.push(candidate);
  }
  return Int32Array.from(kept);
}
