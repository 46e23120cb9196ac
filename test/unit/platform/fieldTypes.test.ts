// The quality standard's field references checked against column types before any SQL runs:
// which references pass, and the coded error each wrong one gets.
import { MetricDefinition, Predicate, QualityStandard, SlicewiseError, Stratification } from "../../../src/core";
import { StandardColumns, TypeCheckOptions, checkStandardTypes, declaredFieldType, metricFields } from "../../../src/platform/fieldTypes";

const columns: StandardColumns = {
  dataset: {
    name: "photos",
    idFields: ["id"],
    columns: [
      { name: "id", type: "BIGINT" },
      { name: "label", type: "BIGINT" },
      { name: "region", type: "VARCHAR" },
      { name: "blur", type: "DOUBLE" },
      { name: "indoor", type: "BOOLEAN" },
      { name: "taken", type: "TIMESTAMP" },
      { name: "image", type: "BLOB" },
      { name: "notes", type: '"NULL"' },
    ],
  },
  models: [
    {
      model: "knn",
      columns: [
        { name: "id", type: "BIGINT" },
        { name: "pred", type: "VARCHAR" },
        { name: "score", type: "DOUBLE" },
        { name: "correct", type: "VARCHAR", allNull: true },
      ],
    },
  ],
};

const evaluating: TypeCheckOptions = { missingMetricFields: "error" };
const standard = (parts: Partial<QualityStandard>): QualityStandard => ({ stratifications: [], test_cases: [], metric_groups: [], ...parts });
const withTestCase = (where: Predicate) => standard({ test_cases: [{ name: "t", where }] });
/** A metric without its direction, kind by kind (Omit over the union itself would drop every kind's own fields). */
type WithoutDirection<T> = T extends unknown ? Omit<T, "higher_is_better"> : never;
const withMetric = (metric: WithoutDirection<MetricDefinition>) => standard({ metric_groups: [{ name: "quality", metrics: [metric as MetricDefinition] }] });
const withStratification = (stratification: Stratification) => standard({ stratifications: [stratification] });

