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
  GroupedMetric,
  MatchingOptions,
  MetricPlan,
  MetricSummary,
  SummaryOptions,
  detectionJackknifeFrom,
  TestCaseShare,
  prepareDetectionMeasure,
  matchDetections,
  selectTestCase,
  shareKey,
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

/**
 * The detection metrics on a test case's images for every compared model, each paired with the
 * reference on the same images. Metrics that select the same share of a model's matches (AP50 and
 * F1 at IoU 0.5: the same thresholds, area range, classes and maxDetections) select it once.
 */
export interface DetectionTask {
  kind: "detection";
  /** Per metric, per model: its matches, the measure's options and its summary's (its own seed). */
  metrics: { matches: DetectionMatches; measure: DetectionMeasureOptions; options: DetectionSummaryOptions }[][];
  /** Index into each metric's models of the reference. */
  reference: number;
  images: Int32Array;
}

/** One model's predictions matched to the ground truth (seconds of work at 100,000 images: not on the server's thread). */
export interface MatchTask {
  kind: "match";
  truth: BoxSet;
  predictions: BoxSet;
  options: MatchingOptions;
}

export type SummaryTask = CellTask | DetectionTask | MatchTask;

/** What a task answers: matches for a matching, a summary per (metric, model) for detection metrics, else a summary. */
export type TaskResult<T extends SummaryTask> = T extends MatchTask ? DetectionMatches : T extends DetectionTask ? MetricSummary[][] : MetricSummary;

export function runSummaryTask<T extends SummaryTask>(task: T): TaskResult<T>;
export function runSummaryTask(task: SummaryTask): MetricSummary | MetricSummary[][] | DetectionMatches {
  if (task.kind === "cells") return summarizeMetric(task.plan, task.statistics, task.options);
  // Shared, so that handing the matches back from a worker (and to the next tasks) copies nothing.
  if (task.kind === "match") return shareMatches(matchDetections(task.truth, task.predictions, task.options));
  // Each share is kept until the last metric that reads it is summarized, then let go: a share of
  // the whole dataset at 100,000 images is some hundreds of MB.
  const shares = new Map<DetectionMatches, Map<string, { share: TestCaseShare | null; lastMetric: number }>>();
  task.metrics.forEach((models, metric) => {
    for (const { matches, measure } of models) {
      const ofMatches = shares.get(matches) ?? new Map<string, { share: TestCaseShare | null; lastMetric: number }>();
      shares.set(matches, ofMatches);
      ofMatches.set(shareKey(measure), { share: null, lastMetric: metric });
    }
  });
  const shareOf = (matches: DetectionMatches, measure: DetectionMeasureOptions, metric: number) => {
    const entry = shares.get(matches)!.get(shareKey(measure))!;
    const share = entry.share ?? selectTestCase(matches, task.images, measure);
    entry.share = entry.lastMetric === metric ? null : share;
    return share;
  };
  return task.metrics.map((models, metric) => {
    const measures = models.map((model) =>
      observedOnce(prepareDetectionMeasure(model.matches, task.images, model.measure, shareOf(model.matches, model.measure, metric)).measure),
    );
    return models.map((model, index) => {
      const counted = model.measure.measure === "tp" || model.measure.measure === "fp" || model.measure.measure === "fn";
      const reference = index === task.reference ? null : measures[task.reference];
      return summarizeDetection(measures[index], reference, task.images.length, { ...model.options, range: counted ? [0, Infinity] : [0, 1] });
    });
  });
}

/** The same measure, computed once with every image weighted 1: the summaries of a model and of each model paired with it ask for that value again. */
function observedOnce(measure: GroupedMetric): GroupedMetric {
  let observed: number | undefined;
  const once: GroupedMetric = (weights) => {
    for (let i = 0; i < weights.length; i++) if (weights[i] !== 1) return measure(weights);
    observed ??= measure(weights);
    return observed;
  };
  once.leaveGroupOut = measure.leaveGroupOut;
  return once;
}

/** About how much work a task is: what one resample (or jackknife replicate) reads, times their number. */
export function summaryTaskCost(task: SummaryTask): number {
  if (task.kind === "cells") return task.statistics.counts.length * task.options.resamples;
  // Matching a prediction at one (IoU threshold, area range) costs about what scoring it in ten resamples does.
  if (task.kind === "match") return 10 * task.predictions.label.length * task.options.iou.length * task.options.areaRanges.length;
  return task.metrics.flat().reduce((sum, model) => {
    const perResample = task.images.length + model.matches.predictions.index.length;
    const jackknife = task.images.length >= (model.options.jackknifeFrom ?? detectionJackknifeFrom.images);
    return sum + perResample * (jackknife ? detectionJackknifeFrom.groups + 1 : model.options.resamples);
  }, 0);
}
