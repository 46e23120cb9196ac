// The slicing core by hand: bins and their names, top-N categories with "other", and the plan
// that names slices as they will be saved (predicates: predicateMask.test.ts).
import { Float64, Table, Utf8, vectorFromArray } from "apache-arrow";
import { Predicate } from "../../../src/core";
import {
  CategoricalColumn,
  NumericColumn,
  SliceEvaluator,
  buildAxis,
  countJoint,
  createRandom,
  jointCodes,
  modelCounts,
  planSlices,
  quantileEdges,
} from "../../../src/metrics";

const numeric = (values: number[]): NumericColumn => ({ kind: "numeric", values: Float64Array.from(values) });
const categorical = (codes: number[], values: (string | number | boolean)[]): CategoricalColumn => ({
  kind: "categorical",
  codes: Int32Array.from(codes),
  values,
});

test("equal-width bins: B − 1 edges between min and max, values on an edge go up, nulls to (missing)", () => {
  const axis = buildAxis(numeric([0, 2.5, 5, 7.5, 10, NaN, 4.999]), { field: "x", method: "equal-width", bins: 4 });
  expect(axis.edges).toEqual([2.5, 5, 7.5]);
  expect(axis.levels.map((level) => level.name)).toEqual(["(-∞, 2.5)", "[2.5, 5)", "[5, 7.5)", "[7.5, ∞)", "(missing)"]);
  expect(Array.from(axis.codes)).toEqual([0, 1, 2, 3, 3, 4, 1]);
  expect(axis.levels[1].predicate).toEqual({
    and: [
      { field: "x", op: "ge", value: 2.5 },
      { field: "x", op: "lt", value: 5 },
    ],
  });
  expect(axis.levels[4].predicate).toEqual({ field: "x", op: "eq", value: null });
});

test("a row's bin is the number of edges at or below it, for every method, on random data", () => {
  const random = createRandom(7);
  // Many repeated values (sevenths), values on the edges themselves, negatives, and nulls.
  const values = Float64Array.from({ length: 5000 }, (_, row) => (row % 97 === 0 ? NaN : row % 13 === 0 ? -2.5 : Math.round(random() * 1000) / 7));
  for (const method of ["equal-width", "quantile"] as const)
    for (const bins of [2, 3, 7, 20, 64]) {
      const axis = buildAxis({ kind: "numeric", values }, { field: "x", method, bins });
      const edges = axis.edges!;
      const expected = (value: number) => (Number.isNaN(value) ? edges.length + 1 : edges.filter((edge) => edge <= value).length);
      const wrong = Array.from(values).filter((value, row) => axis.codes[row] !== expected(value));
      expect({ method, bins, wrong }).toEqual({ method, bins, wrong: [] });
    }
  // And with values placed exactly on every edge.
  const axis = buildAxis({ kind: "numeric", values }, { field: "x", method: "equal-width", bins: 9 });
  const onEdges = buildAxis(
    { kind: "numeric", values: Float64Array.from([...values.slice(0, 100), ...axis.edges!]) },
    { field: "x", method: "equal-width", bins: 9 },
  );
  expect(Array.from(onEdges.codes.slice(100))).toEqual(axis.edges!.map((_, index) => index + 1));
});

test("quantile edges interpolate as DuckDB's quantile_cont and merge ties", () => {
  // 1 … 10: the quartiles at positions 2.25, 4.5 and 6.75 of the sorted values (0-based).
  expect(
    quantileEdges(
      Float64Array.from({ length: 10 }, (_, i) => i + 1),
      4,
    ),
  ).toEqual([3.25, 5.5, 7.75]);
  // Mostly zeros: the first two quartiles coincide and merge.
  expect(quantileEdges(Float64Array.from([0, 0, 0, 0, 0, 0, 1, 2]), 4)).toEqual([0, 0.25]);
});

test("categories: the top N by count in value order, the rest in one other level", () => {
  // Counts: a 3, b 1, c 2, d 1 → top 2 are a and c.
  const axis = buildAxis(categorical([0, 0, 0, 1, 2, 2, 3, -1], ["a", "b", "c", "d"]), { field: "f", top: 2 });
  expect(axis.levels.map((level) => level.name)).toEqual(["a", "c", "(other)", "(missing)"]);
  expect(Array.from(axis.codes)).toEqual([0, 0, 0, 2, 1, 1, 2, 3]);
  // null in the list: "(other)" leaves the nulls to "(missing)" (a null is not in ["a", "c"]).
  expect(axis.levels[2].predicate).toEqual({ not: { field: "f", op: "in", value: ["a", "c", null] } });
  expect(axis.hasOther).toBe(true);
});

