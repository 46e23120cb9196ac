// The Slicer's state as plain data, and the named transitions a person's actions make on it:
// which fields slice and how, which slice is selected, and how the table and chart show them.
import type { MetricsTableSort, MetricsTableView } from "../../charts/metricsTable";
import type { TestCaseKey } from "../../charts/evaluationData";
import { BinMethod, defaultBins, defaultTop } from "../../metrics";
import type { ChartKind } from "../chartToolbar";

/** How one field is cut into slices; `method` null lets the slicing core choose. */
export interface AxisState {
  field: string;
  method: BinMethod | null;
  bins: number;
  top: number;
}

/** 0: the first field ("Slice by"); 1: the optional second one ("and by"). */
export type AxisIndex = 0 | 1;

export interface SlicerState {
  axes: readonly [AxisState, AxisState | null];
  selected: TestCaseKey | null;
  sort: MetricsTableSort | null;
  /** The table is drawn anew with every result: its compact view (one metric at a time) is kept here. */
  tableView: MetricsTableView | null;
  chartKind: ChartKind;
  chartMetric: string;
}

export interface InitialSlicing {
  /** The fields offered, in order: the first is sliced by when `field` is not one of them. */
  fields: readonly string[];
  field?: string;
  field2?: string | null;
  bins?: number;
  method?: BinMethod;
  /** The chart's first metric. */
  chartMetric: string;
}

export function initialSlicerState(initial: InitialSlicing): SlicerState {
  const offered = (field: string | null | undefined): field is string => !!field && initial.fields.includes(field);
  const first: AxisState = {
    field: offered(initial.field) ? initial.field : initial.fields[0],
    method: initial.method ?? null,
    bins: initial.bins ?? defaultBins,
    top: defaultTop,
  };
  const second: AxisState | null = offered(initial.field2) ? newAxis(initial.field2) : null;
  return { axes: [first, second], selected: null, sort: null, tableView: null, chartKind: "delta", chartMetric: initial.chartMetric };
}

/** The axes in use, first then second. */
export function chosenAxes(state: SlicerState): AxisState[] {
  return state.axes.filter((axis): axis is AxisState => axis !== null);
}

/**
 * A field picked for an axis ("" on the second: no second field). The first axis keeps its bins
 * and top but chooses its method anew; a second field the same as the first is dropped. The
 * selected slice belongs to the old slicing, so it goes.
 */
export function chooseField(state: SlicerState, index: AxisIndex, field: string): SlicerState {
  const [first, second] = state.axes;
  if (index === 0) {
    const changed: AxisState = { ...first, field, method: null };
    return { ...state, axes: [changed, second?.field === field ? null : second], selected: null };
  }
  return { ...state, axes: [first, field ? newAxis(field) : null], selected: null };
}

export function chooseMethod(state: SlicerState, index: AxisIndex, method: BinMethod): SlicerState {
  return withAxis(state, index, { method });
}

export function chooseBins(state: SlicerState, index: AxisIndex, bins: number): SlicerState {
  return withAxis(state, index, { bins });
}

/** The number of values shown one by one, as typed: a whole number from 1 to 100, the default when not a number. */
export function chooseTop(state: SlicerState, index: AxisIndex, typed: string): SlicerState {
  return withAxis(state, index, { top: Math.max(1, Math.min(100, Math.round(Number(typed) || defaultTop))) });
}

export function selectSlice(state: SlicerState, selected: TestCaseKey | null): SlicerState {
  return { ...state, selected };
}

export function sortChosen(state: SlicerState, sort: MetricsTableSort | null): SlicerState {
  return { ...state, sort };
}

export function tableViewChosen(state: SlicerState, tableView: MetricsTableView | null): SlicerState {
  return { ...state, tableView };
}

export function chartKindChosen(state: SlicerState, chartKind: ChartKind): SlicerState {
  return { ...state, chartKind };
}

export function chartMetricChosen(state: SlicerState, chartMetric: string): SlicerState {
  return { ...state, chartMetric };
}

/** Keeps the selection only if a new slicing still has that test case. */
export function keepSelectionIn(state: SlicerState, testCases: readonly { stratification: string; test_case: string }[]): SlicerState {
  const { selected } = state;
  if (!selected || testCases.some((key) => isSelected(selected, key))) return state;
  return { ...state, selected: null };
}

/** Whether an evaluation's test case (wire names) is the selected one. */
export function isSelected(selected: TestCaseKey, key: { stratification: string; test_case: string }): boolean {
  return key.stratification === selected.stratification && key.test_case === selected.testCase;
}

function newAxis(field: string): AxisState {
  return { field, method: null, bins: defaultBins, top: defaultTop };
}

function withAxis(state: SlicerState, index: AxisIndex, change: Partial<AxisState>): SlicerState {
  const [first, second] = state.axes;
  if (index === 0) return { ...state, axes: [{ ...first, ...change }, second] };
  return second ? { ...state, axes: [first, { ...second, ...change }] } : state;
}
