// The summaries an evaluation computes up front on the worker pool (bootstrapPool.ts): a cell-shaped
// metric's bootstrap, or a detection measure's image bootstrap. Plain data in, a MetricSummary out,
// the same code on a worker as here, so where a task runs changes no number, only the wall time.
import {
  CellStatistics,
  DetectionMatches,
  DetectionMeasureOptions,
  MetricPlan,
  MetricSummary,
  SummaryOptions,
  prepareDetectionMeasure,
  summarizeDetection,
  summarizeMetric,
} from "../metrics";

export interface CellTask {
  kind: "cells";
  plan: MetricPlan;
  statistics: CellStatistics;
  options: SummaryOptions;
}

/** One model's detection measure on a test case's images, paired with the reference's on the same images. */
export interface DetectionTask {
  kind: "detection";
  matches: DetectionMatches;
  measure: DetectionMeasureOptions;
  reference: { matches: DetectionMatches; measure: DetectionMeasureOptions } | null;
  images: Int32Array;
  options: SummaryOptions;
}

export type SummaryTask = CellTask | DetectionTask;

export function runSummaryTask(task: SummaryTask): MetricSummary {
  if (task.kind === "cells") return summarizeMetric(task.plan, task.statistics, task.options);
  const model = prepareDetectionMeasure(task.matches, task.images, task.measure).measure;
  const reference = task.reference ? prepareDetectionMeasure(task.reference.matches, task.images, task.reference.measure).measure : null;
  return summarizeDetection(model, reference, task.images.length, task.options);
}

/** About how much work a task is: what one resample reads, times the resamples. */
export function summaryTaskCost(task: SummaryTask): number {
  const perResample = task.kind === "cells" ? task.statistics.counts.length : task.images.length + task.matches.predictions.index.length;
  return perResample * task.options.resamples;
}
