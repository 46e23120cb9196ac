// The Poisson bootstrap of a table of distinct outcomes: each cell's count is redrawn from
// Poisson(count), independently (Hanley & MacGibbon 2006; Chamandy et al. 2012, "Estimating
// uncertainty for massive data streams"). Like resampling datapoints with replacement, but the
// cells need no sequential conditioning, so each draw is a few multiply-adds.

/** Counts above this are drawn from the normal approximation N(c, c), rounded (skewness < 0.1). */
const exactUpTo = 100;

/** Prepares the resampler for fixed counts (work shared by every resample) and returns it. */
export function poissonResampler(counts: ArrayLike<number>): (random: () => number, out: Float64Array) => Float64Array {
  const length = counts.length;
  const rates = Float64Array.from(counts as ArrayLike<number>);
  const spread = rates.map(Math.sqrt);
  // Each small count gets its cumulative distribution once; a draw is then a binary search.
  const tables = Array.from(rates, (rate) => (rate > 0 && rate <= exactUpTo ? cumulativeTable(rate) : null));
  let spareNormal = NaN;
  const normal = (random: () => number): number => {
    if (!Number.isNaN(spareNormal)) {
      const value = spareNormal;
      spareNormal = NaN;
      return value;
    }
    // Box–Muller: two uniforms give two independent standard normals.
    const radius = Math.sqrt(-2 * Math.log(1 - random()));
    const angle = 2 * Math.PI * random();
    spareNormal = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
  return (random, out) => {
    for (let cell = 0; cell < length; cell++) {
      const table = tables[cell];
      if (table) {
        const target = random();
        let low = 0;
        let high = table.length - 1;
        while (low < high) {
          const middle = (low + high) >> 1;
          if (table[middle] < target) low = middle + 1;
          else high = middle;
        }
        out[cell] = low;
      } else if (rates[cell] === 0) out[cell] = 0;
      else out[cell] = Math.max(0, Math.round(rates[cell] + spread[cell] * normal(random)));
    }
    return out;
  };
}

/** P(X ≤ k) for k = 0, 1, … until the tail is below 1e-15 (then 1), X ~ Poisson(rate). */
function cumulativeTable(rate: number): Float64Array {
  const values: number[] = [];
  let probability = Math.exp(-rate);
  let cumulative = probability;
  for (let k = 0; 1 - cumulative > 1e-15 && k < 10 * exactUpTo; ) {
    values.push(cumulative);
    k += 1;
    probability *= rate / k;
    cumulative += probability;
  }
  values.push(1);
  return Float64Array.from(values);
}
