// The Poisson bootstrap's draws: each cell's count comes back with mean and variance equal to
// the count (a Poisson(count) variable), zero stays zero, and a seed repeats the draws.
import { createRandom, poissonResampler } from "../../../src/metrics/statistics";

const counts = [0, 1, 7, 40, 100, 250, 90000];
const resamples = 40000;

function moments(seed: number): { mean: number[]; variance: number[] } {
  const random = createRandom(seed);
  const resample = poissonResampler(counts);
  const out = new Float64Array(counts.length);
  const sum = new Float64Array(counts.length);
  const squares = new Float64Array(counts.length);
  for (let r = 0; r < resamples; r++) {
    resample(random, out);
    out.forEach((value, cell) => {
      sum[cell] += value;
      squares[cell] += value * value;
    });
  }
  const mean = Array.from(sum, (total) => total / resamples);
  return { mean, variance: Array.from(squares, (total, cell) => total / resamples - mean[cell] ** 2) };
}

test("each cell's draws have mean and variance ≈ its count (within 4 standard errors)", () => {
  const { mean, variance } = moments(11);
  counts.forEach((count, cell) => {
    if (count === 0) return;
    expect(Math.abs(mean[cell] - count)).toBeLessThan(4 * Math.sqrt(count / resamples));
    // The variance of a sample variance of a Poisson(c) is about (c + 2c²)/R.
    expect(Math.abs(variance[cell] - count)).toBeLessThan(4 * Math.sqrt((count + 2 * count * count) / resamples));
  });
});

test("an empty cell stays empty and draws are whole numbers", () => {
  const resample = poissonResampler(counts);
  const out = resample(createRandom(5), new Float64Array(counts.length));
  expect(out[0]).toBe(0);
  out.forEach((value) => expect(Number.isInteger(value)).toBe(true));
});

test("the same seed gives the same resample", () => {
  const resample = poissonResampler(counts);
  const first = resample(createRandom(99), new Float64Array(counts.length));
  const second = resample(createRandom(99), new Float64Array(counts.length));
  expect(Array.from(second)).toEqual(Array.from(first));
});
