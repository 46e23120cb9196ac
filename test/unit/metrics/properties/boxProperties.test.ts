// Tests for the box properties of one image, worked out by hand on a 100×50 image.
import { boxProperties } from "../../../../src/metrics";

const image = { width: 100, height: 50 };

describe("boxProperties", () => {
  it("measures a centred box and a corner box, and skips an ignored region", () => {
    // Box 1: 40..60 × 15..35 (400 px², centred). Box 2: 0..10 × 0..10 (100 px², centre (5, 5)). Box 3 ignored.
    const properties = boxProperties({ xMin: [40, 0, 0], yMin: [15, 0, 0], xMax: [60, 10, 100], yMax: [35, 10, 50], ignore: [0, 0, 1] }, image);
    expect(properties.object_count).toBe(2);
    // Image area 5,000: 400/5000 = 0.08 and 100/5000 = 0.02.
    expect(properties.mean_relative_area).toBeCloseTo(0.05, 12);
    expect(properties.min_relative_area).toBeCloseTo(0.02, 12);
    // Half diagonal = √(100² + 50²)/2 = 55.9017; box 2's centre is √(45² + 20²) = 49.2443 away; box 1's 0.
    expect(properties.mean_center_distance).toBeCloseTo(Math.hypot(45, 20) / (Math.hypot(100, 50) / 2) / 2, 12);
  });

  it("gives a count of 0 and no areas for an image without objects", () => {
    expect(boxProperties({ xMin: [], yMin: [], xMax: [], yMax: [] }, image)).toEqual({
      object_count: 0,
      mean_relative_area: null,
      min_relative_area: null,
      mean_center_distance: null,
    });
  });

  it("counts boxes but measures nothing relative without the image's size", () => {
    expect(boxProperties({ xMin: [1], yMin: [1], xMax: [2], yMax: [2] }, null)).toEqual({
      object_count: 1,
      mean_relative_area: null,
      min_relative_area: null,
      mean_center_distance: null,
    });
  });

  it("puts a box centred on a corner at distance 1", () => {
    expect(boxProperties({ xMin: [-5], yMin: [-5], xMax: [5], yMax: [5] }, image).mean_center_distance).toBeCloseTo(1, 12);
  });
});
