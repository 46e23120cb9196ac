// The standard normal distribution: its cumulative distribution function and its inverse,
// both accurate to about 1e-15 relative, including far into the tails.

const SQRT_PI = Math.sqrt(Math.PI);
const SQRT_TWO = Math.SQRT2;
const SQRT_TWO_PI = Math.sqrt(2 * Math.PI);
const SERIES_LIMIT = 1.5; // z² below which the erf series beats the continued fraction
const TOLERANCE = 1e-16;
const MAX_TERMS = 500;
const TINY = 1e-300;

/** Φ(x) = P(Z ≤ x) for a standard normal Z. */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  return 0.5 * complementaryErrorFunction(-x / SQRT_TWO);
}

/**
 * Φ⁻¹(p): the x with P(Z ≤ x) = p. Returns -Infinity at 0, Infinity at 1, NaN outside [0, 1].
 * Starts from Acklam's rational approximation (relative error 1.15e-9; P. J. Acklam,
 * "An algorithm for computing the inverse normal cumulative distribution function", 2003)
 * and takes one Halley step against the accurate normalCdf, which triples the number of
 * correct digits.
 */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  // 1 − p is exact for p ≥ 1/2, and Φ is accurate relative to its value only in the lower tail.
  if (p > 0.5) return -normalQuantile(1 - p);
  const x = acklamQuantile(p);
  // Halley's method on Φ(x) − p, with Φ'(x) = φ(x) and Φ''(x) = −x·φ(x).
  const error = normalCdf(x) - p;
  const step = error * SQRT_TWO_PI * Math.exp((x * x) / 2);
  if (!Number.isFinite(step)) return x;
  return x - step / (1 + (x * step) / 2);
}

const ACKLAM_A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const ACKLAM_B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const ACKLAM_C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const ACKLAM_D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
const ACKLAM_LOW = 0.02425;

/** Acklam's approximation for 0 < p ≤ 1/2. */
function acklamQuantile(p: number): number {
  if (p < ACKLAM_LOW) return acklamTail(Math.sqrt(-2 * Math.log(p)));
  const q = p - 0.5;
  const r = q * q;
  return (q * polynomial(ACKLAM_A, r)) / (r * polynomial(ACKLAM_B, r) + 1);
}

function acklamTail(q: number): number {
  return polynomial(ACKLAM_C, q) / (q * polynomial(ACKLAM_D, q) + 1);
}

/** Horner evaluation; coefficients from the highest power down to the constant term. */
function polynomial(coefficients: readonly number[], x: number): number {
  let value = 0;
  for (const coefficient of coefficients) value = value * x + coefficient;
  return value;
}

/**
 * erfc(z) = Q(1/2, z²) for z ≥ 0 (the upper regularized incomplete gamma function), computed
 * as in Numerical Recipes §6.2: the series for erf where it converges fast, else the
 * continued fraction for erfc, so the tail keeps full relative precision.
 */
function complementaryErrorFunction(z: number): number {
  if (z < 0) return 2 - complementaryErrorFunction(-z);
  if (z === Infinity) return 0;
  const zSquared = z * z;
  if (zSquared < SERIES_LIMIT) return 1 - errorFunctionSeries(z);
  return (Math.exp(-zSquared) * z * errorFunctionContinuedFraction(zSquared)) / SQRT_PI;
}

/** erf(z) = (2/√π)·z·e^(−z²)·Σₙ (2z²)ⁿ / (1·3·…·(2n+1)), all terms positive. */
function errorFunctionSeries(z: number): number {
  const zSquared = z * z;
  let term = 1;
  let sum = 1;
  for (let n = 1; n < MAX_TERMS; n++) {
    term *= (2 * zSquared) / (2 * n + 1);
    sum += term;
    if (term < sum * TOLERANCE) break;
  }
  return (2 / SQRT_PI) * z * Math.exp(-zSquared) * sum;
}

/** Continued fraction of Q(a, x) for a = 1/2 by the modified Lentz method (NR gcf). */
function errorFunctionContinuedFraction(x: number): number {
  const a = 0.5;
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let result = d;
  for (let i = 1; i < MAX_TERMS; i++) {
    const numerator = -i * (i - a);
    b += 2;
    d = numerator * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + numerator / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    result *= delta;
    if (Math.abs(delta - 1) < TOLERANCE) break;
  }
  return result;
}
