// Tests for the Wilson score interval against R's prop.test(x, n, correct = FALSE).

import { wilsonInterval } from "../../../src/metrics/wilson";

describe("wilsonInterval", () => {
  it("gives [0.8157, 1] for 17/17 at 95%, with the upper end exactly 1", () => {
    // p̂ = 1, z² = 3.841459: low = (1 + z²/34 − z·√(z²/1156)) / (1 + z²/17) = 0.815682.
    const [low, high] = wilsonInterval(17, 17, 0.95);
    expect(low).toBeCloseTo(0.8157, 4);
    expect(high).toBe(1);
  });

  it("gives [0.4902, 0.9433] for 8/10 at 95% (prop.test(8, 10, correct = FALSE))", () => {
    const [low, high] = wilsonInterval(8, 10, 0.95);
    expect(low).toBeCloseTo(0.4901625, 6);
    expect(high).toBeCloseTo(0.9433178, 6);
  });

  it("starts exactly at 0 for 0/n and mirrors n/n", () => {
    const [low, high] = wilsonInterval(0, 17, 0.95);
    expect(low).toBe(0);
    expect(high).toBeCloseTo(1 - 0.815682, 6);
  });

  it("is symmetric about ½ for half successes and narrows with n", () => {
    const [low, high] = wilsonInterval(50, 100, 0.9);
    expect(low + high).toBeCloseTo(1, 14);
    const [wideLow] = wilsonInterval(5, 10, 0.9);
    expect(wideLow).toBeLessThan(low);
  });

  it("is [NaN, NaN] for n = 0", () => {
    expect(wilsonInterval(0, 0, 0.95)).toEqual([NaN, NaN]);
  });

  it("rejects a confidence outside (0, 1) and successes above n", () => {
    expect(() => wilsonInterval(1, 2, 1)).toThrow(RangeError);
    expect(() => wilsonInterval(3, 2, 0.95)).toThrow(RangeError);
  });
});
