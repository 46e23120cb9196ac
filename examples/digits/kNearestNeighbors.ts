// k-nearest-neighbours classifier (k = 5, Euclidean): predicts the majority class among the closest
// training images; its confidence is the winning class's share of the k votes.
import { classCount, Predictions } from "./classifier";

export const neighbors = 5;

/** kNN keeps its training set; it learns nothing else. */
export interface KNearestNeighborsModel {
  classes: number;
  dims: number;
  rows: number;
  features: Float64Array;
  labels: Uint8Array;
}

export function train(features: Float64Array, labels: Uint8Array, rows: number, dims: number): KNearestNeighborsModel {
  return { classes: classCount(labels), dims, rows, features: features.slice(0, rows * dims), labels: labels.slice(0, rows) };
}

export function predict(model: KNearestNeighborsModel, features: Float64Array, rows: number): Predictions {
  const { classes, dims } = model;
  const predictions = new Uint8Array(rows);
  const scores = new Float32Array(rows);
  // The k nearest so far, sorted by squared distance (ascending); squared distances order the same as distances.
  const nearestDistance = new Float64Array(neighbors);
  const nearestLabel = new Uint8Array(neighbors);
  const votes = new Float64Array(classes);
  const closest = new Float64Array(classes);
  for (let row = 0; row < rows; row++) {
    nearestDistance.fill(Infinity);
    const query = row * dims;
    for (let candidate = 0; candidate < model.rows; candidate++) {
      const base = candidate * dims;
      const worst = nearestDistance[neighbors - 1];
      let sum = 0;
      // Stops early once the candidate cannot enter the k nearest.
      for (let dim = 0; dim < dims && sum < worst; dim++) {
        const difference = features[query + dim] - model.features[base + dim];
        sum += difference * difference;
      }
      if (sum >= worst) continue;
      let slot = neighbors - 1;
      while (slot > 0 && nearestDistance[slot - 1] > sum) {
        nearestDistance[slot] = nearestDistance[slot - 1];
        nearestLabel[slot] = nearestLabel[slot - 1];
        slot--;
      }
      nearestDistance[slot] = sum;
      nearestLabel[slot] = model.labels[candidate];
    }
    const best = vote(nearestLabel, nearestDistance, votes, closest);
    predictions[row] = best;
    scores[row] = votes[best] / neighbors;
  }
  return { predictions, scores };
}

/**
 * The class the k nearest vote for (`votes` and `closest` are scratch, one entry per class, and hold
 * each class's votes and nearest distance afterwards): a tied vote goes to the class with the nearer neighbour.
 */
export function vote(nearestLabel: ArrayLike<number>, nearestDistance: ArrayLike<number>, votes: Float64Array, closest: Float64Array): number {
  votes.fill(0);
  closest.fill(Infinity);
  for (let slot = 0; slot < neighbors; slot++) {
    votes[nearestLabel[slot]]++;
    closest[nearestLabel[slot]] = Math.min(closest[nearestLabel[slot]], nearestDistance[slot]);
  }
  let best = 0;
  for (let label = 1; label < votes.length; label++)
    if (votes[label] > votes[best] || (votes[label] === votes[best] && closest[label] < closest[best])) best = label;
  return best;
}
