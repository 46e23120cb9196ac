// Detection measures over a set of images (a test case) from kept matches, for any integer
// weighting of those images — 1 each as observed, Poisson draws in a bootstrap — so scoring a
// resample is a pass over presorted typed arrays, with no matching and no allocation.
import { SlicewiseError } from "../../core";
import { Labels } from "./boxes";
import { DetectionMatches, FALSE_POSITIVE, IGNORED, TRUE_POSITIVE, outcomeColumn } from "./matchDetections";
import { iouThresholds } from "./matchingOptions";
import { allPointAveragePrecision, interpolatedAveragePrecision } from "./averagePrecision";
import { GroupedMetric, leaveGroupsOut } from "../groupedJackknife";
import { leaveGroupOutReplicates } from "./leaveGroupOut";

export type DetectionMeasure = "tp" | "fp" | "fn" | "precision" | "recall" | "f1" | "ap" | "ar";

export interface DetectionMeasureInput {
  measure: DetectionMeasure;
  /** IoU thresholds to average over, among those matched. Default: all of them. */
  iou?: number | readonly number[] | string;
  /** Label of a matched area range. Default: the first (normally "all"). */
  area?: string;
  /** Predictions with score ≥ threshold count for tp … f1; or the threshold that maximises F1. Default "f1-optimal". */
  threshold?: number | "f1-optimal";
  /** An F1-optimal threshold for each class, or one for all (maximising the averaged F1). Default "class". */
  optimalPer?: "class" | "global";
  /** Default "macro". */
  average?: "macro" | "micro";
  /** Labels to score. Default: every class. */
  classes?: readonly (string | number)[];
  /** Predictions per image and class, by descending score (COCO's maxDets), at most the matching's. */
  maxDetections?: number;
}

export interface DetectionMeasureOptions {
  measure: DetectionMeasure;
  /** Indices into the matching's IoU thresholds. */
  iouIndices: number[];
  areaIndex: number;
  threshold: number | "f1-optimal";
  optimalPer: "class" | "global";
  average: "macro" | "micro";
  /** 1 for each class scored, over the matches' classes. */
  classes: Uint8Array;
  maxDetections: number;
}

/** A measure over a test case's images, and the operating thresholds it counts at. */
export interface PreparedDetection {
  /**
   * weights[i] = how many times the test case's i-th image counts (1 as observed; 0 leaves it out);
   * with the grouped jackknife's replicates from one pass (leaveGroupOut.ts).
   */
  measure: GroupedMetric;
  /**
   * Per selected IoU threshold, the score threshold of each class at which tp … f1 count
   * (Infinity: no prediction counts; NaN: a class not scored).
   */
  thresholds: (weights: ArrayLike<number>) => Float64Array[];
}

