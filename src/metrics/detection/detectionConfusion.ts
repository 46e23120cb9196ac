// The confusion matrix of multi-class detection: which ground-truth class each counted prediction
// landed on, across classes, with the objects missed and the predictions that hit nothing. Matched
// once per image; a test case's matrix is a sum over its images.
import { BoxSet } from "./boxes";
import { boxIou } from "./iou";

/** The class index standing for "no object": a missed ground truth's prediction, a hallucinated prediction's ground truth. */
export const NO_OBJECT = -1;

export interface ConfusionOptions {
  /** A prediction lands on a ground truth at IoU ≥ this. */
  iou: number;
  /** Ground truths whose area lies outside [min, max] are ignored; predictions outside it that land on nothing are not counted (pycocotools' rule). */
  areaRange: { min: number; max: number };
  /** Predictions per image and class counted, by descending score. */
  maxDetections: number;
  /** 1 for each class in the matrix; other classes' boxes take no part. */
  classes: Uint8Array;
  /** Predictions with score ≥ this count: one threshold, or one per class (NaN or Infinity: none of the class counts). */
  threshold: number | Float64Array;
  /** "coco": IoU with an ignored (crowd) ground truth is over the prediction's area, as the coco matching takes it. */
  matching: "greedy" | "coco";
}

/** Each image's outcomes: one per counted prediction and one per missed ground truth. */
export interface ConfusionOutcomes {
  /** Classes of the labels when matched. */
  classes: number;
  /** Image i's outcomes from start[i] to start[i + 1]. */
  start: Int32Array;
  /** Ground-truth class of each outcome, NO_OBJECT for a hallucinated prediction. */
  truth: Int32Array;
  /** Predicted class of each outcome, NO_OBJECT for a missed ground truth. */
  predicted: Int32Array;
}

/** Counts per (predicted, truth) class, row-major with NO_OBJECT last: `counts[(p + 1 ? p : C) · (C + 1) + (t ≥ 0 ? t : C)]`, via `confusionCell`. */
export interface ConfusionMatrix {
  classes: number;
  counts: Float64Array;
}

/**
 * Matches each image's counted predictions to its ground truths regardless of class:
 * - counted: a chosen class, within `maxDetections` of its image and class, score ≥ its class's threshold;
 * - predictions by descending score (ties in input order), each takes, among the ground truths of
 *   the chosen classes not yet taken, at IoU ≥ `iou`, the first it finds in this order: one of its
 *   own class, one of its own class that is ignored (then it is not counted: a crowd or
 *   don't-care region), one of another class, one of another class that is ignored (not counted);
 *   within each, the highest IoU, the first on ties. An ignored ground truth may be taken again.
 * - a prediction that lands on nothing is hallucinated (not counted when outside the area range);
 *   a ground truth, not ignored, that no prediction took is missed.
 * Own class first makes the diagonal the same-class matches a person expects; a prediction lands
 * on another class's object only where no object of its own class is left to take.
 */
export function confusionOutcomes(truth: BoxSet, predictions: BoxSet, options: ConfusionOptions): ConfusionOutcomes {
  if (truth.images !== predictions.images) throw new RangeError(`ground truth has ${truth.images} images, predictions ${predictions.images}`);
  const images = truth.images;
  const classes = options.classes.length;
  const chosen = (label: number) => label < classes && options.classes[label] === 1;
  const thresholdOf = (label: number) => (typeof options.threshold === "number" ? options.threshold : options.threshold[label]);
  const { min, max } = options.areaRange;
  const start = new Int32Array(images + 1);
  const truthOf: number[] = [];
  const predictedOf: number[] = [];
  const perClass = new Int32Array(classes);
  let taken = new Uint8Array(16);

  for (let i = 0; i < images; i++) {
    const p0 = predictions.start[i];
    const p1 = predictions.start[i + 1];
    const g0 = truth.start[i];
    const g1 = truth.start[i + 1];
    const order: number[] = [];
    for (let p = p0; p < p1; p++) if (chosen(predictions.label[p])) order.push(p);
    order.sort((a, b) => predictions.score[b] - predictions.score[a] || a - b);
    perClass.fill(0);
    const counted = order.filter((p) => perClass[predictions.label[p]]++ < options.maxDetections && predictions.score[p] >= thresholdOf(predictions.label[p]));
    if (taken.length < g1 - g0) taken = new Uint8Array(2 * (g1 - g0));
    taken.fill(0, 0, g1 - g0);
    const ignoredTruth = (g: number) => truth.ignore[g] === 1 || truth.area[g] < min || truth.area[g] > max;

    for (const p of counted) {
      const label = predictions.label[p];
      // Tiers: own class, own class ignored, other class, other class ignored.
      const best = [-1, -1, -1, -1];
      const bestIou = [options.iou, options.iou, options.iou, options.iou];
      for (let g = g0; g < g1; g++) {
        if (!chosen(truth.label[g])) continue;
        const ignoredHere = ignoredTruth(g);
        if (!ignoredHere && taken[g - g0] === 1) continue;
        const iou = boxIou(
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
          options.matching === "coco" && truth.ignore[g] === 1,
        );
        const tier = (truth.label[g] === label ? 0 : 2) + (ignoredHere ? 1 : 0);
        if (iou > bestIou[tier] || (iou === bestIou[tier] && best[tier] === -1)) {
          bestIou[tier] = iou;
          best[tier] = g;
        }
      }
      const tier = best.findIndex((g) => g !== -1);
      if (tier === -1) {
        const area = predictions.area[p];
        if (area < min || area > max) continue;
        truthOf.push(NO_OBJECT);
        predictedOf.push(label);
      } else if (tier === 0 || tier === 2) {
        taken[best[tier] - g0] = 1;
        truthOf.push(truth.label[best[tier]]);
        predictedOf.push(label);
      }
    }
    for (let g = g0; g < g1; g++) {
      if (!chosen(truth.label[g]) || ignoredTruth(g) || taken[g - g0] === 1) continue;
      truthOf.push(truth.label[g]);
      predictedOf.push(NO_OBJECT);
    }
    start[i + 1] = truthOf.length;
  }
  return { classes, start, truth: Int32Array.from(truthOf), predicted: Int32Array.from(predictedOf) };
}

/** Where (predicted, truth) is counted in a matrix of `classes` classes; NO_OBJECT is the last row or column. */
export function confusionCell(classes: number, predicted: number, truth: number): number {
  return (predicted === NO_OBJECT ? classes : predicted) * (classes + 1) + (truth === NO_OBJECT ? classes : truth);
}

/** The matrix of the test case's `images` (indices into the matched images): a sum of their outcomes. */
export function detectionConfusion(outcomes: ConfusionOutcomes, images: ArrayLike<number>): ConfusionMatrix {
  const { classes, start, truth, predicted } = outcomes;
  const counts = new Float64Array((classes + 1) * (classes + 1));
  for (let i = 0; i < images.length; i++) {
    const image = images[i];
    for (let o = start[image]; o < start[image + 1]; o++) counts[confusionCell(classes, predicted[o], truth[o])]++;
  }
  return { classes, counts };
}
