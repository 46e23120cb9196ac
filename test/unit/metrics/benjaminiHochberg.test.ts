// Tests for Benjamini–Hochberg q-values against R's p.adjust(p, method = "BH").

import { benjaminiHochberg } from "../../../src/metrics/benjaminiHochberg";

describe("benjaminiHochberg", () => {
  it("gives [0.04, 0.0533, 0.0533, 0.2] for [0.01, 0.04, 0.03, 0.2]", () => {
    // Sorted: 0.01·4/1 = 0.04, 0.03·4/2 = 0.06, 0.04·4/3 = 0.0533, 0.2·4/4 = 0.2; the
    // running minimum from the top lowers 0.06 to 0.0533.
    const adjusted = benjaminiHochberg([0.01, 0.04, 0.03, 0.2]) as number[];
    const expected = [0.04, 0.16 / 3, 0.16 / 3, 0.2];
    adjusted.forEach((q, i) => expect(q).toBeCloseTo(expected[i], 15));
  });

  it("gives 0.05 for every one of 0.01, 0.02, …, 0.05 (p.adjust(1:5/100, 'BH'))", () => {
    const adjusted = benjaminiHochberg([0.05, 0.01, 0.03, 0.02, 0.04]) as number[];
    adjusted.forEach((q) => expect(q).toBeCloseTo(0.05, 15));
  });

  it("leaves nulls and NaNs out of m and returns them as null in place", () => {
    // m = 2: 0.01·2/1 = 0.02 and 0.04·2/2 = 0.04.
    const adjusted = benjaminiHochberg([null, 0.04, NaN, 0.01]);
    expect(adjusted[0]).toBeNull();
    expect(adjusted[1]).toBeCloseTo(0.04, 15);
    expect(adjusted[2]).toBeNull();
    expect(adjusted[3]).toBeCloseTo(0.02, 15);
  });

  it("never exceeds 1 and keeps ties equal", () => {
    expect(benjaminiHochberg([0.9, 0.8])).toEqual([0.9, 0.9]);
    expect(benjaminiHochberg([0.03, 0.03, 0.03])).toEqual([0.03, 0.03, 0.03]);
  });

  it("handles an empty list", () => {
    expect(benjaminiHochberg([])).toEqual([]);
  });
});
