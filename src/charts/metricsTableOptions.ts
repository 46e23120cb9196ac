// What a metrics table can be asked to show and how, with every default applied in one place
// (metricsTableDefaults).
import type { TestCaseKey } from "./evaluationData";
import type { MetricsTableView } from "./metricsTableView";

/** A column to sort by: the test case name, the sample count, or one model's value of one metric (its label). */
export type MetricsTableSortColumn = "test_case" | "n" | { model: string; metric: string };

export interface MetricsTableSort {
  column: MetricsTableSortColumn;
  direction: "asc" | "desc";
}

export interface MetricsTableOptions {
  /** Metric labels (the evaluation's `metric` column) to show, in this order; default all. */
  metrics?: string[];
  /** Models to show, in this order; default all, the reference first. */
  models?: string[];
  /** Stratifications to show, in this order; default all, in the evaluation's order. */
  stratifications?: string[];
  /** Rows sort inside their stratification; null keeps the evaluation's order. */
  sort?: MetricsTableSort | null;
  /** Stratifications whose test cases are hidden under their group row. */
  collapsed?: string[];
  selected?: TestCaseKey | null;
  onSelect?(key: TestCaseKey | null): void;
  onSortChange?(sort: MetricsTableSort | null): void;
  onCollapseChange?(collapsed: string[]): void;
  /** Height of the scroll container in px; rows beyond it scroll under a sticky header. */
  maxHeight?: number;
  /** Show each model's delta to the reference with its verdict. */
  showDelta?: boolean;
  /** Height of every body row in px. Fixed, so that long tables can render only the rows in view. */
  rowHeight?: number;
  /** What the table is, for screen readers (a visually hidden caption). */
  caption?: string;
  /**
   * The compact layout: one metric group or one metric at a time; null (the default) shows every
   * metric. The toolbar offers the choice when the table is wider than its column.
   */
  view?: MetricsTableView | null;
  onViewChange?(view: MetricsTableView | null): void;
  /** Width in px to lay out for while the element has none (clientWidth 0: not attached yet, or jsdom). */
  width?: number;
}

export interface MetricsTableSettings {
  metrics: string[] | null;
  models: string[] | null;
  stratifications: string[] | null;
  sort: MetricsTableSort | null;
  collapsed: string[];
  selected: TestCaseKey | null;
  onSelect: (key: TestCaseKey | null) => void;
  onSortChange: (sort: MetricsTableSort | null) => void;
  onCollapseChange: (collapsed: string[]) => void;
  maxHeight: number;
  showDelta: boolean;
  rowHeight: number;
  caption: string | null;
  view: MetricsTableView | null;
  onViewChange: (view: MetricsTableView | null) => void;
  /** 0 when not given: the width is then only known from layout. */
  width: number;
}

const ignore = () => {};

/** Options, or settings merged with new options (their absent values are null): what the defaults complete. */
export type MetricsTableInput = { [Name in keyof MetricsTableOptions]?: MetricsTableOptions[Name] | null };

export function metricsTableDefaults(options: MetricsTableInput = {}): MetricsTableSettings {
  return {
    metrics: options.metrics ?? null,
    models: options.models ?? null,
    stratifications: options.stratifications ?? null,
    sort: options.sort ?? null,
    collapsed: options.collapsed ?? [],
    selected: options.selected ?? null,
    onSelect: options.onSelect ?? ignore,
    onSortChange: options.onSortChange ?? ignore,
    onCollapseChange: options.onCollapseChange ?? ignore,
    maxHeight: positive(options.maxHeight, 480),
    showDelta: options.showDelta ?? true,
    rowHeight: positive(options.rowHeight, 28),
    caption: options.caption ?? null,
    view: options.view && typeof options.view.group === "string" ? { group: options.view.group, metric: options.view.metric ?? null } : null,
    onViewChange: options.onViewChange ?? ignore,
    width: positive(options.width, 0),
  };
}

function positive(value: number | null | undefined, fallback: number): number {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : fallback;
}

/** The sort a click on a column header leads to: ascending, then descending, then the original order. */
export function nextSort(current: MetricsTableSort | null, column: MetricsTableSortColumn): MetricsTableSort | null {
  if (!current || !sameSortColumn(current.column, column)) return { column, direction: "asc" };
  return current.direction === "asc" ? { column, direction: "desc" } : null;
}

export function sameSortColumn(a: MetricsTableSortColumn, b: MetricsTableSortColumn): boolean {
  if (typeof a === "string" || typeof b === "string") return a === b;
  return a.model === b.model && a.metric === b.metric;
}
