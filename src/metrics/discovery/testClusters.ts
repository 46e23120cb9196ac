// Each cluster's errors against the rest of its class: exact one-sided tests, and
// Benjamini–Hochberg q-values over every cluster of every class (and every model) tested.
import { benjaminiHochberg } from "../benjaminiHochberg";
import { hypergeometricUpperTail, mcnemarUpperTail } from "../exactTails";
import { ClassClustering } from "./clusterClasses";

export interface DiscoveryModel {
  name: string;
  /** Per row, 1 where the model is wrong, 0 where right; NaN leaves the row out of its tests. */
  errors: Float64Array;
}

export interface SubclassCandidate {
  model: string;
  /** The class's name and index. */
  class: string;
  classIndex: number;
  /** The cluster's number within its class, 0 … clusters − 1. */
  cluster: number;
  clusters: number;
  /** "label 3, cluster 2 of 4" (numbered from 1). */
  name: string;
  size: number;
  /** The cluster's rows: indices into the input, ascending. */
  ids: Int32Array;
  /** Error rate in the cluster, and in the rest of its class. */
  error: number;
  restError: number;
  /** error / restError (Infinity when the rest makes no error and the cluster does). */
  lift: number;
  /** One-sided Fisher exact p-value of the cluster's errors against its class's, and its BH q. */
  pValue: number;
  qValue: number;
  /** With a reference model: the paired test that the model does worse than the reference here. */
  regression?: {
    /** error − the reference's error in the cluster. */
    delta: number;
    /** Rows only the model gets wrong, and only the reference. */
    losses: number;
    wins: number;
    /** McNemar's exact test, one-sided, and its BH q over all clusters tested. */
    pValue: number;
    qValue: number;
  };
}

export interface TestClusterOptions {
  /** Smallest cluster tested, as a function of its class's row count. */
  minSize: (classRows: number) => number;
  /** Word for the class in the names: "label" gives "label 3, cluster 2 of 4". */
  per: string;
}

/**
 * Tests every cluster with at least minSize rows, for every model: its k errors in n rows, drawn
 * from a class of N rows with K errors, P(X ≥ k), X ~ Hypergeometric(N, K, n) — Fisher's exact
 * test, one-sided. Not the worst-slice search's binomial tail at the rest's rate: that takes the
 * rest's rate as known, fine for a small slice of many rows but anti-conservative when a class is
 * cut in halves (on data with nothing planted it found "subclasses" in 7 of 20 seeds). With
 * reference errors, also McNemar's one-sided test on the cluster's discordant pairs, shared with
 * the worst-slice search.
 * Candidates come sorted by q, then by lift (larger first).
 */
export function testClusters(
  clusterings: ClassClustering[],
  classNames: readonly string[],
  models: DiscoveryModel[],
  referenceErrors: Float64Array | undefined,
  options: TestClusterOptions,
): { candidates: SubclassCandidate[]; tested: number } {
  const candidates: SubclassCandidate[] = [];
  for (const clustering of clusterings) {
    if (clustering.k < 2) continue;
    const minSize = options.minSize(clustering.rows.length);
    const members = membersOf(clustering);
    for (const model of models) {
      const classErrors = countErrors(model.errors, clustering.rows);
      members.forEach((ids, cluster) => {
        if (ids.length < minSize) return;
        const inside = countErrors(model.errors, ids);
        const restRows = classErrors.rows - inside.rows;
        const restErrors = classErrors.errors - inside.errors;
        if (inside.rows === 0 || restRows === 0) return;
        const error = inside.errors / inside.rows;
        const restError = restErrors / restRows;
        const className = classNames[clustering.class];
        candidates.push({
          model: model.name,
          class: className,
          classIndex: clustering.class,
          cluster,
          clusters: clustering.k,
          name: `${options.per} ${className}, cluster ${cluster + 1} of ${clustering.k}`,
          size: ids.length,
          ids,
          error,
          restError,
          lift: restError > 0 ? error / restError : error > 0 ? Infinity : 1,
          pValue: hypergeometricUpperTail(inside.errors, inside.rows, classErrors.errors, classErrors.rows),
          qValue: NaN,
          regression: referenceErrors ? pairedCounts(model.errors, referenceErrors, ids) : undefined,
        });
      });
    }
  }
  const qValues = benjaminiHochberg(candidates.map((candidate) => candidate.pValue));
  candidates.forEach((candidate, index) => (candidate.qValue = qValues[index] as number));
  if (referenceErrors) {
    const regressionQ = benjaminiHochberg(candidates.map((candidate) => candidate.regression!.pValue));
    candidates.forEach((candidate, index) => (candidate.regression!.qValue = regressionQ[index] as number));
  }
  candidates.sort((left, right) => left.qValue - right.qValue || right.lift - left.lift || left.pValue - right.pValue);
  return { candidates, tested: candidates.length };
}

function membersOf(clustering: ClassClustering): Int32Array[] {
  const sizes = new Int32Array(clustering.k);
  for (const cluster of clustering.assignments) sizes[cluster]++;
  const members = Array.from(sizes, (size) => new Int32Array(size));
  const filled = new Int32Array(clustering.k);
  clustering.assignments.forEach((cluster, index) => (members[cluster][filled[cluster]++] = clustering.rows[index]));
  return members;
}

function countErrors(errors: Float64Array, ids: Int32Array): { rows: number; errors: number } {
  let rows = 0;
  let wrong = 0;
  for (const id of ids) {
    const error = errors[id];
    if (Number.isNaN(error)) continue;
    rows++;
    if (error > 0) wrong++;
  }
  return { rows, errors: wrong };
}

function pairedCounts(errors: Float64Array, reference: Float64Array, ids: Int32Array): NonNullable<SubclassCandidate["regression"]> {
  let rows = 0;
  let losses = 0;
  let wins = 0;
  let difference = 0;
  for (const id of ids) {
    if (Number.isNaN(errors[id]) || Number.isNaN(reference[id])) continue;
    rows++;
    const model = errors[id] > 0 ? 1 : 0;
    const other = reference[id] > 0 ? 1 : 0;
    difference += model - other;
    if (model > other) losses++;
    else if (model < other) wins++;
  }
  return { delta: rows > 0 ? difference / rows : NaN, losses, wins, pValue: mcnemarUpperTail(losses, wins), qValue: NaN };
}
