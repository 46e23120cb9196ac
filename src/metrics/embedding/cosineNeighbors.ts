// "More like this": the rows whose embeddings point most nearly the same way as one row's.

export interface Neighbors {
  /** The nearest rows, most similar first (ties: lower row first); the query row itself is left out. */
  rows: Int32Array;
  /** Their cosine similarity to the query row, −1 … 1. */
  similarities: Float64Array;
}

/**
 * The k rows of `values` (rows × dimension, row-major) with the largest cosine similarity
 * x·q / (|x| |q|) to row `query`. One pass, keeping the best k in a sorted array (k is a
 * gallery's worth, so insertion beats a heap). Zero rows and rows with NaN have no direction and
 * are skipped; a zero query row has no neighbours.
 */
export function cosineNeighbors(values: ArrayLike<number>, dimension: number, query: number, k: number): Neighbors {
  const rows = Math.floor(values.length / dimension);
  const best = new Int32Array(Math.max(0, k));
  const scores = new Float64Array(Math.max(0, k));
  let kept = 0;
  const queryBase = query * dimension;
  let queryNorm = 0;
  for (let column = 0; column < dimension; column++) queryNorm += values[queryBase + column] * values[queryBase + column];
  if (!(queryNorm > 0) || k <= 0 || query < 0 || query >= rows) return { rows: new Int32Array(0), similarities: new Float64Array(0) };
  queryNorm = Math.sqrt(queryNorm);
  for (let row = 0; row < rows; row++) {
    if (row === query) continue;
    const base = row * dimension;
    let dot = 0;
    let norm = 0;
    for (let column = 0; column < dimension; column++) {
      const value = values[base + column];
      dot += value * values[queryBase + column];
      norm += value * value;
    }
    if (!(norm > 0)) continue;
    const similarity = dot / (Math.sqrt(norm) * queryNorm);
    if (kept === k && !(similarity > scores[k - 1])) continue;
    let slot = kept < k ? kept++ : k - 1;
    while (slot > 0 && scores[slot - 1] < similarity) {
      scores[slot] = scores[slot - 1];
      best[slot] = best[slot - 1];
      slot--;
    }
    scores[slot] = similarity;
    best[slot] = row;
  }
  return { rows: best.slice(0, kept), similarities: scores.slice(0, kept) };
}
