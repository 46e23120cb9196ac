// Order statistics of a list of timings, the way the browser benchmarks report them.
"use strict";

/** The p-th percentile (0..100) by linear interpolation between the closest ranks. */
function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}

const median = (values) => percentile(values, 50);

/** p50 / p95 / max (and count) of a list, rounded to 0.01. */
function summary(values) {
  const round = (x) => Math.round(x * 100) / 100;
  return {
    count: values.length,
    p50: round(percentile(values, 50)),
    p95: round(percentile(values, 95)),
    max: round(Math.max(...values)),
    min: round(Math.min(...values)),
  };
}

module.exports = { percentile, median, summary };
