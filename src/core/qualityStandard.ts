// The quality standard of a dataset: stratifications, explicit test cases and metric groups,
// as JSON (the same over HTTP and in the client). Its schema, which validates it, is the
// platform's (src/platform/schemas/qualityStandard.ts).

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

/** One datapoint's id: a value for a dataset with one id field, else a list in the id fields' order. */
export type IdValue = Scalar | Scalar[];

/**
 * A test case of chosen ids whose ids the platform keeps (README, "Test cases and nulls"): a
 * standard read back names a large set this way instead of listing it, and
 * the same object sent back keeps the set. `ids_of` says which stored set; without it, the set
 * of the test case of this name in the latest version.
 */
export interface StoredIdsReference {
  name: string;
  ids: null;
  /** How many ids the set holds (as given, repeats included). */
  id_count?: number;
  ids_of?: { version: number; test_case: string };
}

/**
 * An explicit test case: the datapoints where a predicate holds, or a chosen set of datapoints by
 * id — one value each for a dataset with one id field, else a list in the id fields' order — or a
 * reference to a set of ids the platform keeps.
 */
export type TestCaseDefinition = { name: string; where: Predicate } | { name: string; ids: IdValue[] } | StoredIdsReference;

/** Whether a test case names a stored set of ids instead of listing them. */
export function isStoredIdsReference(testCase: TestCaseDefinition): testCase is StoredIdsReference {
  return "ids" in testCase && testCase.ids === null;
}

/**
 * The predicate a test case stands for: its own, or for a set of ids, `id in [...]` (one id field)
 * or an or of id-field equalities (several). Throws invalid_quality_standard when an id does not
 * have one value per id field.
 */
export function testCasePredicate(testCase: TestCaseDefinition, idFields: readonly string[]): Predicate {
  if ("where" in testCase) return testCase.where;
  if (isStoredIdsReference(testCase))
    throw new SlicewiseError(
      "invalid_quality_standard",
      `test case "${testCase.name}": its ids are kept by the platform (ids: null); read them with getQualityStandard(dataset, { ids: "all" })`,
    );
  const idOf = (id: IdValue, index: number): Scalar[] => {
    const values = Array.isArray(id) ? id : [id];
    if (values.length !== idFields.length)
      throw new SlicewiseError(
        "invalid_quality_standard",
        `test case "${testCase.name}": id ${index + 1} (${JSON.stringify(id)}) has ${values.length} ${values.length === 1 ? "value" : "values"}, but the dataset's id fields are ${idFields.join(", ")}; give each id as ${idFields.length === 1 ? "one value" : `a list of ${idFields.length} values in that order`}`,
      );
    return values;
  };
  const ids = testCase.ids.map(idOf);
  if (idFields.length === 1) return { field: idFields[0], op: "in", value: ids.map((values) => values[0]) };
  return { or: ids.map((values) => ({ and: idFields.map((field, f) => ({ field, op: "eq" as const, value: values[f] })) })) };
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
    | DetectionMetric
  );

export type DetectionMeasureName = "tp" | "fp" | "fn" | "precision" | "recall" | "f1" | "ap" | "ar";

/** Object detection (docs/detection.md): boxes in `gt` (dataset) and `pred` (results), matched per image. */
export interface DetectionMetric {
  kind: "detection";
  measure: DetectionMeasureName;
  gt: string;
  pred: string;
  /** "greedy" (PASCAL VOC) or "coco" (pycocotools); default "coco". */
  matching?: "greedy" | "coco";
  /** An IoU threshold, a list, or "0.50:0.05:0.95" (averaged over them); default 0.5. */
  iou?: number | number[] | string;
  /** The score at which tp … f1 count, or "f1-optimal" (default). */
  threshold?: number | "f1-optimal";
  /** An F1-optimal threshold per class (default) or one for all classes. */
  optimal_per?: "class" | "global";
  average?: "macro" | "micro";
  /** Labels scored; default every class. */
  classes?: (string | number)[];
  /** Objects by box area in pixels²: COCO's "small" (< 32²), "medium", "large" (≥ 96²), or [min, max]. Default all. */
  area?: "all" | "small" | "medium" | "large" | [number, number];
  /** Predictions kept per image and class, by descending score; default 100 (coco), all (greedy). */
  max_detections?: number;
}

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

/**
 * Why a `min_n` (of a quality standard, or an evaluation's override) is not a positive whole
 * number; null when it is. Callers wrap the reason in their own coded error.
 */
export function minimumSamplesProblem(value: unknown): string | null {
  if (typeof value === "number" && Number.isInteger(value) && value >= 1) return null;
  return `must be a positive whole number of datapoints, e.g. 2 (or 30 for a stricter standard); got ${JSON.stringify(value)}`;
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
