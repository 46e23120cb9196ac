// The bootstraps of an evaluation's cell-shaped metrics, computed up front on the worker pool
// (bootstrapPool.ts) and answered to assembleEvaluation through its summarize hook.
import { QualityStandard } from "../core";
import {
  EvaluationInput,
  MetricPlan,
  MetricSummary,
  SufficientStatistics,
  TestCaseKey,
  hashSeed,
  summarizeCellsWithoutResampling,
  summarizeMetric,
} from "../metrics";
import { summarizeTasks } from "./bootstrapPool";
import { CellTask } from "./summaryTasks";
import { statisticsKey } from "./statistics/statisticsKey";

/**
 * The bootstraps of every cell-shaped metric, computed up front on worker threads (they are
 * most of the evaluation's JavaScript time), with the seeds assembleEvaluation gives them; the
 * returned summarize hook answers from them and computes anything else as usual. The summaries
 * that need no resampling (the delta method's) are computed here: sending their cells to a worker
 * costs more than computing them.
 */
export async function bootstrapCells(
  testCases: TestCaseKey[],
  settings: { models: string[]; confidence: number; resamples: number; seed: number },
  standard: QualityStandard,
  plans: MetricPlan[][],
  statistics: (testCase: number, model: string, group: number, metric: number) => SufficientStatistics,
): Promise<NonNullable<EvaluationInput["summarize"]>> {
  const tasks: CellTask[] = [];
  const keys: string[] = [];
  testCases.forEach((testCase, t) =>
    settings.models.forEach((model, modelIndex) =>
      standard.metric_groups.forEach((group, g) =>
        group.metrics.forEach((metric, m) => {
          const gathered = statistics(t, model, g, m);
          if (gathered.shape !== "cells") return;
          const seed = hashSeed(settings.seed, testCase.stratification, testCase.test_case, model, group.name, metric.label);
          tasks.push({
            kind: "cells",
            plan: plans[g][m],
            statistics: gathered,
            options: { confidence: settings.confidence, resamples: settings.resamples, seed },
          });
          keys.push(statisticsKey(t, modelIndex, g, m));
        }),
      ),
    ),
  );
  const summaries: (MetricSummary | null)[] = tasks.map((task) => summarizeCellsWithoutResampling(task.plan, task.statistics, task.options));
  const resampled = tasks.flatMap((_, index) => (summaries[index] ? [] : [index]));
  const bootstraps = await summarizeTasks(resampled.map((index) => tasks[index]));
  resampled.forEach((index, i) => (summaries[index] = bootstraps[i]));
  const done = new Map(keys.map((key, index) => [key, index]));
  return (plan, gathered, options, at) => {
    const index = done.get(statisticsKey(at.testCase, settings.models.indexOf(at.model), at.group, at.metric));
    const task = index === undefined ? undefined : tasks[index];
    // Only an answer for exactly this question: the same statistics, seed, confidence and resamples.
    if (
      task &&
      task.statistics === gathered &&
      task.options.seed === options.seed &&
      task.options.confidence === options.confidence &&
      task.options.resamples === options.resamples
    )
      return summaries[index!]!;
    return summarizeMetric(plan, gathered, options);
  };
}
