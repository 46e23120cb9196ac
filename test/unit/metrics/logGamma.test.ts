// Tests for log Γ and the Stirling remainder against factorials and Γ(½) = √π.

import { logGamma, stirlingRemainder } from "../../../src/metrics/logGamma";

function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.abs(expected);
}

function logFactorial(n: number): number {
  let sum = 0;
  for (let k = 2; k <= n; k++) sum += Math.log(k);
  return sum;
}

describe("logGamma", () => {
  it("is 0 at 1 and 2, since Γ(1) = Γ(2) = 1", () => {
    expect(Math.abs(logGamma(1))).toBeLessThan(1e-14);
    expect(Math.abs(logGamma(2))).toBeLessThan(1e-14);
  });

  it("gives log 9! = log 362880 at 10", () => {
    expect(relativeError(logGamma(10), Math.log(362880))).toBeLessThan(1e-14);
  });

  it("gives log((n−1)!) for n = 100 and 171", () => {
    expect(relativeError(logGamma(100), logFactorial(99))).toBeLessThan(1e-13);
    expect(relativeError(logGamma(171), logFactorial(170))).toBeLessThan(1e-13);
  });

  it("gives log √π at ½ and, by reflection, log(2√π) at −½ (Γ(−½) = −2√π)", () => {
    expect(relativeError(logGamma(0.5), Math.log(Math.sqrt(Math.PI)))).toBeLessThan(1e-14);
    expect(relativeError(logGamma(-0.5), Math.log(2 * Math.sqrt(Math.PI)))).toBeLessThan(1e-14);
  });

  it("satisfies Γ(x+1) = x·Γ(x) for small x", () => {
    for (const x of [0.001, 0.1, 0.37, 3.3]) {
      expect(logGamma(x + 1)).toBeCloseTo(Math.log(x) + logGamma(x), 13);
    }
  });

  it("is Infinity at the poles and NaN for NaN", () => {
    expect(logGamma(0)).toBe(Infinity);
    expect(logGamma(-3)).toBe(Infinity);
    expect(logGamma(NaN)).toBeNaN();
  });
});

describe("stirlingRemainder", () => {
  it("equals log Γ(x) minus Stirling's formula on both sides of its series switch", () => {
    for (const x of [1, 5, 15.5, 16, 20, 50]) {
      const stirling = (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI);
      expect(stirlingRemainder(x)).toBeCloseTo(logGamma(x) - stirling, 13);
    }
  });

  it("approaches 1/(12x) for large x", () => {
    expect(relativeError(stirlingRemainder(1e6), 1 / 12e6)).toBeLessThan(1e-11);
  });
});
