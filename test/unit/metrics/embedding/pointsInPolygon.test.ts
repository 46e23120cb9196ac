// The lasso on points placed by hand.
import { pointsInPolygon } from "../../../../src/metrics/embedding/pointsInPolygon";

describe("pointsInPolygon", () => {
  it("selects the points inside a unit square and none outside", () => {
    const x = Float32Array.of(0.5, 1.5, 0.2, -0.1, 0.9);
    const y = Float32Array.of(0.5, 0.5, 0.8, 0.5, 0.1);
    expect(Array.from(pointsInPolygon(x, y, [0, 0, 1, 0, 1, 1, 0, 1]))).toEqual([0, 2, 4]);
  });

  it("leaves out the notch of an L shape that its bounding box covers", () => {
    // L: the square [0, 2]² less [1, 2] × [1, 2].
    const polygon = [0, 0, 2, 0, 2, 1, 1, 1, 1, 2, 0, 2];
    const x = Float32Array.of(0.5, 1.5, 1.5, 0.5);
    const y = Float32Array.of(0.5, 0.5, 1.5, 1.5);
    expect(Array.from(pointsInPolygon(x, y, polygon))).toEqual([0, 1, 3]);
  });

  it("works the same whichever way the polygon winds", () => {
    const x = Float32Array.of(1, 3);
    const y = Float32Array.of(1, 1);
    expect(Array.from(pointsInPolygon(x, y, [0, 0, 0, 2, 2, 2, 2, 0]))).toEqual([0]);
  });

  it("never selects a NaN point, and a polygon of two vertices selects nothing", () => {
    const x = Float32Array.of(NaN, 0.5);
    const y = Float32Array.of(0.5, 0.5);
    expect(Array.from(pointsInPolygon(x, y, [0, 0, 1, 0, 1, 1, 0, 1]))).toEqual([1]);
    expect(pointsInPolygon(x, y, [0, 0, 1, 1]).length).toBe(0);
  });
});
