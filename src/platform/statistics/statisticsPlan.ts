// The plan of the statistics statement, in the spirit of Mosaic's query(): pure, from the test-case
// groups and the metrics' plans to one SQL statement and what decodeStatistics needs to read its
// answer. No I/O: an engine runs the statement (gatherStatistics).
import { MetricPlan } from "../../metrics";
import { Dialect, UnionPart, duckdbDialect } from "../engines/dialect";
import { SharedRelation } from "../engines/engine";
import { FieldResolver } from "../fieldResolver";
import { TestCaseGroup } from "../testCaseGroups";
import { explicitGrouping, fineGroupKeys, fineGrouping, fineGroupsSql, foldsExplicit, mainAggregatesSql, rollsUp } from "./mainAggregatesSql";
import { outcomeSql } from "./outcomeSql";
import { FineFields } from "./rollUpFineGroups";
import { Aggregate, Spread, spreadFields } from "./spread";

/** What the statistics are gathered for. */
export interface StatisticsQuestion {
  /** The FROM clause of the datapoints every compared model has results for (joinSql). */
  joined: string;
  groups: TestCaseGroup[];
  /** keyValueCounts of the stratifications, in their order. */
  keyCounts: number[];
  /** plans[group][metric]: how each metric is computed (the same shape for every model). */
  plans: MetricPlan[][];
  resolver: FieldResolver;
  modelCount: number;
  referenceIndex: number;
  /** The SQL dialect of the engine that runs the statement: DuckDB's unless said. */
  dialect?: Dialect;
  /** About how many datapoints the statement reads (the dataset's rows): how to group the cells (pairedCellsFrom). */
  datapoints?: number;
}

/**
 * From this many datapoints, with three models or more, each model's cells are grouped with the
 * reference's alone rather than with every model's at once: the joint tuples of all models then
 * outnumber the pairs' (with 10 classes and 3 models, 60,000 rows against 36,000 at 100,000
 * datapoints, and the gap widens with n). Below, the joint is no larger than the datapoints, and
 * one GROUP BY per test-case grouping costs less than one per pair (bench/README.md, issue 14).
 */
export const pairedCellsFrom = 50_000;

/** Where a row of the main part holds one (metric, model)'s statistics: its fields' names. */
export type MainReading =
  | { shape: "count"; n: string }
  | { shape: "binary"; n: string; successes: string; paired?: { n: string; modelOnly: string; referenceOnly: string } }
  /** Spreads (spread.ts): the model's values, and for a model other than the reference its differences to the reference's. */
  | { shape: "moments"; spread: string; difference?: string }
  /** Filled from the metric's own part of the statement. */
  | { shape: "cells" }
  /** Only the test case's datapoints (images) here; the boxes are gathered apart (detectionStatistics.ts). */
  | { shape: "detection"; n: string };

/** A cell-shaped metric: which outcome columns are each model's tuple. */
export interface CellMetric {
  group: number;
  metric: number;
  plan: MetricPlan;
  /** perModel[model]: the model's outcome columns, then (for a model other than the reference) the reference's. */
  perModel: string[][];
}

/**
 * One part of the statement's cells: the distinct tuples of some models' outcomes per test case,
 * from which those models' cells are summed — every model's (the joint), or one model's with the
 * reference's (a pair; the first pair also gives the reference's own).
 */
export interface CellPart {
  /** The metric's index in cellMetrics. */
  metric: number;
  /** The models whose cells this part gives. */
  models: number[];
  /** The distinct outcome columns of those models' tuples: the columns it groups by. */
  outcomes: string[];
}

export interface StatisticsPlan {
  sql: string;
  /** The statement's datapoints apart (SharedRelation): an engine that cannot keep them computed once may cache them. */
  shared: SharedRelation;
  /** The columns the rows of each part and grouping have values in (readColumns). */
  columnsOf: (part: number, grouping: number) => string[];
  groups: TestCaseGroup[];
  plans: MetricPlan[][];
  modelCount: number;
  referenceIndex: number;
  /** The groups of the stratifications (not the explicit test cases), in order. */
  stratified: number[];
  /** main[group][metric][model] */
  main: MainReading[][][];
  /** The cell-shaped metrics. */
  cellMetrics: CellMetric[];
  /** The parts of the cells, in order: part p + 1 of the statement is cellParts[p]. */
  cellParts: CellPart[];
  /** The cells' grouping sets, as lists of group indices (cellGroupingSets). */
  cellSets: number[][];
  /** Set when the main part returns its fine groups (rows of grouping fineGrouping) for rollUpFineGroups: what they hold. */
  fine?: FineFields & { explicit: number };
}

export { explicitGrouping, fineGrouping };

