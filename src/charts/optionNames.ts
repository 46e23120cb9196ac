// How a chart's options name what they choose (a metric as "metric" or "group/metric"), and how
// its messages list the names that would have been valid.
import type { MetricKey } from "./evaluationData";

/** Index of the metric named `metric` or `group/metric` (two groups may share a metric's name), or -1. */
export function metricIndexOf(metrics: readonly MetricKey[], name: string): number {
  return metrics.findIndex((metric) => metric.metric === name || `${metric.group}/${metric.metric}` === name);
}

/** Names as a message lists them: each in backticks, comma-separated. */
export function quotedList(names: readonly string[]): string {
  return names.map((name) => `\`${name}\``).join(", ");
}
