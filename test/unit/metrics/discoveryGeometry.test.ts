// PCA, the Jacobi eigen-solver, k-means and the silhouette on cases small enough to check by hand.
import { createRandom } from "../../../src/metrics/random";
import { kMeans } from "../../../src/metrics/discovery/kMeans";
import { normalizeRows } from "../../../src/metrics/discovery/normalizeRows";
import { principalComponents } from "../../../src/metrics/discovery/principalComponents";
import { meanSilhouette, pairwiseDistances } from "../../../src/metrics/discovery/silhouette";
import { symmetricEigen } from "../../../src/metrics/discovery/symmetricEigen";
import { clusterClasses } from "../../../src/metrics/discovery/clusterClasses";

describe("symmetricEigen", () => {
  it("gives 3 and 1 for [[2, 1], [1, 2]], with eigenvectors (1, 1)/√2 and (1, −1)/√2", () => {
    const { values, vectors } = symmetricEigen([2, 1, 1, 2], 2);
    expect(values[0]).toBeCloseTo(3, 12);
    expect(values[1]).toBeCloseTo(1, 12);
    expect(Math.abs(vectors[0])).toBeCloseTo(Math.SQRT1_2, 12);
    expect(vectors[0] * vectors[1]).toBeCloseTo(0.5, 12);
    expect(vectors[2] * vectors[3]).toBeCloseTo(-0.5, 12);
  });

  it("finds 4 and 1 for [[4, 0], [0, 1]] and sorts them largest first for [[1, 0], [0, 4]]", () => {
    expect(Array.from(symmetricEigen([4, 0, 0, 1], 2).values)).toEqual([4, 1]);
    expect(Array.from(symmetricEigen([1, 0, 0, 4], 2).values)).toEqual([4, 1]);
  });

  it("diagonalises a 3×3 matrix: eigenvalues 2 − √2, 2, 2 + √2 of the second-difference matrix", () => {
    const { values } = symmetricEigen([2, -1, 0, -1, 2, -1, 0, -1, 2], 3);
    expect(values[0]).toBeCloseTo(2 + Math.SQRT2, 12);
    expect(values[1]).toBeCloseTo(2, 12);
    expect(values[2]).toBeCloseTo(2 - Math.SQRT2, 12);
  });
});

describe("principalComponents", () => {
  it("puts points on a line in one component that explains all the variance", () => {
    // (t, 2t, −t) for t = 0 … 4: the direction (1, 2, −1)/√6; coordinates √6·(t − 2).
    const values = new Float64Array(15);
    for (let t = 0; t < 5; t++) values.set([t, 2 * t, -t], 3 * t);
    const pca = principalComponents(values, 5, 3, 2);
    expect(pca.components).toBe(2);
    // Variance of √6·(t − 2) over t = 0 … 4: 6 · 10/4 = 15.
    expect(pca.variances[0]).toBeCloseTo(15, 10);
    expect(pca.variances[1]).toBeCloseTo(0, 10);
    expect(pca.totalVariance).toBeCloseTo(15, 10);
    const first = Array.from({ length: 5 }, (_, t) => pca.projected[2 * t]);
    const sign = Math.sign(first[4]);
    first.forEach((value, t) => expect(sign * value).toBeCloseTo(Math.sqrt(6) * (t - 2), 10));
  });

  it("gives the eigenvalues of a known 2×2 covariance: 16/3 and 4/3", () => {
    // (2, 2), (−2, −2), (1, −1), (−1, 1) have mean 0 and covariance (divisor 3)
    // [[10/3, 6/3], [6/3, 10/3]], whose eigenvalues are 10/3 ± 6/3.
    const pca = principalComponents(Float64Array.of(2, 2, -2, -2, 1, -1, -1, 1), 4, 2, 2);
    expect(pca.variances[0]).toBeCloseTo(16 / 3, 12);
    expect(pca.variances[1]).toBeCloseTo(4 / 3, 12);
  });
});

describe("normalizeRows", () => {
  it("scales (3, 4) to (0.6, 0.8) and keeps a zero row zero", () => {
    expect(Array.from(normalizeRows([3, 4, 0, 0], 2, 2))).toEqual([0.6, 0.8, 0, 0]);
  });
});

