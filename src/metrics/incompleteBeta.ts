// The regularized incomplete beta function I_x(a, b), behind the Student t distribution and
// the binomial tail of McNemar's exact test.

import { logGamma, stirlingRemainder } from "./logGamma";

const TOLERANCE = 1e-15;
const TINY = 1e-300;
// The continued fraction needs O(√max(a, b)) terms near its switch point; this cap covers
// a, b up to about 10^9.
const MAX_ITERATIONS = 1_000_000;
// While a and b are both below this, their log-gamma values are small enough to subtract.
const STIRLING_THRESHOLD = 10;
const MAX_SERIES_TERMS = 1000;

/**
 * I_x(a, b) = B(x; a, b) / B(a, b) for 0 ≤ x ≤ 1 and a, b > 0; NaN outside that domain.
 * Numerical Recipes (Press et al., 3rd ed., §6.4): the continued fraction converges fast for
 * x < (a+1)/(a+b+2); above that point use I_x(a, b) = 1 − I_(1−x)(b, a).
 * Pass `complement` when 1 − x is known more precisely than subtracting gives, as for
 * x = df/(df + t²) near 1, whose complement t²/(df + t²) is exact to rounding.
 */
export function regularizedIncompleteBeta(x: number, a: number, b: number, complement: number = 1 - x): number {
  if (!(x >= 0 && x <= 1 && a > 0 && b > 0)) return NaN;
  if (x === 0) return 0;
  if (x === 1) return 1;
  if (x < (a + 1) / (a + b + 2)) return incompleteBetaByFraction(x, complement, a, b);
  return 1 - incompleteBetaByFraction(complement, x, b, a);
}

/** xᵃ(1−x)ᵇ / (a·B(a, b)) times the continued fraction, which converges fast below the switch. */
function incompleteBetaByFraction(x: number, complement: number, a: number, b: number): number {
  return (Math.exp(logPrefactor(x, complement, a, b)) * betaContinuedFraction(x, a, b)) / a;
}

/**
 * log(xᵃ(1−x)ᵇ / B(a, b)). When a or b is large the log-gamma terms are huge and nearly cancel,
 * so they are expanded by Stirling's formula and the cancellation done analytically
 * (C. Loader, "Fast and accurate computation of binomial probabilities", 2000):
 *   −D(a, (a+b)x) − D(b, (a+b)(1−x)) + ½·log(ab / (2π(a+b))) + R(a+b) − R(a) − R(b),
 * with D the deviance below and R the Stirling remainder.
 */
function logPrefactor(x: number, complement: number, a: number, b: number): number {
  if (Math.max(a, b) < STIRLING_THRESHOLD) {
    const logPowers = a * logOf(x, complement) + b * logOf(complement, x);
    return logGamma(a + b) - logGamma(a) - logGamma(b) + logPowers;
  }
  const total = a + b;
  return (
    -deviance(a, total * x) -
    deviance(b, total * complement) +
    0.5 * Math.log((a * b) / (2 * Math.PI * total)) +
    stirlingRemainder(total) -
    stirlingRemainder(a) -
    stirlingRemainder(b)
  );
}

/**
 * log(value) where value + other = 1. The smaller of the two is the precise one (1 − x has
 * no rounding for x ≥ ½), so the larger one's log is taken as log1p(−smaller): with
 * a ~ 10^9, an error of 1e-16 in log(1 − x) would cost 1e-7.
 */
function logOf(value: number, other: number): number {
  return value <= 0.5 ? Math.log(value) : Math.log1p(-other);
}

/**
 * D(k, μ) = k·log(k/μ) + μ − k ≥ 0. Near k = μ both terms are large and cancel, so there it
 * is summed as (k−μ)·v + 2k·Σⱼ v^(2j+1)/(2j+1) with v = (k−μ)/(k+μ), from
 * log(k/μ) = log((1+v)/(1−v)) = 2(v + v³/3 + v⁵/5 + …) (Loader 2000, "bd0").
 */
function deviance(k: number, mean: number): number {
  const difference = k - mean;
  if (Math.abs(difference) >= 0.1 * (k + mean)) return k * Math.log(k / mean) - difference;
  const v = difference / (k + mean);
  const vSquared = v * v;
  let sum = difference * v;
  let power = 2 * k * v;
  for (let j = 1; j < MAX_SERIES_TERMS; j++) {
    power *= vSquared;
    const next = sum + power / (2 * j + 1);
    if (next === sum) break;
    sum = next;
  }
  return sum;
}

/** The continued fraction for I_x(a, b) by the modified Lentz method (NR betacf). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  let c = 1;
  let d = nonZero(1 - ((a + b) * x) / (a + 1));
  d = 1 / d;
  let result = d;
  for (let m = 1; m <= MAX_ITERATIONS; m++) {
    const twoM = 2 * m;
    // Even step: d_{2m} = m(b−m)x / ((a+2m−1)(a+2m)).
    const even = (m * (b - m) * x) / ((a + twoM - 1) * (a + twoM));
    d = 1 / nonZero(1 + even * d);
    c = nonZero(1 + even / c);
    result *= d * c;
    // Odd step: d_{2m+1} = −(a+m)(a+b+m)x / ((a+2m)(a+2m+1)).
    const odd = (-(a + m) * (a + b + m) * x) / ((a + twoM) * (a + twoM + 1));
    d = 1 / nonZero(1 + odd * d);
    c = nonZero(1 + odd / c);
    const delta = d * c;
    result *= delta;
    if (Math.abs(delta - 1) < TOLERANCE) break;
  }
  return result;
}

/** Lentz's guard: a zero denominator is replaced by a tiny number so the recurrence continues. */
function nonZero(value: number): number {
  return Math.abs(value) < TINY ? TINY : value;
}
