// Matching one model's predictions to the ground truth, once per (image, class, area range,
// IoU threshold), kept compactly so that any set of images (a test case, a bootstrap
// resample) is scored from the kept outcomes without matching again.
import { BoxSet } from "./boxes";
import { boxIou } from "./iou";
import { MatchingOptions } from "./matchingOptions";

/** What became of a prediction at one (area range, IoU threshold). */
export const FALSE_POSITIVE = 0;
export const TRUE_POSITIVE = 1;
/** Neither true nor false positive: matched to an ignored ground truth, or unmatched and outside the area range. */
export const IGNORED = 2;
/** Beyond `maxDetections` in its image and class: not matched, not counted. */
export const NOT_EVALUATED = 3;

export interface DetectionMatches {
  options: MatchingOptions;
  images: number;
  /** Classes known when matched (the shared Labels' size); later classes have no boxes here. */
  classes: number;
  truth: {
    start: Int32Array;
    label: Int32Array;
    /** Per area range: 1 where a ground truth is ignored there (flagged, or its area outside the range). */
    ignored: Uint8Array[];
  };
  /**
   * The predictions in rank order — by class, then descending score, ties by image, then rank in
   * the image — which is the order AP walks, so a test case selects its share in one sequential
   * pass. Class k's run from `classStart[k]` to `classStart[k + 1]`.
   */
  predictions: {
    /** Index of the prediction in the parsed BoxSet (images end to end, input order). */
    index: Int32Array;
    label: Int32Array;
    score: Float64Array;
    image: Int32Array;
    /** Rank within its image and class: by descending score, ties in input order. */
    rank: Int32Array;
  };
  classStart: Int32Array;
  /** Outcome of the prediction at rank-order position q, area range a, IoU threshold t: `states[(a·T + t)·P + q]`. */
  states: Uint8Array;
}

/**
 * Matches predictions to ground truth of the same class in the same image.
 * - "coco" follows pycocotools' COCOeval.evaluateImg: ground truths ignored in the area range go
 *   last (stable); predictions by descending score (stable), the first `maxDetections`; each
 *   takes, among ground truths not yet taken (an ignored one, a crowd, may be taken again), the
 *   highest IoU ≥ min(t, 1 − 1e−10), the first on ties, stopping at the first ignored ground
 *   truth once it holds a non-ignored match. IoU with an ignored ground truth is crowd IoU.
 * - "greedy" follows PASCAL VOC: predictions by descending score (stable), each with the
 *   ground truth of highest IoU (first on ties, taken or not, plain IoU); at IoU ≥ t it is a true
 *   positive if that one is free, a false positive if taken, and neither if it is ignored.
 * In both, a prediction matched to an ignored ground truth is neither, and an unmatched one
 * whose area lies outside the area range is neither (pycocotools' rule).
 */
export function matchDetections(truth: BoxSet, predictions: BoxSet, options: MatchingOptions): DetectionMatches {
  if (truth.images !== predictions.images) {
    throw new RangeError(`ground truth has ${truth.images} images, predictions ${predictions.images}`);
  }
  const images = truth.images;
  const thresholds = options.iou.length;
  const ranges = options.areaRanges;
  const predictionCount = predictions.label.length;
  const classes = Math.max(maxPlusOne(truth.label), maxPlusOne(predictions.label));
  const ignored = ranges.map(({ min, max }) => Uint8Array.from(truth.area, (area, g) => (truth.ignore[g] === 1 || area < min || area > max ? 1 : 0)));
  // Rank order is known before matching (class, score, index): outcomes are written straight there.
  const { byClass, classStart } = orderByClass(predictions, classes);
  const at = new Int32Array(predictionCount);
  for (let q = 0; q < predictionCount; q++) at[byClass[q]] = q;
  const image = new Int32Array(predictionCount);
  const rank = new Int32Array(predictionCount);
  const states = new Uint8Array(ranges.length * thresholds * predictionCount);
  const scratch = new Scratch();
  const predictionOrder = new Int32Array(predictionCount);
  const truthOrder = new Int32Array(truth.label.length);
  const byLabelThenScore = (a: number, b: number) => predictions.label[a] - predictions.label[b] || predictions.score[b] - predictions.score[a] || a - b;
  const byLabel = (a: number, b: number) => truth.label[a] - truth.label[b] || a - b;

  for (let i = 0; i < images; i++) {
    const p0 = predictions.start[i];
    const p1 = predictions.start[i + 1];
    const g0 = truth.start[i];
    const g1 = truth.start[i + 1];
    for (let p = p0; p < p1; p++) image[at[p]] = i;
    for (let p = p0; p < p1; p++) predictionOrder[p] = p;
    for (let g = g0; g < g1; g++) truthOrder[g] = g;
    predictionOrder.subarray(p0, p1).sort(byLabelThenScore);
    truthOrder.subarray(g0, g1).sort(byLabel);
    // Walk the classes present in the image's predictions or ground truth together.
    let p = p0;
    let g = g0;
    while (p < p1 || g < g1) {
      const label = Math.min(p < p1 ? predictions.label[predictionOrder[p]] : Infinity, g < g1 ? truth.label[truthOrder[g]] : Infinity);
      const pEnd = advance(predictionOrder, p, p1, predictions.label, label);
      const gEnd = advance(truthOrder, g, g1, truth.label, label);
      for (let r = p; r < pEnd; r++) rank[at[predictionOrder[r]]] = r - p;
      if (pEnd > p) {
        const group: Group = { predictions: predictionOrder.subarray(p, pEnd), truths: truthOrder.subarray(g, gEnd), at };
        matchGroup(group, truth, predictions, ignored, options, states, predictionCount, scratch);
      }
      p = pEnd;
      g = gEnd;
    }
  }
  const label = new Int32Array(predictionCount);
  const score = new Float64Array(predictionCount);
  for (let q = 0; q < predictionCount; q++) {
    label[q] = predictions.label[byClass[q]];
    score[q] = predictions.score[byClass[q]];
  }
  return {
    options,
    images,
    classes,
    truth: { start: truth.start, label: truth.label, ignored },
    predictions: { index: byClass, label, score, image, rank },
    classStart,
    states,
  };
}

