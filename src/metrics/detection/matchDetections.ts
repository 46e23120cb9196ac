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
    /**
     * Each image's predictions as rank-order positions, ascending: image i's are
     * byImage[imageStart[i] … imageStart[i + 1] − 1]. A test case of a tenth of the images finds
     * its predictions here without a pass over every image's.
     */
    byImage: Int32Array;
    imageStart: Int32Array;
  };
  classStart: Int32Array;
  /**
   * Outcome of the prediction at rank-order position q, area range a, IoU threshold t:
   * `states[q·A·T + a·T + t]` — a prediction's outcomes side by side (outcomeColumn), so that a
   * test case reads each of its predictions' on one cache line rather than on A·T lines 10 MB apart.
   */
  states: Uint8Array;
}

/** Where one (area range, IoU threshold)'s outcomes lie in `states`: the prediction at rank-order position q has its at q·stride + offset. */
export function outcomeColumn(matches: DetectionMatches, areaIndex: number, iouIndex: number): { offset: number; stride: number } {
  const thresholds = matches.options.iou.length;
  return { offset: areaIndex * thresholds + iouIndex, stride: matches.options.areaRanges.length * thresholds };
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
  // Rank order (class, descending score, index) is known before matching; each image's predictions
  // in it are the image's in matching order (class, descending score, input order).
  const ranked = rankOrder(predictions, classes);
  const { rank, imageOrder, byImage } = imageRuns(ranked, predictions);
  // Outcomes are written image by image, a prediction's for every (range, threshold) side by side at
  // its place in imageOrder, then moved to rank order (toRankOrder). Written straight to rank order,
  // one image's predictions land on cache lines all over a 100 MB array (10 million predictions, 10
  // thresholds): matching one model took 18 s, about 8 of them in those writes.
  const outcomes = ranges.length * thresholds;
  const written = new Uint8Array(outcomes * predictionCount);
  const scratch = new Scratch();
  const truthOrder = new Int32Array(truth.label.length);
  // One group object for all: millions of (image, class) groups, each a view of the orders, would be garbage.
  const group: Group = { order: imageOrder, first: 0, count: 0, truthOrder, truthFirst: 0, truths: 0 };
  const byLabel = (a: number, b: number) => truth.label[a] - truth.label[b] || a - b;

  for (let i = 0; i < images; i++) {
    const p0 = predictions.start[i];
    const p1 = predictions.start[i + 1];
    const g0 = truth.start[i];
    const g1 = truth.start[i + 1];
    for (let g = g0; g < g1; g++) truthOrder[g] = g;
    truthOrder.subarray(g0, g1).sort(byLabel);
    // Walk the classes present in the image's predictions or ground truth together.
    let p = p0;
    let g = g0;
    while (p < p1 || g < g1) {
      const label = Math.min(p < p1 ? predictions.label[imageOrder[p]] : Infinity, g < g1 ? truth.label[truthOrder[g]] : Infinity);
      const pEnd = advance(imageOrder, p, p1, predictions.label, label);
      const gEnd = advance(truthOrder, g, g1, truth.label, label);
      if (pEnd > p) {
        group.first = p;
        group.count = pEnd - p;
        group.truthFirst = g;
        group.truths = gEnd - g;
        matchGroup(group, truth, predictions, ignored, options, written, scratch);
      }
      p = pEnd;
      g = gEnd;
    }
  }
  const states = toRankOrder(written, byImage, outcomes);
  const { byClass, classStart, label, score, image } = ranked;
  return {
    options,
    images,
    classes,
    truth: { start: truth.start, label: truth.label, ignored },
    predictions: { index: byClass, label, score, image, rank, byImage, imageStart: predictions.start },
    classStart,
    states,
  };
}

