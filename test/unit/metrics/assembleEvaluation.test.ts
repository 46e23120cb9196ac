// q-values across test cases and the verdicts read from them.
import { EvaluationRow, MetricDefinition } from "../../../src/core";
import { MetricPlan, SufficientStatistics, addQValuesAndVerdicts, assembleEvaluation, verdictOf } from "../../../src/metrics";

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

describe("min_n and undefined values (issue 11)", () => {
  test("a row below its min_n keeps its p-value, gets no q-value, verdict unknown, and leaves the BH family", () => {
    const rows = [row("all", "ref", null, null), row("a", "b", 0.01, 0.1), row("b", "b", 0.02, 0.1), row("c", "b", 0.001, 0.1)];
    rows[3].n = 1;
    addQValuesAndVerdicts(rows, "ref", 0.95, () => 2);
    // Family {a, b}: q = min(1, 2·0.01/1, 2·0.02/2) = 0.02 for both; c would have made it 3 tests.
    expect(rows.slice(1).map((r) => r.q_value)).toEqual([0.02, 0.02, null]);
    expect(rows.slice(1).map((r) => r.verdict)).toEqual(["improved", "improved", "unknown"]);
    expect(rows[3].p_value).toBe(0.001);
  });

  test("the whole dataset below min_n has no q-value either", () => {
    const rows = [row("all", "ref", null, null), row("all", "b", 0.001, 0.1)];
    rows[1].n = 3;
    addQValuesAndVerdicts(rows, "ref", 0.95, () => 5);
    expect(rows[1]).toMatchObject({ p_value: 0.001, q_value: null, verdict: "unknown" });
  });

  const twoModels = (metric: MetricDefinition, shape: MetricPlan["shape"], statistics: (model: string) => SufficientStatistics, minN?: number) =>
    assembleEvaluation({
      testCases: [{ stratification: "dataset", test_case: "all" }],
      models: ["ref", "b"],
      reference: "ref",
      metricGroups: [{ name: "quality", metrics: [metric] }],
      plans: [[{ metric, shape, outcomes: [] }]],
      statistics: (_, model) => statistics(model),
      confidence: 0.95,
      resamples: 1000,
      seed: 3,
      minN,
    });

  test("R² on one datapoint: every figure null and the verdict unknown (it was 'improved', delta 1)", () => {
    const r2: MetricDefinition = { label: "R²", kind: "regression", measure: "r2", gt: "y", pred: "p", higher_is_better: true };
    // (y, ŷ[, y, reference ŷ]): b is exact, the reference is off by one.
    const rows = twoModels(r2, "cells", (model) =>
      model === "ref"
        ? { shape: "cells", n: 1, width: 2, paired: false, values: [[3, 4]], counts: [1] }
        : { shape: "cells", n: 1, width: 2, paired: true, values: [[3, 3, 3, 4]], counts: [1] },
    );
    expect(rows[1]).toMatchObject({ n: 1, value: null, ci_low: null, ci_high: null, delta: null, p_value: null, q_value: null, verdict: "unknown" });
  });

  test("a defined value against an undefined reference has no delta and no test", () => {
    const mean: MetricDefinition = { label: "Correct", kind: "mean", field: "correct", higher_is_better: true };
    const rows = twoModels(mean, "binary", (model) =>
      model === "ref" ? { shape: "binary", n: 0, successes: 0 } : { shape: "binary", n: 3, successes: 3, paired: { n: 0, modelOnly: 0, referenceOnly: 0 } },
    );
    expect(rows[0]).toMatchObject({ n: 0, value: null });
    expect(rows[1]).toMatchObject({ n: 3, value: 1, delta: null, p_value: null, q_value: null, verdict: "unknown" });
  });

  test("an all-true-negative specificity: n = 1 is below the bootstrap's default min_n of 2; n = 2 is significant", () => {
    const specificity: MetricDefinition = { label: "Specificity", kind: "specificity", higher_is_better: true };
    const cells =
      (n: number) =>
      (model: string): SufficientStatistics =>
        model === "ref"
          ? { shape: "cells", n, width: 4, paired: false, values: [[0, 1, 0, 0]], counts: [n] }
          : { shape: "cells", n, width: 4, paired: true, values: [[0, 0, 0, 1, 0, 1, 0, 0]], counts: [n] };
    const one = twoModels(specificity, "cells", cells(1))[1];
    expect(one).toMatchObject({ n: 1, value: 1, ci_low: 1, ci_high: 1, delta: 1, q_value: null, verdict: "unknown" });
    expect(one.p_value!).toBeLessThan(0.004);
    // p = 2/(R + 1) with R ≈ 865 non-empty resamples of Poisson(2): ≈ 0.0023.
    const two = twoModels(specificity, "cells", cells(2))[1];
    expect(two).toMatchObject({ n: 2, value: 1, delta: 1, verdict: "improved" });
    expect(two.q_value).toBe(two.p_value);
    expect(two.p_value!).toBeGreaterThan(0.002);
    expect(two.p_value!).toBeLessThan(0.0026);
    // An evaluation's min_n overrides the default: 3 withholds the verdict at n = 2.
    expect(twoModels(specificity, "cells", cells(2), 3)[1]).toMatchObject({ verdict: "unknown", q_value: null });
  });

  test("exact tests default to min_n 1: a boolean mean at n = 1 has a verdict (similar: McNemar p = 1)", () => {
    const mean: MetricDefinition = { label: "Correct", kind: "mean", field: "correct", higher_is_better: true };
    const rows = twoModels(mean, "binary", (model) =>
      model === "ref" ? { shape: "binary", n: 1, successes: 0 } : { shape: "binary", n: 1, successes: 1, paired: { n: 1, modelOnly: 1, referenceOnly: 0 } },
    );
    expect(rows[1]).toMatchObject({ n: 1, delta: 1, p_value: 1, q_value: 1, verdict: "similar" });
  });
});
