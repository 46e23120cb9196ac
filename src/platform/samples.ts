// The samples table: the datapoints behind a number — dataset columns as uploaded, then each
// model's result columns as `<model>.<field>` — filtered by test case or predicate, ordered, paged.
import { Table } from "apache-arrow";
import { Predicate, SlicewiseError, listForMessage, wholeDatasetTestCase } from "../core";
import { parseQualityStandard } from "./schemas/qualityStandard";
import { samplesOptionsSchema } from "./schemas/requests";
import { parseWith } from "./schemas/validate";
import { duckdbEngine } from "./engines/duckdbEngine";
import { Dialect } from "./engines/dialect";
import { SparkSession } from "./engines/sparkSession";
import { FieldResolver } from "./fieldResolver";
import { joinSql } from "./joinSql";
import { missingLevelName } from "../metrics";
import { TestCaseGroup, testCaseGroups } from "./testCaseGroups";
import { checkPredicateTypes } from "./fieldTypes";
import { latestQualityStandard, listResults, tableColumns } from "./store/catalog";
import { idSetsOf } from "./store/testCaseIds";
import { Database, quoteIdentifier } from "./store/database";
import { resultToArrow } from "./store/resultToArrow";
import { columnSql, predicateSql } from "./sql";
import { requireDataset } from "./uploads";

export interface SamplesOptions {
  /** Models whose result columns to include; only datapoints all of them have results for. */
  models?: string[];
  /** "stratification/test case", or the pair as an object. */
  test_case?: string | { stratification: string; test_case: string };
  where?: Predicate;
  /** Field names ("ink", "knn.correct"), each optionally followed by " desc". */
  order_by?: string | string[];
  limit?: number;
  offset?: number;
  /**
   * Adds each test case's membership, so a front end can filter by test case without the
   * quality standard: `test_case/<stratification>` holds the datapoint's key (a category's
   * value, a bucket's name), `test_case/test_cases/<name>` is true inside an explicit test case.
   */
  test_case_columns?: boolean;
}

/** Prefix of the membership columns added by `test_case_columns`. */
export const testCaseColumnPrefix = "test_case/";

/** `context.spark` runs the query on Spark (the same rows in the same order as DuckDB's); the catalog is read from the store either way. */
export async function samples(
  database: Database,
  dataset: string,
  given: SamplesOptions = {},
  context: { signal?: AbortSignal; spark?: SparkSession } = {},
): Promise<Table> {
  const options = parseWith(samplesOptionsSchema, given ?? {}, { code: "bad_request", what: "samples options" });
  const { limit, offset } = options;
  const spark = context.spark;
  return database.read(async (connection) => {
    const engine = spark ? spark.engine(connection, context.signal) : duckdbEngine(connection);
    const dialect = engine.dialect;
    const entry = await requireDataset(connection, dataset);
    const available = await listResults(connection, dataset);
    const models = options.models;
    const results = models.map((model) => {
      const found = available.find((result) => result.model === model);
      if (!found)
        throw new SlicewiseError(
          "unknown_model",
          `dataset "${dataset}" has no results for model "${model}"; its models are ${listForMessage(available.map((r) => r.model))}`,
        );
      return found;
    });
    const datasetColumns = await tableColumns(connection, entry.tableName);
    const resultColumns = await Promise.all(results.map((result) => tableColumns(connection, result.tableName)));
    const resolver = new FieldResolver(datasetColumns, resultColumns);
    const selections = datasetColumns.map((column) => columnSql("d", column.name));
    const sortable = new Map(datasetColumns.map((column) => [column.name, columnSql("d", column.name)]));
    resultColumns.forEach((columns, index) =>
      columns
        .filter((column) => !entry.idFields.includes(column.name))
        .forEach((column) => {
          const name = `${models[index]}.${column.name}`;
          selections.push(`${columnSql(`r${index}`, column.name)} AS ${quoteIdentifier(name)}`);
          sortable.set(name, columnSql(`r${index}`, column.name));
        }),
    );
    const conditions: string[] = [];
    if (options.where) {
      checkPredicateTypes(options.where, { name: dataset, columns: datasetColumns }, "the samples filter", "where");
      conditions.push(predicateSql(options.where, (field) => resolver.datasetSql(field, "the samples filter"), dialect.literal));
    }
    if (options.test_case !== undefined || options.test_case_columns) {
      const stored = await latestQualityStandard(connection, dataset);
      const standard = stored ? parseQualityStandard(stored.definition) : { stratifications: [], test_cases: [], metric_groups: [] };
      const idSets = stored ? await idSetsOf(connection, dataset, stored.version) : new Map();
      const groups = await testCaseGroups(engine, standard, resolver, entry.tableName, entry.idFields, idSets);
      if (options.test_case !== undefined) {
        const condition = testCaseCondition(groups, options.test_case, dialect);
        if (condition) conditions.push(condition);
      }
      if (options.test_case_columns) selections.push(...groups.map((group) => membershipColumnSql(group, dialect)));
    }
    const order = orderSql(options.order_by, sortable, entry.idFields);
    const sql = `SELECT ${selections.join(", ")} FROM ${joinSql(entry.tableName, entry.idFields, results)}
      ${conditions.length ? `WHERE ${conditions.join(" AND ")}` : ""} ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}`;
    return spark ? spark.readTable(connection, sql, context.signal) : resultToArrow(await connection.runAndReadAll(sql));
  }, context);
}

