// Within each class, the embedding's clusters (GEORGE's recipe: normalise, reduce with PCA, cluster
// with k-means, k by silhouette): the groups nobody named, before any model's errors are looked at.
import { createRandom, hashSeed } from "../random";
import { kMeans, lloyd } from "./kMeans";
import { normalizeRows } from "./normalizeRows";
import { principalComponents } from "./principalComponents";
import { meanSilhouette, pairwiseDistances } from "./silhouette";

export interface ClusterOptions {
  /** PCA components kept (default 32; at most the embedding's dimension). */
  dims: number;
  /** A fixed number of clusters per class, or "auto": the k in 2 … kMax with the best silhouette. */
  k: number | "auto";
  kMax: number;
  /** Points the silhouette (and the k-means that it judges) runs on, per class: a seeded subsample. */
  silhouetteSample: number;
  restarts: number;
  maxIterations: number;
  seed: number;
}

export interface ClassClustering {
  /** The class's index into classNames. */
  class: number;
  /** The class's rows (indices into the input), ascending. */
  rows: Int32Array;
  /** Each of those rows' cluster, 0 … k − 1. */
  assignments: Int32Array;
  k: number;
  /** Mean silhouette of the chosen k on the subsample (NaN when k was fixed at 1 or the class too small). */
  silhouette: number;
  /** Share of the normalised embeddings' variance the kept components explain. */
  explained: number;
}

/**
 * Clusters each class's rows. `embeddings` is rows × dimension, row-major; classes[i] is row i's
 * class (−1: left out). Each class draws from its own seeded stream (hashSeed(seed, class name)),
 * so a class's clusters do not depend on the other classes.
 */
export function clusterClasses(
  embeddings: ArrayLike<number>,
  dimension: number,
  classes: Int32Array,
  classNames: readonly string[],
  options: ClusterOptions,
): ClassClustering[] {
  const members: number[][] = classNames.map(() => []);
  for (let row = 0; row < classes.length; row++) if (classes[row] >= 0) members[classes[row]].push(row);
  return members.map((list, index) => clusterClass(embeddings, dimension, index, Int32Array.from(list), options, classNames[index]));
}

function clusterClass(
  embeddings: ArrayLike<number>,
  dimension: number,
  classIndex: number,
  rows: Int32Array,
  options: ClusterOptions,
  className: string,
): ClassClustering {
  const count = rows.length;
  const gathered = new Float64Array(count * dimension);
  for (let index = 0; index < count; index++) {
    const source = rows[index] * dimension;
    for (let column = 0; column < dimension; column++) gathered[index * dimension + column] = embeddings[source + column];
  }
  const pca = principalComponents(normalizeRows(gathered, count, dimension), count, dimension, options.dims);
  const explained = pca.totalVariance > 0 ? pca.variances.reduce((sum, value) => sum + value, 0) / pca.totalVariance : 1;
  const points = pca.projected;
  const components = pca.components;
  const single = { class: classIndex, rows, assignments: new Int32Array(count), k: 1, silhouette: NaN, explained };
  if (count < 3 || options.k === 1) return single;

  const random = createRandom(hashSeed(options.seed, "discovery", className));
  const sample = sampleRows(count, options.silhouetteSample, random);
  const samplePoints = new Float64Array(sample.length * components);
  sample.forEach((row, index) => samplePoints.set(points.subarray(row * components, (row + 1) * components), index * components));
  const kMeansOptions = { random, restarts: options.restarts, maxIterations: options.maxIterations };

  // k is judged on the subsample (the silhouette is quadratic in points); the chosen centroids
  // are then refined by Lloyd's iterations over all the class's rows.
  let best: { k: number; silhouette: number; centroids: Float64Array } = { k: 1, silhouette: -Infinity, centroids: new Float64Array(0) };
  if (options.k === "auto") {
    const distances = pairwiseDistances(samplePoints, sample.length, components);
    for (let k = 2; k <= Math.min(options.kMax, sample.length - 1); k++) {
      const fit = kMeans(samplePoints, sample.length, components, k, kMeansOptions);
      const silhouette = meanSilhouette(distances, sample.length, fit.assignments, k);
      if (silhouette > best.silhouette) best = { k, silhouette, centroids: fit.centroids };
    }
  } else {
    const k = Math.min(options.k, sample.length);
    best = { k, silhouette: NaN, centroids: kMeans(samplePoints, sample.length, components, k, kMeansOptions).centroids };
  }
  if (best.k < 2) return single;
  const final = lloyd(points, count, components, best.centroids, options.maxIterations);
  return { class: classIndex, rows, assignments: final.assignments, k: best.k, silhouette: best.silhouette, explained };
}

/** Up to `size` of 0 … count − 1, drawn without replacement (a partial Fisher–Yates shuffle), ascending. */
function sampleRows(count: number, size: number, random: () => number): Int32Array {
  const indices = new Int32Array(count);
  for (let index = 0; index < count; index++) indices[index] = index;
  if (size >= count) return indices;
  for (let index = 0; index < size; index++) {
    const swap = index + Math.floor(random() * (count - index));
    const value = indices[index];
    indices[index] = indices[swap];
    indices[swap] = value;
  }
  return indices.slice(0, size).sort();
}
