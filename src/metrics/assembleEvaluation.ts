// Turns gathered sufficient statistics into the evaluation table's rows: values, intervals,
// deltas to the reference, p-values, Benjamini–Hochberg q-values and verdicts.
import { EvaluationRow, MetricGroup, Verdict, wholeDatasetTestCase } from "../core";
import { MetricPlan } from "./metricPlan";
import { SufficientStatistics } from "./sufficientStatistics";
import { MetricSummary, SummaryOptions, summarizeMetric } from "./summarizeMetric";
import { benjaminiHochberg, hashSeed } from "./statistics";
import { minimumSamples } from "./minimumSamples";

export interface TestCaseKey {
  stratification: string;
  test_case: string;
}

export interface EvaluationInput {
  testCases: TestCaseKey[];
  /** Compared models; the reference is one of them. */
  models: string[];
  reference: string;
  metricGroups: MetricGroup[];
  /** plans[group][metric] */
  plans: MetricPlan[][];
  /**
   * statistics(testCase, model, group, metric): for the reference, unpaired; for every other
   * model, paired with the reference on the same datapoints.
   */
  statistics: (testCase: number, model: string, group: number, metric: number) => SufficientStatistics;
  confidence: number;
  resamples: number;
  seed: number;
  /** Below this n a verdict is unknown (the evaluation's or the standard's `min_n`); default per metric, see minimumSamples. */
  minN?: number;
  /**
   * Summarizes one (test case, model, metric); default `summarizeMetric`. The browser passes one
   * that answers bootstraps from a cache it fills a little at a time, so a page never freezes.
   */
  summarize?: (plan: MetricPlan, statistics: SufficientStatistics, options: SummaryOptions, at: SummaryAt) => MetricSummary;
}

/** Which row a summary is for. */
export interface SummaryAt {
  testCase: number;
  model: string;
  group: number;
  metric: number;
}

const orNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

export function assembleEvaluation(input: EvaluationInput): EvaluationRow[] {
  const { testCases, models, reference, metricGroups, plans, confidence } = input;
  const rows: EvaluationRow[] = [];
  const referenceValue = new Map<string, number>();
  const key = (testCase: number, group: number, metric: number) => `${testCase}\u0000${group}\u0000${metric}`;
  const ordered = [reference, ...models.filter((model) => model !== reference)];
  testCases.forEach((testCase, t) => {
    for (const model of ordered) {
      metricGroups.forEach((group, g) => {
        group.metrics.forEach((metric, m) => {
          const seed = hashSeed(input.seed, testCase.stratification, testCase.test_case, model, group.name, metric.label);
          const options = { confidence, resamples: input.resamples, seed };
          const statistics = input.statistics(t, model, g, m);
          const summary = input.summarize
            ? input.summarize(plans[g][m], statistics, options, { testCase: t, model, group: g, metric: m })
            : summarizeMetric(plans[g][m], statistics, options);
          const isReference = model === reference;
          if (isReference) referenceValue.set(key(t, g, m), summary.value);
          // A comparison with an undefined value (either side's) is itself undefined: no delta, no test.
          const delta = isReference ? NaN : summary.value - (referenceValue.get(key(t, g, m)) ?? NaN);
          // Every field named, no spread: one allocation of a known shape (a spread then twelve more
          // fields grew each row's property store step by step).
          rows.push({
            stratification: testCase.stratification,
            test_case: testCase.test_case,
            model,
            metric_group: group.name,
            metric: metric.label,
            n: summary.n,
            value: orNull(summary.value),
            ci_low: orNull(summary.ciLow),
            ci_high: orNull(summary.ciHigh),
            delta: orNull(delta),
            p_value: isReference || !Number.isFinite(delta) ? null : orNull(summary.pValue),
            q_value: null,
            verdict: null,
            higher_is_better: metric.higher_is_better ?? null,
          });
        });
      });
    }
  });
  const minimum = minimumSamples(plans, input.minN);
  const minimumOf = new Map<string, number>();
  metricGroups.forEach((group, g) => group.metrics.forEach((metric, m) => minimumOf.set(`${group.name}\u0000${metric.label}`, minimum[g][m])));
  addQValuesAndVerdicts(rows, reference, confidence, (row) => minimumOf.get(`${row.metric_group}\u0000${row.metric}`) ?? 1);
  return rows;
}

/**
 * q-values: Benjamini–Hochberg across the test cases of each (model, metric), leaving out the
 * whole dataset, which is a family of one (its q-value is its p-value). The verdict reads the
 * q-value against 1 − confidence.
 *
 * A row with fewer datapoints than its `minimumSamples` (min_n) gets no q-value and verdict
 * unknown, and is left out of its family, as are rows without a p-value (undefined values).
 * Choosing the tests by n, which does not depend on their p-values under the null hypothesis,
 * keeps the false discovery rate control of the ones left (independent filtering: Bourgon,
 * Gentleman & Huber, PNAS 2010).
 */
export function addQValuesAndVerdicts(
  rows: EvaluationRow[],
  reference: string,
  confidence: number,
  minimumSamples: (row: EvaluationRow) => number = () => 1,
): void {
  const families = new Map<string, EvaluationRow[]>();
  for (const row of rows) {
    if (row.model === reference) continue;
    if (row.n < minimumSamples(row)) {
      row.q_value = null;
      continue;
    }
    if (row.stratification === wholeDatasetTestCase.stratification && row.test_case === wholeDatasetTestCase.test_case) {
      row.q_value = row.p_value;
      continue;
    }
    const family = `${row.model}\u0000${row.metric_group}\u0000${row.metric}`;
    if (!families.has(family)) families.set(family, []);
    families.get(family)!.push(row);
  }
  for (const family of families.values()) {
    const qValues = benjaminiHochberg(family.map((row) => row.p_value));
    family.forEach((row, index) => (row.q_value = qValues[index]));
  }
  for (const row of rows) {
    if (row.model !== reference) row.verdict = verdictOf(row, 1 - confidence);
  }
}

export function verdictOf(row: Pick<EvaluationRow, "delta" | "q_value" | "higher_is_better">, alpha: number): Verdict {
  if (row.higher_is_better === null || row.delta === null || row.q_value === null) return "unknown";
  if (row.q_value >= alpha || row.delta === 0) return "similar";
  const better = row.higher_is_better ? row.delta > 0 : row.delta < 0;
  return better ? "improved" : "regressed";
}
