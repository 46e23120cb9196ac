// The evaluation table's Arrow schema is the contract of docs/architecture.md.
import { tableFromIPC, tableToIPC } from "apache-arrow";
import { EvaluationRow, evaluationInfo, evaluationRowsFromTable, evaluationTableFromRows } from "../../../src/core";

const rows: EvaluationRow[] = [
  {
    stratification: "dataset",
    test_case: "all",
    model: "a",
    metric_group: "q",
    metric: "Accuracy",
    n: 10,
    value: 0.8,
    ci_low: 0.4902,
    ci_high: 0.9433,
    delta: null,
    p_value: null,
    q_value: null,
    verdict: null,
    higher_is_better: true,
  },
  {
    stratification: "dataset",
    test_case: "all",
    model: "b",
    metric_group: "q",
    metric: "Accuracy",
    n: 10,
    value: 1,
    ci_low: 0.7225,
    ci_high: 1,
    delta: 0.2,
    p_value: 0.5,
    q_value: 0.5,
    verdict: "similar",
    higher_is_better: true,
  },
];

test("columns, order and types are the contract's", () => {
  const table = evaluationTableFromRows(rows);
  expect(table.schema.fields.map((field) => `${field.name}:${field.type}${field.nullable ? "?" : ""}`)).toEqual([
    "stratification:Utf8",
    "test_case:Utf8",
    "model:Utf8",
    "metric_group:Utf8",
    "metric:Utf8",
    "n:Int64",
    "value:Float64?",
    "ci_low:Float64?",
    "ci_high:Float64?",
    "delta:Float64?",
    "p_value:Float64?",
    "q_value:Float64?",
    "verdict:Utf8?",
    "higher_is_better:Bool?",
  ]);
});

test("rows survive an IPC round trip, nulls and provenance included", () => {
  const table = tableFromIPC(tableToIPC(evaluationTableFromRows(rows, { dataset: "digits", excluded_datapoints: 3 }), "stream"));
  expect(evaluationRowsFromTable(table)).toEqual(rows);
  expect(evaluationInfo(table)).toEqual({ dataset: "digits", excluded_datapoints: 3 });
});

test("an empty evaluation is a table with the contract's columns and no rows", () => {
  const table = evaluationTableFromRows([]);
  expect(table.numRows).toBe(0);
  expect(table.schema.fields).toHaveLength(14);
});
