// Tests for multinomial bootstrap resampling of a count table: totals kept, means unbiased.

import { multinomialResample } from "../../../src/metrics/multinomialResample";
import { createRandom } from "../../../src/metrics/random";

describe("multinomialResample", () => {
  it("keeps the total exactly, including for 10^8 datapoints, and leaves empty cells empty", () => {
    const random = createRandom(3);
    const counts = [60_000_000, 0, 39_999_990, 10];
    for (let r = 0; r < 100; r++) {
      const resampled = multinomialResample(counts, random);
      expect(resampled.reduce((sum, count) => sum + count, 0)).toBe(100_000_000);
      expect(resampled[1]).toBe(0);
      for (const count of resampled) expect(Number.isInteger(count) && count >= 0).toBe(true);
    }
  });

  it("averages to the original counts over many resamples", () => {
    const random = createRandom(4);
    const counts = new Float64Array([5, 20, 1, 74]);
    const total = 100;
    const resamples = 20_000;
    const sums = new Float64Array(counts.length);
    const out = new Float64Array(counts.length);
    for (let r = 0; r < resamples; r++) {
      multinomialResample(counts, random, out);
      for (let i = 0; i < counts.length; i++) sums[i] += out[i];
    }
    for (let i = 0; i < counts.length; i++) {
      // Each cell is Binomial(100, cᵢ/100) on its own; 4 standard errors of the mean.
      const p = counts[i] / total;
      const standardError = Math.sqrt((total * p * (1 - p)) / resamples);
      expect(Math.abs(sums[i] / resamples - counts[i])).toBeLessThan(4 * standardError);
    }
  });

  it("writes into and returns the given array", () => {
    const out = new Float64Array(2);
    expect(multinomialResample([3, 4], createRandom(5), out)).toBe(out);
    expect(out[0] + out[1]).toBe(7);
  });

  it("returns zeros for an all-zero table and nothing for an empty one", () => {
    expect(Array.from(multinomialResample([0, 0], createRandom(6)))).toEqual([0, 0]);
    expect(multinomialResample([], createRandom(6)).length).toBe(0);
  });

  it("rejects an out array of the wrong length and non-integer counts", () => {
    const tooLong = new Float64Array(3);
    expect(() => multinomialResample([1, 2], createRandom(7), tooLong)).toThrow(RangeError);
    expect(() => multinomialResample([1.5, 2], createRandom(7))).toThrow(RangeError);
  });
});
