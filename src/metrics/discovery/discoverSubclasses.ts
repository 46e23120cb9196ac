// Hidden-subclass discovery (issue 18): clusters of each class's embeddings where a model errs
// more than on the rest of the class, as candidate test cases with exact p-values and BH q-values.
import { SlicewiseError } from "../../core";
import { ClassClustering, clusterClasses } from "./clusterClasses";
import { DiscoveryModel, SubclassCandidate, testClusters } from "./testClusters";

export interface DiscoveryInput {
  /** rows × dimension, row-major: row i's embedding. */
  embeddings: Float32Array | Float64Array;
  dimension: number;
  /** Row i's class (an index into classNames), −1 to leave it out. */
  classes: Int32Array;
  classNames: readonly string[];
  models: DiscoveryModel[];
  /** The reference model's per-row errors (0/1, NaN: left out), for the paired "regresses" test. */
  referenceErrors?: Float64Array;
  /** Word for the class in candidate names (default "class"). */
  per?: string;
  /** PCA components (default 32). */
  dims?: number;
  /** Clusters per class: a number, or "auto" (default): the best silhouette over 2 … kMax. */
  k?: number | "auto";
  kMax?: number;
  /** Smallest cluster tested (default max(10, 1% of its class)). */
  minSize?: number;
  /** Points per class the silhouette runs on (default 2,000). */
  silhouetteSample?: number;
  restarts?: number;
  maxIterations?: number;
  seed?: number;
}

export interface DiscoveryResult {
  candidates: SubclassCandidate[];
  /** Per class: its rows, the k chosen and its silhouette. */
  classes: { class: string; rows: number; k: number; silhouette: number; explained: number }[];
  /** Cluster × model tests the q-values adjust over. */
  tested: number;
}

interface DiscoveryDefaults {
  per: string;
  dims: number;
  k: number | "auto";
  kMax: number;
  minSize: ((classRows: number) => number) & { fixed?: number };
  silhouetteSample: number;
  restarts: number;
  maxIterations: number;
  seed: number;
}

/** The options after their defaults, checked. */
export function discoveryDefaults(input: DiscoveryInput): DiscoveryDefaults {
  const dims = input.dims ?? 32;
  const k = input.k ?? "auto";
  const kMax = input.kMax ?? 8;
  const silhouetteSample = input.silhouetteSample ?? 2000;
  const restarts = input.restarts ?? 3;
  const maxIterations = input.maxIterations ?? 100;
  const seed = input.seed ?? 0;
  const positive = (value: number, name: string, least = 1) => {
    if (!(Number.isInteger(value) && value >= least)) fail(`${name} must be an integer of at least ${least}; got ${value}`);
  };
  positive(dims, "dims");
  if (k !== "auto") positive(k, "k");
  positive(kMax, "kMax", 2);
  positive(silhouetteSample, "silhouetteSample", 3);
  positive(restarts, "restarts");
  positive(maxIterations, "maxIterations");
  if (input.minSize !== undefined) positive(input.minSize, "minSize");
  const fixed = input.minSize;
  const minSize = (classRows: number) => fixed ?? Math.max(10, Math.ceil(0.01 * classRows));
  return { per: input.per ?? "class", dims, k, kMax, minSize, silhouetteSample, restarts, maxIterations, seed };
}

/**
 * GEORGE's recipe (N. Sohoni et al., "No Subclass Left Behind", NeurIPS 2020) with exact tests:
 * within each class, normalise the embeddings to unit length, project them on their first `dims`
 * principal components, cluster with k-means (k by silhouette), then test every cluster of at
 * least minSize rows for a higher error rate than the rest of its class (Fisher's exact), with
 * Benjamini–Hochberg over all clusters of all classes and models. The clusters are found without
 * looking at errors, so the tests keep their level.
 */
export function discoverSubclasses(input: DiscoveryInput): DiscoveryResult {
  const { embeddings, dimension, classes, classNames, models, referenceErrors } = input;
  const options = discoveryDefaults(input);
  if (!(Number.isInteger(dimension) && dimension >= 1)) fail(`dimension must be a positive integer; got ${dimension}`);
  const rows = classes.length;
  if (embeddings.length !== rows * dimension)
    fail(`embeddings hold ${embeddings.length} values, but ${rows} rows × ${dimension} dimensions need ${rows * dimension}`);
  for (const model of models) if (model.errors.length !== rows) fail(`model "${model.name}" has ${model.errors.length} errors for ${rows} rows`);
  if (referenceErrors && referenceErrors.length !== rows) fail(`referenceErrors has ${referenceErrors.length} rows but classes has ${rows}`);
  for (let row = 0; row < rows; row++) {
    const code = classes[row];
    if (code < -1 || code >= classNames.length) fail(`row ${row} has class ${code}, but there are classes 0 to ${classNames.length - 1} (and −1 for none)`);
  }
  const clusterings: ClassClustering[] = clusterClasses(embeddings, dimension, classes, classNames, options);
  const { candidates, tested } = testClusters(clusterings, classNames, models, referenceErrors, { minSize: options.minSize, per: options.per });
  return {
    candidates,
    classes: clusterings.map((clustering) => ({
      class: classNames[clustering.class],
      rows: clustering.rows.length,
      k: clustering.k,
      silhouette: clustering.silhouette,
      explained: clustering.explained,
    })),
    tested,
  };
}

function fail(message: string): never {
  throw new SlicewiseError("bad_request", `subclass discovery: ${message}`);
}
