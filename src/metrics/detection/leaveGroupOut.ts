// A detection measure with each group of a test case's images left out in turn — the grouped
// jackknife's replicates (groupedJackknife.ts) — from per-group counts in one pass over the test
// case's predictions, instead of one pass per replicate. Every count here is a whole number, so a
// replicate's count, the total less its group's, is exact: each replicate equals, to the bit, the
// measure under the weighting that gives its group 0 and every other image 1.
import { allPointAveragePrecision, interpolatedAveragePrecision } from "./averagePrecision";
import { COCO_EPSILON, DetectionMeasureOptions, Rankings, TestCaseShare, countRatio, ratio } from "./detectionMeasure";
import { IGNORED, TRUE_POSITIVE } from "./matchDetections";

/**
 * Above this many (group × position) entries in a replicate buffer the per-group pass would hold
 * more memory than G passes over the weights do (micro AP over millions of predictions): null, and
 * the caller evaluates the replicates one by one.
 */
const largestBuffer = 1 << 23;

/**
 * replicates[g]: the measure with the images i where group[i] = g left out; NaN where none is left
 * or no class is scored. Null for what this pass does not cover (one F1-optimal cut for all
 * classes, or a buffer above largestBuffer): evaluate those replicates one by one.
 */
export function leaveGroupOutReplicates(
  data: TestCaseShare,
  ranked: Rankings | null,
  options: DetectionMeasureOptions,
  allPoint: boolean,
  group: Int32Array,
  groups: number,
): Float64Array | null {
  if (!ranked && options.threshold === "f1-optimal" && options.optimalPer === "global") return null;
  const { classes, truthStart, truthImage } = data;
  const size = new Float64Array(groups);
  for (let i = 0; i < group.length; i++) size[group[i]]++;
  // Non-ignored ground truths per class: in all, and in each group.
  const positives = new Float64Array(classes);
  const positivesOf = new Float64Array(classes * groups);
  for (let k = 0; k < classes; k++) {
    positives[k] = truthStart[k + 1] - truthStart[k];
    for (let j = truthStart[k]; j < truthStart[k + 1]; j++) positivesOf[k * groups + group[truthImage[j]]]++;
  }
  const counts = { group, groups, positives, positivesOf };
  const replicates = ranked ? rankedReplicates(data, ranked, options, allPoint, counts) : thresholdReplicates(data, options, counts);
  if (replicates === null) return null;
  for (let g = 0; g < groups; g++) if (size[g] === group.length) replicates[g] = NaN;
  return replicates;
}

interface GroupCounts {
  group: Int32Array;
  groups: number;
  positives: Float64Array;
  /** positivesOf[k·G + g]: class k's non-ignored ground truths in group g. */
  positivesOf: Float64Array;
}

