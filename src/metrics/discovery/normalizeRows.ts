// Unit-length rows: embeddings compared by direction (cosine), as GEORGE's recipe starts.

/**
 * A copy of `values` (rows × dimension, row-major) with each row scaled to Euclidean length 1.
 * A zero row stays zero: it has no direction to keep.
 */
export function normalizeRows(values: ArrayLike<number>, rows: number, dimension: number): Float64Array {
  const normalized = new Float64Array(rows * dimension);
  for (let row = 0; row < rows; row++) {
    const base = row * dimension;
    let squares = 0;
    for (let column = 0; column < dimension; column++) squares += values[base + column] * values[base + column];
    if (squares === 0) continue;
    const length = Math.sqrt(squares);
    for (let column = 0; column < dimension; column++) normalized[base + column] = values[base + column] / length;
  }
  return normalized;
}