/** Checks a measure's options against the matching and applies the defaults. Throws `invalid_metric`. */
export function resolveDetectionMeasure(input: DetectionMeasureInput, matches: DetectionMatches, labels: Labels): DetectionMeasureOptions {
  const measures: DetectionMeasure[] = ["tp", "fp", "fn", "precision", "recall", "f1", "ap", "ar"];
  if (!measures.includes(input.measure)) throw invalid(`"measure" must be one of ${measures.join(", ")}; got ${JSON.stringify(input.measure)}`);
  const matched = matches.options.iou;
  const iouIndices = (input.iou === undefined ? [...matched] : iouThresholds(input.iou)).map((threshold) => {
    // The very threshold first: a matching may hold 0.75 and linspace's 0.7500000000000001 apart.
    const exact = matched.indexOf(threshold);
    const index = exact >= 0 ? exact : matched.findIndex((value) => Math.abs(value - threshold) < 1e-12);
    if (index < 0) throw invalid(`IoU threshold ${threshold} was not matched; the matching has ${matched.join(", ")}`);
    return index;
  });
  const ranges = matches.options.areaRanges;
  const areaIndex = input.area === undefined ? 0 : ranges.findIndex((range) => range.label === input.area);
  if (areaIndex < 0) throw invalid(`area range "${input.area}" was not matched; the matching has ${ranges.map((range) => range.label).join(", ")}`);
  const threshold = input.threshold ?? "f1-optimal";
  if (threshold !== "f1-optimal" && !(typeof threshold === "number" && !Number.isNaN(threshold))) {
    throw invalid(`"threshold" must be a score or "f1-optimal"; got ${JSON.stringify(threshold)}`);
  }
  const optimalPer = input.optimalPer ?? "class";
  if (optimalPer !== "class" && optimalPer !== "global") throw invalid(`"optimalPer" must be "class" or "global"; got ${JSON.stringify(optimalPer)}`);
  const average = input.average ?? "macro";
  if (average !== "macro" && average !== "micro") throw invalid(`"average" must be "macro" or "micro"; got ${JSON.stringify(average)}`);
  const classes = new Uint8Array(matches.classes);
  if (input.classes === undefined) classes.fill(1);
  const unknown = (input.classes ?? []).filter((label) => {
    const index = labels.index.get(typeof label + ":" + String(label));
    if (index !== undefined && index < classes.length) classes[index] = 1;
    return index === undefined || index >= classes.length;
  });
  if (unknown.length > 0) {
    const known = labels.values.slice(0, matches.classes).map((label) => JSON.stringify(label));
    throw invalid(
      `"classes" names ${unknown.map((label) => JSON.stringify(label)).join(", ")}, which no box is labelled with; the boxes' labels are ${known.slice(0, 20).join(", ")}${known.length > 20 ? ", …" : ""}`,
    );
  }
  const maxDetections = input.maxDetections ?? matches.options.maxDetections;
  if (!(maxDetections >= 1 && maxDetections <= matches.options.maxDetections)) {
    throw invalid(`"maxDetections" must be between 1 and the matching's ${matches.options.maxDetections}; got ${JSON.stringify(maxDetections)}`);
  }
  return { measure: input.measure, iouIndices, areaIndex, threshold, optimalPer, average, classes, maxDetections };
}

/** numpy's spacing(1), in pycocotools' precision tp / (fp + tp + ε). */
export const COCO_EPSILON = 2.220446049250313e-16;

/**
 * Prepares a measure over the images `images` (indices into the matched images; the i-th is
 * weighted by weights[i]):
 * - tp, fp, fn: totals over the scored classes at the threshold (fn: non-ignored ground truths
 *   not matched by a counted prediction);
 * - precision, recall, f1 at the threshold: per class, then the mean over the classes with a
 *   non-ignored ground truth or a counted prediction (macro), or from the totals (micro); 0 for
 *   0/0 within a class;
 * - ap: COCO's 101-point AP with coco matching, VOC's all-point AP with greedy; macro is the mean
 *   over classes with a non-ignored ground truth (pycocotools' −1 rule: mAP), micro ranks every
 *   class's predictions together;
 * - ar: recall with every prediction kept (up to maxDetections), mean over classes as for ap.
 * With several IoU thresholds, the mean over them. NaN where undefined: no image weighted, or
 * no class to average. `data`, the test case's share, may come from an earlier selectTestCase
 * with the same shareKey.
 */
