// Tests for the Student t CDF and quantile against R's pt/qt and the closed forms for df = 1, 2.

import { studentTCdf, studentTQuantile } from "../../../src/metrics/studentT";
import { normalCdf, normalQuantile } from "../../../src/metrics/normal";

function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.abs(expected);
}

describe("studentTQuantile", () => {
  // R's qt to 7 significant digits; the 16-digit values were computed with mpmath at 40 digits.
  it.each([
    [0.975, 1, 12.706204736174692], // qt(0.975, 1) = 12.70620 = tan(0.475π)
    [0.975, 9, 2.262157162798205], // qt(0.975, 9) = 2.262157
    [0.975, 30, 2.0422724563012378], // qt(0.975, 30) = 2.042272
    [0.995, 4, 4.604094871349992], // qt(0.995, 4) = 4.604095
    [0.975, 4, 2.776445105197793], // qt(0.975, 4) = 2.776445
  ])("qt(%p, %p) = %p", (p, df, expected) => {
    expect(relativeError(studentTQuantile(p, df), expected)).toBeLessThan(1e-13);
    expect(relativeError(studentTQuantile(1 - p, df), -expected)).toBeLessThan(1e-13);
  });

  it("gives each (p, df) its own quantile when asked again, and after more pairs than it keeps", () => {
    // The quantiles are kept by (tail probability, df); 5,000 other pairs overflow what is kept (4,096).
    const expected = [2.262157162798205, 4.604094871349992, 2.776445105197793, -2.262157162798205];
    const asked = () => [studentTQuantile(0.975, 9), studentTQuantile(0.995, 4), studentTQuantile(0.975, 4), studentTQuantile(0.025, 9)];
    const first = asked();
    first.forEach((t, i) => expect(relativeError(t, expected[i])).toBeLessThan(1e-13));
    for (let df = 10; df < 5010; df++) studentTQuantile(0.975, df);
    expect(asked()).toEqual(first);
  });

  it("matches the Cauchy closed form tan(π(p − ½)) for df = 1, far into the tail", () => {
    const expected = -1 / Math.tan(Math.PI * 1e-8);
    expect(relativeError(studentTQuantile(1e-8, 1), expected)).toBeLessThan(1e-13);
  });

  it("matches the closed form (2p − 1)/√(2p(1 − p)) for df = 2", () => {
    const p = 0.9;
    const expected = (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
    expect(relativeError(studentTQuantile(p, 2), expected)).toBeLessThan(1e-14);
  });

  it("is the normal quantile for df = Infinity", () => {
    expect(studentTQuantile(0.975, Infinity)).toBe(normalQuantile(0.975));
  });

  it("approaches the normal quantile as z + (z³ + z)/(4·df) for large df", () => {
    const z = normalQuantile(0.975);
    const df = 1e8;
    const expected = z + (z ** 3 + z) / (4 * df);
    expect(relativeError(studentTQuantile(0.975, df), expected)).toBeLessThan(1e-14);
  });

  it("inverts studentTCdf for fractional and moderate df and tiny tails", () => {
    for (const [p, df] of [
      [1e-10, 3],
      [0.3, 2.5],
      [0.999, 0.7],
      [0.6, 50],
    ]) {
      expect(relativeError(studentTCdf(studentTQuantile(p, df), df), p)).toBeLessThan(1e-12);
    }
  });

  it("keeps relative precision for a tiny tail at large df", () => {
    const t = studentTQuantile(1e-30, 5e4);
    expect(relativeError(studentTCdf(t, 5e4), 1e-30)).toBeLessThan(1e-10);
  });

  it("is 0 at p = ½, ±Infinity at 0 and 1, NaN for bad arguments", () => {
    expect(studentTQuantile(0.5, 7)).toBe(0);
    expect(studentTQuantile(0, 7)).toBe(-Infinity);
    expect(studentTQuantile(1, 7)).toBe(Infinity);
    expect(studentTQuantile(1.2, 7)).toBeNaN();
    expect(studentTQuantile(0.5, 0)).toBeNaN();
  });
});

describe("studentTCdf", () => {
  it("is ¾ at t = 1 for df = 1 (Cauchy: ½ + atan(t)/π)", () => {
    expect(studentTCdf(1, 1)).toBeCloseTo(0.75, 15);
  });

  it("is ½ + t/(2√(2 + t²)) for df = 2: 0.7886751345948129 at t = 1", () => {
    expect(studentTCdf(1, 2)).toBeCloseTo(0.5 + 1 / (2 * Math.sqrt(3)), 15);
    expect(relativeError(studentTCdf(-30, 2), 0.5 - 30 / (2 * Math.sqrt(902)))).toBeLessThan(1e-12);
  });

  it("matches R's pt(2.262157, 9) ≈ 0.975", () => {
    expect(studentTCdf(2.262157162798205, 9)).toBeCloseTo(0.975, 14);
  });

  it("is ½ at 0, symmetric, and the normal CDF for df = Infinity", () => {
    expect(studentTCdf(0, 5)).toBe(0.5);
    expect(studentTCdf(-1.3, 5) + studentTCdf(1.3, 5)).toBeCloseTo(1, 15);
    expect(studentTCdf(1.3, Infinity)).toBe(normalCdf(1.3));
    expect(studentTCdf(-Infinity, 5)).toBe(0);
    expect(studentTCdf(Infinity, 5)).toBe(1);
  });
});
