// The evaluation table of a slicing, computed where the samples are (a browser, a notebook view):
// statistics gathered by typed-array loops, then the same assembleEvaluation the platform runs.
// Bootstraps cost far more than the rest, so they fill in over several short steps.
import { Table } from "apache-arrow";
import { EvaluationRow, MetricGroup, SlicewiseError, evaluationTableFromRows, listForMessage, wholeDatasetTestCase } from "../../core";
import { TestCaseKey, assembleEvaluation } from "../assembleEvaluation";
import { WeightedMetric, prepareCellMetric, prepareUsedCount } from "../cellMetric";
import { minimumSamples, minimumSamplesInfo } from "../minimumSamples";
import type { MetricPlan } from "../metricPlan";
import type { CellStatistics } from "../sufficientStatistics";
import { MetricSummary, summarizeMetric } from "../summarizeMetric";
import { EncodedMetric, EncodedOutcomes, GatheredStatistics, SampleColumns, encodeMetrics, gatherSlices } from "./gatherSlices";
import { SlicePlan } from "./slicePlan";

export interface SliceEvaluatorOptions {
  /** Compared models; each has `<model>.<field>` columns in the samples. */
  models: string[];
  /** Default: the first model. */
  reference?: string;
  metricGroups: MetricGroup[];
  confidence?: number;
  resamples?: number;
  seed?: number;
  /** Below this n a verdict is unknown (the quality standard's `min_n`); default per metric, as on the platform. */
  minN?: number;
}

/** The samples of one evaluation, read once; `evaluate` then answers each slicing. */
export class SliceEvaluator {
  readonly columns: SampleColumns;
  readonly models: string[];
  readonly reference: string;
  readonly metricGroups: MetricGroup[];
  readonly confidence: number;
  readonly resamples: number;
  readonly seed: number;
  readonly minN: number | undefined;
  private readonly encoded: EncodedMetric[][];
  private readonly whole: GatheredStatistics;

  constructor(samples: Table, options: SliceEvaluatorOptions) {
    if (!options.models?.length) throw new SlicewiseError("bad_request", "the slicer needs the models to compare");
    this.columns = new SampleColumns(samples);
    this.models = [...new Set(options.models)];
    this.reference = options.reference ?? this.models[0];
    if (!this.models.includes(this.reference))
      throw new SlicewiseError("bad_request", `the reference "${this.reference}" is not one of the compared models (${listForMessage(this.models)})`);
    this.metricGroups = options.metricGroups;
    this.confidence = options.confidence ?? 0.95;
    this.resamples = options.resamples ?? 1000;
    this.seed = options.seed ?? 0;
    this.minN = options.minN;
    this.encoded = encodeMetrics(this.columns, this.models, this.models.indexOf(this.reference), this.metricGroups);
    // The whole dataset is the same for every slicing: gathered once.
    this.whole = gatherSlices(this.encoded, new Int32Array(this.columns.rows), 1);
  }

  /** The metrics, with whether a per-datapoint error can be read from them (see `perRowError`). */
  metrics(): { group: number; metric: number; label: string; groupName: string; perRow: boolean }[] {
    return this.metricGroups.flatMap((group, g) =>
      group.metrics.map((metric, m) => ({ group: g, metric: m, label: metric.label, groupName: group.name, perRow: this.perRowDirection(g, m) !== null })),
    );
  }

  /**
   * A model's per-datapoint error on a metric with a per-datapoint outcome and a direction, oriented
   * so that larger is worse: 1 − x (or x) for a boolean outcome, the outcome itself for a
   * lower-is-better number (absolute or squared error), max − x for a higher-is-better number.
   * NaN where the outcome is null. Null for metrics without a per-datapoint outcome (F1, median …).
   */
  perRowError(model: string, group: number, metric: number): { errors: Float64Array; binary: boolean } | null {
    const index = this.models.indexOf(model);
    const direction = this.perRowDirection(group, metric);
    if (index < 0 || direction === null) return null;
    const outcomes = this.encoded[group][metric].models[index];
    if (outcomes.shape === "binary") {
      // The code holds x + 1 (unpaired) or (x + 1)·3 + (r + 1) (paired).
      const errors = Float64Array.from(outcomes.codes, (code) => {
        const x = (outcomes.paired ? Math.floor(code / 3) : code) - 1;
        return x < 0 ? NaN : direction ? 1 - x : x;
      });
      return { errors, binary: true };
    }
    if (outcomes.shape === "moments") {
      if (!direction) return { errors: outcomes.own.slice(), binary: false };
      let highest = -Infinity;
      for (const x of outcomes.own) if (x > highest) highest = x;
      return { errors: Float64Array.from(outcomes.own, (x) => highest - x), binary: false };
    }
    return null;
  }

  /** Whether higher is better, for a metric with a per-datapoint outcome (binary or numeric); else null. */
  private perRowDirection(group: number, metric: number): boolean | null {
    const shape = this.encoded[group]?.[metric]?.plan.shape;
    const direction = this.metricGroups[group]?.metrics[metric]?.higher_is_better;
    return (shape === "binary" || shape === "moments") && typeof direction === "boolean" ? direction : null;
  }