function membershipColumnSql(group: TestCaseGroup, dialect: Dialect): string {
  if (group.kind === "explicit")
    return `coalesce(${group.keySql}, FALSE) AS ${quoteIdentifier(`${testCaseColumnPrefix}${group.stratification}/${group.name}`)}`;
  const name = quoteIdentifier(`${testCaseColumnPrefix}${group.stratification}`);
  if (group.kind === "categorical") return `${group.keySql} AS ${name}`;
  const cases = group.names.map((bucket, index) => `WHEN ${index} THEN ${dialect.literal(bucket)}`).join(" ");
  return `CASE ${group.keySql} ${cases} END AS ${name}`;
}

function testCaseCondition(groups: TestCaseGroup[], wanted: NonNullable<SamplesOptions["test_case"]>, dialect: Dialect): string | null {
  const [stratification, testCase] =
    typeof wanted === "string"
      ? [wanted.slice(0, Math.max(0, wanted.indexOf("/"))), wanted.slice(wanted.indexOf("/") + 1)]
      : [wanted.stratification, wanted.test_case];
  if (stratification === wholeDatasetTestCase.stratification && testCase === wholeDatasetTestCase.test_case) return null;
  const explicit = groups.find((group) => group.kind === "explicit" && group.stratification === stratification && group.name === testCase);
  if (explicit) return explicit.keySql;
  const group = groups.find((candidate) => candidate.kind !== "explicit" && candidate.stratification === stratification);
  if (!group)
    throw new SlicewiseError(
      "not_found",
      `there is no test case "${stratification}/${testCase}"; name one as "<stratification>/<test case>", e.g. "${groups[0]?.stratification ?? "dataset"}/…", or "dataset/all"`,
    );
  if (testCase === missingLevelName) return `(${group.keySql}) IS NULL`;
  if (group.kind === "buckets") {
    const bucket = group.names.indexOf(testCase);
    if (bucket < 0)
      throw new SlicewiseError(
        "not_found",
        `stratification "${stratification}" has no test case "${testCase}"; its test cases are ${listForMessage(group.names)}`,
      );
    return `(${group.keySql}) = ${bucket}`;
  }
  // The test case is named by String(value); compare as the column's kind, not as text.
  if (group.kind === "categorical" && group.fieldKind === "numeric") {
    const value = Number(testCase);
    return Number.isFinite(value) && testCase.trim() !== "" ? `(${group.keySql}) = ${value}` : "FALSE";
  }
  if (group.kind === "categorical" && group.fieldKind === "boolean")
    return testCase === "true" || testCase === "false" ? `(${group.keySql}) = ${testCase.toUpperCase()}` : "FALSE";
  return `${dialect.text(group.keySql)} = ${dialect.literal(testCase)}`;
}

function orderSql(orderBy: SamplesOptions["order_by"], sortable: Map<string, string>, idFields: string[]): string {
  const terms = orderBy === undefined ? [] : Array.isArray(orderBy) ? orderBy : [orderBy];
  const sql = terms.map((term) => {
    const match = /^(.*?)(\s+(asc|desc))?$/i.exec(term.trim())!;
    const column = sortable.get(match[1]);
    if (!column) throw new SlicewiseError("unknown_field", `cannot order by "${match[1]}"; the sortable fields are ${listForMessage([...sortable.keys()])}`);
    return `${column} ${match[3]?.toLowerCase() === "desc" ? "DESC" : "ASC"} NULLS LAST`;
  });
  // The id fields last, so that pages are stable.
  return [...sql, ...idFields.map((field) => columnSql("d", field))].join(", ");
}