export function prepareDetectionMeasure(
  matches: DetectionMatches,
  images: ArrayLike<number>,
  options: DetectionMeasureOptions,
  data: TestCaseShare = selectTestCase(matches, images, options),
): PreparedDetection {
  const { classes, classStart, classEnd, image, score, state, states, truthStart, truthImage, merged, mergedEnd } = data;
  const thresholds = options.iouIndices.length;
  const measure = options.measure;
  const micro = options.average === "micro";
  const allPoint = matches.options.matching === "greedy";
  // Per-call buffers, refilled on every call: a bootstrap scores thousands of resamples.
  const positives = new Float64Array(classes); // non-ignored ground truths per class (pycocotools' npig)
  const truePositives = new Float64Array(classes);
  const falsePositives = new Float64Array(classes);
  const cut = new Float64Array(classes);
  const longest = micro ? image.length : maxRun(classStart);
  const recall = new Float64Array(longest);
  const precision = new Float64Array(longest);

  const countTruths = (weights: ArrayLike<number>): number => {
    let total = 0;
    for (let k = 0; k < classes; k++) {
      let sum = 0;
      for (let j = truthStart[k]; j < truthStart[k + 1]; j++) sum += weights[truthImage[j]];
      positives[k] = sum;
      total += sum;
    }
    return total;
  };

  const ranked = measure === "ap" || measure === "ar" ? prepareRankings(data, micro) : null;
  const fpBefore = new Float64Array(ranked ? ranked.varying.length : 0);

  /**
   * AP or AR summed over IoU thresholds and rankings (each class, or every class together when
   * micro), over rankings with positives; divided by their count × thresholds it is the mean over
   * both, as pycocotools averages its precision array. The curve is kept at true positives only:
   * recall rises nowhere else, and a false positive's precision is below the true positive's
   * before it, so neither the envelope nor the first rank reaching a recall changes. A prediction
   * that is a false positive at every threshold adds its weight to every curve alike, so one pass
   * per resample sums those; each threshold then walks only the other predictions.
   */
  const rankedMeasure = (weights: ArrayLike<number>, totalPositives: number): number => {
    const { rankings, order, start, end, maxEnd, alwaysFalse, varying, varyingStart } = ranked!;
    let sum = 0;
    let scored = 0;
    for (let r = 0; r < rankings; r++) {
      const npig = micro ? totalPositives : positives[r];
      if (npig === 0) continue;
      scored++;
      let falseSoFar = 0;
      let v = varyingStart[r];
      for (let o = start[r]; o < maxEnd[r]; o++) {
        const i = order[o];
        if (alwaysFalse[i] === 1) falseSoFar += weights[image[i]];
        else fpBefore[v++] = falseSoFar;
      }
      for (let t = 0; t < thresholds; t++) {
        const base = t * states;
        const stop = end[t * rankings + r];
        let tp = 0;
        let fp = 0;
        let count = 0;
        for (let v = varyingStart[r]; v < varyingStart[r + 1] && varying[v] < stop; v++) {
          const i = order[varying[v]];
          const outcome = state[base + i];
          if (outcome === IGNORED) continue;
          const w = weights[image[i]];
          if (outcome !== TRUE_POSITIVE) {
            fp += w;
            continue;
          }
          if (w === 0) continue;
          tp += w;
          if (measure === "ar") continue;
          const falsePositives = fpBefore[v] + fp;
          recall[count] = tp / npig;
          precision[count] = allPoint ? tp / (tp + falsePositives) : tp / (falsePositives + tp + COCO_EPSILON);
          count++;
        }
        if (measure === "ar") sum += tp / npig;
        else sum += allPoint ? allPointAveragePrecision(recall, precision, count) : interpolatedAveragePrecision(recall, precision, count);
      }
    }
    return scored > 0 ? sum / (scored * thresholds) : NaN;
  };

  /** Fills truePositives, falsePositives and cut with each class's counts at its threshold. */
  const countAtThreshold = (t: number, weights: ArrayLike<number>): void => {
    if (options.threshold === "f1-optimal" && options.optimalPer === "global") {
      cut.fill(globalOptimalCut(t, weights));
      for (let k = 0; k < classes; k++) countAbove(t, k, cut[k], weights);
    } else if (options.threshold === "f1-optimal") {
      for (let k = 0; k < classes; k++) classOptimalCut(t, k, weights);
    } else {
      cut.fill(options.threshold);
      for (let k = 0; k < classes; k++) countAbove(t, k, cut[k], weights);
    }
  };

  const countAbove = (t: number, k: number, threshold: number, weights: ArrayLike<number>): void => {
    const base = t * states;
    let tp = 0;
    let fp = 0;
    for (let i = classStart[k]; i < classStart[k + 1] && score[i] >= threshold; i++) {
      const outcome = state[base + i];
      if (outcome === TRUE_POSITIVE) tp += weights[image[i]];
      else if (outcome !== IGNORED) fp += weights[image[i]];
    }
    truePositives[k] = tp;
    falsePositives[k] = fp;
  };

  /** The class's cut maximising its F1 (the highest such cut on ties); Infinity when predicting nothing is best. */
  const classOptimalCut = (t: number, k: number, weights: ArrayLike<number>): void => {
    const base = t * states;
    const npig = positives[k];
    let tp = 0;
    let fp = 0;
    let bestF1 = 0;
    let bestTp = 0;
    let bestFp = 0;
    let bestCut = Infinity;
    let previous = NaN;
    const end = classEnd[t * classes + k];
    for (let i = classStart[k]; i <= end; i++) {
      const last = i === end;
      const w = last ? 0 : weights[image[i]];
      const outcome = last ? IGNORED : state[base + i];
      if (!last && (w === 0 || outcome === IGNORED)) continue;
      // A cut falls only between different scores: tied predictions count together.
      if ((last || score[i] !== previous) && !Number.isNaN(previous)) {
        const f1 = ratio(2 * tp, tp + fp + npig);
        if (f1 > bestF1) {
          bestF1 = f1;
          bestTp = tp;
          bestFp = fp;
          bestCut = previous;
        }
      }
      if (last) break;
      if (outcome === TRUE_POSITIVE) tp += w;
      else fp += w;
      previous = score[i];
    }
    truePositives[k] = bestTp;
    falsePositives[k] = bestFp;
    cut[k] = bestCut;
  };

  /** The one cut for all classes maximising the averaged F1 (macro or micro), walking every class's predictions by score. */
  const globalOptimalCut = (t: number, weights: ArrayLike<number>): number => {
    const base = t * states;
    truePositives.fill(0);
    falsePositives.fill(0);
    let f1Sum = 0;
    let present = 0;
    let tpTotal = 0;
    let fpTotal = 0;
    let npigTotal = 0;
    for (let k = 0; k < classes; k++) {
      npigTotal += positives[k];
      if (positives[k] > 0) present++;
    }
    const averaged = () => (micro ? ratio(2 * tpTotal, tpTotal + fpTotal + npigTotal) : present > 0 ? f1Sum / present : 0);
    let bestF1 = averaged();
    let bestCut = Infinity;
    let previous = NaN;
    for (let o = 0; o < mergedEnd[t]; o++) {
      const i = merged![o];
      const w = weights[image[i]];
      const outcome = state[base + i];
      if (w === 0 || outcome === IGNORED) continue;
      if (score[i] !== previous && !Number.isNaN(previous)) {
        const value = averaged();
        if (value > bestF1) {
          bestF1 = value;
          bestCut = previous;
        }
      }
      const k = data.label[i];
      const wasPresent = positives[k] > 0 || truePositives[k] + falsePositives[k] > 0;
      if (wasPresent) f1Sum -= ratio(2 * truePositives[k], truePositives[k] + falsePositives[k] + positives[k]);
      else present++;
      if (outcome === TRUE_POSITIVE) {
        truePositives[k] += w;
        tpTotal += w;
      } else {
        falsePositives[k] += w;
        fpTotal += w;
      }
      f1Sum += ratio(2 * truePositives[k], truePositives[k] + falsePositives[k] + positives[k]);
      previous = score[i];
    }
    if (!Number.isNaN(previous) && averaged() > bestF1) bestCut = previous;
    return bestCut;
  };

  const atThreshold = (t: number, weights: ArrayLike<number>): number => {
    countAtThreshold(t, weights);
    let tp = 0;
    let fp = 0;
    let npig = 0;
    let sum = 0;
    let present = 0;
    for (let k = 0; k < classes; k++) {
      tp += truePositives[k];
      fp += falsePositives[k];
      npig += positives[k];
      if (positives[k] === 0 && truePositives[k] + falsePositives[k] === 0) continue;
      sum += countRatio(measure, truePositives[k], falsePositives[k], positives[k]);
      present++;
    }
    if (measure === "tp") return tp;
    if (measure === "fp") return fp;
    if (measure === "fn") return npig - tp;
    if (micro) return npig === 0 && tp + fp === 0 ? NaN : countRatio(measure, tp, fp, npig);
    return present > 0 ? sum / present : NaN;
  };

  const value = (weights: ArrayLike<number>): number => {
    let used = 0;
    for (let i = 0; i < weights.length; i++) used += weights[i];
    if (used === 0) return NaN;
    const totalPositives = countTruths(weights);
    if (ranked) return rankedMeasure(weights, totalPositives);
    let sum = 0;
    for (let t = 0; t < thresholds; t++) sum += atThreshold(t, weights);
    return sum / thresholds;
  };

  const operatingThresholds = (weights: ArrayLike<number>): Float64Array[] => {
    countTruths(weights);
    return Array.from({ length: thresholds }, (_, t) => {
      countAtThreshold(t, weights);
      return Float64Array.from(cut, (value, k) => (options.classes[k] === 1 ? value : NaN));
    });
  };

  // The grouped jackknife's replicates in one pass (leaveGroupOut.ts), where it covers the measure.
  const measured: GroupedMetric = (weights) => value(weights);
  measured.leaveGroupOut = (group, groups) =>
    leaveGroupOutReplicates(data, ranked, options, allPoint, group, groups) ?? leaveGroupsOut((weights) => value(weights), group, groups);
  return { measure: measured, thresholds: operatingThresholds };
}

