// Tests for the seeded generator and seed hash: fixed streams, published FNV-1a vectors,
// and rough uniformity.

import { createRandom, hashSeed } from "../../../src/metrics/random";

describe("createRandom", () => {
  it("produces a fixed stream for a seed (checked with an independent Python implementation)", () => {
    const random = createRandom(42);
    const first = [random(), random(), random(), random(), random()];
    expect(first).toEqual([0.660615714294912, 0.11170196257441356, 0.0791056458108158, 0.015209231659305655, 0.880687077715774]);
  });

  it("repeats a stream for the same seed and differs for the next seed", () => {
    const one = createRandom(7);
    const again = createRandom(7);
    const next = createRandom(8);
    const a = [one(), one(), one()];
    expect([again(), again(), again()]).toEqual(a);
    expect([next(), next(), next()]).not.toEqual(a);
  });

  it("draws from [0, 1) with mean within 0.01 of ½ and every tenth equally filled", () => {
    const random = createRandom(2024);
    const draws = 100_000;
    const bins = new Array(10).fill(0);
    let sum = 0;
    let smallest = Infinity;
    let largest = -Infinity;
    for (let i = 0; i < draws; i++) {
      const value = random();
      sum += value;
      smallest = Math.min(smallest, value);
      largest = Math.max(largest, value);
      bins[Math.floor(value * 10)]++;
    }
    expect(smallest).toBeGreaterThanOrEqual(0);
    expect(largest).toBeLessThan(1);
    expect(Math.abs(sum / draws - 0.5)).toBeLessThan(0.01);
    // Each bin count is Binomial(100000, 0.1): mean 10000, standard deviation ~95.
    for (const count of bins) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });
});

describe("hashSeed", () => {
  // Published FNV-1a 32-bit test vectors: "" → 811c9dc5, "a" → e40c292c, "foobar" → bf9cf968.
  it("is 32-bit FNV-1a for a single part", () => {
    expect(hashSeed("")).toBe(0x811c9dc5);
    expect(hashSeed("a")).toBe(0xe40c292c);
    expect(hashSeed("foobar")).toBe(0xbf9cf968);
  });

  it("depends on how the parts are split, and treats numbers as their decimal text", () => {
    expect(hashSeed("ab", "c")).not.toBe(hashSeed("a", "bc"));
    expect(hashSeed("case", 12)).toBe(hashSeed("case", "12"));
    expect(hashSeed("case-1", "knn", "accuracy")).toBe(4020744895);
  });
});