test("a plan of one axis is a stratification named after the field; two axes or a filter make explicit test cases", () => {
  const x = buildAxis(numeric([0, 4, 10]), { field: "x", method: "equal-width", bins: 2 });
  const s = buildAxis(categorical([0, 1, 1], ["a", "b"]), { field: "s" });
  const standard = { stratifications: [{ name: "x", field: "x" }], test_cases: [] };
  const one = planSlices([x], null, standard, 3);
  expect(one.stratification).toBe("x (2)");
  expect(one.save).toEqual({ kind: "stratification", stratification: { name: "x (2)", field: "x", buckets: [5] } });
  const two = planSlices([x, s], null, standard, 3);
  // x ≥ 5 holds only an s = b row: the empty combination is left out.
  expect(two.testCases.map((testCase) => testCase.name)).toEqual(["x in (-∞, 5) and s = a", "x in (-∞, 5) and s = b", "x in [5, ∞) and s = b"]);
  expect(Array.from(two.sliceOf)).toEqual([0, 1, 2]);
  const filter = { predicate: { field: "x", op: "gt", value: 1 } as Predicate, phrase: "x > 1", mask: Uint8Array.from([0, 1, 1]) };
  const filtered = planSlices([s], filter, standard, 3);
  // The one row with s = a is filtered out.
  expect(filtered.testCases).toEqual([
    {
      name: "x > 1 and s = b",
      predicate: {
        and: [
          { field: "x", op: "gt", value: 1 },
          { field: "s", op: "eq", value: "b" },
        ],
      },
    },
  ]);
  expect(Array.from(filtered.sliceOf)).toEqual([-1, 0, 0]);
});

test("joint codes: one code per distinct combination, and each model's counts summed back from them", () => {
  // Two models' codes on six rows; combinations (0,1) ×2, (1,1), (2,0) ×2, (0,0).
  const joint = jointCodes([Int32Array.from([0, 0, 1, 2, 2, 0]), Int32Array.from([1, 1, 1, 0, 0, 0])], [3, 2])!;
  expect(joint.states).toBe(4);
  expect(Array.from(joint.codes)).toEqual([0, 0, 1, 2, 2, 3]);
  // Slices: rows 0–2 in slice 0, rows 3–5 in slice 1.
  const counts = countJoint(joint, Int32Array.from([0, 0, 0, 1, 1, 1]), 2);
  expect(Array.from(modelCounts(joint, counts, 0, 0, 3))).toEqual([2, 1, 0]);
  expect(Array.from(modelCounts(joint, counts, 1, 0, 3))).toEqual([1, 0, 2]);
  expect(Array.from(modelCounts(joint, counts, 1, 1, 2))).toEqual([3, 0]);
});

test("moments with a null outcome: the null leaves the model's n and every pair it is in", () => {
  // a.score 1, 2, null, 4; b.score 2, 2, 5, 3. One slice of all four rows.
  const samples = new Table({
    group: vectorFromArray(["x", "x", "x", "x"], new Utf8()),
    "a.score": vectorFromArray([1, 2, null, 4], new Float64()),
    "b.score": vectorFromArray([2, 2, 5, 3], new Float64()),
  });
  const metricGroups = [{ name: "q", metrics: [{ label: "Score", kind: "mean" as const, field: "score", higher_is_better: true }] }];
  const evaluator = new SliceEvaluator(samples, { models: ["a", "b"], reference: "a", metricGroups });
  const plan = planSlices([buildAxis(evaluator.columns.read("group"), { field: "group" })], null, { stratifications: [], test_cases: [] }, 4);
  const rows = evaluator
    .evaluate(plan)
    .rows()
    .rows.filter((row) => row.stratification === "group");
  // a: mean of 1, 2, 4 = 7/3 over n = 3. b: mean 3 over n = 4, against a on the three pairs: d = 1, 0, −1, mean 0.
  expect(rows.map((row) => [row.model, row.n, row.value])).toEqual([
    ["a", 3, 7 / 3],
    ["b", 4, 3],
  ]);
  expect(rows[1].delta).toBeCloseTo(3 - 7 / 3, 12);
  // Paired t of (1, 0, −1): mean 0, so p = 1.
  expect(rows[1].p_value).toBeCloseTo(1, 12);
});