export const ratio = (numerator: number, denominator: number) => (denominator === 0 ? 0 : numerator / denominator);

export function countRatio(measure: DetectionMeasure, tp: number, fp: number, npig: number): number {
  if (measure === "precision") return ratio(tp, tp + fp);
  if (measure === "recall") return ratio(tp, npig);
  return ratio(2 * tp, tp + fp + npig);
}

/**
 * The test case's share of the matches, laid out for one pass per class: the scored classes'
 * predictions in rank order (class, descending score, image, rank in image), each with its
 * test-case image and its outcome at each selected IoU threshold; and per class the test-case
 * images of its non-ignored ground truths.
 */
export function selectTestCase(matches: DetectionMatches, images: ArrayLike<number>, options: DetectionMeasureOptions) {
  const classes = matches.classes;
  const local = new Int32Array(matches.images).fill(-1);
  for (let i = 0; i < images.length; i++) {
    const index = images[i];
    if (!(index >= 0 && index < matches.images) || local[index] !== -1) {
      throw new RangeError(`test-case image ${index} is not one of the ${matches.images} matched images, or is listed twice`);
    }
    local[index] = i;
  }
  const { predictions, truth, classStart: matchedStart, states } = matches;
  const { stride } = outcomeColumn(matches, options.areaIndex, 0);
  const selected = Int32Array.from(options.iouIndices, (t) => outcomeColumn(matches, options.areaIndex, t).offset);
  const thresholds = selected.length;
  // The predictions kept, in rank order: those of the test case's images, within maxDetections,
  // and counted (not ignored or not evaluated) at one selected threshold at least. One pass reads
  // each candidate's outcomes (one cache line) and writes what is kept of it.
  const candidates = testCasePredictions(matches, images, local);
  const most = candidates.position.length;
  const needsMerged = needsMergedOrder(options);
  // Beyond the matching's maxDetections every outcome is "not evaluated": ranks need reading only below it.
  const readRanks = options.maxDetections < matches.options.maxDetections;
  const image = new Int32Array(most);
  const score = new Float64Array(most);
  const label = new Int32Array(most);
  const source = new Int32Array(needsMerged ? most : 0);
  // Threshold by threshold, as the measures walk them: threshold t's outcomes from t · most, closed up below.
  const state = new Uint8Array(most * thresholds);
  const classStart = new Int32Array(classes + 1);
  let total = 0;
  let c = 0;
  for (let k = 0; k < classes; k++) {
    // The candidates ascend in rank order, so class k's are the run below its end.
    for (; c < most && candidates.position[c] < matchedStart[k + 1]; c++) {
      const q = candidates.position[c];
      if (options.classes[k] !== 1 || (readRanks && predictions.rank[q] >= options.maxDetections)) continue;
      let counted = false;
      for (let t = 0; t < thresholds; t++) {
        const outcome = states[q * stride + selected[t]];
        state[t * most + total] = outcome;
        if (outcome < IGNORED) counted = true;
      }
      if (!counted) continue;
      image[total] = candidates.image[c];
      score[total] = predictions.score[q];
      label[total] = k;
      if (needsMerged) source[total] = predictions.index[q];
      total++;
    }
    classStart[k + 1] = total;
  }
  for (let t = 1; t < thresholds; t++) state.copyWithin(t * total, t * most, t * most + total);
  const ignored = truth.ignored[options.areaIndex];
  const truthStart = new Int32Array(classes + 1);
  for (let g = 0; g < truth.label.length; g++) if (ignored[g] === 0 && options.classes[truth.label[g]] === 1) truthStart[truth.label[g] + 1]++;
  for (let k = 0; k < classes; k++) truthStart[k + 1] += truthStart[k];
  const truthImage = new Int32Array(truthStart[classes]);
  const next = truthStart.slice(0, classes);
  for (let i = 0; i < images.length; i++) {
    const index = images[i];
    for (let g = truth.start[index]; g < truth.start[index + 1]; g++) {
      if (ignored[g] === 0 && options.classes[truth.label[g]] === 1) truthImage[next[truth.label[g]]++] = i;
    }
  }
  // Unselected images' ground truths leave holes at each class's end: close them up.
  let filled = 0;
  for (let k = 0; k < classes; k++) {
    const count = next[k] - truthStart[k];
    truthImage.copyWithin(filled, truthStart[k], next[k]);
    truthStart[k] = filled;
    filled += count;
  }
  truthStart[classes] = filled;
  const merged = needsMerged ? mergedOrder(score.subarray(0, total), source.subarray(0, total)) : null;
  const classEnd = new Int32Array(thresholds * classes);
  for (let t = 0; t < thresholds; t++) {
    for (let k = 0; k < classes; k++) classEnd[t * classes + k] = rankingEnd(state, t * total, score, classStart[k], classStart[k + 1], null);
  }
  const mergedEnd = Int32Array.from({ length: thresholds }, (_, t) => (merged ? rankingEnd(state, t * total, score, 0, merged.length, merged) : 0));
  return {
    classes,
    classStart,
    classEnd,
    image: keptPart(image, total),
    score: keptPart(score, total),
    label: keptPart(label, total),
    state: keptPart(state, thresholds * total),
    states: total,
    truthStart,
    truthImage,
    merged,
    mergedEnd,
  };
}

