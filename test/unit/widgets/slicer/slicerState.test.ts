// The Slicer's state transitions, without a DOM: what each action a person takes changes.
import { defaultBins, defaultTop } from "../../../../src/metrics";
import {
  chartKindChosen,
  chartMetricChosen,
  chooseBins,
  chooseField,
  chooseMethod,
  chooseTop,
  chosenAxes,
  initialSlicerState,
  keepSelectionIn,
  selectSlice,
  sortChosen,
} from "../../../../src/widgets/slicer/slicerState";

const fields = ["size", "color", "shape"];
const start = () => initialSlicerState({ fields, chartMetric: "Accuracy" });

test("starts on the first field, or the one asked for when it is offered", () => {
  expect(start().axes).toEqual([{ field: "size", method: null, bins: defaultBins, top: defaultTop }, null]);
  expect(initialSlicerState({ fields, field: "color", field2: "shape", bins: 7, method: "quantile", chartMetric: "" }).axes).toEqual([
    { field: "color", method: "quantile", bins: 7, top: defaultTop },
    { field: "shape", method: null, bins: defaultBins, top: defaultTop },
  ]);
  expect(initialSlicerState({ fields, field: "weight", field2: "height", chartMetric: "" }).axes).toEqual([
    { field: "size", method: null, bins: defaultBins, top: defaultTop },
    null,
  ]);
  expect([start().chartKind, start().chartMetric, start().selected]).toEqual(["delta", "Accuracy", null]);
});

test("a new first field keeps bins and top, forgets the method, the selection, and a second field equal to it", () => {
  let state = initialSlicerState({ fields, field2: "color", bins: 3, method: "equal-width", chartMetric: "" });
  state = selectSlice(state, { stratification: "size", testCase: "1" });
  state = chooseField(state, 0, "color");
  expect(state.axes).toEqual([{ field: "color", method: null, bins: 3, top: defaultTop }, null]);
  expect(state.selected).toBeNull();
});

test("the second field: a fresh axis, or none", () => {
  const crossed = chooseField(start(), 1, "shape");
  expect(chosenAxes(crossed).map((axis) => axis.field)).toEqual(["size", "shape"]);
  expect(chooseField(crossed, 1, "").axes[1]).toBeNull();
});

test("method, bins and top change only their axis; top is clamped to 1 … 100", () => {
  const crossed = chooseField(start(), 1, "shape");
  expect(chooseMethod(crossed, 1, "quantile").axes.map((axis) => axis?.method)).toEqual([null, "quantile"]);
  expect(chooseBins(crossed, 0, 9).axes.map((axis) => axis?.bins)).toEqual([9, defaultBins]);
  expect(chooseTop(start(), 0, "250").axes[0].top).toBe(100);
  expect(chooseTop(start(), 0, "0.4").axes[0].top).toBe(1);
  expect(chooseTop(start(), 0, "seven").axes[0].top).toBe(defaultTop);
  expect(chooseTop(start(), 0, "6.6").axes[0].top).toBe(7);
  // Without a second axis there is nothing to change.
  expect(chooseBins(start(), 1, 9)).toEqual(start());
});

test("a selection survives a new slicing only if the slicing still has it", () => {
  const selected = selectSlice(start(), { stratification: "size", testCase: "[2, 4)" });
  expect(
    keepSelectionIn(selected, [
      { stratification: "dataset", test_case: "all" },
      { stratification: "size", test_case: "[2, 4)" },
    ]).selected,
  ).toEqual({ stratification: "size", testCase: "[2, 4)" });
  expect(
    keepSelectionIn(selected, [
      { stratification: "dataset", test_case: "all" },
      { stratification: "size", test_case: "[4, 6)" },
    ]).selected,
  ).toBeNull();
});

test("the table's sort and the chart's kind and metric are kept across redraws, the axes untouched", () => {
  const state = chartMetricChosen(chartKindChosen(sortChosen(start(), { column: "n", direction: "desc" }), "bars"), "F1");
  expect([state.sort, state.chartKind, state.chartMetric, state.axes]).toEqual([{ column: "n", direction: "desc" }, "bars", "F1", start().axes]);
});
