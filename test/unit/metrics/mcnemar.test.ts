// Tests for McNemar's exact test on counts small enough to sum by hand, and on 10^7 pairs.

import { mcnemarExact } from "../../../src/metrics/mcnemar";
import { normalCdf } from "../../../src/metrics/normal";

describe("mcnemarExact", () => {
  it("gives 0.125 for b = 1, c = 6: 2·(C(7,0) + C(7,1))/2⁷ = 16/128", () => {
    expect(mcnemarExact(1, 6)).toBeCloseTo(0.125, 14);
  });

  it("gives 158/4096 for b = 2, c = 10: 2·(1 + 12 + 66)/2¹²", () => {
    expect(Math.abs(mcnemarExact(2, 10) / (158 / 4096) - 1)).toBeLessThan(1e-13);
  });

  it("gives 2/2³⁰ for b = 0, c = 30, and is symmetric in b and c", () => {
    expect(Math.abs(mcnemarExact(0, 30) / 2 ** -29 - 1)).toBeLessThan(1e-13);
    expect(mcnemarExact(30, 0)).toBe(mcnemarExact(0, 30));
  });

  it("is 1 with no discordant pairs and when b = c", () => {
    expect(mcnemarExact(0, 0)).toBe(1);
    expect(mcnemarExact(5, 5)).toBe(1);
    expect(mcnemarExact(4, 5)).toBe(1);
  });

  it("handles 10^7 discordant pairs, matching the continuity-corrected normal approximation", () => {
    // 2·Φ(−(|b − c| − 1)/√(b + c)); at this n it is within 1e-8 of the exact value.
    const b = 4_999_000;
    const c = 5_001_000;
    const approximation = 2 * normalCdf(-(c - b - 1) / Math.sqrt(b + c));
    expect(mcnemarExact(b, c)).toBeCloseTo(approximation, 7);
    expect(mcnemarExact(b, c)).toBeCloseTo(0.5272958562066393, 12); // mpmath, 30 digits
  });

  it("rejects negative or fractional counts", () => {
    expect(() => mcnemarExact(-1, 3)).toThrow(RangeError);
    expect(() => mcnemarExact(1.5, 3)).toThrow(RangeError);
  });
});
