// Type checks of a quality standard's field references against the dataset's and the results'
// column types, before any SQL runs: errors that name the field, its type and what to do.
import {
  Comparison,
  MetricDefinition,
  Predicate,
  QualityStandard,
  Scalar,
  SlicewiseError,
  Stratification,
  isStoredIdsReference,
  listForMessage,
  testCasePredicate,
} from "../core";
import { FieldKind, planMetric } from "../metrics";
import type { ColumnInfo } from "./store/catalog";
import { boxListType } from "./store/boxColumns";

/**
 * What a column holds, as test cases and metrics see it: a metric's FieldKind, or `temporal`
 * (dates and times: compared with ISO text), `null` (a column with no value at all), or `boxes`
 * (object-detection boxes, stored in one form by store/boxColumns.ts).
 */
export type FieldType = "boolean" | "numeric" | "string" | "temporal" | "null" | "boxes" | "other";

/** The type DuckDB declares for a column; `"NULL"` is how a column of Arrow type Null is stored. */
export function declaredFieldType(type: string): FieldType {
  if (type === "BOOLEAN") return "boolean";
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL.*)$/.test(type)) return "numeric";
  if (type === "VARCHAR") return "string";
  if (/^(DATE|TIME|TIMESTAMP)/.test(type)) return "temporal";
  if (type === '"NULL"' || type === "NULL") return "null";
  if (type === boxListType) return "boxes";
  return "other";
}

/** A metric's view of a column: one that holds no value in any row (`allNull`) fits every metric. */
export function metricFieldType(column: ColumnInfo): FieldType {
  return column.allNull ? "null" : declaredFieldType(column.type);
}

/** What planMetric makes of a type (it knows no dates, no null-only columns and no boxes). */
export function fieldKindOf(type: FieldType): FieldKind {
  return type === "temporal" || type === "null" || type === "boxes" ? "other" : type;
}

/** The columns a standard reads: the dataset's, and the result columns of each model. */
/** A dataset's name and columns, as the checks of test cases name them. */
type DatasetColumns = Pick<StandardColumns["dataset"], "name" | "columns">;

export interface StandardColumns {
  /** The dataset's columns, and its id fields (what an id-set test case's ids are values of). */
  dataset: { name: string; columns: ColumnInfo[]; idFields: string[] };
  models: { model: string; columns: ColumnInfo[] }[];
}

export interface TypeCheckOptions {
  /**
   * A metric field that no table has: an error when evaluating; when a standard is set, results
   * may still come, so it is left for evaluate (`later`).
   */
  missingMetricFields: "error" | "later";
}

/** Throws the first problem of the standard's field references (codes unknown_field, invalid_quality_standard, invalid_metric). */
export function checkStandardTypes(standard: QualityStandard, columns: StandardColumns, options: TypeCheckOptions): void {
  standard.stratifications.forEach((stratification, index) => checkStratificationTypes(stratification, `stratifications[${index}]`, columns.dataset));
  standard.test_cases.forEach((testCase, index) => {
    // A stored set of ids (ids: null) was checked when it was stored.
    if (isStoredIdsReference(testCase)) return;
    checkPredicateTypes(
      testCasePredicate(testCase, columns.dataset.idFields),
      columns.dataset,
      `test case "${testCase.name}"`,
      `test_cases[${index}].${"where" in testCase ? "where" : "ids"}`,
    );
  });
  for (const group of standard.metric_groups) for (const metric of group.metrics) checkMetricTypes(metric, columns, options);
}

/** The fields the standard's metrics read (worth knowing which hold no value: see metricFieldType). */
export function metricFields(standard: QualityStandard): string[] {
  return [
    ...new Set(standard.metric_groups.flatMap((group) => group.metrics.flatMap((metric) => metricReferences(metric).map((reference) => reference.field)))),
  ];
}

