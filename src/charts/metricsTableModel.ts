// What the metrics table shows, as plain data: its metric × model columns, its stratification
// groups with their test cases in display order, and each test case's sample count. Pure.
import type { EvaluationData } from "./evaluationData";
import type { MetricsTableSettings, MetricsTableSort } from "./metricsTableOptions";
import { metricsInView } from "./metricsTableView";

export interface MetricsTableColumn {
  /** Index into data.metrics and data.models. */
  metric: number;
  model: number;
  /** The evaluation's `metric` label (the cells' data-metric). */
  metricLabel: string;
  /** The metric as its header shows it: the label, with its group when two groups share it. */
  metricTitle: string;
  modelName: string;
  isReference: boolean;
}

export interface MetricsTableGroup {
  stratification: string;
  /** Indices into data.testCases, in display order. */
  testCases: number[];
}

export interface MetricsTableModel {
  columns: MetricsTableColumn[];
  /** Shown metrics (indices into data.metrics), each spanning one column per shown model. */
  metrics: number[];
  /** The metrics the options ask for, before the view narrows them to a group or one metric. */
  selectable: number[];
  models: number[];
  groups: MetricsTableGroup[];
  /** Sample count per test case (index into data.testCases); NaN when no shown cell has one. */
  n: Float64Array;
  reference: string | null;
  /** Names asked for in the options that the evaluation does not have. */
  missing: { metrics: string[]; models: string[]; stratifications: string[] };
}

type Settings = Pick<MetricsTableSettings, "metrics" | "models" | "stratifications" | "sort"> & Partial<Pick<MetricsTableSettings, "view">>;

export function metricsTableModel(data: EvaluationData, settings: Settings): MetricsTableModel {
  const missing = { metrics: [] as string[], models: [] as string[], stratifications: [] as string[] };

  const selectable = unique(
    settings.metrics
      ? settings.metrics.flatMap((label) => {
          const found = indicesWhere(data.metrics, (metric) => metric.metric === label);
          if (found.length === 0) missing.metrics.push(label);
          return found;
        })
      : data.metrics.map((_, index) => index),
  );
  const metrics = metricsInView(data.metrics, selectable, settings.view ?? null);

  const allModels = data.models.map((_, index) => index);
  const referenceIndex = data.reference === null ? -1 : data.models.indexOf(data.reference);
  const models = settings.models
    ? settings.models.flatMap((name) => {
        const index = data.models.indexOf(name);
        if (index < 0) missing.models.push(name);
        return index < 0 ? [] : [index];
      })
    : referenceIndex < 0
      ? allModels
      : [referenceIndex, ...allModels.filter((index) => index !== referenceIndex)];

  // Titles name the group when two asked-for metrics share a label, whichever of them the view shows.
  const labelCount = new Map<string, number>();
  for (const k of selectable) labelCount.set(data.metrics[k].metric, (labelCount.get(data.metrics[k].metric) ?? 0) + 1);
  const columns: MetricsTableColumn[] = [];
  for (const k of metrics) {
    const metric = data.metrics[k];
    const metricTitle = labelCount.get(metric.metric)! > 1 ? `${metric.group} / ${metric.metric}` : metric.metric;
    for (const m of unique(models)) {
      columns.push({ metric: k, model: m, metricLabel: metric.metric, metricTitle, modelName: data.models[m], isReference: data.models[m] === data.reference });
    }
  }

  const byStratification = new Map<string, number[]>();
  data.testCases.forEach((key, index) => {
    const list = byStratification.get(key.stratification);
    if (list) list.push(index);
    else byStratification.set(key.stratification, [index]);
  });
  const stratifications = settings.stratifications
    ? settings.stratifications.filter((name) => {
        if (!byStratification.has(name)) missing.stratifications.push(name);
        return byStratification.has(name);
      })
    : [...byStratification.keys()];

  const n = new Float64Array(data.testCases.length).fill(NaN);
  for (let t = 0; t < n.length; t++) {
    for (const column of columns) {
      const row = data.rowOf(t, column.model, column.metric);
      if (row >= 0 && !(data.n[row] <= n[t])) n[t] = data.n[row];
    }
  }

  const groups = unique(stratifications).map((stratification) => ({ stratification, testCases: byStratification.get(stratification)!.slice() }));
  const compare = settings.sort ? sortComparator(data, columns, n, settings.sort) : null;
  if (compare) for (const group of groups) group.testCases.sort(compare);

  return { columns, metrics, selectable, models: unique(models), groups, n, reference: data.reference, missing };
}

/** The column a sort names, or -1 when the table does not show it. */
export function sortColumnIndex(columns: readonly MetricsTableColumn[], sort: MetricsTableSort): number {
  const column = sort.column;
  if (typeof column === "string") return -1;
  return columns.findIndex((candidate) => candidate.modelName === column.model && candidate.metricLabel === column.metric);
}

const collator = new Intl.Collator("en", { numeric: true, sensitivity: "base" });

/** Orders test cases by the sort's column; missing values go last in either direction, ties keep the evaluation's order. */
function sortComparator(data: EvaluationData, columns: MetricsTableColumn[], n: Float64Array, sort: MetricsTableSort) {
  const sign = sort.direction === "asc" ? 1 : -1;
  if (sort.column === "test_case") {
    return (a: number, b: number) => sign * collator.compare(data.testCases[a].testCase, data.testCases[b].testCase) || a - b;
  }
  let keys: Float64Array;
  if (sort.column === "n") keys = n;
  else {
    const index = sortColumnIndex(columns, sort);
    if (index < 0) return null;
    const { model, metric } = columns[index];
    keys = new Float64Array(data.testCases.length);
    for (let t = 0; t < keys.length; t++) {
      const row = data.rowOf(t, model, metric);
      keys[t] = row < 0 ? NaN : data.value[row];
    }
  }
  return (a: number, b: number) => {
    const x = keys[a];
    const y = keys[b];
    if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) === Number.isNaN(y) ? a - b : Number.isNaN(x) ? 1 : -1;
    return sign * (x - y) || a - b;
  };
}

function indicesWhere<T>(items: readonly T[], predicate: (item: T) => boolean): number[] {
  const found: number[] = [];
  items.forEach((item, index) => predicate(item) && found.push(index));
  return found;
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