/**
 * The first `length` entries of an array sized for every candidate: a view when most were kept, a
 * copy when few were (one class of 80, a small-objects range), so the share does not hold the
 * candidates' buffers for its lifetime.
 */
function keptPart<T extends Int32Array | Float64Array | Uint8Array>(array: T, length: number): T {
  return (2 * length < array.length ? array.slice(0, length) : array.subarray(0, length)) as T;
}

/**
 * The rank-order positions of the predictions on the test case's images, ascending, and the
 * test-case image of each (its index in `images`). The positions are marked in a bit set from
 * each image's list (1.25 MB at 10 million predictions: it stays in cache) and read off in order.
 */
function testCasePredictions(matches: DetectionMatches, images: ArrayLike<number>, local: Int32Array): { position: Int32Array; image: Int32Array } {
  const { byImage, imageStart } = matches.predictions;
  const marked = new Int32Array((byImage.length + 31) >>> 5);
  let count = 0;
  for (let i = 0; i < images.length; i++) {
    for (let s = imageStart[images[i]]; s < imageStart[images[i] + 1]; s++) marked[byImage[s] >>> 5] |= 1 << (byImage[s] & 31);
    count += imageStart[images[i] + 1] - imageStart[images[i]];
  }
  const position = new Int32Array(count);
  const image = new Int32Array(count);
  let at = 0;
  for (let w = 0; w < marked.length; w++) {
    let bits = marked[w];
    while (bits !== 0) {
      const low = bits & -bits;
      const q = (w << 5) + 31 - Math.clz32(low);
      position[at] = q;
      image[at++] = local[matches.predictions.image[q]];
      bits ^= low;
    }
  }
  return { position, image };
}

