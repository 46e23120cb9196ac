// q-values across test cases and the verdicts read from them.
import { EvaluationRow } from "../../../src/core";
import { addQValuesAndVerdicts, verdictOf } from "../../../src/metrics";

function row(testCase: string, model: string, pValue: number | null, delta: number | null): EvaluationRow {
  return {
    stratification: testCase === "all" ? "dataset" : "group",
    test_case: testCase,
    model,
    metric_group: "quality",
    metric: "Accuracy",
    n: 100,
    value: 0.5,
    ci_low: 0.4,
    ci_high: 0.6,
    delta,
    p_value: pValue,
    q_value: null,
    verdict: null,
    higher_is_better: true,
  };
}

test("Benjamini–Hochberg runs over the test cases of one model and metric, without the whole dataset", () => {
  const rows = [
    row("all", "ref", null, null),
    row("all", "b", 0.02, 0.1),
    row("a", "b", 0.01, 0.1),
    row("b", "b", 0.04, -0.1),
    row("c", "b", 0.03, 0.1),
    row("d", "b", 0.2, 0.1),
  ];
  addQValuesAndVerdicts(rows, "ref", 0.95);
  expect(rows[1].q_value).toBe(0.02);
  expect(rows.slice(2).map((r) => Number(r.q_value!.toFixed(4)))).toEqual([0.04, 0.0533, 0.0533, 0.2]);
  expect(rows.map((r) => r.verdict)).toEqual([null, "improved", "improved", "similar", "similar", "similar"]);
});

test("the verdict follows the metric's direction", () => {
  expect(verdictOf({ delta: -0.1, q_value: 0.001, higher_is_better: true }, 0.05)).toBe("regressed");
  expect(verdictOf({ delta: -0.1, q_value: 0.001, higher_is_better: false }, 0.05)).toBe("improved");
  expect(verdictOf({ delta: 0.1, q_value: 0.05, higher_is_better: true }, 0.05)).toBe("similar");
  expect(verdictOf({ delta: 0.1, q_value: 0.001, higher_is_better: null }, 0.05)).toBe("unknown");
  expect(verdictOf({ delta: null, q_value: null, higher_is_better: true }, 0.05)).toBe("unknown");
});
