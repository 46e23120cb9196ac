// The worst-slice search's state and pure pieces, without a DOM: its input from the form, the
// summary line, a row's cells, and the checked slices as test cases.
import { Bool, Table, Utf8, vectorFromArray } from "apache-arrow";
import type { MetricGroup } from "../../../../src/core";
import { FoundSlice, SliceEvaluator, SliceSearchResult } from "../../../../src/metrics";
import {
  checkSlice,
  checkedTestCases,
  noWorstSlices,
  searchFinished,
  searchInput,
  searchSummary,
  suggestedMinimumSize,
  worstSliceCells,
  worstSliceHeadings,
} from "../../../../src/widgets/slicer/worstSlicesState";

const metricGroups: MetricGroup[] = [{ name: "quality", metrics: [{ label: "Accuracy", kind: "mean", field: "correct", higher_is_better: true }] }];

/** Four samples: `a` wrong on the second, `b` wrong on the first two. */
const evaluator = new SliceEvaluator(
  new Table({
    color: vectorFromArray(["red", "red", "blue", "blue"], new Utf8()),
    "a.correct": vectorFromArray([true, false, true, true], new Bool()),
    "b.correct": vectorFromArray([false, false, true, true], new Bool()),
  }),
  { models: ["a", "b"], reference: "a", metricGroups },
);

const red: FoundSlice = {
  terms: [{ feature: 0, level: 1 }],
  label: "color = red",
  predicate: { field: "color", op: "eq", value: "red" },
  size: 1200,
  error: 0.5,
  overallError: 0.25,
  lift: 2,
  score: 1,
  pValue: 0.001,
  qValue: 0.004,
};
const blue: FoundSlice = { ...red, label: "color = blue", predicate: { field: "color", op: "eq", value: "blue" }, qValue: 0.2 };

const result = (slices: FoundSlice[]): SliceSearchResult => ({
  slices,
  tested: 1234,
  rows: 4,
  overallError: 0.25,
  pruned: 5,
  candidates: 1239,
  minSize: 1,
  redundant: 0,
});

test("the input: the model's 0/1 errors, NaN where the filters drop a row", () => {
  let discretized = 0;
  const input = searchInput(
    evaluator,
    { model: "b", mode: "underperforms", metric: "0:0", depth: "3", minSize: "2.4" },
    () => (discretized++, []),
    Uint8Array.from([1, 1, 0, 1]),
  );
  if (typeof input === "string") throw new Error(input);
  expect(Array.from(input.errors)).toEqual([1, 1, NaN, 0]);
  expect([input.binary, input.maxDepth, input.minSize, input.top, input.referenceErrors, discretized]).toEqual([true, 3, 2, 20, undefined, 1]);
});

test("regressions against the reference itself: a sentence, and no fields discretized", () => {
  let discretized = 0;
  const input = searchInput(evaluator, { model: "a", mode: "regresses", metric: "0:0", depth: "2", minSize: "1" }, () => (discretized++, []), null);
  expect(input).toBe("a is the reference: pick another model to look for regressions against it.");
  expect(discretized).toBe(0);
  const regresses = searchInput(evaluator, { model: "b", mode: "regresses", metric: "0:0", depth: "2", minSize: "" }, () => [], null);
  if (typeof regresses === "string") throw new Error(regresses);
  expect([Array.from(regresses.referenceErrors!), regresses.minSize]).toEqual([[0, 1, 0, 0], 1]);
});

test("the summary counts the slices that stand out", () => {
  expect(searchSummary(result([red, blue]), 1500)).toBe("Tested 1,234 slices of 4 samples in 1.50 s (5 pruned). 1 of the top 2 have q < 0.05.");
  expect(searchSummary({ ...result([blue]), redundant: 3 }, 20)).toBe(
    "Tested 1,234 slices of 4 samples in 0.02 s (5 pruned). 0 of the top 1 have q < 0.05: no slice stands out from chance. 3 not listed: they hold the same samples as a shorter slice.",
  );
});

test("headings and cells follow the mode", () => {
  const underperforms = searchFinished(result([red]), "b", "underperforms");
  expect(worstSliceHeadings(underperforms, "a")).toEqual(["Slice", "Samples", "error of b", "overall error", "lift", "q-value"]);
  expect(worstSliceCells(red, "underperforms")).toEqual(["color = red", "1,200", "0.5000", "0.2500", "×2.0000", "0.004"]);
  expect(worstSliceHeadings(searchFinished(result([red]), "b", "regresses"), "a")).toEqual(["Slice", "Samples", "error of b", "Δ error vs a", "", "q-value"]);
  expect(worstSliceCells(red, "regresses")).toEqual(["color = red", "1,200", "0.5000", "+2.0000", "", "0.004"]);
});

test("checked slices are saved in list order; a new search unchecks them", () => {
  let state = searchFinished(result([red, blue]), "b", "underperforms");
  state = checkSlice(checkSlice(checkSlice(state, 1, true), 0, true), 0, false);
  state = checkSlice(state, 0, true);
  expect(checkedTestCases(state)).toEqual([
    { name: "color = red", where: red.predicate },
    { name: "color = blue", where: blue.predicate },
  ]);
  expect(searchFinished(result([red]), "b", "underperforms").checked.size).toBe(0);
  expect(checkedTestCases(noWorstSlices)).toEqual([]);
});

test("the smallest slice suggested: 1 % of the samples, at least 20", () => {
  expect([suggestedMinimumSize(100), suggestedMinimumSize(12_345)]).toEqual([20, 123]);
});
