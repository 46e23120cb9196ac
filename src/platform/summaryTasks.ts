// The summaries an evaluation computes up front on the worker pool (bootstrapPool.ts): a cell-shaped
// metric's bootstrap, or a detection measure's image bootstrap. Plain data in, a MetricSummary out,
// the same code on a worker as here, so where a task runs changes no number, only the wall time.
import {
  CellStatistics,
  DetectionMatches,
  DetectionMeasureOptions,
  DetectionSummaryOptions,
  MetricPlan,
  MetricSummary,
  SummaryOptions,
  detectionJackknifeFrom,
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
  options: DetectionSummaryOptions;
}

export type SummaryTask = CellTask | DetectionTask;

export function runSummaryTask(task: SummaryTask): MetricSummary {
  if (task.kind === "cells") return summarizeMetric(task.plan, task.statistics, task.options);
  const model = prepareDetectionMeasure(task.matches, task.images, task.measure).measure;
  const reference = task.reference ? prepareDetectionMeasure(task.reference.matches, task.images, task.reference.measure).measure : null;
  const counted = task.measure.measure === "tp" || task.measure.measure === "fp" || task.measure.measure === "fn";
  return summarizeDetection(model, reference, task.images.length, { ...task.options, range: counted ? [0, Infinity] : [0, 1] });
}

/** About how much work a task is: what one resample (or jackknife replicate) reads, times their number. */
export function summaryTaskCost(task: SummaryTask): number {
  if (task.kind === "cells") return task.statistics.counts.length * task.options.resamples;
  const perResample = task.images.length + task.matches.predictions.index.length;
  const jackknife = task.images.length >= (task.options.jackknifeFrom ?? detectionJackknifeFrom.images);
  return perResample * (jackknife ? detectionJackknifeFrom.groups + 1 : task.options.resamples);
}
