// The smallest test case a verdict is drawn from (`min_n`): below it a metric keeps its value,
// interval and p-value, but its verdict is unknown and it stays out of the Benjamini–Hochberg family.
import type { MetricGroup } from "../core";
import type { MetricPlan } from "./metricPlan";

/**
 * The default when neither the quality standard nor the evaluation sets `min_n`:
 * - 1 for an exact test (a `binary` metric: McNemar's test is exact at any n);
 * - 2 for everything else: a moment metric's t-interval and paired t-test need two datapoints,
 *   as stddev and R² do for a value; and a bootstrap of one datapoint redraws that datapoint
 *   every time, so its interval has no width and any nonzero delta looks significant
 *   (p = 2/(R + 1) with R resamples).
 */
export function defaultMinimumSamples(plan: MetricPlan): number {
  return plan.shape === "binary" || plan.shape === "count" ? 1 : 2;
}

/** min_n per (group, metric): the override when given, else each metric's default. */
export function minimumSamples(plans: MetricPlan[][], override: number | undefined): number[][] {
  return plans.map((metrics) => metrics.map((plan) => override ?? defaultMinimumSamples(plan)));
}

/**
 * The same as the evaluation's provenance records it (`min_n` of evaluationInfo), keyed by group
 * name then metric label, so a widget can tell "too few samples" from other unknown verdicts.
 */
export function minimumSamplesInfo(metricGroups: MetricGroup[], minimum: number[][]): Record<string, Record<string, number>> {
  const info: Record<string, Record<string, number>> = {};
  metricGroups.forEach((group, g) => {
    info[group.name] = {};
    group.metrics.forEach((metric, m) => (info[group.name][metric.label] = minimum[g][m]));
  });
  return info;
}

/** A row's min_n from an evaluation's provenance; undefined when it does not say (older runs). */
export function minimumSamplesOf(info: Record<string, unknown> | null, metricGroup: string, metric: string): number | undefined {
  const table = info?.min_n as Record<string, Record<string, unknown>> | undefined;
  const value = table?.[metricGroup]?.[metric];
  return typeof value === "number" ? value : undefined;
}