/**
 * What selectTestCase's answer depends on besides the matches and the images: measures with the
 * same key (AP50 and F1 at IoU 0.5, by default) can share one share.
 */
export function shareKey(options: DetectionMeasureOptions): string {
  return JSON.stringify([options.iouIndices, options.areaIndex, Array.from(options.classes), options.maxDetections, needsMergedOrder(options)]);
}

/** Whether a measure walks every class's predictions merged: micro AP or AR, or one F1-optimal cut for all classes. */
function needsMergedOrder(options: DetectionMeasureOptions): boolean {
  return (
    ((options.measure === "ap" || options.measure === "ar") && options.average === "micro") ||
    (options.threshold === "f1-optimal" && options.optimalPer === "global")
  );
}

/** A test case's share of the matches (selectTestCase). */
export type TestCaseShare = ReturnType<typeof selectTestCase>;

/** The rankings AP and AR walk (prepareRankings). */
export type Rankings = ReturnType<typeof prepareRankings>;

/**
 * Where a ranking stops mattering to AP, AR and F1-optimal cuts: after its last true positive
 * and the predictions tied with it in score. Past it only false positives follow, which raise no
 * recall, only lower precision (the envelope ignores that) and F1. A resample keeps a subset of
 * the true positives, so the end holds for every weighting.
 */
