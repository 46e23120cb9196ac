// What an evaluation reads before any statistic, on one reader connection: the dataset's and the
// compared models' tables, the quality standard, its fields checked and planned, and its test
// cases grouped. evaluate and the detection charts both start here, so both refuse the same input
// with the same words.
import { DuckDBConnection } from "@duckdb/node-api";
import { QualityStandard, SlicewiseError, listForMessage } from "../core";
import { MetricPlan, planMetric } from "../metrics";
import { Engine } from "./engines/engine";
import { FieldResolver } from "./fieldResolver";
import { checkStandardTypes, metricFields } from "./fieldTypes";
import { joinSql } from "./joinSql";
import { parseQualityStandard } from "./schemas/qualityStandard";
import { DatasetEntry, ResultsEntry, latestQualityStandard, listResults, tableColumns, withAllNullFlags } from "./store/catalog";
import { idSetsOf } from "./store/testCaseIds";
import { TableFacts } from "./store/tableFacts";
import { Snapshot } from "./store/database";
import { duckdbDialect } from "./engines/dialect";
import { TestCaseGroup, testCaseGroups } from "./testCaseGroups";
import { keyValueCounts, refuseTooManyTestCases } from "./testCaseCount";
import { requireDataset, requireModel } from "./uploads";

export interface EvaluationSetup {
  entry: DatasetEntry;
  results: ResultsEntry[];
  /** The standard's version and its parsed definition. */
  version: number;
  standard: QualityStandard;
  resolver: FieldResolver;
  referenceIndex: number;
  /** plans[group][metric] */
  plans: MetricPlan[][];
  groups: TestCaseGroup[];
  /** How many values each stratification's key takes (estimates): for the limit, and for how to group. */
  keyCounts: number[];
  /** The FROM clause of the datapoints every compared model has results for. */
  joined: string;
}

export async function evaluationSetup(
  connection: DuckDBConnection,
  engine: Engine,
  /**
   * What is known from earlier evaluations (Database.tableFacts) of the stored tables, and of the
   * catalog as this reader's snapshot sees it (Database.read's Snapshot).
   */
  known: { facts: TableFacts; snapshot: Snapshot },
  dataset: string,
  settings: { models: string[]; reference: string; version?: number },
  /** What to say when the dataset has no quality standard yet. */
  withoutStandard: string,
): Promise<EvaluationSetup> {
  const { facts, snapshot } = known;
  // The catalog's rows as of the snapshot's write count: read again only after a write (four statements, 8 ms at every evaluation).
  const fromCatalog = <T>(question: string, answer: () => Promise<T>): Promise<T> =>
    snapshot.writes === undefined ? answer() : facts.ask(`the catalog after write ${snapshot.writes}`, question, answer);
  const named = JSON.stringify(dataset);
  const entry = await fromCatalog(`dataset ${named}`, () => requireDataset(connection, dataset));
  const available = await fromCatalog(`results of ${named}`, () => listResults(connection, dataset));
  const results = settings.models.map((model) => requireModel(available, dataset, model));
  const stored = await fromCatalog(`quality standard ${settings.version ?? "latest"} of ${named}`, () =>
    latestQualityStandard(connection, dataset, settings.version),
  );
  if (!stored)
    throw new SlicewiseError(
      "invalid_quality_standard",
      settings.version === undefined
        ? `dataset "${dataset}" has no quality standard yet; ${withoutStandard}`
        : `dataset "${dataset}" has no quality-standard version ${settings.version}`,
    );
  const standard = parseQualityStandard(stored.definition);
  const read = metricFields(standard);
  const columnsOf = (table: string) =>
    facts.ask(table, `columns, and which of ${JSON.stringify(read)} hold no value`, async () =>
      withAllNullFlags(connection, table, await tableColumns(connection, table), read),
    );
  const datasetColumns = await columnsOf(entry.tableName);
  const resultColumns = await Promise.all(results.map((result) => columnsOf(result.tableName)));
  checkStandardTypes(
    standard,
    {
      dataset: { name: dataset, columns: datasetColumns, idFields: entry.idFields },
      models: settings.models.map((model, index) => ({ model, columns: resultColumns[index] })),
    },
    { missingMetricFields: "error" },
  );
  const resolver = new FieldResolver(datasetColumns, resultColumns);
  const referenceIndex = settings.models.indexOf(settings.reference);
  const plans = planMetrics(standard, resolver, settings.models, referenceIndex);
  // Quantile edges and distinct-value estimates read the dataset's table alone: remembered, as its columns are.
  const remembering = rememberingEngine(engine, facts, entry.tableName);
  const idSets = await fromCatalog(`id sets of ${named}'s standard ${stored.version}`, () => idSetsOf(connection, dataset, stored.version));
  const groups = await testCaseGroups(remembering, standard, resolver, entry.tableName, entry.idFields, idSets);
  const keyCounts = await keyValueCounts(
    remembering,
    entry.tableName,
    groups.filter((group) => group.kind !== "explicit"),
  );
  refuseTooManyTestCases(groups, keyCounts);
  return {
    entry,
    results,
    version: stored.version,
    standard,
    resolver,
    referenceIndex,
    plans,
    groups,
    keyCounts,
    joined: joinSql(entry.tableName, entry.idFields, results),
  };
}

/**
 * `engine`, its answers about `table` alone remembered: the statements testCaseGroups and
 * keyValueCounts run read nothing but the dataset's table (quantile edges, distinct values).
 */
function rememberingEngine(engine: Engine, facts: TableFacts, table: string): Engine {
  return {
    ...engine,
    readRows: (sql) => facts.ask(table, sql, () => engine.readRows(sql)),
    estimateDistinct: (of, expressions) =>
      facts.ask(of, `${engine.dialect === duckdbDialect ? "DuckDB" : "Spark"} estimates of distinct ${JSON.stringify(expressions)}`, () =>
        engine.estimateDistinct(of, expressions),
      ),
  };
}

/** Each metric's plan: the same shape for every model (the reference's is kept), else an error naming the metric. */
export function planMetrics(standard: QualityStandard, resolver: FieldResolver, models: string[], referenceIndex: number): MetricPlan[][] {
  return standard.metric_groups.map((group) =>
    group.metrics.map((metric) => {
      const plans = models.map((model, index) => planMetric(metric, (field) => resolver.kind(index, field), ` for model "${model}"`));
      const shapes = new Set(plans.map((plan) => plan.shape));
      if (shapes.size > 1)
        throw new SlicewiseError(
          "invalid_metric",
          `metric "${metric.label}" reads fields whose types differ between the models (${listForMessage(models)}); give every model the same column types`,
        );
      return plans[referenceIndex];
    }),
  );
}
