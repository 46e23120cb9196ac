import { FineGroup, fineFieldNames, rollUpFineGroups } from "../../../../src/platform/statistics/rollUpFineGroups";

/** A fine group of a spread `x`'s values (and one datapoint more per missing value), as the statement gives it. */
function group(region: string | null, mask: number, values: number[], missing = 0): FineGroup {
  const n = values.length;
  const mean = values.reduce((sum, x) => sum + x, 0) / n;
  return {
    keys: [region],
    mask,
    // a_count, then x's count, Σx and squared deviations (fineFieldNames).
    values: [n + missing, n, values.reduce((sum, x) => sum + x, 0), n ? values.reduce((sum, x) => sum + (x - mean) ** 2, 0) : 0],
  };
}

// north: 1, 2, 3 (in test case 0); south: 5, 7 (in test cases 0 and 1); a datapoint without a region or an x (in test case 1).
const groups = [group("north", 0b01, [1, 2, 3]), group("south", 0b11, [5, 7]), group(null, 0b10, [], 1)];
const fields = { counts: ["a_count"], spreads: ["x"] };

test("a fine group's values are named in the order the statement lists them", () => {
  expect(fineFieldNames(fields)).toEqual(["a_count", "x_n", "x_sum", "x_m2"]);
});

test("the whole dataset, each region (missing included) and each explicit test case are the sums of their groups", () => {
  const { main, explicit } = rollUpFineGroups(groups, ["k0"], 2, fields);
  // 1, 2, 3, 5, 7: mean 3.6, squared deviations 6.76 + 2.56 + 0.36 + 1.96 + 11.56 = 23.2.
  expect(main[0]).toMatchObject({ g_k0: 1, k0: null, a_count: 6, x_n: 5, x_sum: 18 });
  expect(main[0].x_m2).toBeCloseTo(23.2, 12);
  expect(main.slice(1)).toEqual([
    { g_k0: 0, k0: "north", a_count: 3, x_n: 3, x_sum: 6, x_m2: 2 },
    { g_k0: 0, k0: "south", a_count: 2, x_n: 2, x_sum: 12, x_m2: 2 },
    // No value of x: no squared deviations (SQL's NULL).
    { g_k0: 0, k0: null, a_count: 1, x_n: 0, x_sum: 0, x_m2: null },
  ]);
  expect(explicit[0]).toMatchObject({ explicitCase: 0, row: { a_count: 5, x_n: 5, x_sum: 18 } });
  expect(explicit[0].row.x_m2).toBeCloseTo(23.2, 12);
  expect(explicit[1]).toEqual({ explicitCase: 1, row: { a_count: 3, x_n: 2, x_sum: 12, x_m2: 2 } });
});

test("the sums do not depend on the order the engine returned the groups in", () => {
  const many = Array.from({ length: 200 }, (_, i) => group(`r${i % 7}`, i % 4, [0.1 * i, 1 / (i + 1), Math.sqrt(i)]));
  const shuffled = [...many].reverse().sort((a, b) => (String(a.values[2]).length % 3) - (String(b.values[2]).length % 3));
  expect(rollUpFineGroups(shuffled, ["k0"], 2, fields)).toEqual(rollUpFineGroups(many, ["k0"], 2, fields));
});

test("values close together keep their squared deviations (no Σx² − (Σx)²/n)", () => {
  // Probabilities ≈ 1: 1 − k·1e-9 for k = 0 … 299, in 30 groups of 10.
  const values = Array.from({ length: 300 }, (_, k) => 1 - k * 1e-9);
  const fine = Array.from({ length: 30 }, (_, g) => group(`g${g}`, 0, values.slice(g * 10, g * 10 + 10)));
  const mean = values.reduce((sum, x) => sum + x, 0) / values.length;
  const direct = values.reduce((sum, x) => sum + (x - mean) ** 2, 0);
  const [whole] = rollUpFineGroups(fine, ["k0"], 0, fields).main;
  expect(Math.abs(Number(whole.x_m2) - direct) / direct).toBeLessThan(1e-9);
});

test("no keys and no groups: the whole dataset, empty", () => {
  expect(rollUpFineGroups([], [], 0, fields)).toEqual({ main: [{ a_count: 0, x_n: 0, x_sum: 0, x_m2: null }], explicit: [] });
});
