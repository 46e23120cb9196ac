// The delta method for cell metrics (src/metrics/deltaMethod.ts) on counts whose variances are
// known in closed form: accuracy's p(1 − p)/N, and a paired difference's McNemar-like variance.
import { normalCdf, normalQuantile, planMetric, summarizeMetric } from "../../../src/metrics";
import { CellStatistics } from "../../../src/metrics/sufficientStatistics";

const accuracy = planMetric({ label: "Accuracy", kind: "classification", measure: "accuracy", gt: "y", pred: "p" }, () => "string");
const macroF1 = planMetric({ label: "Macro F1", kind: "classification", measure: "f1", average: "macro", gt: "y", pred: "p" }, () => "string");
const options = { confidence: 0.95, resamples: 1000, seed: 7 };
const z = normalQuantile(0.975);

function cells(values: string[][], counts: number[], paired = false): CellStatistics {
  return { shape: "cells", n: counts.reduce((a, b) => a + b, 0), width: 2, paired, values, counts };
}

describe("the delta method for a ratio of cell counts", () => {
  it("gives accuracy the Wald interval p ± z·√(p(1 − p)/N): 3,000 of 4,000 right", () => {
    const summary = summarizeMetric(
      accuracy,
      cells(
        [
          ["a", "a"],
          ["b", "b"],
          ["a", "b"],
          ["b", "a"],
        ],
        [1500, 1500, 500, 500],
      ),
      options,
    );
    const standardError = Math.sqrt((0.75 * 0.25) / 4000);
    expect(summary.value).toBe(0.75);
    expect(summary.ciLow).toBeCloseTo(0.75 - z * standardError, 9);
    expect(summary.ciHigh).toBeCloseTo(0.75 + z * standardError, 9);
  });

  it("tests a paired accuracy difference with the variance [b(1 − Δ)² + c(1 + Δ)² + (N − b − c)Δ²]/N²", () => {
    // Model right alone on 300, the reference alone on 200, both on 2,700, neither on 800.
    const statistics = cells(
      [
        ["a", "a", "a", "b"],
        ["a", "b", "a", "a"],
        ["a", "a", "a", "a"],
        ["a", "b", "a", "b"],
      ],
      [300, 200, 2700, 800],
      true,
    );
    const summary = summarizeMetric(accuracy, statistics, options);
    const [n, b, c] = [4000, 300, 200];
    const difference = (b - c) / n;
    const variance = (b * (1 - difference) ** 2 + c * (1 + difference) ** 2 + (n - b - c) * difference ** 2) / n ** 2;
    expect(summary.value).toBe(3000 / 4000);
    expect(summary.pValue).toBeCloseTo(2 * normalCdf(-difference / Math.sqrt(variance)), 9);
    expect(summary.pValue).toBeLessThan(1e-5);
  });

  it("gives p = 1 when the model and the reference agree on every datapoint", () => {
    const statistics = cells(
      [
        ["a", "a", "a", "a"],
        ["b", "a", "b", "a"],
      ],
      [3500, 500],
      true,
    );
    expect(summarizeMetric(accuracy, statistics, options).pValue).toBe(1);
  });

  it("leaves test cases below 3,000 datapoints, and a class with a small denominator, to the bootstrap", () => {
    const small = summarizeMetric(
      accuracy,
      cells(
        [
          ["a", "a"],
          ["b", "b"],
          ["a", "b"],
          ["b", "a"],
        ],
        [150, 150, 50, 50],
      ),
      options,
    );
    const wald = Math.sqrt((0.75 * 0.25) / 400) * z;
    // A percentile interval of 1,000 resamples lands on a multiple of 1/400 (its replicates are counts over about 400), not on the Wald bounds.
    expect(Math.abs(small.ciLow - (0.75 - wald))).toBeGreaterThan(1e-6);
    // Macro F1 with a class c seen 20 times (2·hits + FP + FN = 40 < 100): resampled, so a rerun with another seed moves it.
    const rare = cells(
      [
        ["a", "a"],
        ["b", "b"],
        ["c", "c"],
        ["a", "b"],
      ],
      [2000, 2000, 20, 500],
    );
    const first = summarizeMetric(macroF1, rare, options);
    const second = summarizeMetric(macroF1, rare, { ...options, seed: 8 });
    expect(first.ciLow).not.toBe(second.ciLow);
    // Without the rare class the delta method answers, the same for every seed.
    const common = cells(
      [
        ["a", "a"],
        ["b", "b"],
        ["a", "b"],
      ],
      [2000, 2000, 500],
    );
    expect(summarizeMetric(macroF1, common, options)).toEqual(summarizeMetric(macroF1, common, { ...options, seed: 8 }));
  });
});