/** Three blobs of 100 points around (0, 0), (10, 0) and (0, 10) with N(0, 0.5²) noise. */
function threeBlobs(seed: number): { points: Float64Array; truth: Int32Array } {
  const random = createRandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const centres = [
    [0, 0],
    [10, 0],
    [0, 10],
  ];
  const points = new Float64Array(600);
  const truth = new Int32Array(300);
  for (let row = 0; row < 300; row++) {
    const blob = row % 3;
    truth[row] = blob;
    points[2 * row] = centres[blob][0] + 0.5 * normal();
    points[2 * row + 1] = centres[blob][1] + 0.5 * normal();
  }
  return { points, truth };
}

describe("kMeans", () => {
  it("recovers three well-separated blobs exactly, with centroids within 0.2 of the true centres", () => {
    const { points, truth } = threeBlobs(7);
    const result = kMeans(points, 300, 2, 3, { random: createRandom(1) });
    // The same partition up to the clusters' numbering.
    const mapping = new Map<number, number>();
    for (let row = 0; row < 300; row++) {
      const seen = mapping.get(result.assignments[row]);
      if (seen === undefined) mapping.set(result.assignments[row], truth[row]);
      else expect(seen).toBe(truth[row]);
    }
    expect(new Set(mapping.values()).size).toBe(3);
    for (let cluster = 0; cluster < 3; cluster++) {
      const centre = [
        [0, 0],
        [10, 0],
        [0, 10],
      ][mapping.get(cluster)!];
      expect(Math.hypot(result.centroids[2 * cluster] - centre[0], result.centroids[2 * cluster + 1] - centre[1])).toBeLessThan(0.2);
    }
  });

  it("gives the same clusters for the same seed", () => {
    const { points } = threeBlobs(3);
    const first = kMeans(points, 300, 2, 4, { random: createRandom(5) });
    const second = kMeans(points, 300, 2, 4, { random: createRandom(5) });
    expect(Array.from(second.assignments)).toEqual(Array.from(first.assignments));
  });
});

describe("meanSilhouette", () => {
  it("is (b − a)/b averaged by hand for two pairs on a line: 0, 1 and 10, 11", () => {
    // Point 0: a = 1, b = (10 + 11)/2 = 10.5 → 9.5/10.5; point 1: a = 1, b = 9.5 → 8.5/9.5; symmetric for the others.
    const points = Float64Array.of(0, 1, 10, 11);
    const silhouette = meanSilhouette(pairwiseDistances(points, 4, 1), 4, Int32Array.of(0, 0, 1, 1), 2);
    expect(silhouette).toBeCloseTo((2 * (9.5 / 10.5) + 2 * (8.5 / 9.5)) / 4, 12);
  });

  it("picks k = 3 for three blobs among k = 2 … 8", () => {
    const { points } = threeBlobs(11);
    const distances = pairwiseDistances(points, 300, 2);
    const scores = [];
    for (let k = 2; k <= 8; k++) scores.push(meanSilhouette(distances, 300, kMeans(points, 300, 2, k, { random: createRandom(k) }).assignments, k));
    expect(scores.indexOf(Math.max(...scores)) + 2).toBe(3);
  });
});

describe("clusterClasses", () => {
  it("chooses k = 3 for a class made of three blobs, and k is per class", () => {
    const { points } = threeBlobs(13);
    // Lift to 3-D (normalisation would otherwise fold the blobs onto the unit circle's arcs): z = 20.
    const embeddings = new Float64Array(900);
    for (let row = 0; row < 300; row++) embeddings.set([points[2 * row], points[2 * row + 1], 20], 3 * row);
    const [clustering] = clusterClasses(embeddings, 3, new Int32Array(300), ["a"], {
      dims: 2,
      k: "auto",
      kMax: 8,
      silhouetteSample: 2000,
      restarts: 3,
      maxIterations: 100,
      seed: 0,
    });
    expect(clustering.k).toBe(3);
    const sizes = [0, 0, 0];
    clustering.assignments.forEach((cluster) => sizes[cluster]++);
    expect(sizes).toEqual([100, 100, 100]);
  });
});
