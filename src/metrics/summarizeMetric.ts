// One (test case, model, metric): its value, confidence interval and — against the reference —
// its paired p-value, from sufficient statistics alone.
import { Scalar } from "../core";
import { MetricPlan } from "./metricPlan";
import { SufficientStatistics, CellStatistics } from "./sufficientStatistics";
import { WeightedMetric, prepareCellMetric, prepareUsedCount } from "./cellMetric";
import { cellSums } from "./cellSums";
import { deltaMethodFrom, deltaSummary } from "./deltaMethod";
import { bootstrapPValue, createRandom, mcnemarExact, meanInterval, poissonResampler, pairedTTest, percentileInterval, wilsonInterval } from "./statistics";

export interface SummaryOptions {
  /** Confidence level of the intervals, e.g. 0.95. */
  confidence: number;
  /** Bootstrap resamples for metrics without a closed-form interval. */
  resamples: number;
  /** Seed of this summary's bootstrap (derive it from the row's identity, see `hashSeed`). */
  seed: number;
}

export interface MetricSummary {
  /** Datapoints the metric used: those with the values it reads (not every row of the test case). */
  n: number;
  value: number;
  ciLow: number;
  ciHigh: number;
  /** Against the reference; NaN when the statistics are not paired (the reference's own row). */
  pValue: number;
}

/**
 * Which interval and test each shape uses:
 * - binary (mean of a boolean, rate): Wilson score interval; McNemar's exact test on the
 *   discordant pairs;
 * - moments (mean of a number, sum = n × mean, MAE, MSE, RMSE = √MSE): Student-t interval
 *   (for RMSE the square root of the MSE's bounds); paired t-test on per-datapoint differences;
 * - cells (min, max, median, stddev, R², count-based and multi-class measures): seeded
 *   percentile Poisson bootstrap of the distinct outcome cells (each count redrawn from
 *   Poisson(count)); the paired test is the two-sided percentile-bootstrap test of the delta in
 *   the same resamples; except that a count-based or multi-class measure on at least
 *   deltaMethodFrom's datapoints, whose every ratio has a large enough denominator, takes the
 *   delta method's interval and normal test instead (deltaMethod.ts: the bootstrap's first-order
 *   form, as accurate there and a thousand times cheaper; bench/coverage.js);
 * - count: no interval, no test (every compared model sees the same datapoints).
 * A value that is undefined on the test case (no datapoint; stddev or R² of one) has no interval
 * and no test either: every figure is NaN, which the evaluation table shows as null.
 */
export function summarizeMetric(plan: MetricPlan, statistics: SufficientStatistics, options: SummaryOptions): MetricSummary {
  const summary = summarizeDefined(plan, statistics, options);
  if (Number.isFinite(summary.value)) return summary;
  return { n: summary.n, value: NaN, ciLow: NaN, ciHigh: NaN, pValue: NaN };
}

function summarizeDefined(plan: MetricPlan, statistics: SufficientStatistics, options: SummaryOptions): MetricSummary {
  const kind = plan.metric.kind;
  switch (statistics.shape) {
    case "count":
      return { n: statistics.n, value: statistics.n, ciLow: NaN, ciHigh: NaN, pValue: NaN };
    case "binary": {
      const { n, successes, paired } = statistics;
      const [ciLow, ciHigh] = wilsonInterval(successes, n, options.confidence);
      const pValue = paired ? mcnemarExact(paired.modelOnly, paired.referenceOnly) : NaN;
      return { n, value: n === 0 ? NaN : successes / n, ciLow, ciHigh, pValue };
    }
    case "moments": {
      const { n, sum, paired } = statistics;
      const [low, high] = meanInterval(statistics, options.confidence);
      const mean = n === 0 ? NaN : sum / n;
      const pValue = paired ? pairedTTest(paired) : NaN;
      if (kind === "sum") return { n, value: sum, ciLow: n * low, ciHigh: n * high, pValue };
      if (plan.metric.kind === "regression" && plan.metric.measure === "rmse") {
        const root = (x: number) => Math.sqrt(Math.max(0, x));
        return { n, value: root(mean), ciLow: root(low), ciHigh: root(high), pValue };
      }
      return { n, value: mean, ciLow: low, ciHigh: high, pValue };
    }
    case "cells":
      return bootstrapCells(plan, statistics, options);
    case "detection":
      // Its boxes are not in the statistics: the platform summarizes it from its matches (summarizeDetection).
      return { n: statistics.n, value: NaN, ciLow: NaN, ciHigh: NaN, pValue: NaN };
  }
}

/**
 * A cell-shaped metric's summary where the delta method answers (or the value is undefined on the
 * data), else null: the figures summarizeMetric gives, without the bootstrap's cost, so a caller
 * can run only the bootstraps elsewhere (a worker). Below the delta method's datapoints it answers
 * null at once: summarizeMetric gives those figures as cheaply as this would.
 */
export function summarizeCellsWithoutResampling(plan: MetricPlan, statistics: CellStatistics, options: SummaryOptions): MetricSummary | null {
  if (statistics.n < deltaMethodFrom.datapoints) return null;
  const summary = answerWithoutResampling(prepareCells(plan, statistics), plan, options);
  if (!summary || Number.isFinite(summary.value)) return summary;
  return { n: summary.n, value: NaN, ciLow: NaN, ciHigh: NaN, pValue: NaN };
}

interface PreparedCells {
  cells: CellStatistics;
  model: WeightedMetric;
  reference: WeightedMetric | null;
  n: number;
  value: number;
}