/** One image's predictions (by descending score) and ground truths (in input order) of one class. */
interface Group {
  predictions: Int32Array;
  truths: Int32Array;
  /** Each prediction's position in rank order, where its outcomes are written. */
  at: Int32Array;
}

/** Buffers reused across groups, grown when a group needs more. */
class Scratch {
  iou = new Float64Array(1024);
  taken = new Uint8Array(64);
  truthOrder = new Int32Array(64);
  best = new Int32Array(128);
  bestIou = new Float64Array(128);

  ensure(detections: number, truths: number): void {
    if (this.iou.length < detections * truths) this.iou = new Float64Array(2 * detections * truths);
    if (this.taken.length < truths) {
      this.taken = new Uint8Array(2 * truths);
      this.truthOrder = new Int32Array(2 * truths);
    }
    if (this.best.length < detections) {
      this.best = new Int32Array(2 * detections);
      this.bestIou = new Float64Array(2 * detections);
    }
  }
}

function matchGroup(
  group: Group,
  truth: BoxSet,
  predictions: BoxSet,
  ignored: Uint8Array[],
  options: MatchingOptions,
  states: Uint8Array,
  predictionCount: number,
  scratch: Scratch,
): void {
  const thresholds = options.iou;
  const count = group.predictions.length;
  const evaluated = Math.min(count, options.maxDetections);
  const truths = group.truths.length;
  for (let a = 0; a < options.areaRanges.length; a++) {
    for (let t = 0; t < thresholds.length; t++) {
      const base = (a * thresholds.length + t) * predictionCount;
      for (let d = evaluated; d < count; d++) states[base + group.at[group.predictions[d]]] = NOT_EVALUATED;
    }
  }
  scratch.ensure(evaluated, truths);
  const iou = scratch.iou;
  const coco = options.matching === "coco";
  for (let d = 0; d < evaluated; d++) {
    const p = group.predictions[d];
    for (let j = 0; j < truths; j++) {
      const g = group.truths[j];
      iou[d * truths + j] = boxIou(
        predictions.xMin[p],
        predictions.yMin[p],
        predictions.xMax[p],
        predictions.yMax[p],
        predictions.area[p],
        truth.xMin[g],
        truth.yMin[g],
        truth.xMax[g],
        truth.yMax[g],
        truth.area[g],
        coco && truth.ignore[g] === 1,
      );
    }
  }
  if (coco) matchCoco(group, evaluated, truth, predictions, ignored, options, states, predictionCount, scratch);
  else matchGreedy(group, evaluated, predictions, ignored, options, states, predictionCount, scratch);
}