/** AP or AR per replicate: rankedMeasure (detectionMeasure.ts) with a replicate's counts the totals less its group's. */
function rankedReplicates(
  data: TestCaseShare,
  ranked: Rankings,
  options: DetectionMeasureOptions,
  allPoint: boolean,
  counts: GroupCounts,
): Float64Array | null {
  const { image, state, states } = data;
  const { rankings, order, start, end, maxEnd, alwaysFalse, varying, varyingStart } = ranked;
  const { group, groups, positives, positivesOf } = counts;
  const micro = options.average === "micro";
  const ar = options.measure === "ar";
  const thresholds = options.iouIndices.length;
  let longest = 0;
  for (let r = 0; r < rankings; r++) longest = Math.max(longest, varyingStart[r + 1] - varyingStart[r]);
  if (longest * groups > largestBuffer) return null;
  // fpBefore[(v − varyingStart[r])·G + g]: replicate g's always-false predictions ranked before varying position v.
  const fpBefore = new Float64Array(longest * groups);
  const recall = ar ? [] : Array.from({ length: groups }, () => new Float64Array(longest));
  const precision = ar ? [] : Array.from({ length: groups }, () => new Float64Array(longest));
  const count = new Int32Array(groups);
  const npig = new Float64Array(groups);
  const falseOf = new Float64Array(groups);
  const truePositivesOf = new Float64Array(groups);
  const falsePositivesOf = new Float64Array(groups);
  const sum = new Float64Array(groups);
  const scored = new Float64Array(groups);
  const totalPositives = new Float64Array(groups);
  if (micro) {
    for (let g = 0; g < groups; g++) for (let k = 0; k < positives.length; k++) totalPositives[g] += positives[k] - positivesOf[k * groups + g];
  }
  for (let r = 0; r < rankings; r++) {
    let any = false;
    for (let g = 0; g < groups; g++) {
      npig[g] = micro ? totalPositives[g] : positives[r] - positivesOf[r * groups + g];
      if (npig[g] > 0) {
        scored[g]++;
        any = true;
      }
    }
    if (!any) continue;
    let falseSoFar = 0;
    falseOf.fill(0);
    let v = 0;
    for (let o = start[r]; o < maxEnd[r]; o++) {
      const i = order[o];
      if (alwaysFalse[i] === 1) {
        falseSoFar++;
        falseOf[group[image[i]]]++;
      } else {
        for (let g = 0; g < groups; g++) fpBefore[v + g] = falseSoFar - falseOf[g];
        v += groups;
      }
    }
    for (let t = 0; t < thresholds; t++) {
      const base = t * states;
      const stop = end[t * rankings + r];
      let tp = 0;
      let fp = 0;
      truePositivesOf.fill(0);
      falsePositivesOf.fill(0);
      count.fill(0);
      for (let v = varyingStart[r]; v < varyingStart[r + 1] && varying[v] < stop; v++) {
        const i = order[varying[v]];
        const outcome = state[base + i];
        if (outcome === IGNORED) continue;
        const h = group[image[i]];
        if (outcome !== TRUE_POSITIVE) {
          fp++;
          falsePositivesOf[h]++;
          continue;
        }
        tp++;
        truePositivesOf[h]++;
        if (ar) continue;
        const at = (v - varyingStart[r]) * groups;
        for (let g = 0; g < groups; g++) {
          if (g === h || npig[g] === 0) continue;
          const truePositives = tp - truePositivesOf[g];
          const falsePositives = fpBefore[at + g] + (fp - falsePositivesOf[g]);
          const c = count[g]++;
          recall[g][c] = truePositives / npig[g];
          precision[g][c] = allPoint ? truePositives / (truePositives + falsePositives) : truePositives / (falsePositives + truePositives + COCO_EPSILON);
        }
      }
      for (let g = 0; g < groups; g++) {
        if (npig[g] === 0) continue;
        if (ar) sum[g] += (tp - truePositivesOf[g]) / npig[g];
        else sum[g] += allPoint ? allPointAveragePrecision(recall[g], precision[g], count[g]) : interpolatedAveragePrecision(recall[g], precision[g], count[g]);
      }
    }
  }
  return Float64Array.from(sum, (total, g) => (scored[g] > 0 ? total / (scored[g] * thresholds) : NaN));
}

