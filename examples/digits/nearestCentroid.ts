// Nearest-centroid classifier: predicts the class whose mean training image is closest (Euclidean),
// with a confidence from a softmax over negative distances whose temperature is fitted on the training rows.
import { classCount, Predictions } from "./classifier";

export interface NearestCentroidModel {
  classes: number;
  dims: number;
  /** classes × dims class means. */
  centroids: Float64Array;
  /** Softmax temperature, in the same units as a distance. */
  temperature: number;
}

function distances(centroids: Float64Array, classes: number, dims: number, features: Float64Array, row: number, into: Float64Array): void {
  for (let label = 0; label < classes; label++) {
    let sum = 0;
    for (let dim = 0; dim < dims; dim++) {
      const difference = features[row * dims + dim] - centroids[label * dims + dim];
      sum += difference * difference;
    }
    into[label] = Math.sqrt(sum);
  }
}

/** Softmax of −distance / temperature, written into `into`; shifted by the smallest distance so exp cannot overflow. */
function softmax(distance: Float64Array, temperature: number, into: Float64Array): void {
  let smallest = Infinity;
  for (const value of distance) if (value < smallest) smallest = value;
  let total = 0;
  for (let label = 0; label < distance.length; label++) {
    into[label] = Math.exp(-(distance[label] - smallest) / temperature);
    total += into[label];
  }
  for (let label = 0; label < distance.length; label++) into[label] /= total;
}

/**
 * Raw distances differ by several units between the nearest and the next class, so a softmax over them
 * says "certain" for nearly every image. The temperature that maximises the training rows' likelihood
 * (a one-parameter search on a log grid) makes the confidence mean something.
 */
function fitTemperature(allDistances: Float64Array, labels: Uint8Array, classes: number): number {
  const probabilities = new Float64Array(classes);
  let best = 1;
  let bestLoss = Infinity;
  for (let step = 0; step <= 60; step++) {
    const temperature = 0.1 * Math.pow(10, step / 20); // 0.1 … 100
    let loss = 0;
    for (let row = 0; row < labels.length; row++) {
      softmax(allDistances.subarray(row * classes, (row + 1) * classes), temperature, probabilities);
      loss -= Math.log(Math.max(probabilities[labels[row]], 1e-300));
    }
    if (loss < bestLoss) {
      bestLoss = loss;
      best = temperature;
    }
  }
  return best;
}

export function train(features: Float64Array, labels: Uint8Array, rows: number, dims: number): NearestCentroidModel {
  const classes = classCount(labels);
  const centroids = new Float64Array(classes * dims);
  const counts = new Float64Array(classes);
  for (let row = 0; row < rows; row++) {
    counts[labels[row]]++;
    for (let dim = 0; dim < dims; dim++) centroids[labels[row] * dims + dim] += features[row * dims + dim];
  }
  for (let label = 0; label < classes; label++) for (let dim = 0; dim < dims; dim++) centroids[label * dims + dim] /= Math.max(counts[label], 1);
  const allDistances = new Float64Array(rows * classes);
  for (let row = 0; row < rows; row++) distances(centroids, classes, dims, features, row, allDistances.subarray(row * classes, (row + 1) * classes));
  return { classes, dims, centroids, temperature: fitTemperature(allDistances, labels.subarray(0, rows), classes) };
}

export function predict(model: NearestCentroidModel, features: Float64Array, rows: number): Predictions {
  const { classes, dims, centroids, temperature } = model;
  const predictions = new Uint8Array(rows);
  const scores = new Float32Array(rows);
  const distance = new Float64Array(classes);
  const probabilities = new Float64Array(classes);
  for (let row = 0; row < rows; row++) {
    distances(centroids, classes, dims, features, row, distance);
    softmax(distance, temperature, probabilities);
    let best = 0;
    for (let label = 1; label < classes; label++) if (distance[label] < distance[best]) best = label;
    predictions[row] = best;
    scores[row] = probabilities[best];
  }
  return { predictions, scores };
}
