// McNemar's exact test: do two models disagree on the same datapoints more in one direction
// than the other?

import { regularizedIncompleteBeta } from "./incompleteBeta";

/**
 * McNemar's exact test (the exact conditional form; Q. McNemar, Psychometrika 1947) on the
 * discordant pairs: b datapoints only the first model got right, c only the second. Under the
 * null each discordant pair is a fair coin, so p = min(1, 2·P(X ≤ min(b, c))) for
 * X ~ Binomial(b + c, 1/2). Returns 1 when there are no discordant pairs.
 *
 * The binomial CDF is P(X ≤ k) = I_(1/2)(n − k, k + 1) (Abramowitz & Stegun 26.5.24), which
 * stays accurate and costs O(√n) even for 10^7 discordant pairs, where summing terms would
 * underflow.
 */
export function mcnemarExact(b: number, c: number): number {
  checkCount(b, "b");
  checkCount(c, "c");
  const n = b + c;
  if (n === 0) return 1;
  const smaller = Math.min(b, c);
  // P(X ≤ ⌊n/2⌋) ≥ ½ by symmetry, so p is 1 exactly; computing it would give 1 − 1e-15.
  if (2 * smaller + 1 >= n) return 1;
  const lowerTail = regularizedIncompleteBeta(0.5, n - smaller, smaller + 1);
  return Math.min(1, 2 * lowerTail);
}

function checkCount(count: number, name: string): void {
  if (!(Number.isInteger(count) && count >= 0)) {
    throw new RangeError(`mcnemarExact: ${name} must be a non-negative integer; got ${count}`);
  }
}