export function checkStratificationTypes(stratification: Stratification, path: string, dataset: DatasetColumns): void {
  const where = `stratification "${stratification.name}"`;
  const column = requireDatasetColumn(stratification.field, where, dataset);
  const type = declaredFieldType(column.type);
  if (type === "null") return;
  if ((stratification.buckets || stratification.quantiles) && type !== "numeric")
    throw new SlicewiseError(
      "invalid_quality_standard",
      `${where} (${path}) puts field "${column.name}" into numeric buckets, but it holds ${holds(column)}; leave out buckets and quantiles to make a test case of each value, or choose a numeric field`,
    );
  if (type === "other")
    throw new SlicewiseError(
      "invalid_quality_standard",
      `${where} (${path}) makes a test case of each value of field "${column.name}", which holds ${holds(column)}; stratify by a number, string, boolean or date column`,
    );
}

/** Checks each comparison's field and the type of its value; `owner` and `path` say where it is. */
export function checkPredicateTypes(predicate: Predicate, dataset: DatasetColumns, owner: string, path: string): void {
  if ("and" in predicate || "or" in predicate) {
    const key = "and" in predicate ? "and" : "or";
    const parts = "and" in predicate ? predicate.and : predicate.or;
    parts.forEach((part, index) => checkPredicateTypes(part, dataset, owner, `${path}.${key}[${index}]`));
    return;
  }
  if ("not" in predicate) return checkPredicateTypes(predicate.not, dataset, owner, `${path}.not`);
  const column = requireDatasetColumn(predicate.field, owner, dataset);
  const type = declaredFieldType(column.type);
  const where = `${owner} (${path})`;
  if (["lt", "le", "gt", "ge"].includes(predicate.op) && predicate.value === null)
    throw new SlicewiseError(
      "invalid_quality_standard",
      `${where} compares field "${column.name}" by ${predicate.op} with null, which no row satisfies (a null is never less or greater than anything); to select the rows where it is missing use {"field": "${column.name}", "op": "eq", "value": null}`,
    );
  if (type === "null") return;
  if (predicate.op === "between" && type !== "numeric")
    throw new SlicewiseError(
      "invalid_quality_standard",
      `${where} asks whether field "${column.name}" is between two numbers, but it holds ${holds(column)}; use ge and le with ${pluralWords[type]}`,
    );
  const values: Scalar[] = predicate.op === "in" ? predicate.value : predicate.op === "between" ? predicate.value : [predicate.value];
  for (const value of values) {
    if (fits(type, value)) continue;
    if (type === "other")
      throw new SlicewiseError(
        "invalid_quality_standard",
        `${where} compares field "${column.name}" with ${describeValue(value)}, but the field holds ${holds(column)}, which test cases do not compare; test it only for missing values ("eq" or "ne" null), or compare a number, string, boolean or date column`,
      );
    const example = valueOfType(type, value);
    throw new SlicewiseError(
      "invalid_quality_standard",
      `${where} compares field "${column.name}", which holds ${holds(column)}, with ${describeValue(value)}; compare it with ${valueWords[type]}${example ? `, e.g. ${comparisonText(predicate, value, example)}` : ""}`,
    );
  }
}

