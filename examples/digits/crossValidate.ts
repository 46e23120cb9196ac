// k-fold cross-validation for the digits classifiers: a fixed, stratified fold assignment and
// the out-of-fold prediction and confidence of a classifier for every image.
import { Classifier, Predictions } from "./classifier";

export interface FoldOptions {
  folds?: number;
}

export interface CrossValidationInput {
  features: Float64Array;
  labels: Uint8Array;
  rows: number;
  dims: number;
  /** Each row's fold, 0..folds−1, as assignFolds gives it. */
  folds: Int32Array;
}

function foldCount(options: FoldOptions): number {
  const folds = options.folds ?? 5;
  if (!Number.isInteger(folds) || folds < 2) throw new Error(`cross-validation needs an integer number of folds ≥ 2; got ${folds}`);
  return folds;
}

/**
 * The i-th image of each digit (in file order) goes to fold i mod k: every fold holds each digit
 * in the same proportion as the whole set, and the assignment needs no random numbers.
 */
export function assignFolds(labels: Uint8Array, options: FoldOptions = {}): Int32Array {
  const folds = foldCount(options);
  const seen = new Map<number, number>();
  const assignment = new Int32Array(labels.length);
  for (let row = 0; row < labels.length; row++) {
    const index = seen.get(labels[row]) ?? 0;
    assignment[row] = index % folds;
    seen.set(labels[row], index + 1);
  }
  return assignment;
}

function selectRows(features: Float64Array, labels: Uint8Array, dims: number, rows: number[]): { features: Float64Array; labels: Uint8Array } {
  const selectedFeatures = new Float64Array(rows.length * dims);
  const selectedLabels = new Uint8Array(rows.length);
  rows.forEach((row, index) => {
    selectedFeatures.set(features.subarray(row * dims, (row + 1) * dims), index * dims);
    selectedLabels[index] = labels[row];
  });
  return { features: selectedFeatures, labels: selectedLabels };
}

/** Trains once per fold on the other folds and predicts the held-out fold, so each row's prediction comes from a model that never saw it. */
export function crossValidate<Model>(classifier: Classifier<Model>, input: CrossValidationInput): Predictions {
  const { features, labels, rows, dims, folds } = input;
  let highestFold = 0;
  for (let row = 0; row < rows; row++) highestFold = Math.max(highestFold, folds[row]);
  const predictions = new Uint8Array(rows);
  const scores = new Float32Array(rows);
  for (let fold = 0; fold <= highestFold; fold++) {
    const heldOut: number[] = [];
    const kept: number[] = [];
    for (let row = 0; row < rows; row++) (folds[row] === fold ? heldOut : kept).push(row);
    if (heldOut.length === 0) continue;
    const training = selectRows(features, labels, dims, kept);
    const testing = selectRows(features, labels, dims, heldOut);
    const model = classifier.train(training.features, training.labels, kept.length, dims);
    const result = classifier.predict(model, testing.features, heldOut.length);
    heldOut.forEach((row, index) => {
      predictions[row] = result.predictions[index];
      scores[row] = result.scores[index];
    });
  }
  return { predictions, scores };
}