/** tp … f1 per replicate at a fixed score threshold or each class's F1-optimal cut: atThreshold (detectionMeasure.ts) per replicate. */
function thresholdReplicates(data: TestCaseShare, options: DetectionMeasureOptions, counts: GroupCounts): Float64Array {
  const { classes, classStart, classEnd, image, score, state, states } = data;
  const { group, groups, positives, positivesOf } = counts;
  const thresholds = options.iouIndices.length;
  // truePositives[g·K + k], falsePositives[g·K + k]: replicate g's counts of class k at its cut.
  const truePositives = new Float64Array(groups * classes);
  const falsePositives = new Float64Array(groups * classes);
  const truePositivesOf = new Float64Array(groups);
  const falsePositivesOf = new Float64Array(groups);
  const bestF1 = new Float64Array(groups);
  const sum = new Float64Array(groups);
  for (let t = 0; t < thresholds; t++) {
    const base = t * states;
    for (let k = 0; k < classes; k++) {
      let tp = 0;
      let fp = 0;
      truePositivesOf.fill(0);
      falsePositivesOf.fill(0);
      if (options.threshold !== "f1-optimal") {
        for (let i = classStart[k]; i < classStart[k + 1] && score[i] >= options.threshold; i++) {
          const outcome = state[base + i];
          if (outcome === TRUE_POSITIVE) {
            tp++;
            truePositivesOf[group[image[i]]]++;
          } else if (outcome !== IGNORED) {
            fp++;
            falsePositivesOf[group[image[i]]]++;
          }
        }
        for (let g = 0; g < groups; g++) {
          truePositives[g * classes + k] = tp - truePositivesOf[g];
          falsePositives[g * classes + k] = fp - falsePositivesOf[g];
        }
        continue;
      }
      // classOptimalCut for every replicate at once. A replicate's candidate cuts are the ends of
      // its runs of tied scores; its F1 can beat the best so far only at the end of a run holding
      // one of its true positives (a run of false positives only lowers it). Such a run's end is
      // an end of the whole ranking's runs, where the replicate's counts are the totals less its
      // group's, and the cut is the score of its last prediction: the last one's score unless that
      // one is in its group, then the score of the last one of another group (`otherScore`). At an
      // end that is not one of the replicate's own, its counts and cut are those of its next own
      // end, so evaluating there gives what its own end does.
      bestF1.fill(0);
      for (let g = 0; g < groups; g++) {
        truePositives[g * classes + k] = 0;
        falsePositives[g * classes + k] = 0;
      }
      let lastScore = NaN;
      let lastGroup = -1;
      let otherScore = NaN;
      let truePositiveInRun = false;
      const evaluate = () => {
        for (let g = 0; g < groups; g++) {
          const cut = g === lastGroup ? otherScore : lastScore;
          if (Number.isNaN(cut)) continue;
          const truePositivesHere = tp - truePositivesOf[g];
          const falsePositivesHere = fp - falsePositivesOf[g];
          const f1 = ratio(2 * truePositivesHere, truePositivesHere + falsePositivesHere + (positives[k] - positivesOf[k * groups + g]));
          if (f1 > bestF1[g]) {
            bestF1[g] = f1;
            truePositives[g * classes + k] = truePositivesHere;
            falsePositives[g * classes + k] = falsePositivesHere;
          }
        }
      };
      const end = classEnd[t * classes + k];
      for (let i = classStart[k]; i < end; i++) {
        const outcome = state[base + i];
        if (outcome === IGNORED) continue;
        if (score[i] !== lastScore && truePositiveInRun) {
          evaluate();
          truePositiveInRun = false;
        }
        const h = group[image[i]];
        if (outcome === TRUE_POSITIVE) {
          tp++;
          truePositivesOf[h]++;
          truePositiveInRun = true;
        } else {
          fp++;
          falsePositivesOf[h]++;
        }
        if (h !== lastGroup) {
          otherScore = lastScore;
          lastGroup = h;
        }
        lastScore = score[i];
      }
      if (truePositiveInRun) evaluate();
    }
    for (let g = 0; g < groups; g++)
      sum[g] += atThresholdOf(
        options,
        truePositives.subarray(g * classes, (g + 1) * classes),
        falsePositives.subarray(g * classes, (g + 1) * classes),
        positives,
        positivesOf,
        g,
        groups,
      );
  }
  return Float64Array.from(sum, (total) => total / thresholds);
}

/** atThreshold (detectionMeasure.ts) from one replicate's per-class counts, summed in the same order. */
function atThresholdOf(
  options: DetectionMeasureOptions,
  truePositives: Float64Array,
  falsePositives: Float64Array,
  positives: Float64Array,
  positivesOf: Float64Array,
  g: number,
  groups: number,
): number {
  const measure = options.measure;
  let tp = 0;
  let fp = 0;
  let npig = 0;
  let sum = 0;
  let present = 0;
  for (let k = 0; k < truePositives.length; k++) {
    const positivesHere = positives[k] - positivesOf[k * groups + g];
    tp += truePositives[k];
    fp += falsePositives[k];
    npig += positivesHere;
    if (positivesHere === 0 && truePositives[k] + falsePositives[k] === 0) continue;
    sum += countRatio(measure, truePositives[k], falsePositives[k], positivesHere);
    present++;
  }
  if (measure === "tp") return tp;
  if (measure === "fp") return fp;
  if (measure === "fn") return npig - tp;
  if (options.average === "micro") return npig === 0 && tp + fp === 0 ? NaN : countRatio(measure, tp, fp, npig);
  return present > 0 ? sum / present : NaN;
}
