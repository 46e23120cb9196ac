// Tests for the standard normal CDF and quantile against R's pnorm/qnorm.

import { normalCdf, normalQuantile } from "../../../src/metrics/normal";

function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.abs(expected);
}

describe("normalQuantile", () => {
  it("matches R's qnorm(0.975) = 1.959963984540054", () => {
    expect(relativeError(normalQuantile(0.975), 1.959963984540054)).toBeLessThan(1e-14);
  });

  it("matches R's qnorm(0.9) = 1.2815515655446004 and qnorm(1e-10) = -6.361340902404056", () => {
    expect(relativeError(normalQuantile(0.9), 1.2815515655446004)).toBeLessThan(1e-14);
    expect(relativeError(normalQuantile(1e-10), -6.361340902404056)).toBeLessThan(1e-14);
  });

  it("is 0 at one half and antisymmetric about it", () => {
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.025)).toBeCloseTo(-normalQuantile(0.975), 14);
  });

  it("inverts normalCdf across the whole range, including the far tail", () => {
    for (const p of [1e-300, 1e-20, 1e-5, 0.02, 0.3, 0.7, 0.98, 1 - 1e-5]) {
      expect(relativeError(normalCdf(normalQuantile(p)), p)).toBeLessThan(1e-12);
    }
  });

  it("returns ±Infinity at 0 and 1 and NaN outside [0, 1]", () => {
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(-0.1)).toBeNaN();
    expect(normalQuantile(1.1)).toBeNaN();
    expect(normalQuantile(NaN)).toBeNaN();
  });
});

describe("normalCdf", () => {
  it("is one half at 0", () => {
    expect(normalCdf(0)).toBe(0.5);
  });

  it("matches R's pnorm(1.96) = 0.9750021048517795 and pnorm(-1) = 0.15865525393145705", () => {
    expect(relativeError(normalCdf(1.96), 0.9750021048517795)).toBeLessThan(1e-15);
    expect(relativeError(normalCdf(-1), 0.15865525393145705)).toBeLessThan(1e-14);
  });

  it("keeps relative precision in the tail: pnorm(-10) = 7.619853024160527e-24 (R)", () => {
    expect(relativeError(normalCdf(-10), 7.619853024160527e-24)).toBeLessThan(1e-13);
  });

  it("is 0 and 1 at the infinities", () => {
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(Infinity)).toBe(1);
    expect(normalCdf(NaN)).toBeNaN();
  });
});
