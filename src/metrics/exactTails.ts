// One-sided exact tests on counts, shared by the worst-slice search and subclass discovery:
// "does this group make more errors than the rest?" and "does the model lose more pairs than it wins?"

import { regularizedIncompleteBeta } from "./incompleteBeta";
import { logGamma } from "./logGamma";

/**
 * The exact binomial upper tail P(X ≥ k) for X ~ Binomial(n, p): the chance of at least k errors
 * in n rows at the error rate p. P(X ≥ k) = I_p(k, n − k + 1) (Abramowitz & Stegun 26.5.24),
 * accurate where a sum of terms would underflow. 1 when k = 0.
 */
export function binomialUpperTail(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  return regularizedIncompleteBeta(p, k, n - k + 1);
}

/**
 * McNemar's exact test, one-sided (Q. McNemar, Psychometrika 1947): of the discordant pairs, b
 * went against the model (it was wrong, the reference right) and c for it; under the null each
 * is a fair coin, so p = P(X ≥ b | X ~ Binomial(b + c, ½)) = I_½(b, c + 1). 1 when b = 0.
 */
export function mcnemarUpperTail(b: number, c: number): number {
  return binomialUpperTail(b, b + c, 0.5);
}

/**
 * Fisher's exact test, one-sided (R. A. Fisher 1922): a group of n rows drawn from N rows of
 * which K are errors holds k errors or more with chance P(X ≥ k), X ~ Hypergeometric(N, K, n).
 * Unlike the binomial tail at the rest's rate, it does not take the rest's rate as known, so it
 * keeps its level when the group is a large share of the rows (a class cut in two halves).
 * The terms are summed from P(X = k) upward by the ratio
 * P(x + 1)/P(x) = (K − x)(n − x) / ((x + 1)(N − K − n + x + 1)).
 */
export function hypergeometricUpperTail(k: number, n: number, K: number, N: number): number {
  const lowest = Math.max(0, n - (N - K));
  const highest = Math.min(n, K);
  if (k <= lowest) return 1;
  if (k > highest) return 0;
  const logChoose = (total: number, chosen: number) => logGamma(total + 1) - logGamma(chosen + 1) - logGamma(total - chosen + 1);
  const logFirst = logChoose(K, k) + logChoose(N - K, n - k) - logChoose(N, n);
  let term = 1;
  let sum = 1;
  for (let x = k; x < highest; x++) {
    term *= ((K - x) * (n - x)) / ((x + 1) * (N - K - n + x + 1));
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return Math.min(1, Math.exp(logFirst) * sum);
}
