// The worst-slice search's state as plain data with its transitions (a search's result arrives,
// a slice is checked), and the pure pieces around it: the search's input, its summary, a row's cells.
import type { TestCaseDefinition } from "../../core";
import { formatDelta, formatProbability, formatValue } from "../../charts/format";
import { FoundSlice, SearchFeature, SearchMode, SliceEvaluator, SliceSearchInput, SliceSearchResult, buildAxis, defaultMethod } from "../../metrics";

/** Levels per numeric field in the search: quantile bins, so each holds about the same share of rows. */
const searchBins = 6;
const searchTop = 10;
/** Slices listed from a search. */
const listed = 20;
/** A slice whose q-value is below this stands out from chance. */
export const significance = 0.05;

export interface WorstSlicesState {
  found: readonly FoundSlice[];
  /** Indexes into `found` of the slices checked for saving. */
  checked: ReadonlySet<number>;
  /** The model and mode of the search that found them: the table's headings name them. */
  model: string;
  mode: SearchMode;
}

export const noWorstSlices: WorstSlicesState = { found: [], checked: new Set(), model: "", mode: "underperforms" };

export function searchFinished(result: SliceSearchResult, model: string, mode: SearchMode): WorstSlicesState {
  return { found: result.slices, checked: new Set(), model, mode };
}

export function checkSlice(state: WorstSlicesState, index: number, checked: boolean): WorstSlicesState {
  const next = new Set(state.checked);
  if (checked) next.add(index);
  else next.delete(index);
  return { ...state, checked: next };
}

/** The checked slices as test cases, in the order they are listed. */
export function checkedTestCases(state: WorstSlicesState): TestCaseDefinition[] {
  return [...state.checked].sort((a, b) => a - b).map((index) => ({ name: state.found[index].label, where: state.found[index].predicate }));
}

/** What the form asks for. `metric` is "group:index" of the evaluator's metrics. */
export interface SearchRequest {
  model: string;
  mode: SearchMode;
  metric: string;
  depth: string;
  minSize: string;
}

/**
 * The search's input for a request, over the rows the filters keep (`mask`, null: all), or a
 * sentence saying why there is no search to run (then the fields are not discretized).
 */
export function searchInput(
  evaluator: SliceEvaluator,
  request: SearchRequest,
  features: () => SearchFeature[],
  mask: Uint8Array | null,
): SliceSearchInput | string {
  const [group, index] = request.metric.split(":").map(Number);
  if (request.mode === "regresses" && request.model === evaluator.reference)
    return `${request.model} is the reference: pick another model to look for regressions against it.`;
  const own = evaluator.perRowError(request.model, group, index)!;
  const reference = request.mode === "regresses" ? evaluator.perRowError(evaluator.reference, group, index)! : null;
  return {
    features: features(),
    errors: mask ? own.errors.map((error, row) => (mask[row] ? error : NaN)) : own.errors,
    referenceErrors: reference?.errors,
    binary: own.binary,
    mode: request.mode,
    minSize: Math.max(1, Math.round(Number(request.minSize) || 1)),
    maxDepth: Number(request.depth) as 1 | 2 | 3,
    top: listed,
  };
}

/** Each slicing field discretized for the search: categories (top N + other) or quantile bins. */
export function searchFeatures(evaluator: SliceEvaluator, fields: readonly string[]): SearchFeature[] {
  return fields.map((field) => {
    const column = evaluator.columns.read(field);
    const axis = buildAxis(column, {
      field,
      top: searchTop,
      bins: searchBins,
      method: column.kind === "numeric" ? defaultMethod(column.values, "quantile") : "values",
    });
    return { name: field, codes: axis.codes, levels: axis.levels.map((level) => ({ label: level.phrase, predicate: level.predicate })) };
  });
}

/** The smallest slice the form suggests: 1 % of the samples, and at least 20. */
export function suggestedMinimumSize(samples: number): number {
  return Math.max(20, Math.round(samples / 100));
}

export function searchSummary(result: SliceSearchResult, elapsedMs: number): string {
  const found = result.slices;
  const significant = found.filter((slice) => slice.qValue < significance).length;
  return (
    `Tested ${count(result.tested)} slices of ${count(result.rows)} samples in ${(elapsedMs / 1000).toFixed(2)} s` +
    ` (${count(result.pruned)} pruned). ${significant} of the top ${found.length} have q < 0.05` +
    (significant === 0 ? ": no slice stands out from chance." : ".") +
    (result.redundant ? ` ${count(result.redundant)} not listed: they hold the same samples as a shorter slice.` : "")
  );
}

/**
 * The table's headings after the checkbox column. Underperforms: the slice's error against the
 * whole data's. Regresses: the model's error in the slice, and its mean difference to the reference's there.
 */
export function worstSliceHeadings(state: WorstSlicesState, reference: string): string[] {
  const regresses = state.mode === "regresses";
  return ["Slice", "Samples", `error of ${state.model}`, regresses ? `Δ error vs ${reference}` : "overall error", regresses ? "" : "lift", "q-value"];
}

/** One found slice's cells, under `worstSliceHeadings`. */
export function worstSliceCells(slice: FoundSlice, mode: SearchMode): string[] {
  const regresses = mode === "regresses";
  return [
    slice.label,
    count(slice.size),
    formatValue(slice.error),
    regresses ? formatDelta(slice.lift) : formatValue(slice.overallError),
    regresses ? "" : `×${formatValue(slice.lift)}`,
    formatProbability(slice.qValue),
  ];
}

function count(value: number): string {
  return value.toLocaleString("en-US");
}
