// Measures from summed confusion counts (tp, fp, fn, tn), 0 where a ratio is undefined
// (scikit-learn's zero_division=0 convention).
import { CountMeasure } from "../core";

export interface ConfusionCounts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

const ratio = (numerator: number, denominator: number) => (denominator === 0 ? 0 : numerator / denominator);

export function countScore(measure: CountMeasure, { tp, fp, fn, tn }: ConfusionCounts): number {
  switch (measure) {
    case "accuracy":
      return ratio(tp + tn, tp + fp + fn + tn);
    case "precision":
      return ratio(tp, tp + fp);
    case "recall":
      return ratio(tp, tp + fn);
    case "f1":
      return ratio(2 * tp, 2 * tp + fp + fn);
    case "fpr":
      return ratio(fp, fp + tn);
    case "specificity":
      return ratio(tn, tn + fp);
  }
}