  /** Gathers the slicing's statistics (the fast part); figures come from the returned evaluation. */
  evaluate(plan: SlicePlan): SliceEvaluation {
    return new SliceEvaluation(this, plan, this.encoded, this.whole, gatherSlices(this.encoded, plan.sliceOf, plan.testCases.length));
  }
}

export interface SliceRows {
  rows: EvaluationRow[];
  /** False while some bootstrap intervals and p-values are still missing (shown as null). */
  complete: boolean;
  /** Bootstraps done, of all this evaluation needs. */
  done: number;
  total: number;
}

export class SliceEvaluation {
  readonly testCases: TestCaseKey[];
  private readonly summaries = new Map<string, MetricSummary>();
  /** Per (model, group, metric): a cell metric and its n prepared once over all its tuples, for quick values. */
  private readonly quickValues = new Map<string, { value: WeightedMetric; n: WeightedMetric }>();
  private readonly bootstraps: number;

  constructor(
    readonly evaluator: SliceEvaluator,
    readonly plan: SlicePlan,
    private readonly encoded: EncodedMetric[][],
    private readonly whole: GatheredStatistics,
    private readonly sliced: GatheredStatistics,
  ) {
    this.testCases = [{ ...wholeDatasetTestCase }, ...plan.testCases.map((testCase) => ({ stratification: plan.stratification, test_case: testCase.name }))];
    const cellMetrics = encoded.flat().filter((metric) => metric.plan.shape === "cells").length;
    this.bootstraps = cellMetrics * evaluator.models.length * this.testCases.length;
  }

  /**
   * The evaluation rows. Bootstraps not yet computed are computed now while `budgetMs` lasts;
   * the rest show their value with null interval and p-value, and `complete` is false. Call
   * again (e.g. on the next frame) to go on; `Infinity` computes everything.
   */
  rows(budgetMs = Infinity): SliceRows {
    const started = now();
    const { evaluator } = this;
    const modelIndex = new Map(evaluator.models.map((model, index) => [model, index]));
    const rows = assembleEvaluation({
      testCases: this.testCases,
      models: evaluator.models,
      reference: evaluator.reference,
      metricGroups: evaluator.metricGroups,
      plans: this.encoded.map((metrics) => metrics.map((metric) => metric.plan)),
      statistics: (t, model, g, m) => (t === 0 ? this.whole(0, modelIndex.get(model)!, g, m) : this.sliced(t - 1, modelIndex.get(model)!, g, m)),
      confidence: evaluator.confidence,
      resamples: evaluator.resamples,
      seed: evaluator.seed,
      minN: evaluator.minN,
      summarize: (plan, statistics, options, at) => {
        if (statistics.shape !== "cells") return summarizeMetric(plan, statistics, options);
        const key = `${at.testCase}\u0000${at.model}\u0000${at.group}\u0000${at.metric}`;
        let summary = this.summaries.get(key);
        if (!summary && now() - started < budgetMs) this.summaries.set(key, (summary = summarizeMetric(plan, statistics, options)));
        if (summary) return summary;
        // Not yet: the value alone, from the slice's counts over all of the metric's tuples. (The
        // summary that replaces it sums the classes in canonical order: the same to an ulp or so.)
        const model = modelIndex.get(at.model)!;
        const weights =
          at.testCase === 0 ? this.whole.weights(0, model, at.group, at.metric) : this.sliced.weights(at.testCase - 1, model, at.group, at.metric);
        const quick = this.quickValue(plan, model, at.group, at.metric);
        return { n: quick.n(weights), value: quick.value(weights), ciLow: NaN, ciHigh: NaN, pValue: NaN };
      },
    });
    return { rows, complete: this.summaries.size === this.bootstraps, done: this.summaries.size, total: this.bootstraps };
  }

  private quickValue(plan: MetricPlan, model: number, group: number, metric: number): { value: WeightedMetric; n: WeightedMetric } {
    const key = `${model}\u0000${group}\u0000${metric}`;
    let prepared = this.quickValues.get(key);
    if (!prepared) {
      const outcomes = this.encoded[group][metric].models[model] as Extract<EncodedOutcomes, { shape: "cells" }>;
      const cells: CellStatistics = { shape: "cells", n: 0, width: outcomes.width, values: outcomes.tuples, counts: [], paired: outcomes.paired };
      this.quickValues.set(key, (prepared = { value: prepareCellMetric(plan, cells, 0), n: prepareUsedCount(plan, cells, 0) }));
    }
    return prepared;
  }

  /** Rows in some slice of the plan (not filtered out). */
  get rowsInSlices(): number {
    return this.evaluator.columns.rows - this.sliced.sizes[0];
  }

  /** The evaluation table (docs/architecture.md's schema) of some rows. */
  table(rows: EvaluationRow[]): Table {
    return evaluationTableFromRows(rows, {
      source: "slicer",
      models: this.evaluator.models,
      reference: this.evaluator.reference,
      confidence: this.evaluator.confidence,
      datapoints: this.evaluator.columns.rows,
      min_n: minimumSamplesInfo(
        this.evaluator.metricGroups,
        minimumSamples(
          this.encoded.map((metrics) => metrics.map((metric) => metric.plan)),
          this.evaluator.minN,
        ),
      ),
    });
  }
}

const now = () => (typeof performance !== "undefined" ? performance.now() : Date.now());
