// Metrics computed from a compressed table of distinct outcomes and a weight per cell: the
// observed counts give the value, Poisson resamples of them give the bootstrap.
import { Scalar } from "../core";
import { MetricPlan } from "./metricPlan";
import { CellStatistics } from "./sufficientStatistics";
import { classificationScore } from "./classificationScore";
import { countScore } from "./countScore";
import { FirstSeenIndex } from "./firstSeenIndex";

/** (weights per cell) → the metric's value for one side (model or reference) of the cells. */
export type WeightedMetric = (weights: ArrayLike<number>) => number;

/**
 * Prepares the metric for one side of the cells (`side` 0 = model, 1 = reference in paired
 * cells), doing once what every resample would otherwise repeat (sorting, label indexing).
 */
export function prepareCellMetric(plan: MetricPlan, cells: CellStatistics, side: 0 | 1): WeightedMetric {
  const offset = side * cells.width;
  const column = (index: number): Scalar[] => cells.values.map((tuple) => tuple[offset + index]);
  const metric = plan.metric;
  switch (metric.kind) {
    case "min":
    case "max":
    case "median":
    case "stddev":
      return numericSummary(metric.kind, column(0));
    case "classification":
      return labelScore(classIndices(cells, side), (confusion) => classificationScore(confusion, metric.measure, metric.average ?? "macro"));
    case "regression":
      return rSquared(column(0), column(1));
    case "accuracy":
    case "precision":
    case "recall":
    case "f1":
    case "fpr":
    case "specificity": {
      // A null count adds 0, as a missing column does; a row without any count is not used.
      const [tp, fp, fn, tn] = [0, 1, 2, 3].map((index) => column(index).map((value) => Number(value ?? 0)));
      const used = usedCells(plan, cells, side);
      const kind = metric.kind;
      return (weights) => {
        const sums = { tp: 0, fp: 0, fn: 0, tn: 0 };
        let total = 0;
        for (let c = 0; c < weights.length; c++) {
          const w = weights[c];
          if (w === 0 || !used[c]) continue;
          total += w;
          sums.tp += w * tp[c];
          sums.fp += w * fp[c];
          sums.fn += w * fn[c];
          sums.tn += w * tn[c];
        }
        // No datapoint (a test case without counts, or an empty bootstrap resample): undefined,
        // not 0 — scoring it 0 would pull a bootstrap interval of an all-correct case down to 0.
        return total === 0 ? NaN : countScore(kind, sums);
      };
    }
    default:
      throw new Error(`metric kind "${metric.kind}" is not computed from cells`);
  }
}

/**
 * Prepares the number of datapoints the metric uses on one side of the cells — its `n`: those
 * with a non-null value (min, max, median, stddev), with both ground truth and prediction
 * (classification, R²), or with at least one of the count fields the measure reads (count-based
 * measures).
 */
export function prepareUsedCount(plan: MetricPlan, cells: CellStatistics, side: 0 | 1): WeightedMetric {
  const used = usedCells(plan, cells, side);
  return (weights) => {
    let total = 0;
    for (let c = 0; c < weights.length; c++) if (used[c]) total += weights[c];
    return total;
  };
}

/** Whether each cell's datapoints are used by the metric (see prepareUsedCount). */
function usedCells(plan: MetricPlan, cells: CellStatistics, side: 0 | 1): boolean[] {
  const offset = side * cells.width;
  const present = (tuple: readonly Scalar[], index: number) => tuple[offset + index] !== null && tuple[offset + index] !== undefined;
  switch (plan.metric.kind) {
    case "min":
    case "max":
    case "median":
    case "stddev":
      return cells.values.map((tuple) => present(tuple, 0));
    case "classification":
    case "regression":
      return cells.values.map((tuple) => present(tuple, 0) && present(tuple, 1));
    default: {
      // Count cells a measure does not read are planned as a constant 0: they say nothing.
      const read = [0, 1, 2, 3].filter((index) => {
        const outcome = plan.outcomes[index];
        return !(outcome && outcome.op === "countOrZero" && outcome.field === null);
      });
      return cells.values.map((tuple) => read.some((index) => present(tuple, index)));
    }
  }
}

function numericSummary(kind: "min" | "max" | "median" | "stddev", raw: Scalar[]): WeightedMetric {
  const values = raw.map((value) => (value === null ? NaN : Number(value)));
  // Cells sorted by value once: min, max and the median then walk the weights in order.
  const order = values.map((_, index) => index).filter((index) => !Number.isNaN(values[index]));
  order.sort((a, b) => values[a] - values[b]);
  return (weights) => {
    let total = 0;
    for (const index of order) total += weights[index];
    if (total === 0) return NaN;
    if (kind === "min") return values[order.find((index) => weights[index] > 0)!];
    if (kind === "max") {
      for (let i = order.length - 1; i >= 0; i--) if (weights[order[i]] > 0) return values[order[i]];
    }
    if (kind === "median") {
      // The average of the order statistics at positions ⌊(N−1)/2⌋ and ⌊N/2⌋ (0-based).
      const lowRank = Math.floor((total - 1) / 2);
      const highRank = Math.floor(total / 2);
      let seen = 0;
      let low = NaN;
      for (const index of order) {
        const next = seen + weights[index];
        if (Number.isNaN(low) && lowRank < next) low = values[index];
        if (highRank < next) return (low + values[index]) / 2;
        seen = next;
      }
    }
    // Sample standard deviation (n − 1), centred on the mean to avoid cancellation.
    let sum = 0;
    for (const index of order) sum += weights[index] * values[index];
    const mean = sum / total;
    let squares = 0;
    for (const index of order) squares += weights[index] * (values[index] - mean) ** 2;
    return total > 1 ? Math.sqrt(squares / (total - 1)) : NaN;
  };
}