/** The type each metric kind needs of the fields it reads, and the cross-checks between them. */
export function checkMetricTypes(metric: MetricDefinition, columns: StandardColumns, options: TypeCheckOptions): void {
  const references = metricReferences(metric);
  if (references.length === 0) return;
  // Each model reads its own result column first, then the dataset's (docs/architecture.md); before
  // any results are uploaded, only the dataset's columns can be checked.
  const readers = columns.models.length ? columns.models : [{ model: null, columns: [] as ColumnInfo[] }];
  for (const reader of readers) {
    const context = reader.model === null ? "" : ` for model "${reader.model}"`;
    const where = `metric "${metric.label}"${context}`;
    const resolved = references.map((reference) => {
      const own = reader.columns.find((column) => column.name === reference.field);
      const column = own ?? columns.dataset.columns.find((candidate) => candidate.name === reference.field);
      if (!column && options.missingMetricFields === "error") {
        const resultNames = reader.columns.map((candidate) => candidate.name);
        throw new SlicewiseError(
          "invalid_metric",
          `${where} reads field "${reference.field}", which is neither a result column nor a dataset column; ${reader.model === null ? "" : `the results' columns are ${listForMessage(resultNames)}, `}the dataset's are ${listForMessage(columns.dataset.columns.map((candidate) => candidate.name))}`,
        );
      }
      return { ...reference, column, source: own ? `in the results of model "${reader.model}"` : "in the dataset" };
    });
    for (const { role, field, column, source } of resolved) {
      if (!column) continue;
      const type = metricFieldType(column);
      if (type === "null" || roleTypes[role].types.includes(type)) continue;
      throw new SlicewiseError(
        "invalid_metric",
        `${where} needs ${roleTypes[role].words} field "${field}", but it holds ${holds(column)} ${source}; ${roleTypes[role].advice(metric, field)}`,
      );
    }
    if (metric.kind === "rate") {
      const { column, source } = resolved[0];
      const type = column ? metricFieldType(column) : "null";
      if (!fits(type, metric.value)) {
        const example = valueOfType(type, metric.value);
        throw new SlicewiseError(
          "invalid_metric",
          `${where} counts the rows where field "${metric.field}" equals ${describeValue(metric.value)}, but the field holds ${holds(column!)} ${source}, so no row ever would; give a value of its type${example ? `, e.g. "value": ${example}` : ""}`,
        );
      }
    }
    if (metric.kind === "classification") {
      const [truth, predicted] = resolved;
      const truthType = truth.column ? metricFieldType(truth.column) : "null";
      const predictedType = predicted.column ? metricFieldType(predicted.column) : "null";
      if (truthType !== "null" && predictedType !== "null" && truthType !== predictedType)
        throw new SlicewiseError(
          "invalid_metric",
          `${where} compares ground truth "${truth.field}", which holds ${holds(truth.column!)} ${truth.source}, with predictions "${predicted.field}", which hold ${holds(predicted.column!)} ${predicted.source}; a number never equals a string (1 is not "1"), so every prediction would count as wrong. Give both columns the same type: upload the predictions as ${pluralWords[truthType]}, or the ground truth as ${pluralWords[predictedType]}`,
        );
    }
  }
}

type Role = "averaged" | "rated" | "label" | "regressed" | "count" | "boxes";

/** The fields a metric reads and the role each plays; count measures read only the cells they need, as planMetric does. */
function metricReferences(metric: MetricDefinition): { role: Role; field: string }[] {
  switch (metric.kind) {
    case "count":
      return [];
    case "mean":
    case "sum":
    case "min":
    case "max":
    case "median":
    case "stddev":
      return [{ role: "averaged", field: metric.field }];
    case "rate":
      return [{ role: "rated", field: metric.field }];
    case "classification":
      return [
        { role: "label", field: metric.gt },
        { role: "label", field: metric.pred },
      ];
    case "regression":
      return [
        { role: "regressed", field: metric.gt },
        { role: "regressed", field: metric.pred },
      ];
    case "detection":
      return [
        { role: "boxes", field: metric.gt },
        { role: "boxes", field: metric.pred },
      ];
    default:
      // planMetric knows which count cells a measure needs; with every field numeric it only plans.
      return planMetric(metric, () => "numeric").outcomes.flatMap((outcome) =>
        outcome.op === "countOrZero" && outcome.field !== null ? [{ role: "count" as const, field: outcome.field }] : [],
      );
  }
}

const roleTypes: Record<Role, { types: FieldType[]; words: string; advice: (metric: MetricDefinition, field: string) => string }> = {
  averaged: {
    types: ["numeric", "boolean"],
    words: "a numeric or boolean",
    advice: (metric, field) =>
      `${metric.kind} needs a number or true/false column; to count how often it has a value, use {"kind": "rate", "field": "${field}", "value": …}`,
  },
  rated: {
    types: ["numeric", "boolean", "string"],
    words: "a number, string or boolean",
    advice: () => "a rate counts rows where a number, string or boolean column equals a value; choose such a column",
  },
  label: {
    types: ["numeric", "boolean", "string"],
    words: "a label (number, string or boolean)",
    advice: () => "classification compares labels; upload the ground truth and the predictions as numbers, strings or booleans",
  },
  regressed: { types: ["numeric"], words: "a numeric", advice: () => "regression compares numbers; upload the ground truth and the predictions as numbers" },
  boxes: {
    types: ["boxes"],
    words: "a box-list",
    advice: () =>
      "detection matches lists of boxes: upload them as list<struct<x_min, y_min, x_max, y_max, label, score>> (or x, y, w, h), a Parquet or NDJSON list of objects, or a CSV cell of JSON text (docs/detection.md)",
  },
  count: {
    types: ["numeric", "boolean"],
    words: "a count (numeric or boolean)",
    advice: () => "count measures add up per-datapoint counts; upload the tp/fp/fn/tn columns as numbers (or name other columns with tp, fp, fn, tn)",
  },
};

function requireDatasetColumn(field: string, where: string, dataset: DatasetColumns): ColumnInfo {
  const column = dataset.columns.find((candidate) => candidate.name === field);
  if (column) return column;
  throw new SlicewiseError(
    "unknown_field",
    `${where} reads field "${field}", which dataset "${dataset.name}" does not have (test cases are slices of the dataset, the same for every model); its columns are ${listForMessage(dataset.columns.map((candidate) => candidate.name))}`,
  );
}

const valueWords: Partial<Record<FieldType, string>> = {
  numeric: "a number",
  string: "a string",
  boolean: "true or false",
  temporal: "a date or time as ISO text",
};

const pluralWords: Record<FieldType, string> = {
  numeric: "numbers",
  string: "strings",
  boolean: "booleans",
  temporal: "dates or times",
  null: "nulls",
  boxes: "lists of boxes",
  other: "other values",
};

function fits(type: FieldType, value: Scalar): boolean {
  if (value === null || type === "null") return true;
  switch (type) {
    case "numeric":
      return typeof value === "number";
    case "string":
    case "temporal":
      return typeof value === "string";
    case "boolean":
      return typeof value === "boolean";
    default:
      return false;
  }
}

/** `value` written as the type would have it ("5" → 5, 5 → "5", "true" → true), or null when it has no such form. */
function valueOfType(type: FieldType, value: Scalar): string | null {
  if (value === null) return null;
  if (type === "numeric") {
    if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return String(Number(value));
    if (typeof value === "boolean") return value ? "1" : "0";
    return null;
  }
  if (type === "string" || type === "temporal") return JSON.stringify(String(value));
  if (type === "boolean") {
    if (value === "true" || value === 1) return "true";
    if (value === "false" || value === 0) return "false";
  }
  return null;
}

function comparisonText(predicate: Comparison, value: Scalar, example: string): string {
  if (predicate.op !== "in") return `{"field": "${predicate.field}", "op": "${predicate.op}", "value": ${example}}`;
  return `${example} instead of ${JSON.stringify(value)}`;
}

function describeValue(value: Scalar): string {
  if (value === null) return "null";
  return `${JSON.stringify(value)} (${typeof value === "number" ? "a number" : typeof value === "string" ? "a string" : "a boolean"})`;
}

/** "numbers (BIGINT)", "strings (VARCHAR)", "only nulls": what a column holds, with DuckDB's type. */
function holds(column: ColumnInfo): string {
  const type = column.allNull ? "null" : declaredFieldType(column.type);
  if (type === "null") return "only nulls";
  return type === "other" ? `${column.type} values` : `${pluralWords[type]} (${column.type})`;
}
