// The silhouette of a clustering: how much closer each point is to its own cluster than to the next.

/**
 * The pairwise Euclidean distances of `rows` points (rows × dimension, row-major) as the packed
 * upper triangle: the distance of i < j is at i·rows − i(i+1)/2 + j − i − 1. Computed once and
 * shared by the silhouettes of every k tried on the same points.
 */
export function pairwiseDistances(points: Float64Array, rows: number, dimension: number): Float64Array {
  const distances = new Float64Array((rows * (rows - 1)) / 2);
  let index = 0;
  for (let i = 0; i < rows; i++) {
    const left = i * dimension;
    for (let j = i + 1; j < rows; j++) {
      const right = j * dimension;
      let sum = 0;
      for (let column = 0; column < dimension; column++) {
        const difference = points[left + column] - points[right + column];
        sum += difference * difference;
      }
      distances[index++] = Math.sqrt(sum);
    }
  }
  return distances;
}

/**
 * The mean silhouette (P. J. Rousseeuw, J. Comput. Appl. Math. 1987) of `assignments` (clusters
 * 0 … k − 1) over points whose pairwise distances are given (see pairwiseDistances): for point i,
 * a = its mean distance to the other points of its cluster, b = the least mean distance to the
 * points of another cluster, s = (b − a) / max(a, b), and s = 0 for a point alone in its cluster.
 * Between −1 and 1; higher is a clearer clustering. NaN with fewer than 2 clusters in use.
 */
export function meanSilhouette(distances: Float64Array, rows: number, assignments: Int32Array, k: number): number {
  const sizes = new Int32Array(k);
  for (let row = 0; row < rows; row++) sizes[assignments[row]]++;
  let used = 0;
  for (let cluster = 0; cluster < k; cluster++) if (sizes[cluster] > 0) used++;
  if (used < 2) return NaN;
  // sums[i·k + c]: Σ of point i's distances to the points of cluster c, from one pass over the pairs.
  const sums = new Float64Array(rows * k);
  let index = 0;
  for (let i = 0; i < rows; i++) {
    const clusterI = assignments[i];
    const base = i * k;
    for (let j = i + 1; j < rows; j++) {
      const distance = distances[index++];
      sums[base + assignments[j]] += distance;
      sums[j * k + clusterI] += distance;
    }
  }
  let total = 0;
  for (let i = 0; i < rows; i++) {
    const own = assignments[i];
    if (sizes[own] < 2) continue;
    const a = sums[i * k + own] / (sizes[own] - 1);
    let b = Infinity;
    for (let cluster = 0; cluster < k; cluster++) {
      if (cluster === own || sizes[cluster] === 0) continue;
      const mean = sums[i * k + cluster] / sizes[cluster];
      if (mean < b) b = mean;
    }
    const larger = Math.max(a, b);
    if (larger > 0) total += (b - a) / larger;
  }
  return total / rows;
}
