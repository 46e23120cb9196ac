// "More like this" on vectors whose angles are known.
import { cosineNeighbors } from "../../../../src/metrics/embedding/cosineNeighbors";

describe("cosineNeighbors", () => {
  // Row 0 (1, 0); row 1 (2, 0): same direction; row 2 (1, 1): 45°; row 3 (0, 1): 90°; row 4 (−1, 0): 180°; row 5 zero.
  const values = Float32Array.of(1, 0, 2, 0, 1, 1, 0, 1, -1, 0, 0, 0);

  it("ranks by angle, not length, and leaves the query row out", () => {
    const { rows, similarities } = cosineNeighbors(values, 2, 0, 3);
    expect(Array.from(rows)).toEqual([1, 2, 3]);
    expect(similarities[0]).toBeCloseTo(1, 12);
    expect(similarities[1]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(similarities[2]).toBeCloseTo(0, 12);
  });

  it("returns every row with a direction when k exceeds them, the opposite one last at −1", () => {
    const { rows, similarities } = cosineNeighbors(values, 2, 0, 10);
    expect(Array.from(rows)).toEqual([1, 2, 3, 4]);
    expect(similarities[3]).toBeCloseTo(-1, 12);
  });

  it("breaks ties by the lower row", () => {
    const tied = Float32Array.of(1, 0, 3, 0, 2, 0, 5, 0);
    expect(Array.from(cosineNeighbors(tied, 2, 0, 2).rows)).toEqual([1, 2]);
  });

  it("gives a zero query row no neighbours", () => {
    expect(cosineNeighbors(values, 2, 5, 3).rows.length).toBe(0);
  });
});
