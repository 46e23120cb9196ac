// k-means clustering: k-means++ seeding, Lloyd's iterations, the best of a few seeded restarts.

export interface KMeansResult {
  /** Each row's cluster, 0 … k − 1. */
  assignments: Int32Array;
  /** k × dimension, row-major. */
  centroids: Float64Array;
  /** Σ over rows of the squared distance to its centroid. */
  inertia: number;
  /** Lloyd iterations run (in the kept restart). */
  iterations: number;
}

export interface KMeansOptions {
  /** A generator of floats in [0, 1), e.g. createRandom(seed): the only source of chance. */
  random: () => number;
  /** Independent seedings; the one with the least inertia is kept (default 3). */
  restarts?: number;
  /** Lloyd iterations at most per restart (default 100). */
  maxIterations?: number;
}

/**
 * k-means (S. Lloyd 1957/1982) seeded by k-means++ (D. Arthur & S. Vassilvitskii, SODA 2007): the
 * first centre is a uniformly drawn row, each next one a row drawn with probability proportional
 * to its squared distance to the nearest centre so far. `points` is rows × dimension, row-major.
 * Needs 1 ≤ k ≤ rows.
 */
export function kMeans(points: Float64Array, rows: number, dimension: number, k: number, options: KMeansOptions): KMeansResult {
  if (!(Number.isInteger(k) && k >= 1 && k <= rows)) throw new RangeError(`kMeans: k must be an integer from 1 to the ${rows} rows; got ${k}`);
  const restarts = options.restarts ?? 3;
  const maxIterations = options.maxIterations ?? 100;
  let best: KMeansResult | null = null;
  for (let restart = 0; restart < restarts; restart++) {
    const result = lloyd(points, rows, dimension, seedCentroids(points, rows, dimension, k, options.random), maxIterations);
    if (!best || result.inertia < best.inertia) best = result;
  }
  return best!;
}

/** k-means++ seeding: k rows as starting centroids (k × dimension). */
export function seedCentroids(points: Float64Array, rows: number, dimension: number, k: number, random: () => number): Float64Array {
  const centroids = new Float64Array(k * dimension);
  const nearest = new Float64Array(rows).fill(Infinity);
  let chosen = Math.min(rows - 1, Math.floor(random() * rows));
  for (let centre = 0; centre < k; centre++) {
    centroids.set(points.subarray(chosen * dimension, (chosen + 1) * dimension), centre * dimension);
    if (centre === k - 1) break;
    let total = 0;
    for (let row = 0; row < rows; row++) {
      const distance = squaredDistance(points, row * dimension, centroids, centre * dimension, dimension);
      if (distance < nearest[row]) nearest[row] = distance;
      total += nearest[row];
    }
    // Draw a row with probability nearest[row] / total; when every row sits on a centre, any row.
    let target = random() * total;
    chosen = rows - 1;
    if (total > 0) {
      for (let row = 0; row < rows; row++) {
        target -= nearest[row];
        if (target < 0) {
          chosen = row;
          break;
        }
      }
    } else chosen = Math.min(rows - 1, Math.floor(random() * rows));
  }
  return centroids;
}

/**
 * Lloyd's iterations from the given centroids (k × dimension, not changed): assign each row to
 * its nearest centroid, move each centroid to its rows' mean, until at most 1 row in 1,000 changes
 * cluster or maxIterations. A cluster left empty takes the row farthest from its centroid, so k stays k.
 */
export function lloyd(points: Float64Array, rows: number, dimension: number, initial: Float64Array, maxIterations: number): KMeansResult {
  const k = initial.length / dimension;
  const centroids = Float64Array.from(initial);
  const assignments = new Int32Array(rows).fill(-1);
  const distances = new Float64Array(rows);
  const sums = new Float64Array(k * dimension);
  const counts = new Int32Array(k);
  // Lloyd's iterations can creep on for many rounds moving a handful of rows (on data without
  // clusters): stop when at most 1 row in 1,000 changes, as good as converged for testing clusters.
  const settled = Math.floor(rows / 1000);
  let iterations = 0;
  for (;;) {
    let changed = 0;
    for (let row = 0; row < rows; row++) {
      const base = row * dimension;
      let bestCluster = 0;
      let bestDistance = Infinity;
      for (let cluster = 0; cluster < k; cluster++) {
        // Partial distance search: stop summing once this centroid is already farther than the best.
        const centre = cluster * dimension;
        let distance = 0;
        for (let column = 0; column < dimension && distance < bestDistance; column++) {
          const difference = points[base + column] - centroids[centre + column];
          distance += difference * difference;
        }
        if (distance < bestDistance) {
          bestDistance = distance;
          bestCluster = cluster;
        }
      }
      distances[row] = bestDistance;
      if (assignments[row] !== bestCluster) {
        assignments[row] = bestCluster;
        changed++;
      }
    }
    if (changed <= settled || iterations >= maxIterations) break;
    iterations++;
    sums.fill(0);
    counts.fill(0);
    for (let row = 0; row < rows; row++) {
      const cluster = assignments[row];
      counts[cluster]++;
      const base = row * dimension;
      const target = cluster * dimension;
      for (let column = 0; column < dimension; column++) sums[target + column] += points[base + column];
    }
    for (let cluster = 0; cluster < k; cluster++) {
      const target = cluster * dimension;
      if (counts[cluster] > 0) {
        for (let column = 0; column < dimension; column++) centroids[target + column] = sums[target + column] / counts[cluster];
        continue;
      }
      let farthest = 0;
      for (let row = 1; row < rows; row++) if (distances[row] > distances[farthest]) farthest = row;
      centroids.set(points.subarray(farthest * dimension, (farthest + 1) * dimension), target);
      distances[farthest] = 0;
    }
  }
  let inertia = 0;
  for (let row = 0; row < rows; row++) inertia += distances[row];
  return { assignments, centroids, inertia, iterations };
}

function squaredDistance(left: Float64Array, leftBase: number, right: Float64Array, rightBase: number, dimension: number): number {
  let sum = 0;
  for (let column = 0; column < dimension; column++) {
    const difference = left[leftBase + column] - right[rightBase + column];
    sum += difference * difference;
  }
  return sum;
}