/** One image's predictions (by descending score) and ground truths (in input order) of one class. */
interface Group {
  /** Its predictions are order[first … first + count − 1] (imageOrder); its d-th prediction's outcomes are written at first + d. */
  order: Int32Array;
  first: number;
  count: number;
  /** Its ground truths are truthOrder[truthFirst … truthFirst + truths − 1]. */
  truthOrder: Int32Array;
  truthFirst: number;
  truths: number;
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
  scratch: Scratch,
): void {
  const thresholds = options.iou;
  // A prediction's outcomes side by side, at its place in imageOrder (matchDetections).
  const outcomes = options.areaRanges.length * thresholds.length;
  const count = group.count;
  const evaluated = Math.min(count, options.maxDetections);
  const truths = group.truths;
  for (let a = 0; a < options.areaRanges.length; a++) {
    for (let t = 0; t < thresholds.length; t++) {
      const outcome = a * thresholds.length + t;
      for (let d = evaluated; d < count; d++) states[(group.first + d) * outcomes + outcome] = NOT_EVALUATED;
    }
  }
  scratch.ensure(evaluated, truths);
  const iou = scratch.iou;
  const coco = options.matching === "coco";
  for (let d = 0; d < evaluated; d++) {
    const p = group.order[group.first + d];
    for (let j = 0; j < truths; j++) {
      const g = group.truthOrder[group.truthFirst + j];
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
  if (coco) matchCoco(group, evaluated, truth, predictions, ignored, options, states, scratch);
  else matchGreedy(group, evaluated, predictions, ignored, options, states, scratch);
}

function matchCoco(
  group: Group,
  evaluated: number,
  truth: BoxSet,
  predictions: BoxSet,
  ignored: Uint8Array[],
  options: MatchingOptions,
  states: Uint8Array,
  scratch: Scratch,
): void {
  const { iou, taken, truthOrder } = scratch;
  const truths = group.truths;
  const thresholds = options.iou;
  // A prediction's outcomes side by side, at its place in imageOrder (matchDetections).
  const outcomes = options.areaRanges.length * thresholds.length;
  for (let a = 0; a < options.areaRanges.length; a++) {
    const { min, max } = options.areaRanges[a];
    const ignoredHere = ignored[a];
    // Non-ignored ground truths first, each part in input order (numpy's stable mergesort).
    let placed = 0;
    for (let j = 0; j < truths; j++) if (ignoredHere[group.truthOrder[group.truthFirst + j]] === 0) truthOrder[placed++] = j;
    for (let j = 0; j < truths; j++) if (ignoredHere[group.truthOrder[group.truthFirst + j]] === 1) truthOrder[placed++] = j;
    for (let t = 0; t < thresholds.length; t++) {
      const outcome = a * thresholds.length + t;
      const floor = Math.min(thresholds[t], 1 - 1e-10);
      taken.fill(0, 0, truths);
      for (let d = 0; d < evaluated; d++) {
        const p = group.order[group.first + d];
        let best = floor;
        let match = -1;
        let matchIgnored = 0;
        for (let o = 0; o < truths; o++) {
          const j = truthOrder[o];
          const g = group.truthOrder[group.truthFirst + j];
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
          states[(group.first + d) * outcomes + outcome] = area < min || area > max ? IGNORED : FALSE_POSITIVE;
        } else {
          states[(group.first + d) * outcomes + outcome] = matchIgnored === 1 ? IGNORED : TRUE_POSITIVE;
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
  scratch: Scratch,
): void {
  const { iou, taken, best, bestIou } = scratch;
  const truths = group.truths;
  const thresholds = options.iou;
  // A prediction's outcomes side by side, at its place in imageOrder (matchDetections).
  const outcomes = options.areaRanges.length * thresholds.length;
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
      const outcome = a * thresholds.length + t;
      taken.fill(0, 0, truths);
      for (let d = 0; d < evaluated; d++) {
        const p = group.order[group.first + d];
        const j = best[d];
        if (j === -1 || bestIou[d] < thresholds[t]) {
          const area = predictions.area[p];
          states[(group.first + d) * outcomes + outcome] = area < min || area > max ? IGNORED : FALSE_POSITIVE;
        } else if (ignoredHere[group.truthOrder[group.truthFirst + j]] === 1) {
          states[(group.first + d) * outcomes + outcome] = IGNORED;
        } else if (taken[j] === 1) {
          states[(group.first + d) * outcomes + outcome] = FALSE_POSITIVE;
        } else {
          states[(group.first + d) * outcomes + outcome] = TRUE_POSITIVE;
          taken[j] = 1;
        }
      }
    }
  }
}

/**
 * The outcomes moved from image order (a prediction's side by side at its slot) to rank order, in
 * two passes that each write within cache: first staged by destination block (16,384 rank-order
 * positions, 160 KB of outcomes at 10 thresholds), in slot order within each; then each block's
 * into place. Moved straight, every prediction's outcomes missed the cache of a 100 MB array: ~1.3 s
 * of one model's ~6 s matching at 10 million predictions. The image-order buffer takes the result.
 */
function toRankOrder(written: Uint8Array, byImage: Int32Array, outcomes: number): Uint8Array {
  const count = byImage.length;
  const blockBits = 14;
  const blocks = (count >>> blockBits) + 1;
  const start = new Int32Array(blocks + 1);
  for (let s = 0; s < count; s++) start[(byImage[s] >>> blockBits) + 1]++;
  for (let b = 0; b < blocks; b++) start[b + 1] += start[b];
  const next = start.slice(0, blocks);
  const position = new Int32Array(count);
  const staged = new Uint8Array(written.length);
  for (let s = 0; s < count; s++) {
    const at = next[byImage[s] >>> blockBits]++;
    position[at] = byImage[s];
    for (let o = 0; o < outcomes; o++) staged[at * outcomes + o] = written[s * outcomes + o];
  }
  for (let j = 0; j < count; j++) {
    const q = position[j];
    for (let o = 0; o < outcomes; o++) written[q * outcomes + o] = staged[j * outcomes + o];
  }
  return written;
}

/** The end of the run of `order[from…]` whose label is `label`. */
function advance(order: Int32Array, from: number, to: number, labels: Int32Array, label: number): number {
  let end = from;
  while (end < to && labels[order[end]] === label) end++;
  return end;
}

/** The predictions in rank order: which each is (its index), and its class, score and image. */
interface RankOrder {
  byClass: Int32Array;
  classStart: Int32Array;
  label: Int32Array;
  score: Float64Array;
  image: Int32Array;
}

/**
 * The predictions' rank order: by class, each class by descending score, ties by index (image,
 * then rank). A counting sort by class from the input order, then each class's run by a stable
 * least-significant-digit radix sort on its scores' bits, made to sort descending — 8-bit digits,
 * skipping a digit every key in the run shares — so equal scores keep index order. A class's run
 * (some 100,000 predictions at 10 million) stays in cache while it is sorted: sorted by score over
 * all 10 million first and by class last, as before, one model's order took ~2.6 s, most of it in
 * cache misses. The scores and images go along with the indices, so that nothing is read back
 * from scattered places.
 */
function rankOrder(predictions: BoxSet, classes: number): RankOrder {
  const count = predictions.label.length;
  // A score's bits as an unsigned 64-bit key (high word, low word) that orders descending: a
  // non-negative score's bits but the sign flipped, a negative one's as they are. −0 counts as 0.
  const scores = new Float64Array(count);
  for (let p = 0; p < count; p++) scores[p] = predictions.score[p] + 0;
  const bits = new Uint32Array(scores.buffer);
  const classStart = new Int32Array(classes + 1);
  for (let p = 0; p < count; p++) classStart[predictions.label[p] + 1]++;
  for (let k = 0; k < classes; k++) classStart[k + 1] += classStart[k];
  // By class, in input order within each: the keys are written where the counting sort puts them.
  const a = { order: new Int32Array(count), high: new Uint32Array(count), low: new Uint32Array(count), image: new Int32Array(count) };
  const next = classStart.slice(0, classes);
  for (let i = 0; i < predictions.images; i++) {
    for (let p = predictions.start[i]; p < predictions.start[i + 1]; p++) {
      const to = next[predictions.label[p]]++;
      const negative = bits[2 * p + 1] >>> 31 === 1;
      a.order[to] = p;
      a.high[to] = negative ? bits[2 * p + 1] : (bits[2 * p + 1] ^ 0x7fffffff) >>> 0;
      a.low[to] = negative ? bits[2 * p] : ~bits[2 * p] >>> 0;
      a.image[to] = i;
    }
  }
  const b = { order: new Int32Array(count), high: new Uint32Array(count), low: new Uint32Array(count), image: new Int32Array(count) };
  const counts = new Int32Array(256 + 1);
  for (let k = 0; k < classes; k++) {
    const from = classStart[k];
    const to = classStart[k + 1];
    let source = a;
    let target = b;
    for (let digit = 0; digit < 8; digit++) {
      const keys = digit < 4 ? source.low : source.high;
      const shift = (digit % 4) * 8;
      counts.fill(0);
      for (let p = from; p < to; p++) counts[((keys[p] >>> shift) & 0xff) + 1]++;
      if (counts.some((n) => n === to - from)) continue; // every key in the run has this digit: the pass would change nothing
      counts[0] = from;
      for (let d = 0; d < 256; d++) counts[d + 1] += counts[d];
      for (let p = from; p < to; p++) {
        const at = counts[(keys[p] >>> shift) & 0xff]++;
        target.order[at] = source.order[p];
        target.high[at] = source.high[p];
        target.low[at] = source.low[p];
        target.image[at] = source.image[p];
      }
      [source, target] = [target, source];
    }
    if (source !== a) {
      a.order.set(source.order.subarray(from, to), from);
      a.high.set(source.high.subarray(from, to), from);
      a.low.set(source.low.subarray(from, to), from);
      a.image.set(source.image.subarray(from, to), from);
    }
  }
  // The keys back to scores, in rank order.
  const { order, high, low, image } = a;
  const label = new Int32Array(count);
  for (let k = 0; k < classes; k++) label.fill(k, classStart[k], classStart[k + 1]);
  for (let q = 0; q < count; q++) {
    const negative = high[q] >>> 31 === 1;
    bits[2 * q + 1] = negative ? high[q] : (high[q] ^ 0x7fffffff) >>> 0;
    bits[2 * q] = negative ? low[q] : ~low[q] >>> 0;
  }
  return { byClass: order, classStart, label, score: scores, image };
}

/**
 * Each image's predictions in matching order, read off rank order in one pass: rank order is class
 * by class, each by descending score, so an image's predictions come out grouped by class in
 * ascending order and each class by descending score (ties in input order). Returns, per
 * rank-order position q, the prediction's rank within its image and class; `imageOrder`, the
 * predictions image by image in that order (images end to end, as the predictions' `start` says);
 * and `byImage`, the rank-order position of each of those.
 */
function imageRuns(ranked: RankOrder, predictions: BoxSet): { rank: Int32Array; imageOrder: Int32Array; byImage: Int32Array } {
  const { byClass, label, image } = ranked;
  const count = byClass.length;
  const next = predictions.start.slice(0, predictions.images);
  const lastClass = new Int32Array(predictions.images).fill(-1);
  const run = new Int32Array(predictions.images);
  const rank = new Int32Array(count);
  const imageOrder = new Int32Array(count);
  const byImage = new Int32Array(count);
  for (let q = 0; q < count; q++) {
    const i = image[q];
    run[i] = lastClass[i] === label[q] ? run[i] + 1 : 0;
    lastClass[i] = label[q];
    rank[q] = run[i];
    byImage[next[i]] = q;
    imageOrder[next[i]++] = byClass[q];
  }
  return { rank, imageOrder, byImage };
}

function maxPlusOne(labels: Int32Array): number {
  let max = -1;
  for (const label of labels) if (label > max) max = label;
  return max + 1;
}