/** Per-class confusion counts of one weighted resample. */
export interface Confusion {
  /** truePositives[k], falsePositives[k], falseNegatives[k] for each class present. */
  truePositives: Float64Array;
  falsePositives: Float64Array;
  falseNegatives: Float64Array;
  /** Datapoints whose ground truth is class k (the support). */
  support: Float64Array;
  /** Classes present in the ground truth or the predictions of this resample. */
  present: Uint8Array;
  total: number;
}

/** Each cell's ground truth and prediction on one side of the cells as class indices, −1 where either is null. */
export interface ClassIndices {
  truth: Int32Array;
  predicted: Int32Array;
  /** How many classes: indices go to the ground truths' labels first, in cell order, then to labels only predicted. */
  classes: number;
}

const classIndicesOf = new WeakMap<CellStatistics, (ClassIndices | undefined)[]>();

/**
 * The class indices of one side of the cells (0 model, 1 reference), worked out once per cells:
 * the value (labelScore) and the delta method's sums (cellSums.ts) both read them. Labels are
 * looked up by value (1 and "1" are different classes, as they are different outcomes).
 */
export function classIndices(cells: CellStatistics, side: 0 | 1): ClassIndices {
  let sides = classIndicesOf.get(cells);
  if (!sides) classIndicesOf.set(cells, (sides = []));
  const known = sides[side];
  if (known) return known;
  const offset = side * cells.width;
  const count = cells.values.length;
  const classIndex = new FirstSeenIndex();
  const truth = new Int32Array(count).fill(-1);
  const predicted = new Int32Array(count).fill(-1);
  const usable = (tuple: readonly Scalar[]) => tuple[offset] !== null && tuple[offset + 1] !== null;
  for (let c = 0; c < count; c++) if (usable(cells.values[c])) truth[c] = classIndex.indexOf(cells.values[c][offset]);
  for (let c = 0; c < count; c++) if (usable(cells.values[c])) predicted[c] = classIndex.indexOf(cells.values[c][offset + 1]);
  return (sides[side] = { truth, predicted, classes: classIndex.values.length });
}

function labelScore({ truth: truthIndex, predicted: predictedIndex, classes }: ClassIndices, score: (confusion: Confusion) => number): WeightedMetric {
  // One confusion, refilled for each call: a bootstrap scores thousands of resamples, and
  // allocating its five arrays anew took some 40% of a call. `score` keeps none of it.
  const confusion: Confusion = {
    truePositives: new Float64Array(classes),
    falsePositives: new Float64Array(classes),
    falseNegatives: new Float64Array(classes),
    support: new Float64Array(classes),
    present: new Uint8Array(classes),
    total: 0,
  };
  const { truePositives, falsePositives, falseNegatives, support, present } = confusion;
  // Each cell adds its weight to its truth's support, its prediction's total and, when they agree,
  // the class's hits; false positives and negatives are what the totals hold beyond the hits.
  const predictedTotal = new Float64Array(classes);
  return (weights) => {
    support.fill(0);
    predictedTotal.fill(0);
    truePositives.fill(0);
    let total = 0;
    for (let c = 0; c < weights.length; c++) {
      const w = weights[c];
      const actual = truthIndex[c];
      if (w === 0 || actual < 0) continue;
      const guess = predictedIndex[c];
      total += w;
      support[actual] += w;
      predictedTotal[guess] += w;
      if (actual === guess) truePositives[actual] += w;
    }
    // Weights are counts (whole numbers), so these differences are exact.
    for (let k = 0; k < classes; k++) {
      falseNegatives[k] = support[k] - truePositives[k];
      falsePositives[k] = predictedTotal[k] - truePositives[k];
      present[k] = support[k] > 0 || predictedTotal[k] > 0 ? 1 : 0;
    }
    confusion.total = total;
    return total === 0 ? NaN : score(confusion);
  };
}

/**
 * R² = 1 − SSE/SST; when SST is 0, 1 for a perfect fit and 0 otherwise (scikit-learn's convention);
 * undefined (NaN) below two datapoints, as scikit-learn's r2_score: one point has no spread to explain.
 */
function rSquared(truthRaw: Scalar[], predictedRaw: Scalar[]): WeightedMetric {
  const truth = truthRaw.map((value) => (value === null ? NaN : Number(value)));
  const predicted = predictedRaw.map((value) => (value === null ? NaN : Number(value)));
  return (weights) => {
    let total = 0;
    let sum = 0;
    let lowest = Infinity;
    let highest = -Infinity;
    for (let c = 0; c < weights.length; c++) {
      if (weights[c] === 0 || Number.isNaN(truth[c]) || Number.isNaN(predicted[c])) continue;
      total += weights[c];
      sum += weights[c] * truth[c];
      if (truth[c] < lowest) lowest = truth[c];
      if (truth[c] > highest) highest = truth[c];
    }
    if (total < 2) return NaN;
    const mean = sum / total;
    let residual = 0;
    let spread = 0;
    for (let c = 0; c < weights.length; c++) {
      if (weights[c] === 0 || Number.isNaN(truth[c]) || Number.isNaN(predicted[c])) continue;
      residual += weights[c] * (truth[c] - predicted[c]) ** 2;
      spread += weights[c] * (truth[c] - mean) ** 2;
    }
    // Equal truths have SST 0 exactly, whatever an ulp of the rounded mean would make of it
    // (3 × 21.4 / 3 is not 21.4, and SSE over an SST of 1e-29 is no R²).
    if (lowest === highest) return residual === 0 ? 1 : 0;
    return 1 - residual / spread;
  };
}
