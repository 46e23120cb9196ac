// One bootstrap resample of a table of distinct outcomes with counts: new counts with the
// same total, drawn without expanding the table to one row per datapoint.

import { binomialSample } from "./binomialSample";

/**
 * Draws new counts from Multinomial(N, counts/N), N = Σ counts, which is what resampling the
 * N underlying datapoints with replacement does to the table. Uses the sequential conditional
 * binomial method: cell i gets Binomial(N_left, cᵢ / C_left), where N_left draws remain and
 * C_left is the count still unassigned from cells i, i+1, …. Cost is O(cells), not O(N).
 * Writes into `out` when given (it must have counts.length entries) and returns it.
 */
export function multinomialResample<Buffer extends ArrayBufferLike = ArrayBuffer>(
  counts: ArrayLike<number>,
  random: () => number,
  out?: Float64Array<Buffer>,
): Float64Array<Buffer> {
  // Generic over the buffer so a caller's Float64Array<ArrayBuffer> comes back as one.
  const result = out ?? (new Float64Array(counts.length) as Float64Array<Buffer>);
  fillResample(counts, random, result);
  return result;
}

function fillResample(counts: ArrayLike<number>, random: () => number, out: Float64Array): void {
  if (out.length !== counts.length) {
    throw new RangeError(
      `multinomialResample: out has ${out.length} entries but counts has ${counts.length}`,
    );
  }
  let remainingWeight = 0;
  for (let i = 0; i < counts.length; i++) {
    const count = counts[i];
    if (!(Number.isInteger(count) && count >= 0)) {
      throw new RangeError(
        `multinomialResample: counts[${i}] must be a non-negative integer; got ${count}`,
      );
    }
    remainingWeight += count;
  }
  let remainingDraws = remainingWeight;
  for (let i = 0; i < counts.length; i++) {
    const count = counts[i];
    // Once a cell holds all the remaining weight it takes all the remaining draws (p = 1).
    const drawn =
      remainingDraws === 0 ? 0 : binomialSample(remainingDraws, count / remainingWeight, random);
    out[i] = drawn;
    remainingDraws -= drawn;
    remainingWeight -= count;
  }
}
