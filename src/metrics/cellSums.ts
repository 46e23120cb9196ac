// A cell-shaped metric written as a smooth function of a few weighted sums of its cells — per-class
// hits, false positives and false negatives; or summed tp, fp, fn, tn — which is what the delta
// method (deltaMethod.ts) differentiates. Only metrics that are such ratios have this form.
import { classificationScore } from "./classificationScore";
import { countScore } from "./countScore";
import { ClassIndices, Confusion, classIndices } from "./cellMetric";
import { MetricPlan } from "./metricPlan";
import { CellStatistics } from "./sufficientStatistics";

export interface CellSums {
  /** How many sums there are. */
  size: number;
  /** Entries of the sparse cells × sums matrix: cell `cell[e]` adds `coefficient[e]` × its weight to sum `sum[e]`. */
  cell: Int32Array;
  sum: Int32Array;
  coefficient: Float64Array;
  /** The metric's value from the sums. */
  score: (sums: Float64Array) => number;
  /** The smallest denominator of the ratios the score averages (see deltaMethod.ts: where the linearisation holds). */
  smallestDenominator: (sums: Float64Array) => number;
}

/** The sums of `weights` (one per cell). */
export function weightedSums(form: CellSums, weights: ArrayLike<number>): Float64Array {
  const sums = new Float64Array(form.size);
  for (let e = 0; e < form.cell.length; e++) sums[form.sum[e]] += form.coefficient[e] * weights[form.cell[e]];
  return sums;
}

/** The metric of one side of the cells (0 model, 1 reference) as sums, or null for a metric that is not such a ratio. */
export function cellSums(plan: MetricPlan, cells: CellStatistics, side: 0 | 1): CellSums | null {
  const metric = plan.metric;
  switch (metric.kind) {
    case "classification":
      return classificationSums(classIndices(cells, side), (confusion) => classificationScore(confusion, metric.measure, metric.average ?? "macro"));
    case "accuracy":
    case "precision":
    case "recall":
    case "f1":
    case "fpr":
    case "specificity":
      return countSums(metric.kind, plan, cells, side);
    default:
      return null;
  }
}

/** Sums hits_k, false positives_k, false negatives_k of each class k (3K sums, k-major). */
function classificationSums(indices: ClassIndices, score: (confusion: Confusion) => number): CellSums {
  // Classes numbered as each cell meets them, its truth then its prediction (labelScore numbers the
  // truths first): the order the score adds the classes in, kept as it was.
  const classOf = new Int32Array(indices.classes).fill(-1);
  let classes = 0;
  const renumber = (index: number) => (classOf[index] < 0 ? (classOf[index] = classes++) : classOf[index]);
  // At most two entries a cell: hits; or a false negative of its truth and a false positive of its prediction.
  const cell = new Int32Array(2 * indices.truth.length);
  const sum = new Int32Array(2 * indices.truth.length);
  let entries = 0;
  for (let c = 0; c < indices.truth.length; c++) {
    if (indices.truth[c] < 0) continue;
    const actual = renumber(indices.truth[c]);
    const guess = renumber(indices.predicted[c]);
    if (actual === guess) {
      cell[entries] = c;
      sum[entries++] = 3 * actual;
    } else {
      cell[entries] = c;
      sum[entries++] = 3 * actual + 2;
      cell[entries] = c;
      sum[entries++] = 3 * guess + 1;
    }
  }
  const confusion: Confusion = {
    truePositives: new Float64Array(classes),
    falsePositives: new Float64Array(classes),
    falseNegatives: new Float64Array(classes),
    support: new Float64Array(classes),
    present: new Uint8Array(classes),
    total: 0,
  };
  const fill = (sums: Float64Array) => {
    confusion.total = 0;
    for (let k = 0; k < classes; k++) {
      const hits = sums[3 * k];
      const falsePositives = sums[3 * k + 1];
      const falseNegatives = sums[3 * k + 2];
      confusion.truePositives[k] = hits;
      confusion.falsePositives[k] = falsePositives;
      confusion.falseNegatives[k] = falseNegatives;
      confusion.support[k] = hits + falseNegatives;
      confusion.present[k] = hits + falseNegatives > 0 || hits + falsePositives > 0 ? 1 : 0;
      confusion.total += hits + falseNegatives;
    }
    return confusion;
  };
  return {
    size: 3 * classes,
    cell: cell.subarray(0, entries),
    sum: sum.subarray(0, entries),
    coefficient: new Float64Array(entries).fill(1),
    score: (sums) => score(fill(sums)),
    // Each present class's support plus its predictions: F1's 2·hits + FP + FN, and more than precision's or recall's own.
    smallestDenominator: (sums) => {
      let smallest = Infinity;
      for (let k = 0; k < classes; k++) {
        const denominator = 2 * sums[3 * k] + sums[3 * k + 1] + sums[3 * k + 2];
        if (denominator > 0) smallest = Math.min(smallest, denominator);
      }
      return smallest;
    },
  };
}

/** Sums tp, fp, fn, tn of the datapoints that have any count the measure reads. */
function countSums(kind: "accuracy" | "precision" | "recall" | "f1" | "fpr" | "specificity", plan: MetricPlan, cells: CellStatistics, side: 0 | 1): CellSums {
  const offset = side * cells.width;
  const read = [0, 1, 2, 3].filter((index) => {
    const outcome = plan.outcomes[index];
    return !(outcome && outcome.op === "countOrZero" && outcome.field === null);
  });
  const cell: number[] = [];
  const sum: number[] = [];
  const coefficient: number[] = [];
  cells.values.forEach((tuple, c) => {
    const present = read.some((index) => tuple[offset + index] !== null && tuple[offset + index] !== undefined);
    if (!present) return;
    for (let index = 0; index < 4; index++) {
      const count = Number(tuple[offset + index] ?? 0);
      if (count === 0) continue;
      cell.push(c);
      sum.push(index);
      coefficient.push(count);
    }
  });
  const counts = (sums: Float64Array) => ({ tp: sums[0], fp: sums[1], fn: sums[2], tn: sums[3] });
  const denominators: Record<typeof kind, (s: Float64Array) => number> = {
    accuracy: (s) => s[0] + s[1] + s[2] + s[3],
    precision: (s) => s[0] + s[1],
    recall: (s) => s[0] + s[2],
    f1: (s) => 2 * s[0] + s[1] + s[2],
    fpr: (s) => s[1] + s[3],
    specificity: (s) => s[3] + s[1],
  };
  return {
    size: 4,
    cell: Int32Array.from(cell),
    sum: Int32Array.from(sum),
    coefficient: Float64Array.from(coefficient),
    score: (sums) => countScore(kind, counts(sums)),
    smallestDenominator: denominators[kind],
  };
}
