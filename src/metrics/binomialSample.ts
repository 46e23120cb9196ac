// Exact draws from the Binomial(n, p) distribution in O(1) expected time, even for n near
// 10^8, as the building block of multinomial bootstrap resampling.

import { stirlingRemainder } from "./logGamma";

// Below this mean the sequential search is short (about n·p + 1 steps) and faster than BTRS,
// whose constants Hörmann tuned for n·p ≥ 10.
const INVERSION_LIMIT = 10;

/**
 * One draw of X ~ Binomial(n, p), with random() a uniform source on [0, 1).
 * For n·min(p, 1−p) < 10, inversion by sequential search; otherwise Hörmann's BTRS
 * transformed rejection with squeeze (W. Hörmann, "The generation of binomial random
 * variates", J. Statist. Comput. Simul. 46, 1993). p > 1/2 is drawn as n − Binomial(n, 1−p).
 */
export function binomialSample(n: number, p: number, random: () => number): number {
  if (!(Number.isSafeInteger(n) && n >= 0)) {
    throw new RangeError(`binomialSample: n must be a non-negative integer; got ${n}`);
  }
  if (!(p >= 0 && p <= 1)) {
    throw new RangeError(`binomialSample: p must be between 0 and 1; got ${p}`);
  }
  if (n === 0 || p === 0) return 0;
  if (p === 1) return n;
  if (p > 0.5) return n - binomialSample(n, 1 - p, random);
  if (n * p < INVERSION_LIMIT) return sampleByInversion(n, p, random);
  return sampleByBtrs(n, p, random);
}

/**
 * Walks up the CDF from 0 using P(k)/P(k−1) = ((n+1)/k − 1)·p/q until it passes a uniform.
 * Rounding can leave the uniform above the last cell; then it starts over with a fresh one.
 */
function sampleByInversion(n: number, p: number, random: () => number): number {
  const oddsRatio = p / (1 - p);
  const scaledOdds = (n + 1) * oddsRatio;
  const probabilityOfZero = Math.exp(n * Math.log1p(-p));
  for (;;) {
    let uniform = random();
    let probability = probabilityOfZero;
    let k = 0;
    while (uniform > probability && k <= n) {
      uniform -= probability;
      k++;
      probability *= scaledOdds / k - oddsRatio;
    }
    if (k <= n) return k;
  }
}

/** BTRS for p ≤ 1/2 and n·p ≥ 10; constants as in Hörmann (1993), algorithm BTRS. */
function sampleByBtrs(n: number, p: number, random: () => number): number {
  const q = 1 - p;
  const spread = Math.sqrt(n * p * q);
  const b = 1.15 + 2.53 * spread;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = n * p + 0.5;
  const alpha = (2.83 + 5.1 / b) * spread;
  const squeezeLimit = 0.92 - 4.2 / b;
  const mode = Math.floor((n + 1) * p);
  const modeCorrection = stirlingRemainder(mode + 1) + stirlingRemainder(n - mode + 1);
  for (;;) {
    const u = random() - 0.5;
    let v = random();
    const distanceFromEdge = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / distanceFromEdge + b) * u + c);
    if (k < 0 || k > n) continue;
    if (distanceFromEdge >= 0.07 && v <= squeezeLimit) return k;
    v = Math.log((v * alpha) / (a / (distanceFromEdge * distanceFromEdge) + b));
    if (v <= logProbabilityRatio(k, mode, n, p, modeCorrection)) return k;
  }
}

/**
 * log(P(k) / P(mode)) for Binomial(n, p), i.e. log(m!(n−m)!/(k!(n−k)!)) + (k−m)·log(p/q).
 * Each log j! is written as Stirling's formula plus its remainder, so the large parts cancel
 * analytically and only logs of ratios near 1 remain, as in Hörmann's paper; subtracting
 * log-gamma values near 10^9 directly would lose about seven digits.
 */
function logProbabilityRatio(
  k: number,
  mode: number,
  n: number,
  p: number,
  modeCorrection: number,
): number {
  return (
    (mode + 0.5) * Math.log((mode + 1) / (k + 1)) +
    (n - mode + 0.5) * Math.log((n - mode + 1) / (n - k + 1)) +
    (k - mode) * Math.log(((n - k + 1) * p) / ((k + 1) * (1 - p))) +
    modeCorrection -
    stirlingRemainder(k + 1) -
    stirlingRemainder(n - k + 1)
  );
}