/** The column of the g-th group's test-case key (a stratification's value or bucket). */
export function keyName(g: number): string {
  return `k${g}`;
}

/**
 * The aggregation in one statement: the joined datapoints (stratification keys k_j, the list
 * `explicit_cases` of the explicit test cases each is in, and outcome columns: datapointsSql)
 * are computed once and materialized, then read by the main aggregates and by each cell-shaped
 * metric's cells, one part of a UNION each. Stratifications: grouping set () is the whole
 * dataset, (k_j) the j-th stratification; GROUPING(k_j) = 0 tells which set a row is from.
 * Explicit test cases are one grouping however many there are: the datapoints unnested by
 * `explicit_cases` (one row per datapoint and test case it is in), grouped by the test case.
 * Each row says which grouping it is from: 0 the stratifications' (a cell set's index for cells),
 * −1 the explicit test cases'. With few combinations of the keys (rollsUp), the main part stops
 * at its fine groups, rows of grouping −2, and decodeStatistics sums them into the test cases
 * (rollUpFineGroups).
 */
export function planStatistics(question: StatisticsQuestion): StatisticsPlan {
  const { groups, plans, modelCount, referenceIndex, dialect = duckdbDialect } = question;
  const { selections, outcomeColumn } = outcomeColumns(question);
  const stratified = groups.flatMap((group, g) => (group.kind === "explicit" ? [] : [g]));
  const explicitGroups = groups.flatMap((group, g) => (group.kind === "explicit" ? [g] : []));
  const keys = stratified.map(keyName);
  const groupingFields: Aggregate[] = keys.map((key) => ({ name: `g_${key}`, sql: `GROUPING(${key})` }));

  // 1. Counts, binary and moment statistics of every model and metric, in one pass.
  const aggregates: Aggregate[] = [{ name: "a_count", sql: "count(*)::DOUBLE" }];
  const spreads: Spread[] = [];
  const main: MainReading[][][] = plans.map((groupPlans, g) =>
    groupPlans.map((plan, m) =>
      Array.from({ length: modelCount }, (_, model): MainReading => {
        const prefix = `a_${g}_${m}_${model}`;
        if (plan.shape === "count") return { shape: "count", n: "a_count" };
        if (plan.shape === "detection") return { shape: "detection", n: "a_count" };
        const x = outcomeColumn(g, m, model, 0);
        const r = outcomeColumn(g, m, referenceIndex, 0);
        const paired = model !== referenceIndex;
        if (plan.shape === "binary") {
          aggregates.push({ name: `${prefix}_n`, sql: `count(${x})::DOUBLE` }, { name: `${prefix}_s`, sql: `count_if(${x})::DOUBLE` });
          if (paired)
            aggregates.push(
              { name: `${prefix}_pn`, sql: `count_if(${x} IS NOT NULL AND ${r} IS NOT NULL)::DOUBLE` },
              { name: `${prefix}_b`, sql: `count_if(${x} AND NOT ${r})::DOUBLE` },
              { name: `${prefix}_c`, sql: `count_if(NOT ${x} AND ${r})::DOUBLE` },
            );
          return {
            shape: "binary",
            n: `${prefix}_n`,
            successes: `${prefix}_s`,
            paired: paired ? { n: `${prefix}_pn`, modelOnly: `${prefix}_b`, referenceOnly: `${prefix}_c` } : undefined,
          };
        }
        if (plan.shape === "moments") {
          spreads.push({ name: prefix, sql: x });
          if (paired) spreads.push({ name: `${prefix}_d`, sql: `(${x} - ${r})` });
          return { shape: "moments", spread: prefix, difference: paired ? `${prefix}_d` : undefined };
        }
        return { shape: "cells" };
      }),
    ),
  );
  const sets = ["()", ...keys.map((key) => `(${key})`)].join(", ");
  // Few explicit test cases are gathered in the same pass as the stratifications, from the
  // datapoints' lists of the test cases they are in; many, from the datapoints unnested by test case.
  const folded = foldsExplicit(question.keyCounts, explicitGroups.length);
  const explicitFolded = folded ? explicitGroups.length : 0;
  // Few fine groups are summed into test cases in JS, after the statement (rollUpFineGroups).
  const fine = rollsUp(question.keyCounts, explicitFolded)
    ? { counts: aggregates.map((aggregate) => aggregate.name), spreads: spreads.map((spread) => spread.name), explicit: explicitFolded }
    : undefined;
  const parts: UnionPart[] = [
    fine
      ? {
          sql: fineGroupsSql(dialect, keys, aggregates, spreads, explicitFolded),
          columns: ["part", "grouping", ...fineGroupKeys(keys, explicitFolded), "fine"],
        }
      : {
          sql: mainAggregatesSql(dialect, question.keyCounts, keys, groupingFields, aggregates, spreads, sets, explicitFolded),
          columns: ["part", "grouping", ...keys, "main", ...(folded ? ["explicit_case", "explicit_main"] : [])],
        },
  ];
  // The explicit test cases' groups are test cases: their spreads are taken directly (Welford).
  if (explicitGroups.length && !folded)
    parts.push({
      sql: `SELECT 0 AS part, ${explicitGrouping} AS grouping, explicit_case, ${dialect.struct([...aggregates, ...spreads.flatMap((spread) => spreadFields(spread, dialect))])} AS explicit_main FROM explicit GROUP BY explicit_case`,
      columns: ["part", "grouping", "explicit_case", "explicit_main"],
    });

  // 2. Per cell-shaped metric: the distinct tuples of every model's outcomes per test case, with
  //    their counts; each model's cells (paired with the reference's) are sums over them. With
  //    many datapoints (pairedCellsFrom), one part per model other than the reference instead,
  //    of its outcomes and the reference's only, which also gives the reference's own cells:
  //    the rows are then the pairs' combinations rather than their product. Every stratification is grouped on its own, and the first also gives the whole dataset
  //    (each row has exactly one value of its key, missing included); explicit test cases are
  //    grouped all together, by the test case. One GROUP BY per set in the UNION, rather than
  //    GROUPING SETS: a quarter less CPU in DuckDB 1.5.
  const cellSets = cellGroupingSets(groups);
  const cellMetrics: CellMetric[] = [];
  const cellParts: CellPart[] = [];
  for (const [g, groupPlans] of plans.entries()) {
    for (const [m, plan] of groupPlans.entries()) {
      if (plan.shape !== "cells") continue;
      const perModel = Array.from({ length: modelCount }, (_, model) => {
        const own = plan.outcomes.map((_, o) => outcomeColumn(g, m, model, o));
        return model === referenceIndex ? own : [...own, ...plan.outcomes.map((_, o) => outcomeColumn(g, m, referenceIndex, o))];
      });
      cellMetrics.push({ group: g, metric: m, plan, perModel });
      const others = perModel.flatMap((_, model) => (model === referenceIndex ? [] : [model]));
      const paired = others.length > 1 && (question.datapoints ?? 0) >= pairedCellsFrom;
      const partModels = paired ? others.map((model, i) => (i === 0 ? [model, referenceIndex] : [model])) : [perModel.map((_, model) => model)];
      for (const models of partModels) {
        const outcomes = [...new Set(models.flatMap((model) => perModel[model]))];
        cellParts.push({ metric: cellMetrics.length - 1, models, outcomes });
        const part = cellParts.length;
        cellSets.forEach((set, i) => {
          const columns = [...set.map(keyName), ...outcomes];
          parts.push({
            sql: `SELECT ${part} AS part, ${i} AS grouping, ${columns.join(", ")}, count(*)::DOUBLE AS cell_count FROM datapoints GROUP BY ${columns.join(", ")}`,
            columns: ["part", "grouping", ...columns, "cell_count"],
          });
        });
        const columns = ["explicit_case", ...outcomes];
        // Folded: the cells of each set of test cases (explicit_mask), unnested by it and summed per test case (counts: exact).
        const byList = `SELECT explicit_mask, ${outcomes.join(", ")}, count(*) AS list_count FROM datapoints GROUP BY explicit_mask, ${outcomes.join(", ")}`;
        const unnested = `SELECT ${dialect.unnest(dialect.setBits("explicit_mask", explicitGroups.length))} AS explicit_case, ${outcomes.join(", ")}, list_count FROM (${byList}) by_list`;
        if (explicitGroups.length)
          parts.push({
            sql: folded
              ? `SELECT ${part} AS part, ${explicitGrouping} AS grouping, ${columns.join(", ")}, sum(list_count)::DOUBLE AS cell_count FROM (${unnested}) unnested GROUP BY ${columns.join(", ")}`
              : `SELECT ${part} AS part, ${explicitGrouping} AS grouping, ${columns.join(", ")}, count(*)::DOUBLE AS cell_count FROM explicit GROUP BY ${columns.join(", ")}`,
            columns: ["part", "grouping", ...columns, "cell_count"],
          });
      }
    }
  }
  // The datapoints are materialized when more than one part reads them: the join then runs
  // once. Their unnesting by explicit test case is not: a row per datapoint and test case it is
  // in can be many times the datapoints, and unnesting again for each part that reads it costs
  // less than keeping it. Read column-wise (far cheaper than an object per row), each part's
  // rows only in the columns that part has.
  const explicitParts = explicitGroups.length && !folded ? 1 + cellParts.length : 0;
  const readers = parts.length - explicitParts + (explicitParts ? 1 : 0);
  const datapoints = datapointsSql(groups, selections, question.joined, dialect, folded);
  const statement = (datapointsRelation: string) => {
    const ctes = [dialect.cte("datapoints", datapointsRelation, readers > 1 ? true : undefined)];
    if (explicitGroups.length && !folded)
      ctes.push(
        dialect.cte(
          "explicit",
          `SELECT ${dialect.allColumnsExcept(["explicit_cases", ...keys])}, ${dialect.unnest("explicit_cases")} AS explicit_case FROM datapoints`,
          false,
        ),
      );
    return `WITH ${ctes.join(", ")} ${dialect.unionAllByName(parts)}`;
  };
  const columnsOf = (part: number, grouping: number) => {
    const explicit = grouping === explicitGrouping;
    if (part === 0 && grouping === fineGrouping) return ["fine", ...fineGroupKeys(keys, explicitFolded)];
    if (part === 0) return explicit ? ["explicit_main", "explicit_case"] : ["main", ...keys];
    return [...(explicit ? ["explicit_case"] : cellSets[grouping].map(keyName)), ...cellParts[part - 1].outcomes, "cell_count"];
  };
  return {
    sql: statement(datapoints),
    shared: { sql: datapoints, over: (relation) => statement(`SELECT * FROM ${relation}`) },
    columnsOf,
    groups,
    plans,
    modelCount,
    referenceIndex,
    stratified,
    main,
    cellMetrics,
    cellParts,
    cellSets,
    fine,
  };
}

