// The Poisson bootstrap of a table of distinct outcomes: each cell's count is redrawn from
// Poisson(count), independently (Hanley & MacGibbon 2006; Chamandy et al. 2012, "Estimating
// uncertainty for massive data streams"). Like resampling datapoints with replacement, but the
// cells need no sequential conditioning, so each draw is a few multiply-adds.
import { zigguratNormal } from "./zigguratNormal";

/** Counts above this are drawn from the normal approximation N(c, c), rounded (skewness < 0.1). */
const exactUpTo = 100;

/** Prepares the resampler for fixed counts (work shared by every resample) and returns it. */
export function poissonResampler(counts: ArrayLike<number>): (random: () => number, out: Float64Array) => Float64Array {
  const length = counts.length;
  const rates = Float64Array.from(counts as ArrayLike<number>);
  const spread = rates.map(Math.sqrt);
  // Each small count gets its cumulative distribution once; a draw u is then the first k with
  // P(X ≤ k) ≥ u, found by inversion with a guide table (Chen & Asau 1974): for each of m equal
  // slices of [0, 1), the first k that u in the slice can give, so a draw walks a step or two
  // from there. The tables sit end to end in one array, one per distinct count (cells share
  // them: a thousand cells hold a few dozen counts, and a small array stays in the cache): cell
  // c's runs from tableStart[c] to tableEnd[c] (empty when the cell draws from the normal
  // approximation or its count is 0); its guide holds m + 1 entries from guideStart[c], m = its
  // table's length.
  const tableStart = new Int32Array(length);
  const tableEnd = new Int32Array(length);
  const guideStart = new Int32Array(length);
  const tables = new Map<number, { table: Float64Array; start: number; guide: number }>();
  let filled = 0;
  let guided = 0;
  for (const rate of rates) {
    if (!(rate > 0 && rate <= exactUpTo) || tables.has(rate)) continue;
    const table = cumulativeTable(rate);
    tables.set(rate, { table, start: filled, guide: guided });
    filled += table.length;
    guided += table.length + 1;
  }
  const cumulative = new Float64Array(filled);
  const guide = new Int32Array(guided);
  for (const { table, start, guide: first } of tables.values()) {
    cumulative.set(table, start);
    // Slice i starts at the first k with ⌊P(X ≤ k)·m⌋ ≥ i, as the draw computes it: rounding
    // is monotone, so no u whose ⌊u·m⌋ is i has its answer before that k.
    const slices = table.length;
    for (let i = 0, k = 0; i <= slices; i++) {
      while (Math.floor(table[k] * slices) < i) k++;
      guide[first + i] = start + k;
    }
  }
  rates.forEach((rate, cell) => {
    const shared = tables.get(rate);
    tableStart[cell] = shared ? shared.start : 0;
    tableEnd[cell] = shared ? shared.start + shared.table.length : 0;
    guideStart[cell] = shared ? shared.guide : 0;
  });
  return (random, out) => {
    for (let cell = 0; cell < length; cell++) {
      const start = tableStart[cell];
      const slices = tableEnd[cell] - start;
      if (slices > 0) {
        // The table ends at 1 > u, so the walk stops inside it.
        const target = random();
        let k = guide[guideStart[cell] + Math.floor(target * slices)];
        while (cumulative[k] < target) k++;
        out[cell] = k - start;
        continue;
      }
      const rate = rates[cell];
      if (rate === 0) {
        out[cell] = 0;
        continue;
      }
      out[cell] = Math.max(0, Math.round(rate + spread[cell] * zigguratNormal(random)));
    }
    return out;
  };
}

/** P(X ≤ k) for k = 0, 1, … until the tail is below 1e-15 (then 1), X ~ Poisson(rate). */
function cumulativeTable(rate: number): Float64Array {
  const values: number[] = [];
  let probability = Math.exp(-rate);
  let cumulative = probability;
  for (let k = 0; 1 - cumulative > 1e-15 && k < 10 * exactUpTo;) {
    values.push(cumulative);
    k += 1;
    probability *= rate / k;
    cumulative += probability;
  }
  values.push(1);
  return Float64Array.from(values);
}
