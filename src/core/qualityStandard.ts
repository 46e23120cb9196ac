// The quality standard of a dataset: stratifications, explicit test cases and metric groups,
// as JSON (the same over HTTP and in the client), and its validation with errors a person can act on.
import { SlicewiseError } from "./errors";

export type Scalar = string | number | boolean | null;

export type Comparison =
  | { field: string; op: "eq" | "ne" | "lt" | "le" | "gt" | "ge"; value: Scalar }
  | { field: string; op: "in"; value: Scalar[] }
  | { field: string; op: "between"; value: [number, number] };

export type Predicate = Comparison | { and: Predicate[] } | { or: Predicate[] } | { not: Predicate };

export interface Stratification {
  name: string;
  field: string;
  /** Edges e1 < … < ek: k+1 test cases (−∞,e1), [e1,e2) … [ek,∞). */
  buckets?: number[];
  /** q equal-height buckets, edges at the dataset's q-quantiles. */
  quantiles?: number;
}

export interface TestCaseDefinition {
  name: string;
  where: Predicate;
}

export type MeanLikeKind = "mean" | "sum" | "min" | "max" | "median" | "stddev";
export type CountMeasure = "accuracy" | "precision" | "recall" | "f1" | "fpr" | "specificity";
export type ClassificationMeasure = "accuracy" | "precision" | "recall" | "f1";
export type RegressionMeasure = "mae" | "mse" | "rmse" | "r2";

interface MetricBase {
  label: string;
  higher_is_better?: boolean | null;
}

export type MetricDefinition = MetricBase &
  (
    | { kind: "count" }
    | { kind: MeanLikeKind; field: string }
    | { kind: "rate"; field: string; value: Scalar }
    | { kind: CountMeasure; tp?: string; fp?: string; fn?: string; tn?: string }
    | { kind: "classification"; measure: ClassificationMeasure; average?: "macro" | "micro" | "weighted"; gt: string; pred: string }
    | { kind: "regression"; measure: RegressionMeasure; gt: string; pred: string }
  );

export interface MetricGroup {
  name: string;
  metrics: MetricDefinition[];
}

export interface QualityStandard {
  stratifications: Stratification[];
  test_cases: TestCaseDefinition[];
  metric_groups: MetricGroup[];
  /**
   * Below this many datapoints a metric's verdict is unknown. Default per metric: 1 for exact
   * tests (binary metrics), 2 for the others (src/metrics/minimumSamples.ts).
   */
  min_n?: number;
}

const meanLikeKinds = ["mean", "sum", "min", "max", "median", "stddev"];
const countMeasures = ["accuracy", "precision", "recall", "f1", "fpr", "specificity"];
const comparisonOps = ["eq", "ne", "lt", "le", "gt", "ge", "in", "between"];

