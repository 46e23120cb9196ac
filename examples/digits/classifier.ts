// The shape every digits classifier shares, so cross-validation can train and score any of them the same way.

/** Features are rows × dims numbers, row after row; labels are class indices 0..k−1. */
export interface Classifier<Model> {
  train(features: Float64Array, labels: Uint8Array, rows: number, dims: number): Model;
  predict(model: Model, features: Float64Array, rows: number): Predictions;
}

export interface Predictions {
  predictions: Uint8Array;
  /** The model's confidence in the class it predicted, in [0, 1]. */
  scores: Float32Array;
}

export function classCount(labels: Uint8Array): number {
  let highest = 0;
  for (const label of labels) if (label > highest) highest = label;
  return highest + 1;
}
