// The digits example's k-nearest-neighbours classifier, answered faster: the same five neighbours and the
// same vote for every query, found by walking the training rows sorted along their first principal
// direction outwards from the query, instead of comparing the query with every row.
import { Predictions } from "../digits/classifier";
import { KNearestNeighborsModel, neighbors, vote } from "../digits/kNearestNeighbors";

export interface NeighborIndex {
  model: KNearestNeighborsModel;
  /** Unit vector: the training rows' first principal direction. */
  direction: Float64Array;
  /** Training rows sorted by their projection onto `direction`: original row, projection, features. */
  rows: Int32Array;
  projections: Float64Array;
  features: Float64Array;
  /** Per sorted row, its 16 sums of 2×2 pixel blocks (see `pooled`). */
  blocks: Float64Array;
}

const powerIterations = 60;
/** The bounds hold exactly in real numbers; this margin keeps rounding from ever dropping a row at the boundary. */
const slack = 1 + 1e-9;

/** First principal direction of the rows by power iteration on their covariance, from a fixed start: no randomness. */
function principalDirection(features: Float64Array, rows: number, dims: number): Float64Array {
  const mean = new Float64Array(dims);
  for (let row = 0; row < rows; row++) for (let dim = 0; dim < dims; dim++) mean[dim] += features[row * dims + dim] / rows;
  let direction = new Float64Array(dims).fill(1 / Math.sqrt(dims));
  for (let iteration = 0; iteration < powerIterations; iteration++) {
    const next = new Float64Array(dims);
    for (let row = 0; row < rows; row++) {
      let along = 0;
      for (let dim = 0; dim < dims; dim++) along += (features[row * dims + dim] - mean[dim]) * direction[dim];
      for (let dim = 0; dim < dims; dim++) next[dim] += along * (features[row * dims + dim] - mean[dim]);
    }
    let norm = 0;
    for (const value of next) norm += value * value;
    if (norm === 0) break;
    direction = next.map((value) => value / Math.sqrt(norm));
  }
  return direction;
}

function project(direction: Float64Array, features: Float64Array, offset: number): number {
  let sum = 0;
  for (let dim = 0; dim < direction.length; dim++) sum += direction[dim] * features[offset + dim];
  return sum;
}

const blockCount = 16;

/**
 * The 8×8 image's sums over its sixteen 2×2 blocks. The block indicators halved are orthonormal, so by
 * Cauchy–Schwarz Σ_b (sum_b(q) − sum_b(t))² / 4 ≤ ‖q − t‖²: a lower bound on the distance at a quarter of
 * the cost, checked before the full distance.
 */
function pooled(features: Float64Array, offset: number, into: Float64Array, at: number): void {
  for (let block = 0; block < blockCount; block++) {
    const top = (block >> 2) * 2;
    const left = (block & 3) * 2;
    const first = offset + top * 8 + left;
    into[at + block] = features[first] + features[first + 1] + features[first + 8] + features[first + 9];
  }
}

export function indexNeighbors(model: KNearestNeighborsModel): NeighborIndex {
  const { dims } = model;
  const direction = principalDirection(model.features, model.rows, dims);
  const unsorted = Float64Array.from({ length: model.rows }, (_, row) => project(direction, model.features, row * dims));
  const rows = Int32Array.from({ length: model.rows }, (_, row) => row).sort((a, b) => unsorted[a] - unsorted[b] || a - b);
  const projections = Float64Array.from(rows, (row) => unsorted[row]);
  const features = new Float64Array(model.rows * dims);
  rows.forEach((row, position) => features.set(model.features.subarray(row * dims, (row + 1) * dims), position * dims));
  const blocks = new Float64Array(model.rows * blockCount);
  for (let position = 0; position < model.rows; position++) pooled(features, position * dims, blocks, position * blockCount);
  return { model, direction, rows, projections, features, blocks };
}

/**
 * For a unit direction p, |p·q − p·t| ≤ ‖q − t‖, so once the gap in projection on both sides exceeds the
 * fifth-nearest distance so far, no further row can be nearer and the walk stops. Neighbours are ranked by
 * (distance, original row), which is the order kNearestNeighbors.predict keeps by scanning rows in order,
 * so the five found, the vote and its tie-break are the same.
 */
export function predict(index: NeighborIndex, queries: Float64Array, count: number): Predictions {
  const { model, projections, features, rows } = index;
  const { classes, dims } = model;
  if (dims !== 64) throw new Error(`the neighbour search reads 8×8 images (64 features); got ${dims}`);
  const { blocks } = index;
  const queryBlocks = new Float64Array(blockCount);
  const total = model.rows;
  const predictions = new Uint8Array(count);
  const scores = new Float32Array(count);
  const nearestDistance = new Float64Array(neighbors);
  const nearestRow = new Int32Array(neighbors);
  const nearestLabel = new Uint8Array(neighbors);
  const votes = new Float64Array(classes);
  const closest = new Float64Array(classes);
  for (let query = 0; query < count; query++) {
    const base = query * dims;
    nearestDistance.fill(Infinity);
    nearestRow.fill(total);
    const at = project(index.direction, queries, base);
    pooled(queries, base, queryBlocks, 0);
    // First position with a projection ≥ the query's; the walk goes down from below and up from here.
    let low = 0;
    let high = total;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (projections[middle] < at) low = middle + 1;
      else high = middle;
    }
    let down = low - 1;
    let up = low;
    for (;;) {
      const worst = nearestDistance[neighbors - 1];
      const downGap = down >= 0 ? at - projections[down] : Infinity;
      const upGap = up < total ? projections[up] - at : Infinity;
      const goUp = upGap <= downGap;
      const gap = goUp ? upGap : downGap;
      if (gap === Infinity || gap * gap > worst * slack) break;
      const position = goUp ? up++ : down--;
      const blockOffset = position * blockCount;
      let bound = 0;
      for (let block = 0; block < blockCount && bound <= worst; block++) {
        const difference = queryBlocks[block] - blocks[blockOffset + block];
        bound += (difference * difference) / 4;
      }
      if (bound > worst * slack) continue;
      const offset = position * dims;
      let sum = 0;
      for (let dim = 0; dim < dims && sum <= worst; dim++) {
        const difference = queries[base + dim] - features[offset + dim];
        sum += difference * difference;
      }
      const row = rows[position];
      if (sum > worst || (sum === worst && row > nearestRow[neighbors - 1])) continue;
      let slot = neighbors - 1;
      while (slot > 0 && (nearestDistance[slot - 1] > sum || (nearestDistance[slot - 1] === sum && nearestRow[slot - 1] > row))) {
        nearestDistance[slot] = nearestDistance[slot - 1];
        nearestRow[slot] = nearestRow[slot - 1];
        nearestLabel[slot] = nearestLabel[slot - 1];
        slot--;
      }
      nearestDistance[slot] = sum;
      nearestRow[slot] = row;
      nearestLabel[slot] = model.labels[row];
    }
    // The same vote as kNearestNeighbors.predict: ties go to the class with the nearer neighbour.
    const best = vote(nearestLabel, nearestDistance, votes, closest);
    predictions[query] = best;
    scores[query] = votes[best] / neighbors;
  }
  return { predictions, scores };
}
