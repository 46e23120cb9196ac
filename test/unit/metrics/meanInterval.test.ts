// Tests for the t interval of a mean from its moments, on small samples worked by hand.

import { meanInterval, sampleVariance } from "../../../src/metrics/meanInterval";

function momentsOf(values: number[]) {
  let sum = 0;
  let sumOfSquares = 0;
  for (const value of values) {
    sum += value;
    sumOfSquares += value * value;
  }
  return { n: values.length, sum, sumOfSquares };
}

describe("meanInterval", () => {
  it("gives [1.036757, 4.963243] for 1, 2, 3, 4, 5 at 95% (R: t.test(1:5)$conf.int)", () => {
    // n = 5, Σx = 15, Σx² = 55: mean 3, s² = (55 − 225/5)/4 = 2.5, s/√n = √0.5,
    // half-width = qt(0.975, 4)·√0.5 = 2.776445·0.7071068 = 1.963243.
    const [low, high] = meanInterval({ n: 5, sum: 15, sumOfSquares: 55 }, 0.95);
    expect(low).toBeCloseTo(1.036757, 6);
    expect(high).toBeCloseTo(4.963243, 6);
  });

  it("gives mean ± 12.70620·s/√2 for two values (df = 1)", () => {
    // Values 1 and 3: mean 2, s² = 2, s/√n = 1, qt(0.975, 1) = 12.70620.
    const [low, high] = meanInterval(momentsOf([1, 3]), 0.95);
    expect(low).toBeCloseTo(2 - 12.706205, 5);
    expect(high).toBeCloseTo(2 + 12.706205, 5);
  });

  it("collapses to [mean, mean] when every value is the same, despite rounding in Σx²", () => {
    const moments = momentsOf([0.1, 0.1, 0.1]);
    const mean = moments.sum / 3;
    expect(meanInterval(moments, 0.95)).toEqual([mean, mean]);
    expect(meanInterval(momentsOf([4, 4]), 0.95)).toEqual([4, 4]);
  });

  it("is [NaN, NaN] for fewer than two values", () => {
    expect(meanInterval({ n: 1, sum: 3, sumOfSquares: 9 }, 0.95)).toEqual([NaN, NaN]);
    expect(meanInterval({ n: 0, sum: 0, sumOfSquares: 0 }, 0.95)).toEqual([NaN, NaN]);
  });

  it("rejects a confidence outside (0, 1)", () => {
    expect(() => meanInterval({ n: 5, sum: 15, sumOfSquares: 55 }, 95)).toThrow(RangeError);
  });
});

describe("sampleVariance", () => {
  it("uses the n − 1 divisor: 2.5 for 1..5", () => {
    expect(sampleVariance({ n: 5, sum: 15, sumOfSquares: 55 })).toBeCloseTo(2.5, 14);
  });

  it("never goes negative when Σx² − (Σx)²/n rounds below 0", () => {
    expect(sampleVariance(momentsOf([0.1, 0.1, 0.1]))).toBe(0);
  });
});
