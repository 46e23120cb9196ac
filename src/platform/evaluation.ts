// Evaluation on the platform: joins the compared models' results to the dataset, gathers every
// metric's sufficient statistics with SQL (one statement: the join once, all test cases at once),
// and hands them to src/metrics for values, intervals and tests (bootstraps on worker threads).
import { DuckDBConnection, JSDuckDBValueConverter } from "@duckdb/node-api";
import { Table } from "apache-arrow";
import {
  EvaluationInfo,
  EvaluationRow,
  QualityStandard,
  Scalar,
  SlicewiseError,
  bucketName,
  evaluationTableFromRows,
  listForMessage,
  predicateFields,
  wholeDatasetTestCase,
} from "../core";
import {
  CellStatistics,
  EvaluationInput,
  FieldKind,
  MetricPlan,
  Moments,
  Outcome,
  SufficientStatistics,
  TestCaseKey,
  assembleEvaluation,
  compareScalars,
  hashSeed,
  minimumSamples,
  minimumSamplesInfo,
  missingLevelName,
  planMetric,
  summarizeMetric,
} from "../metrics";
import { ColumnInfo, ResultsEntry, latestQualityStandard, listResults, tableColumns, withAllNullFlags } from "./store/catalog";
import { checkStandardTypes, declaredFieldType, fieldKindOf, metricFieldType, metricFields } from "./fieldTypes";
import { Database, quoteIdentifier } from "./store/database";
import { bucketKeySql, columnSql, predicateSql, sqlLiteral } from "./sql";
import { requireDataset } from "./uploads";
import { parseQualityStandard } from "./schemas/qualityStandard";
import { ParsedEvaluateOptions, evaluateOptionsSchema } from "./schemas/requests";
import { parseWith } from "./schemas/validate";
import { limitClause, limits } from "./schemas/limits";
import { recordRun } from "./runs";
import { SummaryTask, summarizeTasks } from "./bootstrapPool";

export interface EvaluateOptions {
  models: string[];
  /** Default: the first model. */
  reference?: string;
  confidence?: number;
  resamples?: number;
  seed?: number;
  /** Quality-standard version to use; default the latest. */
  version?: number;
  /** Keep this evaluation as a run (listRuns, getRun); `label` names it (a commit, a build). */
  record?: boolean;
  label?: string;
  /** Below this many datapoints a verdict is unknown; overrides the quality standard's `min_n`. */
  min_n?: number;
}

export interface Evaluation {
  table: Table;
  rows: EvaluationRow[];
  info: EvaluationInfo;
}

/** The test case of a stratification's nulls; the browser's slicing names it the same. */
export const missingName = missingLevelName;

/** The options with their defaults (schemas/requests.ts); the reference model comes first among the models if it was not named. */
export function applyEvaluateDefaults(options: EvaluateOptions): ParsedEvaluateOptions & { reference: string } {
  const parsed = parseWith(evaluateOptionsSchema, options, { code: "bad_request", what: "evaluate options" });
  const models = [...new Set(parsed.models)];
  const reference = parsed.reference ?? models[0];
  if (!models.includes(reference)) models.unshift(reference);
  return { ...parsed, models, reference };
}

/** Column resolution of ARCHITECTURE.md: a model's result columns first, then the dataset's. */
export class FieldResolver {
  private readonly dataset: Map<string, ColumnInfo>;
  private readonly results: Map<string, ColumnInfo>[];

  constructor(datasetColumns: ColumnInfo[], resultColumns: ColumnInfo[][]) {
    this.dataset = new Map(datasetColumns.map((column) => [column.name, column]));
    this.results = resultColumns.map((columns) => new Map(columns.map((column) => [column.name, column])));
  }

  kind(model: number, field: string): FieldKind | undefined {
    const column = this.results[model].get(field) ?? this.dataset.get(field);
    if (!column) return undefined;
    if (metricFieldType(column) !== "null") return fieldKindOf(metricFieldType(column));
    // A column of nulls fits any metric: it takes the kind the field has elsewhere, so every
    // model plans the metric alike, and its SQL is NULL (see sql).
    const typed = [...this.results, this.dataset].map((columns) => columns.get(field)).find((other) => other && metricFieldType(other) !== "null");
    return typed ? fieldKindOf(metricFieldType(typed)) : "numeric";
  }

  sql(model: number, field: string): string {
    const column = this.results[model].get(field) ?? this.dataset.get(field);
    if (column?.allNull) return "NULL";
    if (this.results[model].has(field)) return columnSql(`r${model}`, field);
    if (this.dataset.has(field)) return columnSql("d", field);
    throw new SlicewiseError("unknown_field", `field "${field}" is neither a result column nor a dataset column`);
  }

  datasetSql(field: string, where: string): string {
    if (!this.dataset.has(field))
      throw new SlicewiseError(
        "unknown_field",
        `${where} reads field "${field}", which is not a dataset column (test cases are slices of the dataset, the same for every model); the columns are ${listForMessage([...this.dataset.keys()])}`,
      );
    return columnSql("d", field);
  }

  datasetKind(field: string): FieldKind | undefined {
    const column = this.dataset.get(field);
    return column ? fieldKindOf(declaredFieldType(column.type)) : undefined;
  }
}

/** How one stratification or explicit test case maps datapoints to test cases. */
export type TestCaseGroup = { stratification: string; keySql: string } & (
  /** One test case per value of the key, named by the value. */
  | { kind: "categorical"; fieldKind: FieldKind }
  /** The key is a bucket index; `names[i]` names bucket i. */
  | { kind: "buckets"; names: string[] }
  /** The key is the test case's predicate: one test case, where it is true. */
  | { kind: "explicit"; name: string }
);

/**
 * Evaluates on a reader connection (one snapshot of the store: one commit of the dataset and of
 * each model's results), so other requests need not wait; a recorded run is written afterwards,
 * in a write transaction of its own. `signal` cancels the work (the client went away).
 */