/**
 * One column per distinct outcome expression: a ground-truth field that every model's metric
 * reads is kept (and grouped on) once. `outcomeColumn(group, metric, model, outcome)` names it.
 */
function outcomeColumns({ plans, resolver, modelCount, dialect }: StatisticsQuestion): {
  selections: string[];
  outcomeColumn: (group: number, metric: number, model: number, outcome: number) => string;
} {
  const columnOfSql = new Map<string, string>();
  const names: string[][][][] = [];
  const selections: string[] = [];
  plans.forEach((groupPlans, g) =>
    groupPlans.forEach((plan, m) => {
      for (let model = 0; model < modelCount; model++)
        plan.outcomes.forEach((outcome, o) => {
          const sql = outcomeSql(outcome, plan, resolver, model, (dialect ?? duckdbDialect).literal);
          let name = columnOfSql.get(sql);
          if (!name) {
            columnOfSql.set(sql, (name = `o${columnOfSql.size}`));
            selections.push(`${sql} AS ${name}`);
          }
          (((names[g] ??= [])[m] ??= [])[model] ??= [])[o] = name;
        });
    }),
  );
  return { selections, outcomeColumn: (group, metric, model, outcome) => names[group][metric][model][outcome] };
}

/**
 * The datapoints: each stratification's key k_j, the outcome columns, and `explicit_cases`, the
 * explicit test cases (0, 1, … in the standard's order) whose predicate is true for the datapoint —
 * or, with `mask` (a few test cases: foldsExplicit), `explicit_mask`, the same as the bits of an
 * integer (test case e is bit e), which groups far faster than a list (half the main pass at 1M rows).
 */