function failure(definition: QualityStandard, options = evaluating, on = columns): { code: string; message: string } {
  try {
    checkStandardTypes(definition, on, options);
  } catch (error) {
    if (error instanceof SlicewiseError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error("no error was thrown");
}

const passes = (definition: QualityStandard, options = evaluating) => expect(() => checkStandardTypes(definition, columns, options)).not.toThrow();

test("DuckDB's types as test cases and metrics see them", () => {
  expect(["BOOLEAN", "INTEGER", "BIGINT", "DOUBLE", "DECIMAL(10,2)", "VARCHAR", "TIMESTAMP", "DATE", '"NULL"', "BLOB", "JSON"].map(declaredFieldType)).toEqual([
    "boolean",
    "numeric",
    "numeric",
    "numeric",
    "numeric",
    "string",
    "temporal",
    "temporal",
    "null",
    "other",
    "other",
  ]);
});

describe("test cases", () => {
  test("values of the field's type pass, null passes everywhere, a column of nulls takes any value", () => {
    passes(withTestCase({ field: "blur", op: "lt", value: 0.2 }));
    passes(withTestCase({ field: "region", op: "in", value: ["east", null] }));
    passes(withTestCase({ not: { field: "indoor", op: "eq", value: true } }));
    passes(withTestCase({ field: "taken", op: "ge", value: "2024-01-01" }));
    passes(withTestCase({ field: "image", op: "ne", value: null }));
    passes(withTestCase({ field: "notes", op: "eq", value: "x" }));
  });

  test("a number compared with a string field, and the other way round, say what to write instead", () => {
    expect(failure(withTestCase({ field: "region", op: "lt", value: 5 }))).toEqual({
      code: "invalid_quality_standard",
      message:
        'test case "t" (test_cases[0].where) compares field "region", which holds strings (VARCHAR), with 5 (a number); compare it with a string, e.g. {"field": "region", "op": "lt", "value": "5"}',
    });
    expect(
      failure(
        withTestCase({
          and: [
            { field: "region", op: "eq", value: "east" },
            { field: "blur", op: "eq", value: "x" },
          ],
        }),
      ),
    ).toEqual({
      code: "invalid_quality_standard",
      message: 'test case "t" (test_cases[0].where.and[1]) compares field "blur", which holds numbers (DOUBLE), with "x" (a string); compare it with a number',
    });
    expect(failure(withTestCase({ field: "label", op: "in", value: [1, "2"] })).message).toContain('e.g. 2 instead of "2"');
    expect(failure(withTestCase({ field: "indoor", op: "eq", value: "true" })).message).toContain('"value": true}');
  });

  test("between on a string, an order comparison with null, a BLOB, a date compared with a number", () => {
    expect(failure(withTestCase({ field: "region", op: "between", value: [1, 2] })).message).toBe(
      'test case "t" (test_cases[0].where) asks whether field "region" is between two numbers, but it holds strings (VARCHAR); use ge and le with strings',
    );
    expect(failure(withTestCase({ not: { field: "blur", op: "lt", value: null } }))).toEqual({
      code: "invalid_quality_standard",
      message:
        'test case "t" (test_cases[0].where.not) compares field "blur" by lt with null, which no row satisfies (a null is never less or greater than anything); to select the rows where it is missing use {"field": "blur", "op": "eq", "value": null}',
    });
    expect(failure(withTestCase({ field: "image", op: "eq", value: "x" })).message).toContain("holds BLOB values, which test cases do not compare");
    expect(failure(withTestCase({ field: "taken", op: "lt", value: 5 })).message).toContain("compare it with a date or time as ISO text");
  });

  test("a field the dataset does not have is unknown_field, listing the columns", () => {
    expect(failure(withTestCase({ field: "pred", op: "eq", value: "cat" }))).toEqual({
      code: "unknown_field",
      message:
        'test case "t" reads field "pred", which dataset "photos" does not have (test cases are slices of the dataset, the same for every model); its columns are "id", "label", "region", "blur", "indoor", "taken", "image", "notes"',
    });
  });
});

describe("stratifications", () => {
  test("buckets need numbers; values need something comparable", () => {
    passes(withStratification({ name: "blur", field: "blur", buckets: [0.2] }));
    passes(withStratification({ name: "region", field: "region" }));
    expect(failure(withStratification({ name: "region", field: "region", quantiles: 4 }))).toEqual({
      code: "invalid_quality_standard",
      message:
        'stratification "region" (stratifications[0]) puts field "region" into numeric buckets, but it holds strings (VARCHAR); leave out buckets and quantiles to make a test case of each value, or choose a numeric field',
    });
    expect(failure(withStratification({ name: "image", field: "image" })).message).toContain('field "image", which holds BLOB values');
  });
});

describe("metrics", () => {
  test("a column of nulls fits every metric; a missing field waits for evaluate when the standard is set", () => {
    passes(withMetric({ label: "Accuracy", kind: "mean", field: "correct" }));
    passes(withMetric({ label: "Says yes", kind: "rate", field: "correct", value: "yes" }));
    passes(withMetric({ label: "Confidence", kind: "mean", field: "confidence" }), { missingMetricFields: "later" });
    expect(failure(withMetric({ label: "Confidence", kind: "mean", field: "confidence" }))).toEqual({
      code: "invalid_metric",
      message:
        'metric "Confidence" for model "knn" reads field "confidence", which is neither a result column nor a dataset column; the results\' columns are "id", "pred", "score", "correct", the dataset\'s are "id", "label", "region", "blur", "indoor", "taken", "image", "notes"',
    });
  });

  test("integer ground truth against string predictions names both fields, their types and what to do", () => {
    expect(failure(withMetric({ label: "Accuracy", kind: "classification", measure: "accuracy", average: "macro", gt: "label", pred: "pred" }))).toEqual({
      code: "invalid_metric",
      message:
        'metric "Accuracy" for model "knn" compares ground truth "label", which holds numbers (BIGINT) in the dataset, with predictions "pred", which hold strings (VARCHAR) in the results of model "knn"; a number never equals a string (1 is not "1"), so every prediction would count as wrong. Give both columns the same type: upload the predictions as numbers, or the ground truth as strings',
    });
  });

  test("a rate's value of another type than its field's", () => {
    expect(failure(withMetric({ label: "Says 3", kind: "rate", field: "pred", value: 3 }))).toEqual({
      code: "invalid_metric",
      message:
        'metric "Says 3" for model "knn" counts the rows where field "pred" equals 3 (a number), but the field holds strings (VARCHAR) in the results of model "knn", so no row ever would; give a value of its type, e.g. "value": "3"',
    });
    passes(withMetric({ label: "Says 3", kind: "rate", field: "pred", value: "3" }));
  });

  test("averages, regressions and count cells need numbers", () => {
    expect(failure(withMetric({ label: "Mean region", kind: "mean", field: "region" }))).toEqual({
      code: "invalid_metric",
      message:
        'metric "Mean region" for model "knn" needs a numeric or boolean field "region", but it holds strings (VARCHAR) in the dataset; mean needs a number or true/false column; to count how often it has a value, use {"kind": "rate", "field": "region", "value": …}',
    });
    expect(failure(withMetric({ label: "MAE", kind: "regression", measure: "mae", gt: "label", pred: "pred" })).message).toContain(
      'needs a numeric field "pred", but it holds strings (VARCHAR) in the results of model "knn"',
    );
    // Precision reads count_TP and count_FP only.
    expect(failure(withMetric({ label: "Precision", kind: "precision", tp: "region", fp: "blur" })).message).toContain(
      'needs a count (numeric or boolean) field "region"',
    );
    expect(failure(withMetric({ label: "Precision", kind: "precision" })).message).toContain('reads field "count_TP"');
  });

  test("before any results, the dataset's columns are checked alone", () => {
    const datasetOnly = { ...columns, models: [] };
    expect(failure(withMetric({ label: "Mean region", kind: "mean", field: "region" }), { missingMetricFields: "later" }, datasetOnly).message).toMatch(
      /^metric "Mean region" needs a numeric/,
    );
  });

  test("metricFields lists what the metrics read, once each", () => {
    const definition = standard({
      metric_groups: [
        {
          name: "quality",
          metrics: [
            { label: "Accuracy", kind: "classification", measure: "accuracy", average: "macro", gt: "label", pred: "pred" },
            { label: "Mean score", kind: "mean", field: "score" },
            { label: "Recall", kind: "recall" },
            { label: "Rows", kind: "count" },
            { label: "Label rate", kind: "rate", field: "label", value: 1 },
          ] as MetricDefinition[],
        },
      ],
    });
    expect(metricFields(definition)).toEqual(["label", "pred", "score", "count_TP", "count_FN"]);
  });
});