function fail(where: string, message: string): never {
  throw new SlicewiseError("invalid_quality_standard", `${where}: ${message}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function requireString(value: unknown, where: string): string {
  if (typeof value !== "string" || value.length === 0) fail(where, "must be a non-empty string");
  return value;
}

function validatePredicate(value: unknown, where: string): Predicate {
  if (!isObject(value)) fail(where, 'must be an object such as {"field": "blur", "op": "lt", "value": 0.2}');
  if ("and" in value || "or" in value) {
    const key = "and" in value ? "and" : "or";
    const parts = value[key];
    if (!Array.isArray(parts) || parts.length === 0) fail(`${where}.${key}`, "must be a non-empty list of predicates");
    return { [key]: parts.map((part, index) => validatePredicate(part, `${where}.${key}[${index}]`)) } as Predicate;
  }
  if ("not" in value) return { not: validatePredicate(value.not, `${where}.not`) };
  const field = requireString(value.field, `${where}.field`);
  const op = value.op;
  if (typeof op !== "string" || !comparisonOps.includes(op)) fail(`${where}.op`, `must be one of ${comparisonOps.join(", ")}`);
  if (op === "in" && !Array.isArray(value.value)) fail(`${where}.value`, 'must be a list for "in"');
  if (op === "between") {
    const range = value.value;
    if (!Array.isArray(range) || range.length !== 2 || range.some((bound) => typeof bound !== "number"))
      fail(`${where}.value`, 'must be [low, high] for "between" (inclusive)');
  }
  if (op !== "in" && op !== "between" && Array.isArray(value.value)) fail(`${where}.value`, `must be a single value for "${op}"`);
  return { field, op, value: value.value } as Comparison;
}

function validateStratification(value: unknown, where: string): Stratification {
  if (!isObject(value)) fail(where, 'must be an object such as {"name": "parity", "field": "parity"}');
  const stratification: Stratification = {
    name: requireString(value.name ?? value.field, `${where}.name`),
    field: requireString(value.field, `${where}.field`),
  };
  if (stratification.name === "dataset") fail(`${where}.name`, '"dataset" is reserved for the whole-dataset test case');
  if (value.buckets !== undefined && value.quantiles !== undefined) fail(where, "give either buckets or quantiles, not both");
  if (value.buckets !== undefined) {
    const edges = value.buckets;
    if (!Array.isArray(edges) || edges.length === 0 || edges.some((edge) => typeof edge !== "number" || !Number.isFinite(edge)))
      fail(`${where}.buckets`, "must be a non-empty list of finite numbers");
    for (let i = 1; i < edges.length; i++)
      if (edges[i] <= edges[i - 1]) fail(`${where}.buckets`, `must be strictly ascending (${edges[i - 1]} is followed by ${edges[i]})`);
    stratification.buckets = edges as number[];
  }
  if (value.quantiles !== undefined) {
    const q = value.quantiles;
    if (typeof q !== "number" || !Number.isInteger(q) || q < 2 || q > 100) fail(`${where}.quantiles`, "must be an integer from 2 to 100");
    stratification.quantiles = q;
  }
  return stratification;
}

function validateMetric(value: unknown, where: string): MetricDefinition {
  if (!isObject(value)) fail(where, 'must be an object such as {"label": "Accuracy", "kind": "mean", "field": "correct"}');
  const label = requireString(value.label, `${where}.label`);
  const kind = requireString(value.kind, `${where}.kind`);
  const direction = value.higher_is_better;
  if (direction !== undefined && direction !== null && typeof direction !== "boolean")
    fail(`${where}.higher_is_better`, "must be true, false or null");
  const base = { label, higher_is_better: (direction ?? null) as boolean | null };
  if (kind === "count") return { ...base, kind };
  if (meanLikeKinds.includes(kind)) return { ...base, kind: kind as MeanLikeKind, field: requireString(value.field, `${where}.field`) };
  if (kind === "rate") {
    if (!("value" in value)) fail(`${where}.value`, 'is required: the rate is the share of rows where field == value');
    return { ...base, kind, field: requireString(value.field, `${where}.field`), value: value.value as Scalar };
  }
  if (countMeasures.includes(kind)) {
    const columns: Record<string, string> = {};
    for (const cell of ["tp", "fp", "fn", "tn"]) {
      if (value[cell] !== undefined) columns[cell] = requireString(value[cell], `${where}.${cell}`);
    }
    return { ...base, kind: kind as CountMeasure, ...columns };
  }
  if (kind === "classification") {
    const measure = value.measure;
    if (!["accuracy", "precision", "recall", "f1"].includes(measure as string))
      fail(`${where}.measure`, "must be accuracy, precision, recall or f1");
    const average = value.average ?? "macro";
    if (!["macro", "micro", "weighted"].includes(average as string)) fail(`${where}.average`, "must be macro, micro or weighted");
    return {
      ...base,
      kind,
      measure: measure as ClassificationMeasure,
      average: average as "macro" | "micro" | "weighted",
      gt: requireString(value.gt, `${where}.gt`),
      pred: requireString(value.pred, `${where}.pred`),
    };
  }
  if (kind === "regression") {
    const measure = value.measure;
    if (!["mae", "mse", "rmse", "r2"].includes(measure as string)) fail(`${where}.measure`, "must be mae, mse, rmse or r2");
    return {
      ...base,
      kind,
      measure: measure as RegressionMeasure,
      gt: requireString(value.gt, `${where}.gt`),
      pred: requireString(value.pred, `${where}.pred`),
    };
  }
  return fail(
    `${where}.kind`,
    `unknown metric kind "${kind}"; use count, mean, sum, min, max, median, stddev, rate, ${countMeasures.join(", ")}, classification or regression`,
  );
}

function uniqueNames(names: string[], where: string): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) fail(where, `the name "${name}" is used twice; names must be unique`);
    seen.add(name);
  }
}

/**
 * Why a `min_n` (of a quality standard, or an evaluation's override) is not a positive whole
 * number; null when it is. Callers wrap the reason in their own coded error.
 */
export function minimumSamplesProblem(value: unknown): string | null {
  if (typeof value === "number" && Number.isInteger(value) && value >= 1) return null;
  return `must be a positive whole number of datapoints, e.g. 2 (or 30 for a stricter standard); got ${JSON.stringify(value)}`;
}

/** Checks a quality standard's shape and fills defaults; field names are checked later, against the data. */
export function parseQualityStandard(value: unknown): QualityStandard {
  if (!isObject(value)) fail("quality standard", "must be a JSON object with stratifications, test_cases and metric_groups");
  const list = (key: string): unknown[] => {
    const entries = value[key] ?? [];
    if (!Array.isArray(entries)) fail(key, "must be a list");
    return entries;
  };
  const standard: QualityStandard = {
    stratifications: list("stratifications").map((entry, index) => validateStratification(entry, `stratifications[${index}]`)),
    test_cases: list("test_cases").map((entry, index) => {
      if (!isObject(entry)) fail(`test_cases[${index}]`, 'must be an object {"name": ..., "where": ...}');
      return { name: requireString(entry.name, `test_cases[${index}].name`), where: validatePredicate(entry.where, `test_cases[${index}].where`) };
    }),
    metric_groups: list("metric_groups").map((entry, index) => {
      if (!isObject(entry)) fail(`metric_groups[${index}]`, 'must be an object {"name": ..., "metrics": [...]}');
      const metrics = entry.metrics;
      if (!Array.isArray(metrics) || metrics.length === 0) fail(`metric_groups[${index}].metrics`, "must be a non-empty list");
      const group = {
        name: requireString(entry.name, `metric_groups[${index}].name`),
        metrics: metrics.map((metric, m) => validateMetric(metric, `metric_groups[${index}].metrics[${m}]`)),
      };
      uniqueNames(group.metrics.map((metric) => metric.label), `metric_groups[${index}].metrics`);
      return group;
    }),
  };
  if (value.min_n !== undefined) {
    const problem = minimumSamplesProblem(value.min_n);
    if (problem) fail("min_n", problem);
    standard.min_n = value.min_n as number;
  }
  uniqueNames(standard.stratifications.map((s) => s.name), "stratifications");
  uniqueNames(standard.test_cases.map((t) => t.name), "test_cases");
  uniqueNames(standard.metric_groups.map((g) => g.name), "metric_groups");
  return standard;
}

/** The fields a predicate reads, for checking them against the data. */
export function predicateFields(predicate: Predicate): string[] {
  if ("and" in predicate) return predicate.and.flatMap(predicateFields);
  if ("or" in predicate) return predicate.or.flatMap(predicateFields);
  if ("not" in predicate) return predicateFields(predicate.not);
  return [predicate.field];
}

/** Name of a numeric bucket test case: "(-∞, 250)", "[250, 300)", "[350, ∞)". */
export function bucketName(low: number | null, high: number | null): string {
  const format = (x: number) => String(Number(x.toPrecision(6)));
  const left = low === null ? "(-∞" : `[${format(low)}`;
  const right = high === null ? "∞)" : `${format(high)})`;
  return `${left}, ${right}`;
}