function matchCoco(
  group: Group,
  evaluated: number,
  truth: BoxSet,
  predictions: BoxSet,
  ignored: Uint8Array[],
  options: MatchingOptions,
  states: Uint8Array,
  predictionCount: number,
  scratch: Scratch,
): void {
  const { iou, taken, truthOrder } = scratch;
  const truths = group.truths.length;
  const thresholds = options.iou;
  for (let a = 0; a < options.areaRanges.length; a++) {
    const { min, max } = options.areaRanges[a];
    const ignoredHere = ignored[a];
    // Non-ignored ground truths first, each part in input order (numpy's stable mergesort).
    let placed = 0;
    for (let j = 0; j < truths; j++) if (ignoredHere[group.truths[j]] === 0) truthOrder[placed++] = j;
    for (let j = 0; j < truths; j++) if (ignoredHere[group.truths[j]] === 1) truthOrder[placed++] = j;
    for (let t = 0; t < thresholds.length; t++) {
      const base = (a * thresholds.length + t) * predictionCount;
      const floor = Math.min(thresholds[t], 1 - 1e-10);
      taken.fill(0, 0, truths);
      for (let d = 0; d < evaluated; d++) {
        const p = group.predictions[d];
        let best = floor;
        let match = -1;
        let matchIgnored = 0;
        for (let o = 0; o < truths; o++) {
          const j = truthOrder[o];
          const g = group.truths[j];
          if (taken[j] === 1 && truth.ignore[g] === 0) continue;
          // Ignored ground truths come last: once a non-ignored one matched, none of them can do.
          if (match > -1 && matchIgnored === 0 && ignoredHere[g] === 1) break;
          const value = iou[d * truths + j];
          if (value < best) continue;
          best = value;
          match = j;
          matchIgnored = ignoredHere[g];
        }
        if (match === -1) {
          const area = predictions.area[p];
          states[base + group.at[p]] = area < min || area > max ? IGNORED : FALSE_POSITIVE;
        } else {
          states[base + group.at[p]] = matchIgnored === 1 ? IGNORED : TRUE_POSITIVE;
          taken[match] = 1;
        }
      }
    }
  }
}

function matchGreedy(
  group: Group,
  evaluated: number,
  predictions: BoxSet,
  ignored: Uint8Array[],
  options: MatchingOptions,
  states: Uint8Array,
  predictionCount: number,
  scratch: Scratch,
): void {
  const { iou, taken, best, bestIou } = scratch;
  const truths = group.truths.length;
  const thresholds = options.iou;
  // A prediction's best ground truth does not depend on the others, the threshold or the range.
  for (let d = 0; d < evaluated; d++) {
    best[d] = -1;
    bestIou[d] = -1;
    for (let j = 0; j < truths; j++) {
      if (iou[d * truths + j] > bestIou[d]) {
        bestIou[d] = iou[d * truths + j];
        best[d] = j;
      }
    }
  }
  for (let a = 0; a < options.areaRanges.length; a++) {
    const { min, max } = options.areaRanges[a];
    const ignoredHere = ignored[a];
    for (let t = 0; t < thresholds.length; t++) {
      const base = (a * thresholds.length + t) * predictionCount;
      taken.fill(0, 0, truths);
      for (let d = 0; d < evaluated; d++) {
        const p = group.predictions[d];
        const j = best[d];
        if (j === -1 || bestIou[d] < thresholds[t]) {
          const area = predictions.area[p];
          states[base + group.at[p]] = area < min || area > max ? IGNORED : FALSE_POSITIVE;
        } else if (ignoredHere[group.truths[j]] === 1) {
          states[base + group.at[p]] = IGNORED;
        } else if (taken[j] === 1) {
          states[base + group.at[p]] = FALSE_POSITIVE;
        } else {
          states[base + group.at[p]] = TRUE_POSITIVE;
          taken[j] = 1;
        }
      }
    }
  }
}

/** The end of the run of `order[from…]` whose label is `label`. */
function advance(order: Int32Array, from: number, to: number, labels: Int32Array, label: number): number {
  let end = from;
  while (end < to && labels[order[end]] === label) end++;
  return end;
}

/** Predictions grouped by class (counting sort), each class by descending score, ties by index (image, then rank). */
function orderByClass(predictions: BoxSet, classes: number): { byClass: Int32Array; classStart: Int32Array } {
  const { label, score } = predictions;
  const classStart = new Int32Array(classes + 1);
  for (let p = 0; p < label.length; p++) classStart[label[p] + 1]++;
  for (let k = 0; k < classes; k++) classStart[k + 1] += classStart[k];
  const next = classStart.slice(0, classes);
  const byClass = new Int32Array(label.length);
  for (let p = 0; p < label.length; p++) byClass[next[label[p]]++] = p;
  // Within an image and class, a lower index is a lower rank on equal scores, so index order is (image, rank) order.
  const byScore = (a: number, b: number) => score[b] - score[a] || a - b;
  for (let k = 0; k < classes; k++) byClass.subarray(classStart[k], classStart[k + 1]).sort(byScore);
  return { byClass, classStart };
}

function maxPlusOne(labels: Int32Array): number {
  let max = -1;
  for (const label of labels) if (label > max) max = label;
  return max + 1;
}
