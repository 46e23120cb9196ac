// The metrics table's compact layout: which metrics its value columns show (all, one metric group,
// or one metric), the choices its toolbar offers, and when to offer them. Pure.
import type { MetricKey } from "./evaluationData";

/** One metric group, or one metric of it (by its label); null shows every metric. */
export interface MetricsTableView {
  group: string;
  metric?: string | null;
}

export interface MetricsTableViewChoice {
  /** The `<option>` value: "" for every metric, else the view as JSON (names may hold any character). */
  value: string;
  label: string;
  view: MetricsTableView | null;
}

/**
 * The metrics (indices into `metrics`) that a view keeps of the `shown` ones, in their order. A view
 * naming no shown metric (the options changed under it) keeps them all rather than an empty table.
 */
export function metricsInView(metrics: readonly MetricKey[], shown: readonly number[], view: MetricsTableView | null): number[] {
  if (!view) return [...shown];
  const kept = shown.filter((k) => metrics[k].group === view.group && (view.metric == null || metrics[k].metric === view.metric));
  return kept.length > 0 ? kept : [...shown];
}

/**
 * What the view selector offers for the shown metrics: every metric, then each group (only when
 * there are two or more), then each metric — named as its header names it, with its group when two
 * shown metrics share a label. Nothing when one metric is shown: there is nothing to narrow.
 */
export function metricsTableViewChoices(metrics: readonly MetricKey[], shown: readonly number[]): MetricsTableViewChoice[] {
  if (shown.length < 2) return [];
  const choices: MetricsTableViewChoice[] = [{ value: "", label: "All metrics", view: null }];
  const groups = [...new Set(shown.map((k) => metrics[k].group))];
  if (groups.length > 1) {
    for (const group of groups) {
      const count = shown.filter((k) => metrics[k].group === group).length;
      choices.push(choice({ group }, `${group} (${count} metric${count === 1 ? "" : "s"})`));
    }
  }
  const labelCount = new Map<string, number>();
  for (const k of shown) labelCount.set(metrics[k].metric, (labelCount.get(metrics[k].metric) ?? 0) + 1);
  for (const k of shown) {
    const { group, metric } = metrics[k];
    choices.push(choice({ group, metric }, labelCount.get(metric)! > 1 ? `${group} / ${metric}` : metric));
  }
  return choices;
}

/** The option value of a view (see MetricsTableViewChoice.value). */
export function metricsTableViewValue(view: MetricsTableView | null): string {
  if (!view) return "";
  return JSON.stringify(view.metric == null ? [view.group] : [view.group, view.metric]);
}

/**
 * Whether the toolbar shows the view selector: when the table is wider than the room it has (a
 * width of 0 is not known yet: no layout, or no layout engine), and always once a view narrows the
 * table, so that a person can go back to every metric.
 */
export function offerMetricsTableView(options: { choices: number; view: MetricsTableView | null; contentWidth: number; availableWidth: number }): boolean {
  if (options.choices < 2) return false;
  if (options.view !== null) return true;
  return options.availableWidth > 0 && options.contentWidth > options.availableWidth;
}

function choice(view: MetricsTableView, label: string): MetricsTableViewChoice {
  return { value: metricsTableViewValue(view), label, view };
}