function rankingEnd(state: Uint8Array, base: number, score: Float64Array, from: number, to: number, order: Int32Array | null): number {
  let end = from;
  for (let o = from; o < to; o++) if (state[base + (order === null ? o : order[o])] === TRUE_POSITIVE) end = o + 1;
  const at = (o: number) => score[order === null ? o : order[o]];
  while (end > from && end < to && at(end) === at(end - 1)) end++;
  return end;
}

/**
 * The rankings AP and AR walk — each class's predictions, or all of them merged when micro — and
 * which predictions are false positives at every selected threshold, apart from the others
 * (`varying`: their positions in `order`, ranking r's from varyingStart[r]). `end[t·R + r]` is
 * where ranking r stops mattering at threshold t; `maxEnd[r]` the furthest of those.
 */
export function prepareRankings(data: ReturnType<typeof selectTestCase>, micro: boolean) {
  const { classes, classStart, classEnd, state, states: total, merged, mergedEnd } = data;
  const thresholds = state.length / Math.max(total, 1);
  const rankings = micro ? 1 : classes;
  const start = micro ? Int32Array.of(0, total) : classStart;
  let order = merged!;
  if (!micro) {
    order = new Int32Array(total);
    for (let i = 0; i < total; i++) order[i] = i;
  }
  // selectTestCase found where each ranking stops mattering: each class's, and the merged one's.
  const end = micro ? mergedEnd : classEnd;
  const maxEnd = new Int32Array(rankings);
  for (let r = 0; r < rankings; r++) {
    maxEnd[r] = start[r];
    for (let t = 0; t < thresholds; t++) maxEnd[r] = Math.max(maxEnd[r], end[t * rankings + r]);
  }
  const alwaysFalse = new Uint8Array(total).fill(1);
  for (let t = 0; t < thresholds; t++) {
    const base = t * total;
    for (let i = 0; i < total; i++) if (state[base + i] !== FALSE_POSITIVE) alwaysFalse[i] = 0;
  }
  const varyingStart = new Int32Array(rankings + 1);
  const varying = new Int32Array(total);
  let count = 0;
  for (let r = 0; r < rankings; r++) {
    for (let o = start[r]; o < maxEnd[r]; o++) if (alwaysFalse[order[o]] === 0) varying[count++] = o;
    varyingStart[r + 1] = count;
  }
  return { rankings, order, start, end, maxEnd, alwaysFalse, varying: varying.slice(0, count), varyingStart };
}

/** Positions of every class's predictions together, by descending score, ties by prediction index (image, then input order). */
function mergedOrder(score: Float64Array, source: Int32Array): Int32Array {
  const order = Int32Array.from(score, (_, i) => i);
  return order.sort((a, b) => score[b] - score[a] || source[a] - source[b]);
}

function maxRun(start: Int32Array): number {
  let longest = 0;
  for (let k = 0; k + 1 < start.length; k++) longest = Math.max(longest, start[k + 1] - start[k]);
  return longest;
}

function invalid(message: string): SlicewiseError {
  return new SlicewiseError("invalid_metric", message);
}
