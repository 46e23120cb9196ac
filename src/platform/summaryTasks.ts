// The work an evaluation does up front on the worker pool (bootstrapPool.ts): a cell-shaped
// metric's bootstrap, a detection measure's image bootstrap (or jackknife) — a MetricSummary out —
// or one model's detection matching, its matches out in shared memory. Plain data in, the same code
// on a worker as here, so where a task runs changes no number, only the wall time.
import {
  BoxSet,
  CellStatistics,
  DetectionMatches,
  DetectionMeasureOptions,
  DetectionSummaryOptions,
  MatchingOptions,
  MetricPlan,
  MetricSummary,
  SummaryOptions,
  detectionJackknifeFrom,
  prepareDetectionMeasure,
  matchDetections,
  summarizeDetection,
  summarizeMetric,
} from "../metrics";
import { shareMatches } from "./sharedMatches";

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

/** One model's predictions matched to the ground truth (seconds of work at 100,000 images: not on the server's thread). */
export interface MatchTask {
  kind: "match";
  truth: BoxSet;
  predictions: BoxSet;
  options: MatchingOptions;
}

export type SummaryTask = CellTask | DetectionTask | MatchTask;

/** What a task answers: matches for a matching, else a summary. */
export type TaskResult<T extends SummaryTask> = T extends MatchTask ? DetectionMatches : MetricSummary;

export function runSummaryTask<T extends SummaryTask>(task: T): TaskResult<T>;
export function runSummaryTask(task: SummaryTask): MetricSummary | DetectionMatches {
  if (task.kind === "cells") return summarizeMetric(task.plan, task.statistics, task.options);
  // Shared, so that handing the matches back from a worker (and to the next tasks) copies nothing.
  if (task.kind === "match") return shareMatches(matchDetections(task.truth, task.predictions, task.options));
  const model = prepareDetectionMeasure(task.matches, task.images, task.measure).measure;
  const reference = task.reference ? prepareDetectionMeasure(task.reference.matches, task.images, task.reference.measure).measure : null;
  const counted = task.measure.measure === "tp" || task.measure.measure === "fp" || task.measure.measure === "fn";
  return summarizeDetection(model, reference, task.images.length, { ...task.options, range: counted ? [0, Infinity] : [0, 1] });
}

/** About how much work a task is: what one resample (or jackknife replicate) reads, times their number. */
export function summaryTaskCost(task: SummaryTask): number {
  if (task.kind === "cells") return task.statistics.counts.length * task.options.resamples;
  // Matching a prediction at one (IoU threshold, area range) costs about what scoring it in ten resamples does.
  if (task.kind === "match") return 10 * task.predictions.label.length * task.options.iou.length * task.options.areaRanges.length;
  const perResample = task.images.length + task.matches.predictions.index.length;
  const jackknife = task.images.length >= (task.options.jackknifeFrom ?? detectionJackknifeFrom.images);
  return perResample * (jackknife ? detectionJackknifeFrom.groups + 1 : task.options.resamples);
}
