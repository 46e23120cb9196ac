// What the embedding map is drawn from, computed in one place: the plane of projectPlane and,
// when asked, each row's cluster within its class exactly as discovery finds it.
import { clusterClasses } from "../discovery/clusterClasses";
import { PlaneOptions, projectPlane } from "./projectPlane";

export interface MapProjectionInput extends PlaneOptions {
  /** rows × dimension, row-major. */
  embeddings: Float64Array;
  dimension: number;
  /** Row i's class (an index into classNames, −1: none), to cluster within each class; absent: no clusters. */
  classes?: Int32Array;
  classNames?: readonly string[];
}

export interface MapProjection {
  x: Float32Array;
  y: Float32Array;
  explained: number;
  fitted: number;
  /** Row i's cluster within its class, 1 … k (0: no class), as discovery's "cluster c of k" names it; absent without classes. */
  cluster?: Int32Array;
}

/** Discovery's defaults (discoverSubclasses), so that a colour on the map is a cluster a candidate names. */
const discoveryClustering = { dims: 32, k: "auto" as const, kMax: 8, silhouetteSample: 2000, restarts: 3, maxIterations: 100 };

export function mapProjection(input: MapProjectionInput): MapProjection {
  const rows = input.embeddings.length / Math.max(1, input.dimension);
  const plane = projectPlane(input.embeddings, rows, input.dimension, input);
  if (!input.classes || !input.classNames) return plane;
  const cluster = new Int32Array(rows);
  const clusterings = clusterClasses(input.embeddings, input.dimension, input.classes, input.classNames, { ...discoveryClustering, seed: input.seed ?? 0 });
  for (const clustering of clusterings) clustering.rows.forEach((row, index) => (cluster[row] = clustering.assignments[index] + 1));
  return { ...plane, cluster };
}
