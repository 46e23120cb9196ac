// The embedding map's plane on cases checked by hand: a line, a square, a subsampled fit.
import { projectPlane } from "../../../../src/metrics/embedding/projectPlane";

describe("projectPlane", () => {
  it("puts points on a line along x, at √6·(t − 2), with y = 0", () => {
    // (t + 1, 2t + 1, 1 − t) for t = 0 … 4: the direction (1, 2, −1)/√6 through (3, 5, −1).
    const values = new Float64Array(15);
    for (let t = 0; t < 5; t++) values.set([t + 1, 2 * t + 1, 1 - t], 3 * t);
    const plane = projectPlane(values, 5, 3, { normalize: false });
    // The axis is oriented so that its largest entry (2/√6) is positive: x grows with t.
    for (let t = 0; t < 5; t++) {
      expect(plane.x[t]).toBeCloseTo(Math.sqrt(6) * (t - 2), 5);
      expect(plane.y[t]).toBeCloseTo(0, 5);
    }
    expect(plane.explained).toBeCloseTo(1, 10);
    expect(plane.fitted).toBe(5);
  });

  it("keeps a rectangle's long side on x and short side on y", () => {
    // Corners (±2, ±1, 0): variance 16/3 along x, 4/3 along y, none along z.
    const values = Float64Array.of(2, 1, 0, -2, 1, 0, 2, -1, 0, -2, -1, 0);
    const plane = projectPlane(values, 4, 3, { normalize: false });
    expect(Array.from(plane.x, (v) => Math.round(Math.abs(v) * 1e6) / 1e6)).toEqual([2, 2, 2, 2]);
    expect(Array.from(plane.y, (v) => Math.round(Math.abs(v) * 1e6) / 1e6)).toEqual([1, 1, 1, 1]);
    // Opposite corners land opposite: x of (2, 1) is minus x of (−2, −1).
    expect(plane.x[0]).toBeCloseTo(-plane.x[3], 6);
  });

  it("normalises rows first: (1, 0) and (5, 0) land on the same point", () => {
    const values = Float64Array.of(1, 0, 5, 0, 0, 1, 0, 3);
    const plane = projectPlane(values, 4, 2);
    expect(plane.x[0]).toBeCloseTo(plane.x[1], 6);
    expect(plane.y[0]).toBeCloseTo(plane.y[1], 6);
    expect(plane.x[2]).toBeCloseTo(plane.x[3], 6);
    // (1, 0) and (0, 1) around their mean (½, ½): √2/2 apart from it, on opposite sides.
    expect(Math.hypot(plane.x[0], plane.y[0])).toBeCloseTo(Math.SQRT1_2, 6);
  });

  it("leaves a row with a missing value at NaN and fits the rest", () => {
    const values = Float64Array.of(0, 0, 1, 1, NaN, 2, 2, 2);
    const plane = projectPlane(values, 4, 2, { normalize: false });
    expect(Number.isNaN(plane.x[2])).toBe(true);
    expect(plane.fitted).toBe(3);
    expect(plane.x[1]).toBeCloseTo(0, 6);
    expect(plane.x[3]).toBeCloseTo(Math.SQRT2, 6);
  });

  it("fits on a seeded subsample and still projects every row; the same seed gives the same picture", () => {
    const rows = 1000;
    const values = new Float64Array(rows * 2);
    for (let row = 0; row < rows; row++) values.set([row, 0.5 * row], 2 * row);
    const first = projectPlane(values, rows, 2, { normalize: false, fitRows: 50, seed: 7 });
    const again = projectPlane(values, rows, 2, { normalize: false, fitRows: 50, seed: 7 });
    expect(first.fitted).toBe(50);
    expect(Array.from(again.x)).toEqual(Array.from(first.x));
    // All on the line (2, 1)/√5: neighbours 1 apart in row are √1.25 apart along x, y stays 0.
    expect(first.x[501] - first.x[500]).toBeCloseTo(Math.sqrt(1.25), 3);
    expect(Math.abs(first.y[999])).toBeLessThan(1e-3);
  });

  it("refuses values that do not fill rows × dimension", () => {
    expect(() => projectPlane(new Float64Array(5), 2, 3)).toThrow("5 values are not 2 rows × 3 dimensions");
  });
});