export function datapointsSql(groups: TestCaseGroup[], outcomes: string[], joined: string, dialect: Dialect = duckdbDialect, mask = false): string {
  const keys = groups.flatMap((group, g) => (group.kind === "explicit" ? [] : [`${group.keySql} AS ${keyName(g)}`]));
  const predicates = groups.flatMap((group) => (group.kind === "explicit" ? [group.keySql] : []));
  if (mask && predicates.length) {
    const bits = predicates.map((predicate, e) => `(CASE WHEN ${predicate} THEN ${2 ** e} ELSE 0 END)`).join(" + ");
    return `SELECT ${[...keys, ...outcomes, `(${bits}) AS explicit_mask`].join(", ")} FROM ${joined}`;
  }
  const members = predicates.length ? [`${dialect.list(predicates)} AS explicit_members`] : [];
  // A standard of counts alone, without stratifications or test cases, reads no column at all.
  const columns = [...keys, ...outcomes, ...members];
  const inner = `SELECT ${columns.length ? columns.join(", ") : "TRUE AS datapoint"} FROM ${joined}`;
  if (!predicates.length) return inner;
  // The list comprehension over the predicates' values binds faster than a CASE per test case,
  // and a datapoint's list holds only the test cases it is in. It runs a level up, where the
  // only columns are these: DuckDB reads a column before a lambda's parameter of the same name,
  // and the dataset's columns may be called anything.
  return `SELECT ${dialect.allColumnsExcept(["explicit_members"])}, ${dialect.truePositions("explicit_members")} AS explicit_cases FROM (${inner})`;
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
