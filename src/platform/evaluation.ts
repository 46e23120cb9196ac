// Evaluation on the platform: joins the compared models' results to the dataset, gathers every
// metric's sufficient statistics with SQL (one statement: the join once, all test cases at once),
// and hands them to src/metrics for values, intervals and tests (bootstraps on worker threads).
// This is the shell: the test cases, the statistics' plan and its decoding are pure parts of their own.
import { DuckDBConnection } from "@duckdb/node-api";
import { Table } from "apache-arrow";
import { EvaluationInfo, EvaluationRow, SlicewiseError, evaluationTableFromRows, listForMessage } from "../core";
import { assembleEvaluation, minimumSamples, minimumSamplesInfo } from "../metrics";
import { Database } from "./store/database";
import { requireDataset } from "./uploads";
import { recordRun } from "./runs";
import { EvaluateOptions, applyEvaluateDefaults } from "./evaluateOptions";
import { duckdbEngine } from "./engines/duckdbEngine";
import { evaluationSetup } from "./evaluationSetup";
import { Engine } from "./engines/engine";
import { planStatistics } from "./statistics/statisticsPlan";
import { gatherStatistics } from "./statistics/gatherStatistics";
import { bootstrapCells } from "./bootstrapCells";
import { detectionSummaries } from "./statistics/detectionStatistics";
import { timedPhase } from "./phaseTimes";
import { statisticsKey } from "./statistics/statisticsKey";
import { columnSql } from "./sql";

export interface Evaluation {
  table: Table;
  rows: EvaluationRow[];
  info: EvaluationInfo;
}

/**
 * Evaluates on a reader connection (one snapshot of the store: one commit of the dataset and of
 * each model's results), so other requests need not wait; a recorded run is written afterwards,
 * in a write transaction of its own. `signal` cancels the work (the client went away).
 */
export async function evaluate(
  database: Database,
  dataset: string,
  options: EvaluateOptions,
  context: { signal?: AbortSignal; engine?: (connection: DuckDBConnection) => Engine } = {},
): Promise<Evaluation> {
  const settings = applyEvaluateDefaults(options);
  const { rows, info } = await database.read(async (connection, snapshot) => {
    // The statistics' engine: DuckDB over this reader connection unless another is given (the catalog stays here).
    const engine = (context.engine ?? duckdbEngine)(connection);
    const { entry, version, standard, resolver, referenceIndex, plans, groups, keyCounts, joined } = await evaluationSetup(
      connection,
      engine,
      { facts: database.tableFacts, snapshot },
      dataset,
      settings,
      `set one with setQualityStandard (or \`slicewise standard ${dataset} FILE.json\`): stratifications, test_cases, metric_groups`,
    );
    const total = entry.rowCount;
    const plan = planStatistics({
      joined,
      groups,
      keyCounts,
      plans,
      resolver,
      modelCount: settings.models.length,
      referenceIndex,
      dialect: engine.dialect,
      datapoints: total,
    });
    const gathered = await timedPhase("gather statistics (SQL)", () => gatherStatistics(engine, plan));
    context.signal?.throwIfAborted(); // the client went away while the SQL ran: no bootstrap for nobody
    const used = gathered.datapoints;
    if (used === 0)
      throw new SlicewiseError(
        "no_common_datapoints",
        `no datapoint of "${dataset}" has results from every compared model (${listForMessage(settings.models)}); upload results for the same datapoints`,
      );
    const statistics = (testCase: number, model: string, group: number, metric: number) =>
      gathered.statistics(testCase, settings.models.indexOf(model), group, metric);
    const bootstrapped = await bootstrapCells(gathered.testCases, settings, standard, plans, statistics);
    const detected = await detectionSummaries(
      engine,
      {
        joined,
        idSql: entry.idFields.map((field) => columnSql("d", field)),
        groups,
        plans,
        resolver,
        models: settings.models,
        referenceIndex,
        standard,
        settings,
      },
      gathered,
    );
    context.signal?.throwIfAborted();
    const rows = assembleEvaluation({
      testCases: gathered.testCases,
      models: settings.models,
      reference: settings.reference,
      metricGroups: standard.metric_groups,
      plans,
      statistics,
      confidence: settings.confidence,
      resamples: settings.resamples,
      seed: settings.seed,
      minN: settings.min_n ?? standard.min_n,
      summarize: (plan, statistics, options, at) =>
        plan.shape === "detection"
          ? (detected.get(statisticsKey(at.testCase, settings.models.indexOf(at.model), at.group, at.metric)) ?? {
              n: statistics.n,
              value: NaN,
              ciLow: NaN,
              ciHigh: NaN,
              pValue: NaN,
            })
          : bootstrapped(plan, statistics, options, at),
    });
    const info: EvaluationInfo = {
      dataset,
      dataset_commit: entry.commit,
      quality_standard_version: version,
      models: settings.models,
      reference: settings.reference,
      confidence: settings.confidence,
      datapoints: used,
      excluded_datapoints: total - used,
      min_n: minimumSamplesInfo(standard.metric_groups, minimumSamples(plans, settings.min_n ?? standard.min_n)),
    };
    return { rows, info };
  }, context);
  if (settings.record)
    info.run_id = await database.transaction(async (connection) => {
      await requireDataset(connection, dataset);
      return recordRun(connection, evaluationTableFromRows(rows, info), info, settings.label ?? null);
    });
  return { table: evaluationTableFromRows(rows, info), rows, info };
}
