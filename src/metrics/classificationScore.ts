// Multi-class accuracy, precision, recall and F1 with macro, micro or weighted averaging over
// the classes present in the ground truth or the predictions — scikit-learn's definitions,
// 0 where a class's ratio is undefined (zero_division=0).
import { ClassificationMeasure } from "../core";
import type { Confusion } from "./cellMetric";

const ratio = (numerator: number, denominator: number) => (denominator === 0 ? 0 : numerator / denominator);

export function classificationScore(confusion: Confusion, measure: ClassificationMeasure, average: "macro" | "micro" | "weighted"): number {
  const { truePositives: tp, falsePositives: fp, falseNegatives: fn, support, present, total } = confusion;
  let correct = 0;
  for (let k = 0; k < tp.length; k++) correct += tp[k];
  // For single-label data, micro-averaged precision, recall and F1 all equal accuracy.
  if (measure === "accuracy" || average === "micro") return ratio(correct, total);
  let sum = 0;
  let weightSum = 0;
  for (let k = 0; k < tp.length; k++) {
    if (!present[k]) continue;
    const weight = average === "weighted" ? support[k] : 1;
    sum += weight * classRatio(measure, tp[k], fp[k], fn[k]);
    weightSum += weight;
  }
  return ratio(sum, weightSum);
}

/** One class's precision, recall or F1 from its hits, false positives and false negatives. */
function classRatio(measure: ClassificationMeasure, hits: number, falsePositives: number, falseNegatives: number): number {
  if (measure === "precision") return ratio(hits, hits + falsePositives);
  if (measure === "recall") return ratio(hits, hits + falseNegatives);
  return ratio(2 * hits, 2 * hits + falsePositives + falseNegatives);
}