function prepareCells(plan: MetricPlan, gathered: CellStatistics): PreparedCells {
  // A database returns groups in any order; the resampling must not depend on it.
  const cells = inCanonicalOrder(gathered);
  const model = prepareCellMetric(plan, cells, 0);
  const n = prepareUsedCount(plan, cells, 0)(cells.counts);
  const value = model(cells.counts);
  const reference = cells.paired && Number.isFinite(value) ? prepareCellMetric(plan, cells, 1) : null;
  return { cells, model, reference, n, value };
}

function answerWithoutResampling({ cells, reference, n, value }: PreparedCells, plan: MetricPlan, options: SummaryOptions): MetricSummary | null {
  // Undefined on the data itself: nothing to resample (summarizeMetric nulls every figure).
  if (!Number.isFinite(value)) return { n, value, ciLow: NaN, ciHigh: NaN, pValue: NaN };
  const analytic = n >= deltaMethodFrom.datapoints ? deltaOfCells(plan, cells, value, reference, options) : null;
  return analytic ? { n, value, ...analytic } : null;
}

function bootstrapCells(plan: MetricPlan, gathered: CellStatistics, options: SummaryOptions): MetricSummary {
  const prepared = prepareCells(plan, gathered);
  const answer = answerWithoutResampling(prepared, plan, options);
  if (answer) return answer;
  const { cells, model, reference, n, value } = prepared;
  const random = createRandom(options.seed);
  const values = new Float64Array(options.resamples);
  const deltas = new Float64Array(reference ? options.resamples : 0);
  const weights = new Float64Array(cells.counts.length);
  const resample = poissonResampler(cells.counts);
  for (let r = 0; r < options.resamples; r++) {
    resample(random, weights);
    values[r] = model(weights);
    if (reference) deltas[r] = values[r] - reference(weights);
  }
  // Resamples where the metric is undefined (no datapoint drawn; R² or stddev of one) are dropped,
  // not scored. With fewer than half of them left, the rest is too selected a sample to stand for
  // the bootstrap distribution, and the interval (or the p-value, counting the paired deltas) is NaN.
  const enough = (replicates: Float64Array) => 2 * countDefined(replicates) >= options.resamples;
  const [ciLow, ciHigh] = enough(values) ? percentileInterval(values, options.confidence) : [NaN, NaN];
  const pValue = reference && enough(deltas) ? bootstrapPValue(deltas) : NaN;
  return { n, value, ciLow, ciHigh, pValue };
}

/** The delta method's figures for a ratio of cell counts (deltaMethod.ts), or null where it does not apply. */
function deltaOfCells(plan: MetricPlan, cells: CellStatistics, value: number, reference: WeightedMetric | null, options: SummaryOptions) {
  const modelForm = cellSums(plan, cells, 0);
  const referenceForm = reference ? cellSums(plan, cells, 1) : null;
  if (!modelForm || (reference && !referenceForm)) return null;
  const values = { model: value, reference: reference ? reference(cells.counts) : NaN };
  return deltaSummary(modelForm, referenceForm, cells.counts, values, options.confidence);
}

function countDefined(replicates: Float64Array): number {
  let defined = 0;
  for (const replicate of replicates) if (!Number.isNaN(replicate)) defined++;
  return defined;
}

/** The cells sorted by their outcome tuples (nulls first, then booleans, numbers, strings). */
export function inCanonicalOrder(cells: CellStatistics): CellStatistics {
  // A reader that says it put them in this order (decodeStatistics does) is taken at its word; one that put them so without saying, once checked.
  if (cells.canonical || cells.values.every((tuple, i) => i === 0 || compareTuples(cells.values[i - 1], tuple) < 0)) return cells;
  const order = cells.values.map((_, index) => index);
  const keys = tupleRanks(cells.values);
  if (keys) order.sort((a, b) => keys[a] - keys[b]);
  else order.sort((a, b) => compareTuples(cells.values[a], cells.values[b]));
  return { ...cells, values: order.map((index) => cells.values[index]), counts: order.map((index) => cells.counts[index]) };
}

/**
 * Each tuple's place in compareTuples' order as one number — its values' ranks among their
 * position's distinct values, as digits — or null where the number would not be exact. A tuple
 * table holds a few distinct values per position (labels, counts), so ranking those and sorting
 * numbers costs a fraction of comparing tuples value by value.
 */
function tupleRanks(tuples: readonly (readonly Scalar[])[]): Float64Array | null {
  const width = tuples.length > 0 ? tuples[0].length : 0;
  const keys = new Float64Array(tuples.length);
  let scale = 1;
  for (let position = width - 1; position >= 0; position--) {
    const distinct = [...new Set(tuples.map((tuple) => tuple[position]))].sort(compareCellValues);
    // Equal under compareCellValues but distinct to a Set (NaN's comparisons are not an order): compare tuples instead.
    if (distinct.some((value, i) => i > 0 && !(compareCellValues(distinct[i - 1], value) < 0))) return null;
    const rank = new Map(distinct.map((value, i) => [value, i]));
    for (let t = 0; t < tuples.length; t++) keys[t] += rank.get(tuples[t][position])! * scale;
    scale *= distinct.length;
    if (scale > Number.MAX_SAFE_INTEGER) return null;
  }
  return keys;
}

function compareTuples(a: readonly Scalar[], b: readonly Scalar[]): number {
  for (let i = 0; i < a.length; i++) {
    const difference = compareCellValues(a[i], b[i]);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** The canonical order of the cells' outcome values: nulls first, then booleans, numbers, strings. */
export function compareCellValues(a: Scalar, b: Scalar): number {
  // Most outcomes are numbers, or labels as strings: compared without ranking or String().
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  const rank = (value: Scalar) => (value === null ? 0 : typeof value === "boolean" ? 1 : typeof value === "number" ? 2 : 3);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  const left = String(a);
  const right = String(b);
  return left < right ? -1 : left > right ? 1 : 0;
}
