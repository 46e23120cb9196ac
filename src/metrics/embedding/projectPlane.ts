// The embedding map's plane: every row's embedding projected on the first two principal
// components, fitted on a seeded subsample so that a million rows cost one pass, not a covariance of all.
import { SlicewiseError } from "../../core";
import { principalAxes } from "../discovery/principalComponents";
import { createRandom } from "../random";

export interface PlaneOptions {
  /** Scale each row to unit length first, so the plane shows directions (cosine), as discovery clusters them. Default true. */
  normalize?: boolean;
  /** Rows the axes are fitted on (a seeded subsample when there are more; default 20,000). */
  fitRows?: number;
  seed?: number;
}

export interface PlaneProjection {
  /** Row i's coordinates along the first and second components; NaN for a row with a missing value. */
  x: Float32Array;
  y: Float32Array;
  /** Share of the (normalised) embeddings' variance the two axes explain, 0 … 1. */
  explained: number;
  /** Rows the axes were fitted on. */
  fitted: number;
}

/**
 * PCA to two dimensions. `values` is rows × dimension, row-major. With more rows than `fitRows`,
 * the mean and axes come from a uniform subsample drawn without replacement (partial Fisher–Yates
 * with the seeded generator of random.ts), so the same data and seed give the same picture; every
 * row is then projected. Each axis's sign is turned so that its largest-magnitude entry is
 * positive, making the picture independent of the eigen solver's sign.
 */
export function projectPlane(values: ArrayLike<number>, rows: number, dimension: number, options: PlaneOptions = {}): PlaneProjection {
  const normalize = options.normalize ?? true;
  const fitRows = options.fitRows ?? 20000;
  if (!(Number.isInteger(dimension) && dimension >= 1)) fail(`dimension must be a positive integer; got ${dimension}`);
  if (values.length !== rows * dimension) fail(`${values.length} values are not ${rows} rows × ${dimension} dimensions`);
  if (!(Number.isInteger(fitRows) && fitRows >= 2)) fail(`fitRows must be an integer of at least 2; got ${fitRows}`);

  const usable = new Int32Array(rows);
  let usableCount = 0;
  for (let row = 0; row < rows; row++) if (rowIsFinite(values, row, dimension)) usable[usableCount++] = row;
  const chosen = sampleOf(usable.subarray(0, usableCount), fitRows, options.seed ?? 0);
  const fitValues = new Float64Array(chosen.length * dimension);
  const scratch = new Float64Array(dimension);
  chosen.forEach((row, index) => fitValues.set(readRow(values, row, dimension, normalize, scratch), index * dimension));

  const x = new Float32Array(rows).fill(NaN);
  const y = new Float32Array(rows).fill(NaN);
  if (chosen.length === 0) return { x, y, explained: 0, fitted: 0 };
  const axes = principalAxes(fitValues, chosen.length, dimension, 2);
  const first = orientedAxis(axes.vectors, 0, dimension);
  const second = axes.components > 1 ? orientedAxis(axes.vectors, 1, dimension) : new Float64Array(dimension);
  for (let index = 0; index < usableCount; index++) {
    const row = usable[index];
    const vector = readRow(values, row, dimension, normalize, scratch);
    let along = 0;
    let across = 0;
    for (let column = 0; column < dimension; column++) {
      const centred = vector[column] - axes.mean[column];
      along += centred * first[column];
      across += centred * second[column];
    }
    x[row] = along;
    y[row] = across;
  }
  const kept = axes.variances.reduce((sum, value) => sum + value, 0);
  return { x, y, explained: axes.totalVariance > 0 ? Math.min(1, kept / axes.totalVariance) : 0, fitted: chosen.length };
}

function rowIsFinite(values: ArrayLike<number>, row: number, dimension: number): boolean {
  for (let column = 0; column < dimension; column++) if (!Number.isFinite(values[row * dimension + column])) return false;
  return true;
}

/** The row in `scratch`, scaled to unit length when asked (a zero row stays zero). */
function readRow(values: ArrayLike<number>, row: number, dimension: number, normalize: boolean, scratch: Float64Array): Float64Array {
  let squares = 0;
  for (let column = 0; column < dimension; column++) {
    const value = values[row * dimension + column];
    scratch[column] = value;
    squares += value * value;
  }
  if (normalize && squares > 0) {
    const scale = 1 / Math.sqrt(squares);
    for (let column = 0; column < dimension; column++) scratch[column] *= scale;
  }
  return scratch;
}

function orientedAxis(vectors: Float64Array, component: number, dimension: number): Float64Array {
  const axis = vectors.slice(component * dimension, (component + 1) * dimension);
  let largest = 0;
  for (let column = 1; column < dimension; column++) if (Math.abs(axis[column]) > Math.abs(axis[largest]) + 1e-12) largest = column;
  if (axis[largest] < 0) for (let column = 0; column < dimension; column++) axis[column] = -axis[column];
  return axis;
}

/** Up to `size` of `rows`, drawn without replacement, ascending; all of them when there are no more. */
function sampleOf(rows: Int32Array, size: number, seed: number): Int32Array {
  if (rows.length <= size) return rows.slice();
  const pool = rows.slice();
  const random = createRandom(seed);
  for (let index = 0; index < size; index++) {
    const swap = index + Math.floor(random() * (pool.length - index));
    const value = pool[index];
    pool[index] = pool[swap];
    pool[swap] = value;
  }
  return pool.slice(0, size).sort();
}

function fail(message: string): never {
  throw new SlicewiseError("bad_request", `embedding projection: ${message}`);
}