export async function evaluate(database: Database, dataset: string, options: EvaluateOptions, context: { signal?: AbortSignal } = {}): Promise<Evaluation> {
  const settings = applyEvaluateDefaults(options);
  const { rows, info } = await database.read(async (connection) => {
    const entry = await requireDataset(connection, dataset);
    const available = await listResults(connection, dataset);
    const results = settings.models.map((model) => requireModel(available, dataset, model));
    const stored = await latestQualityStandard(connection, dataset, settings.version);
    if (!stored)
      throw new SlicewiseError(
        "invalid_quality_standard",
        settings.version === undefined
          ? `dataset "${dataset}" has no quality standard yet; set one with setQualityStandard (or \`slicewise standard ${dataset} FILE.json\`): stratifications, test_cases, metric_groups`
          : `dataset "${dataset}" has no quality-standard version ${settings.version}`,
      );
    const standard = parseQualityStandard(stored.definition);
    const read = metricFields(standard);
    const datasetColumns = await withAllNullFlags(connection, entry.tableName, await tableColumns(connection, entry.tableName), read);
    const resultColumns = await Promise.all(results.map(async (result) => withAllNullFlags(connection, result.tableName, await tableColumns(connection, result.tableName), read)));
    checkStandardTypes(standard, { dataset: { name: dataset, columns: datasetColumns }, models: settings.models.map((model, index) => ({ model, columns: resultColumns[index] })) }, { missingMetricFields: "error" });
    const resolver = new FieldResolver(datasetColumns, resultColumns);
    const referenceIndex = settings.models.indexOf(settings.reference);
    const plans = planMetrics(standard, resolver, settings.models, referenceIndex);
    const groups = await planTestCases(connection, standard, resolver, entry.tableName);
    // How many values each stratification's key takes (estimates): for the limit, and for how to group.
    const keyCounts = await keyValueCounts(connection, entry.tableName, groups.filter((group) => group.kind !== "explicit"));
    refuseTooManyTestCases(groups, keyCounts);

    const joined = joinSql(entry.tableName, entry.idFields, results);
    // One column per distinct outcome expression: a ground-truth field that every model's metric
    // reads is kept (and grouped on) once.
    const columnOfSql = new Map<string, string>();
    const names: string[][][][] = [];
    const selections: string[] = [];
    plans.forEach((groupPlans, g) =>
      groupPlans.forEach((plan, m) =>
        settings.models.forEach((_, model) =>
          plan.outcomes.forEach((outcome, o) => {
            const sql = outcomeSql(outcome, plan, resolver, model);
            let name = columnOfSql.get(sql);
            if (!name) {
              columnOfSql.set(sql, (name = `o${columnOfSql.size}`));
              selections.push(`${sql} AS ${name}`);
            }
            (((names[g] ??= [])[m] ??= [])[model] ??= [])[o] = name;
          }),
        ),
      ),
    );
    const outcomeColumn = (group: number, metric: number, model: number, outcome: number) => names[group][metric][model][outcome];
    const totals = await connection.runAndReadAll(`SELECT count(*)::DOUBLE AS total FROM ${quoteIdentifier(entry.tableName)}`);
    const { total } = totals.getRowObjectsJS()[0] as { total: number };
    const datapointsSql = datapointsQuery(groups, selections, joined);
    const gathered = await gatherStatistics(connection, datapointsSql, keyCounts, groups, plans, settings.models.length, referenceIndex, outcomeColumn);
    context.signal?.throwIfAborted(); // the client went away while the SQL ran: no bootstrap for nobody
    const used = gathered.datapoints;
    if (used === 0)
      throw new SlicewiseError(
        "no_common_datapoints",
        `no datapoint of "${dataset}" has results from every compared model (${listForMessage(settings.models)}); upload results for the same datapoints`,
      );
    const statistics = (testCase: number, model: string, group: number, metric: number) => gathered.statistics(testCase, settings.models.indexOf(model), group, metric);
    const bootstrapped = await bootstrapCells(gathered.testCases, settings, standard, plans, statistics);
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
      summarize: bootstrapped,
    });
    const info: EvaluationInfo = {
      dataset,
      dataset_commit: entry.commit,
      quality_standard_version: stored.version,
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

/**
 * The bootstraps of every cell-shaped metric, computed up front on worker threads (they are
 * most of the evaluation's JavaScript time), with the seeds assembleEvaluation gives them; the
 * returned summarize hook answers from them and computes anything else as usual.
 */
async function bootstrapCells(
  testCases: TestCaseKey[],
  settings: { models: string[]; confidence: number; resamples: number; seed: number },
  standard: QualityStandard,
  plans: MetricPlan[][],
  statistics: (testCase: number, model: string, group: number, metric: number) => SufficientStatistics,
): Promise<NonNullable<EvaluationInput["summarize"]>> {
  const tasks: SummaryTask[] = [];
  const keys: string[] = [];
  const keyOf = (testCase: number, model: string, group: number, metric: number) => `${testCase}\u0000${model}\u0000${group}\u0000${metric}`;
  testCases.forEach((testCase, t) =>
    settings.models.forEach((model) =>
      standard.metric_groups.forEach((group, g) =>
        group.metrics.forEach((metric, m) => {
          const gathered = statistics(t, model, g, m);
          if (gathered.shape !== "cells") return;
          const seed = hashSeed(settings.seed, testCase.stratification, testCase.test_case, model, group.name, metric.label);
          tasks.push({ plan: plans[g][m], statistics: gathered, options: { confidence: settings.confidence, resamples: settings.resamples, seed } });
          keys.push(keyOf(t, model, g, m));
        }),
      ),
    ),
  );
  const summaries = await summarizeTasks(tasks);
  const done = new Map(keys.map((key, index) => [key, index]));
  return (plan, gathered, options, at) => {
    const index = done.get(keyOf(at.testCase, at.model, at.group, at.metric));
    const task = index === undefined ? undefined : tasks[index];
    // Only an answer for exactly this question: the same statistics, seed, confidence and resamples.
    if (task && task.statistics === gathered && task.options.seed === options.seed && task.options.confidence === options.confidence && task.options.resamples === options.resamples)
      return summaries[index!];
    return summarizeMetric(plan, gathered, options);
  };
}

function requireModel(available: ResultsEntry[], dataset: string, model: string): ResultsEntry {
  const found = available.find((entry) => entry.model === model);
  if (found) return found;
  const names = available.map((entry) => entry.model);
  throw new SlicewiseError(
    "unknown_model",
    `dataset "${dataset}" has no results for model "${model}"; ${names.length ? `its models are ${listForMessage(names)}` : "upload them with uploadResults"}`,
  );
}

function planMetrics(standard: QualityStandard, resolver: FieldResolver, models: string[], referenceIndex: number): MetricPlan[][] {
  return standard.metric_groups.map((group) =>
    group.metrics.map((metric) => {
      const plans = models.map((model, index) => planMetric(metric, (field) => resolver.kind(index, field), ` for model "${model}"`));
      const shapes = new Set(plans.map((plan) => plan.shape));
      if (shapes.size > 1)
        throw new SlicewiseError("invalid_metric", `metric "${metric.label}" reads fields whose types differ between the models (${listForMessage(models)}); give every model the same column types`);
      return plans[referenceIndex];
    }),
  );
}

export async function planTestCases(connection: DuckDBConnection, standard: QualityStandard, resolver: FieldResolver, datasetTable: string): Promise<TestCaseGroup[]> {
  const groups: TestCaseGroup[] = [];
  for (const stratification of standard.stratifications) {
    const where = `stratification "${stratification.name}"`;
    const field = resolver.datasetSql(stratification.field, where);
    if (stratification.buckets || stratification.quantiles) {
      if (resolver.datasetKind(stratification.field) !== "numeric")
        throw new SlicewiseError("invalid_quality_standard", `${where} puts field "${stratification.field}" into numeric buckets, but it is not numeric`);
      const edges = stratification.buckets ?? (await quantileEdges(connection, datasetTable, stratification.field, stratification.quantiles!));
      const bounds = [null, ...edges];
      groups.push({
        stratification: stratification.name,
        keySql: bucketKeySql(field, edges),
        kind: "buckets",
        names: bounds.map((low, index) => bucketName(low, index < edges.length ? edges[index] : null)),
      });
    } else {
      groups.push({ stratification: stratification.name, keySql: field, kind: "categorical", fieldKind: resolver.datasetKind(stratification.field)! });
    }
  }
  for (const testCase of standard.test_cases) {
    predicateFields(testCase.where).forEach((field) => resolver.datasetSql(field, `test case "${testCase.name}"`));
    groups.push({
      stratification: "test_cases",
      keySql: predicateSql(testCase.where, (field) => resolver.datasetSql(field, `test case "${testCase.name}"`)),
      kind: "explicit",
      name: testCase.name,
    });
  }
  return groups;
}

/**
 * A stratification by a field of many values (an id, a float) would make a test case of each:
 * refused before the work starts, naming the stratification, when the evaluation would compute
 * more test cases than the server's limit (counted from DuckDB's estimates of distinct values).
 */
function refuseTooManyTestCases(groups: TestCaseGroup[], counts: number[]): void {
  const stratified = groups.filter((group) => group.kind !== "explicit");
  const total = 1 + (groups.length - stratified.length) + counts.reduce((sum, count) => sum + count, 0);
  if (total <= limits.evaluatedTestCases) return;
  const largest = counts.indexOf(Math.max(...counts));
  throw new SlicewiseError(
    "limit_exceeded",
    `this evaluation would compute about ${total.toLocaleString("en-US")} test cases — stratification "${stratified[largest].stratification}" alone has about ${counts[largest].toLocaleString("en-US")} values — more than ${limits.evaluatedTestCases.toLocaleString("en-US")} ${limitClause("evaluatedTestCases")}; give a numeric field buckets or quantiles, or stratify by a field with fewer values`,
  );
}

/** Edges of q equal-height buckets: the dataset's (continuous) quantiles at 1/q … (q−1)/q, ties merged. */
async function quantileEdges(connection: DuckDBConnection, datasetTable: string, field: string, quantiles: number): Promise<number[]> {
  const points = Array.from({ length: quantiles - 1 }, (_, i) => (i + 1) / quantiles);
  const reader = await connection.runAndReadAll(
    `SELECT quantile_cont(${quoteIdentifier(field)}::DOUBLE, [${points.join(", ")}]) AS edges FROM ${quoteIdentifier(datasetTable)}`,
  );
  const edges = (reader.getRowObjectsJS()[0].edges as number[] | null) ?? [];
  return edges.filter((edge, index) => index === 0 || edge > edges[index - 1]);
}

export function joinSql(datasetTable: string, idFields: string[], results: ResultsEntry[]): string {
  const joins = results.map((result, index) => {
    const on = idFields.map((field) => `${columnSql(`r${index}`, field)} = ${columnSql("d", field)}`).join(" AND ");
    return `JOIN ${quoteIdentifier(result.tableName)} r${index} ON ${on}`;
  });
  return `${quoteIdentifier(datasetTable)} d ${joins.join(" ")}`;
}

function outcomeSql(outcome: Outcome, plan: MetricPlan, resolver: FieldResolver, model: number): string {
  const column = (field: string) => resolver.sql(model, field);
  switch (outcome.op) {
    case "field":
      if (plan.shape === "binary") return `(${column(outcome.field)})::BOOLEAN`;
      if (plan.shape === "moments") return `(${column(outcome.field)})::DOUBLE`;
      return column(outcome.field);
    case "equals":
      return outcome.value === null ? `(${column(outcome.field)} IS NULL)` : `(${column(outcome.field)} = ${sqlLiteral(outcome.value)})`;
    case "absoluteError":
      return `abs((${column(outcome.pred)})::DOUBLE - (${column(outcome.gt)})::DOUBLE)`;
    case "squaredError":
      return `pow((${column(outcome.pred)})::DOUBLE - (${column(outcome.gt)})::DOUBLE, 2)`;
    case "countOrZero":
      // Nulls kept: they count 0 in the sums, and a row without any count is not in the metric's n.
      return outcome.field === null ? "0::DOUBLE" : `(${column(outcome.field)})::DOUBLE`;
  }
}

type OutcomeColumn = (group: number, metric: number, model: number, outcome: number) => string;

interface Gathered {
  /** The datapoints every compared model has results for: the ones evaluated. */
  datapoints: number;
  testCases: TestCaseKey[];
  statistics: (testCase: number, model: number, group: number, metric: number) => SufficientStatistics;
}

/**
 * Runs the aggregation in one statement: the joined datapoints (stratification keys k_j, the list
 * `explicit_cases` of the explicit test cases each is in, and outcome columns: `datapointsSql`)
 * are computed once and materialized, then read by the main aggregates and by each cell-shaped
 * metric's cells, one part of a UNION each. Stratifications: grouping set () is the whole
 * dataset, (k_j) the j-th stratification; GROUPING(k_j) = 0 tells which set a row is from.
 * Explicit test cases are one grouping however many there are: the datapoints unnested by
 * `explicit_cases` (one row per datapoint and test case it is in), grouped by the test case.
 * Each row says which grouping it is from: 0 the stratifications' (a cell set's index for cells),
 * −1 the explicit test cases'.
 */
async function gatherStatistics(
  connection: DuckDBConnection,
  datapointsSql: string,
  /** keyValueCounts of the stratifications, in their order. */
  keyCounts: number[],
  groups: TestCaseGroup[],
  plans: MetricPlan[][],
  modelCount: number,
  referenceIndex: number,
  outcomeColumn: OutcomeColumn,
): Promise<Gathered> {
  const stratified = groups.flatMap((group, g) => (group.kind === "explicit" ? [] : [g]));
  const explicitGroups = groups.flatMap((group, g) => (group.kind === "explicit" ? [g] : []));
  const keys = stratified.map(keyName);
  const groupingFields: Aggregate[] = keys.map((key) => ({ name: `g_${key}`, sql: `GROUPING(${key})` }));

  // 1. Counts, binary and moment statistics of every model and metric, in one pass.
  const aggregates: Aggregate[] = [{ name: "a_count", sql: "count(*)::DOUBLE" }];
  const spreads: Spread[] = [];
  const fromRow: ((row: Record<string, unknown>) => SufficientStatistics)[][][] = plans.map((groupPlans, g) =>
    groupPlans.map((plan, m) =>
      Array.from({ length: modelCount }, (_, model) => {
        const prefix = `a_${g}_${m}_${model}`;
        if (plan.shape === "count") return (row) => ({ shape: "count", n: Number(row.a_count) });
        const x = outcomeColumn(g, m, model, 0);
        const r = outcomeColumn(g, m, referenceIndex, 0);
        const paired = model !== referenceIndex;
        const num = (row: Record<string, unknown>, name: string) => Number(row[`${prefix}_${name}`] ?? 0);
        if (plan.shape === "binary") {
          aggregates.push({ name: `${prefix}_n`, sql: `count(${x})::DOUBLE` }, { name: `${prefix}_s`, sql: `count_if(${x})::DOUBLE` });
          if (paired)
            aggregates.push(
              { name: `${prefix}_pn`, sql: `count_if(${x} IS NOT NULL AND ${r} IS NOT NULL)::DOUBLE` },
              { name: `${prefix}_b`, sql: `count_if(${x} AND NOT ${r})::DOUBLE` },
              { name: `${prefix}_c`, sql: `count_if(NOT ${x} AND ${r})::DOUBLE` },
            );
          return (row) => ({
            shape: "binary",
            n: num(row, "n"),
            successes: num(row, "s"),
            paired: paired ? { n: num(row, "pn"), modelOnly: num(row, "b"), referenceOnly: num(row, "c") } : undefined,
          });
        }
        if (plan.shape === "moments") {
          spreads.push({ name: prefix, sql: x });
          if (paired) spreads.push({ name: `${prefix}_d`, sql: `(${x} - ${r})` });
          return (row) => ({ shape: "moments", ...spreadMoments(row, prefix), paired: paired ? spreadMoments(row, `${prefix}_d`) : undefined });
        }
        return () => emptyCells(plan, paired); // filled from the cells parts below
      }),
    ),
  );
  const sets = ["()", ...keys.map((key) => `(${key})`)].join(", ");
  const parts = [mainAggregatesSql(keyCounts, keys, groupingFields, aggregates, spreads, sets)];
  // The explicit test cases' groups are test cases: their spreads are taken directly (Welford).
  if (explicitGroups.length)
    parts.push(
      `SELECT 0 AS part, ${explicitGrouping} AS grouping, explicit_case, struct_pack(${[...aggregates, ...spreads.flatMap(spreadFields)]
        .map((field) => `${field.name} := ${field.sql}`)
        .join(", ")}) AS explicit_main FROM explicit GROUP BY explicit_case`,
    );

  // 2. Per cell-shaped metric: distinct tuples of every model's outcomes per test case; each
  //    model's cells (paired with the reference's) are then sums over that table. Every
  //    stratification is grouped on its own, and the first also gives the whole dataset (each
  //    row has exactly one value of its key, missing included); explicit test cases are grouped
  //    all together, by the test case. One GROUP BY per set in the UNION, rather than GROUPING
  //    SETS: a quarter less CPU in DuckDB 1.5.
  const cellSets = cellGroupingSets(groups);
  const cellMetrics: { g: number; m: number; plan: MetricPlan; perModel: string[][]; outcomes: string[] }[] = [];
  for (const [g, groupPlans] of plans.entries()) {
    for (const [m, plan] of groupPlans.entries()) {
      if (plan.shape !== "cells") continue;
      const perModel = Array.from({ length: modelCount }, (_, model) => {
        const own = plan.outcomes.map((_, o) => outcomeColumn(g, m, model, o));
        return model === referenceIndex ? own : [...own, ...plan.outcomes.map((_, o) => outcomeColumn(g, m, referenceIndex, o))];
      });
      const outcomes = [...new Set(perModel.flat())];
      cellMetrics.push({ g, m, plan, perModel, outcomes });
      cellSets.forEach((set, i) => {
        const columns = [...set.map(keyName), ...outcomes].join(", ");
        parts.push(`SELECT ${cellMetrics.length} AS part, ${i} AS grouping, ${columns}, count(*)::DOUBLE AS cell_count FROM datapoints GROUP BY ${columns}`);
      });
      if (explicitGroups.length) {
        const columns = ["explicit_case", ...outcomes].join(", ");
        parts.push(`SELECT ${cellMetrics.length} AS part, ${explicitGrouping} AS grouping, ${columns}, count(*)::DOUBLE AS cell_count FROM explicit GROUP BY ${columns}`);
      }
    }
  }
  // The datapoints are materialized when more than one part reads them: the join then runs
  // once. Their unnesting by explicit test case is not: a row per datapoint and test case it is
  // in can be many times the datapoints, and unnesting again for each part that reads it costs
  // less than keeping it. Read column-wise (far cheaper than an object per row), each part's
  // rows only in the columns that part has.
  const explicitParts = explicitGroups.length ? 1 + cellMetrics.length : 0;
  const readers = parts.length - explicitParts + (explicitParts ? 1 : 0);
  const ctes = [`datapoints AS ${readers > 1 ? "MATERIALIZED " : ""}(${datapointsSql})`];
  if (explicitGroups.length)
    ctes.push(`explicit AS NOT MATERIALIZED (SELECT * EXCLUDE (${["explicit_cases", ...keys].join(", ")}), unnest(explicit_cases) AS explicit_case FROM datapoints)`);
  const column = await readColumns(connection, `WITH ${ctes.join(", ")} ${parts.map((part) => `(${part})`).join(" UNION ALL BY NAME ")}`, (part, grouping) => {
    const explicit = grouping === explicitGrouping;
    if (part === 0) return explicit ? ["explicit_main", "explicit_case"] : ["main", ...keys];
    return [...(explicit ? ["explicit_case"] : cellSets[grouping].map(keyName)), ...cellMetrics[part - 1].outcomes, "cell_count"];
  });
  const partOfRow = column("part");
  const groupingOfRow = column("grouping");
  const keyColumns = new Map(stratified.map((g) => [g, column(keyName(g))]));
  const mainColumn = column("main");
  const explicitMainColumn = column("explicit_main");
  const explicitCaseColumn = column("explicit_case");
  const mainRows: Record<string, unknown>[] = [];
  const explicitRows: { explicitCase: number; row: Record<string, unknown> }[] = [];
  for (let row = 0; row < partOfRow.length; row++) {
    if (Number(partOfRow[row]) !== 0) continue;
    if (Number(groupingOfRow[row]) === explicitGrouping) {
      explicitRows.push({ explicitCase: Number(explicitCaseColumn[row]), row: explicitMainColumn[row] as Record<string, unknown> });
      continue;
    }
    const values: Record<string, unknown> = { ...(mainColumn[row] as Record<string, unknown>) };
    stratified.forEach((g) => (values[keyName(g)] = keyColumns.get(g)![row]));
    mainRows.push(values);
  }
  // The stratification a row of the main part is grouped by (its group index), or −1 for the whole dataset.
  const setOf = (row: Record<string, unknown>) => {
    const found = keys.findIndex((key) => Number(row[`g_${key}`]) === 0);
    return found < 0 ? -1 : stratified[found];
  };
  const whole = mainRows.find((row) => setOf(row) < 0);
  const datapoints = Number(whole?.a_count ?? 0);
  if (datapoints === 0) return { testCases: [], statistics: () => ({ shape: "count", n: 0 }), datapoints };

  // Test cases in order: the whole dataset, then each stratification's values ascending, then explicit ones.
  const testCases: TestCaseKey[] = [{ ...wholeDatasetTestCase }];
  const index = new Map<string, number>(); // "<group>\u0000<key>" → test case index; "" for the whole dataset
  index.set("", 0);
  const explicitTestCase: number[] = []; // explicit_case → test case index
  groups.forEach((group, g) => {
    if (group.kind === "explicit") {
      explicitTestCase.push(testCases.length);
      testCases.push({ stratification: group.stratification, test_case: group.name });
      return;
    }
    const key = keyName(g);
    if (group.kind === "buckets") {
      group.names.forEach((name, bucket) => {
        index.set(`${g}\u0000${bucket}`, testCases.length);
        testCases.push({ stratification: group.stratification, test_case: name });
      });
      if (mainRows.some((row) => setOf(row) === g && row[key] === null)) {
        index.set(`${g}\u0000null`, testCases.length);
        testCases.push({ stratification: group.stratification, test_case: missingName });
      }
      return;
    }
    const values = mainRows.filter((row) => setOf(row) === g).map((row) => normalize(row[key]));
    for (const value of values.sort(compareScalars)) {
      index.set(`${g}\u0000${String(value)}`, testCases.length);
      testCases.push({ stratification: group.stratification, test_case: value === null ? missingName : String(value) });
    }
  });
  const testCaseOf = (row: Record<string, unknown>): number | undefined => {
    const g = setOf(row);
    if (g < 0) return 0;
    return index.get(`${g}\u0000${String(normalize(row[keyName(g)]))}`);
  };

  const statistics = new Map<string, SufficientStatistics>();
  const statKey = (t: number, model: number, g: number, m: number) => `${t}\u0000${model}\u0000${g}\u0000${m}`;
  const addMain = (t: number | undefined, row: Record<string, unknown>) => {
    if (t === undefined) return;
    fromRow.forEach((groupRows, g) => groupRows.forEach((models, m) => models.forEach((make, model) => statistics.set(statKey(t, model, g, m), make(row)))));
  };
  for (const row of mainRows) addMain(testCaseOf(row), row);
  for (const { explicitCase, row } of explicitRows) addMain(explicitTestCase[explicitCase], row);

  const counts = column("cell_count");
  const testCaseOfKey = new Map(stratified.map((g) => [g, new Map<unknown, number | undefined>()]));
  const testCaseOfValue = (g: number, value: unknown) => {
    const known = testCaseOfKey.get(g)!;
    if (!known.has(value)) known.set(value, index.get(`${g}\u0000${String(normalize(value))}`));
    return known.get(value);
  };
  cellMetrics.forEach(({ g, m, plan, perModel, outcomes }, c) => {
    const rows: number[] = [];
    for (let row = 0; row < partOfRow.length; row++) if (Number(partOfRow[row]) === c + 1) rows.push(row);
    // Outcome values as small codes, so that a model's tuple is one number to look up.
    const coded = outcomes.map((name) => codeValues(column(name), rows));
    const radix = Math.max(1, ...coded.map((outcome) => outcome.values.length));
    const tupleCodes = perModel.map((names) => names.map((name) => coded[outcomes.indexOf(name)].codes));
    const tupleValues = perModel.map((names) => names.map((name) => coded[outcomes.indexOf(name)].values));
    const numericKeys = perModel.every((names) => radix ** names.length <= Number.MAX_SAFE_INTEGER);
    const cellsOf: { cells: CellStatistics; index: Map<number | string, number> }[] = []; // [t * modelCount + model]
    const add = (t: number, model: number, i: number, count: number) => {
      let entry = cellsOf[t * modelCount + model];
      if (!entry) {
        entry = cellsOf[t * modelCount + model] = { cells: emptyCells(plan, model !== referenceIndex), index: new Map() };
        statistics.set(statKey(t, model, g, m), entry.cells);
      }
      const tuple = tupleCodes[model];
      let code: number | string = 0;
      if (numericKeys) for (const codes of tuple) code = (code as number) * radix + codes[i];
      else code = tuple.map((codes) => codes[i]).join(",");
      const cell = entry.index.get(code);
      if (cell === undefined) {
        entry.index.set(code, entry.cells.values.length);
        entry.cells.values.push(tuple.map((codes, o) => tupleValues[model][o][codes[i]]));
        entry.cells.counts.push(count);
      } else entry.cells.counts[cell] += count;
      entry.cells.n += count;
    };
    const testCasesOfRow: number[] = [];
    rows.forEach((row, i) => {
      const count = Number(counts[row]);
      const grouping = Number(groupingOfRow[row]);
      testCasesOfRow.length = 0;
      if (grouping === explicitGrouping) testCasesOfRow.push(explicitTestCase[Number(explicitCaseColumn[row])]);
      else {
        if (grouping === 0) testCasesOfRow.push(0);
        for (const j of cellSets[grouping]) {
          const t = testCaseOfValue(j, keyColumns.get(j)![row]);
          if (t !== undefined) testCasesOfRow.push(t);
        }
      }
      for (const t of testCasesOfRow) for (let model = 0; model < modelCount; model++) add(t, model, i, count);
    });
  });

  return {
    datapoints,
    testCases,
    statistics: (t, model, g, m) => statistics.get(statKey(t, model, g, m)) ?? emptyStatistics(plans[g][m], model !== referenceIndex),
  };
}

/** The `grouping` of the rows grouped by explicit test case (the stratifications' are 0, 1, …). */
const explicitGrouping = -1;

/** The column of the g-th group's test-case key (a stratification's value or bucket). */
function keyName(g: number): string {
  return `k${g}`;
}

/**
 * The datapoints: each stratification's key k_j, the outcome columns, and `explicit_cases`, the
 * explicit test cases (0, 1, … in the standard's order) whose predicate is true for the datapoint.
 */
function datapointsQuery(groups: TestCaseGroup[], outcomes: string[], joined: string): string {
  const keys = groups.flatMap((group, g) => (group.kind === "explicit" ? [] : [`${group.keySql} AS ${keyName(g)}`]));
  const predicates = groups.flatMap((group) => (group.kind === "explicit" ? [group.keySql] : []));
  const members = predicates.length ? [`[${predicates.join(", ")}] AS explicit_members`] : [];
  // A standard of counts alone, without stratifications or test cases, reads no column at all.
  const columns = [...keys, ...outcomes, ...members];
  const inner = `SELECT ${columns.length ? columns.join(", ") : "TRUE AS datapoint"} FROM ${joined}`;
  if (!predicates.length) return inner;
  // The list comprehension over the predicates' values binds faster than a CASE per test case,
  // and a datapoint's list holds only the test cases it is in. It runs a level up, where the
  // only columns are these: DuckDB reads a column before a lambda's parameter of the same name,
  // and the dataset's columns may be called anything.
  return `SELECT * EXCLUDE (explicit_members), [position - 1 FOR member, position IN explicit_members IF member] AS explicit_cases FROM (${inner})`;
}

/**
 * Runs a statement whose rows carry `part` and `grouping` columns and returns its columns as JS
 * values (as getColumnsJS converts them). In each chunk only the columns `wanted` names for the
 * chunk's parts and groupings are converted; every other value is null, as the UNION left it.
 */
async function readColumns(connection: DuckDBConnection, sql: string, wanted: (part: number, grouping: number) => string[]): Promise<(name: string) => unknown[]> {
  const result = await connection.run(sql);
  const names = result.columnNames();
  const chunks = await result.fetchAllChunks();
  const rowCount = chunks.reduce((sum, chunk) => sum + chunk.rowCount, 0);
  const columns = names.map(() => new Array<unknown>(rowCount).fill(null));
  const partIndex = names.indexOf("part");
  const setIndex = names.indexOf("grouping");
  let offset = 0;
  for (const chunk of chunks) {
    const parts = chunk.convertColumnValues(partIndex, JSDuckDBValueConverter);
    const sets = setIndex < 0 ? [] : chunk.convertColumnValues(setIndex, JSDuckDBValueConverter);
    const needed = new Set<number>([partIndex, setIndex]);
    const seen = new Set<string>();
    parts.forEach((part, row) => {
      const key = `${part}:${sets[row] ?? 0}`;
      if (seen.has(key)) return;
      seen.add(key);
      for (const name of wanted(Number(part), Number(sets[row] ?? 0))) needed.add(names.indexOf(name));
    });
    for (const index of needed) {
      if (index < 0) continue;
      const values = index === partIndex ? parts : index === setIndex ? sets : chunk.convertColumnValues(index, JSDuckDBValueConverter);
      const target = columns[index];
      for (let row = 0; row < values.length; row++) target[offset + row] = values[row];
    }
    offset += chunk.rowCount;
  }
  return (name) => columns[names.indexOf(name)] ?? new Array<unknown>(rowCount).fill(null);
}

/** An aggregate of the main pass: its name (a field of the `main` struct) and its SQL. */
interface Aggregate {
  name: string;
  sql: string;
}

/**
 * A numeric outcome of the main pass (a moments metric's x, or its difference x − r to the
 * reference), gathered per test case as the fields `<name>_n`, `<name>_sum` and `<name>_m2`: its
 * count, Σx and Σ(x − x̄)², the squared deviations from the test case's own mean.
 */
interface Spread {
  name: string;
  sql: string;
}

/** A spread's moments from a row of the main part: shifted by the test case's mean, so Σ(x − x̄) = 0. */
function spreadMoments(row: Record<string, unknown>, name: string): Moments {
  const field = (suffix: string) => Number(row[`${name}_${suffix}`] ?? 0);
  return { n: field("n"), sum: field("sum"), shiftedSum: 0, shiftedSumOfSquares: field("m2") };
}

/** A spread's count, sum and squared deviations, taken directly over a group's rows. */
function spreadFields({ name, sql }: Spread): Aggregate[] {
  // fsum (Kahan–Babuška): sums accurate to about one unit in the last place, whatever order
  // DuckDB's threads add in (plain sum drifts further; neither is bit-for-bit repeatable).
  return [
    { name: `${name}_n`, sql: `count(${sql})::DOUBLE` },
    { name: `${name}_sum`, sql: `fsum(${sql})::DOUBLE` },
    { name: `${name}_m2`, sql: squaredDeviationsSql(sql) },
  ];
}

/**
 * Σ(x − x̄)² of a group by Welford's update: DuckDB's covar_pop(x, x), which (unlike var_pop)
 * gives NULL rather than an error for an infinite or NaN value — NaN here, as a plain sum would.
 */
function squaredDeviationsSql(x: string): string {
  return `(CASE WHEN count(${x}) = 0 THEN 0 ELSE coalesce(covar_pop(${x}, ${x}), 'NaN'::DOUBLE) * count(${x}) END)::DOUBLE`;
}

/**
 * The main part of the statement: the test-case keys and a struct `main` of the grouping flags,
 * aggregates and spreads. Every aggregate is a count or a sum, so when the keys' combinations are
 * few, the rows are grouped by all keys at once and the test cases are sums of those groups —
 * one hash table instead of one per grouping set. Many combinations (e.g. a stratification with
 * thousands of values beside others) fall back to GROUPING SETS over the rows.
 *
 * A spread's squared deviations are no such sum (Σx² − (Σx)²/n loses every digit of a test case
 * whose values are close together, such as probabilities ≈ 1): each group takes its own by
 * Welford's update, and a test case merges its groups about its mean x̄ by the parallel variance
 * of Chan, Golub and LeVeque: with a group's count n_g, mean x̄_g and squared deviations M2_g,
 * Σ(x − x̄)² = Σ_g [M2_g + n_g·(x̄_g − x̄)²]. Each test case's x̄ is found from its groups first (per
 * key value, joined back beside them), so x̄_g − x̄ is within the test case's own range of values.
 */
function mainAggregatesSql(
  keyCounts: number[],
  keys: string[],
  groupingFields: Aggregate[],
  aggregates: Aggregate[],
  spreads: Spread[],
  sets: string,
): string {
  const select = (fields: Aggregate[]) =>
    `SELECT ${["0 AS part", "0 AS grouping", ...keys, `struct_pack(${fields.map((field) => `${field.name} := ${field.sql}`).join(", ")}) AS main`].join(", ")}`;
  const direct = `${select([...groupingFields, ...aggregates, ...spreads.flatMap(spreadFields)])} FROM datapoints GROUP BY GROUPING SETS (${sets})`;
  if (keys.length < 2) return direct;
  const combinations = keyCounts.reduce((product, count) => product * count, 1);
  if (combinations > 200_000) return direct;
  const fineFields = [...aggregates, ...spreads.flatMap(spreadFields)];
  const fine = `SELECT ${[...keys, ...fineFields.map((field) => `${field.sql} AS ${field.name}`)].join(", ")} FROM datapoints GROUP BY ALL`;
  const sums = aggregates.map((aggregate) => ({ name: aggregate.name, sql: `fsum(${aggregate.name})::DOUBLE` }));
  if (spreads.length === 0) return `${select([...groupingFields, ...sums])} FROM (${fine}) fine GROUP BY GROUPING SETS (${sets})`;
  // Beside each group: its mean, and the means of the test cases it is in — c0 of the whole
  // dataset, c1 of its value of k0, and so on.
  const means = (key: string | null) =>
    `SELECT ${[...(key ? [key] : []), ...spreads.map(({ name }) => `fsum(${name}_sum) / nullif(fsum(${name}_n), 0) AS ${name}_mean`)].join(", ")} FROM fine${key ? ` GROUP BY ${key}` : ""}`;
  const joins = [`CROSS JOIN (${means(null)}) c0`, ...keys.map((key, j) => `LEFT JOIN (${means(key)}) c${j + 1} ON fine.${key} IS NOT DISTINCT FROM c${j + 1}.${key}`)];
  const meanColumns = spreads.flatMap(({ name }) => [`fine.${name}_sum / nullif(fine.${name}_n, 0) AS ${name}_mean`, ...["", ...keys].map((_, j) => `c${j}.${name}_mean AS ${name}_c${j}`)]);
  const centred = `WITH fine AS MATERIALIZED (${fine}) SELECT fine.*, ${meanColumns.join(", ")} FROM fine ${joins.join(" ")}`;
  // A grouping set merges its groups about its own test cases' means (GROUPING(k) = 0: grouped by k).
  const ofSet = (sum: (j: number) => string) => `CASE ${keys.map((key, j) => `WHEN GROUPING(${key}) = 0 THEN ${sum(j + 1)}`).join(" ")} ELSE ${sum(0)} END`;
  const merged = spreads.flatMap(({ name }) => [
    { name: `${name}_n`, sql: `fsum(${name}_n)::DOUBLE` },
    { name: `${name}_sum`, sql: `fsum(${name}_sum)::DOUBLE` },
    { name: `${name}_m2`, sql: ofSet((j) => `fsum(${name}_m2 + ${name}_n * pow(${name}_mean - ${name}_c${j}, 2))::DOUBLE`) },
  ]);
  return `${select([...groupingFields, ...sums, ...merged])} FROM (${centred}) centred GROUP BY GROUPING SETS (${sets})`;
}

/**
 * How the stratifications' cells are grouped, as lists of group indices: each stratification
 * alone (explicit test cases are grouped apart, by test case). No stratification: one set, the
 * whole dataset.
 */
function cellGroupingSets(groups: TestCaseGroup[]): number[][] {
  const sets = groups.flatMap((group, g) => (group.kind === "explicit" ? [] : [[g]]));
  return sets.length ? sets : [[]];
}

/** The values of a column at `rows` as codes 0, 1, … in order of first appearance, and the values they stand for. */
function codeValues(column: unknown[], rows: number[]): { codes: Int32Array; values: Scalar[] } {
  const codes = new Int32Array(rows.length);
  const values: Scalar[] = [];
  const codeOf = new Map<Scalar, number>();
  rows.forEach((row, i) => {
    const value = normalize(column[row]);
    let code = codeOf.get(value);
    if (code === undefined) {
      codeOf.set(value, (code = values.length));
      values.push(value);
    }
    codes[i] = code;
  });
  return { codes, values };
}

/**
 * How many values each stratification's key can take, missing included (an estimate is
 * enough). Buckets say so themselves; a field is counted from the column statistics DuckDB
 * keeps for the dataset table (`stats()`, read without a scan), or by approx_count_distinct
 * over it when those do not say.
 */
async function keyValueCounts(connection: DuckDBConnection, datasetTable: string, groups: TestCaseGroup[]): Promise<number[]> {
  const counts = groups.map((group) => (group.kind === "buckets" ? group.names.length + 1 : NaN));
  const unknown = groups.flatMap((group, j) => (Number.isNaN(counts[j]) ? [{ j, sql: group.keySql }] : []));
  if (unknown.length === 0) return counts;
  const from = `FROM ${quoteIdentifier(datasetTable)} d`;
  const stats = (await connection.runAndReadAll(`SELECT ${unknown.map((key) => `stats(${key.sql}) AS k${key.j}`).join(", ")} ${from} LIMIT 1`)).getRowObjectsJS()[0] ?? {};
  const uncounted = unknown.filter((key) => {
    const match = /Approx Unique: (\d+)/.exec(String(stats[`k${key.j}`] ?? ""));
    if (match) counts[key.j] = Number(match[1]) + 1;
    return !match;
  });
  if (uncounted.length) {
    const distinct = await connection.runAndReadAll(`SELECT ${uncounted.map((key) => `approx_count_distinct(${key.sql}) + 1 AS k${key.j}`).join(", ")} ${from}`);
    const row = distinct.getRowObjectsJS()[0];
    for (const key of uncounted) counts[key.j] = Number(row[`k${key.j}`]);
  }
  return counts;
}

function emptyCells(plan: MetricPlan, paired: boolean): CellStatistics {
  return { shape: "cells", n: 0, width: plan.outcomes.length, values: [], counts: [], paired };
}

const noMoments: Moments = { n: 0, sum: 0, shiftedSum: 0, shiftedSumOfSquares: 0 };

function emptyStatistics(plan: MetricPlan, paired: boolean): SufficientStatistics {
  switch (plan.shape) {
    case "count":
      return { shape: "count", n: 0 };
    case "binary":
      return { shape: "binary", n: 0, successes: 0, paired: paired ? { n: 0, modelOnly: 0, referenceOnly: 0 } : undefined };
    case "moments":
      return { shape: "moments", ...noMoments, paired: paired ? noMoments : undefined };
    case "cells":
      return emptyCells(plan, paired);
  }
}

function normalize(value: unknown): Scalar {
  if (typeof value === "bigint") return Number(value);
  if (value === undefined) return null;
  if (value instanceof Uint8Array) return `[${value.length} bytes]`;
  return value as Scalar;
}

