// The ziggurat's draws are N(0, 1): mean 0, variance 1, and the share beyond each of a few points
// (in the rectangles, the wedges and the tail beyond 3.44) what the normal distribution gives.
import { createRandom } from "../../../src/metrics/statistics";
import { normalCdf } from "../../../src/metrics/normal";
import { zigguratNormal } from "../../../src/metrics/zigguratNormal";

const draws = 1_000_000;
const sample = (() => {
  const random = createRandom(11);
  return Float64Array.from({ length: draws }, () => zigguratNormal(random));
})();

test("mean 0 and variance 1, within 4 standard errors of a million draws", () => {
  const mean = sample.reduce((sum, x) => sum + x, 0) / draws;
  const variance = sample.reduce((sum, x) => sum + (x - mean) ** 2, 0) / (draws - 1);
  expect(Math.abs(mean)).toBeLessThan(4 / Math.sqrt(draws));
  // The variance of a normal sample's variance is 2σ⁴/(n − 1).
  expect(Math.abs(variance - 1)).toBeLessThan(4 * Math.sqrt(2 / draws));
});

test.each([-3.8, -2, -1, -0.25, 0, 0.5, 1.5, 2.5, 3.44, 4])("the share below %d is Φ(x), within 4 standard errors", (x) => {
  const expected = normalCdf(x);
  const below = sample.reduce((count, value) => count + (value < x ? 1 : 0), 0) / draws;
  expect(Math.abs(below - expected)).toBeLessThan(4 * Math.sqrt((expected * (1 - expected)) / draws) + 1e-6);
});

test("the same seed gives the same draws, and both signs reach beyond the base layer's 3.44", () => {
  const again = createRandom(11);
  expect(Array.from({ length: 5 }, () => zigguratNormal(again))).toEqual(Array.from(sample.subarray(0, 5)));
  expect(sample.some((x) => x > 3.45)).toBe(true);
  expect(sample.some((x) => x < -3.45)).toBe(true);
});
