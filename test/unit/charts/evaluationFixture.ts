// A hand-made evaluation: five test cases × three models (reference `base`) of Accuracy, and a
// Latency metric without values. One test case's name is an HTML injection attempt.
import { EvaluationRow, Verdict, evaluationTableFromRows } from "../../../src/core";

export const hostileName = "<img src=x onerror=alert(1)>";
export const longName = "images taken at night under heavy rain with motion blur";

type Figures = [value: number, low: number, high: number, delta: number | null, p: number | null, q: number | null, verdict: Verdict | null];

const testCases: [stratification: string, testCase: string, n: number, figures: Record<string, Figures>][] = [
  [
    "dataset",
    "all",
    400,
    {
      base: [0.8, 0.758, 0.836, null, null, null, null],
      large: [0.85, 0.812, 0.881, 0.05, 0.001, 0.004, "improved"],
      small: [0.79, 0.747, 0.827, -0.01, 0.6, 0.75, "similar"],
    },
  ],
  [
    "label",
    "cat",
    200,
    {
      base: [0.75, 0.686, 0.804, null, null, null, null],
      large: [0.9, 0.851, 0.934, 0.15, 0.0001, 0.0005, "improved"],
      small: [0.7, 0.633, 0.759, -0.05, 0.2, 0.33, "similar"],
    },
  ],
  [
    "label",
    "dog",
    200,
    {
      base: [0.85, 0.794, 0.893, null, null, null, null],
      large: [0.8, 0.739, 0.849, -0.05, 0.01, 0.025, "regressed"],
      small: [0.88, 0.828, 0.918, 0.03, 0.3, 0.375, "similar"],
    },
  ],
  [
    "source",
    hostileName,
    20,
    {
      base: [0.5, 0.299, 0.701, null, null, null, null],
      large: [0.6, 0.387, 0.781, 0.1, 0.5, 0.5, "similar"],
      small: [0.3, 0.145, 0.519, -0.2, 0.04, 0.067, "unknown"],
    },
  ],
  [
    "source",
    longName,
    80,
    {
      base: [0.6, 0.491, 0.7, null, null, null, null],
      large: [0.7, 0.592, 0.789, 0.1, 0.02, 0.04, "improved"],
      small: [0.45, 0.345, 0.559, -0.15, 0.001, 0.004, "regressed"],
    },
  ],
];

export function fixtureRows(): EvaluationRow[] {
  const rows: EvaluationRow[] = [];
  for (const [stratification, test_case, n, figures] of testCases) {
    for (const model of ["base", "large", "small"]) {
      const [value, ci_low, ci_high, delta, p_value, q_value, verdict] = figures[model];
      rows.push({
        stratification,
        test_case,
        model,
        metric_group: "quality",
        metric: "Accuracy",
        n,
        value,
        ci_low,
        ci_high,
        delta,
        p_value,
        q_value,
        verdict,
        higher_is_better: true,
      });
    }
    for (const model of ["base", "large", "small"])
      rows.push({
        stratification,
        test_case,
        model,
        metric_group: "speed",
        metric: "Latency",
        n,
        value: null,
        ci_low: null,
        ci_high: null,
        delta: null,
        p_value: null,
        q_value: null,
        verdict: model === "base" ? null : "unknown",
        higher_is_better: false,
      });
  }
  return rows;
}

export const fixtureTable = () => evaluationTableFromRows(fixtureRows());

export function host(): HTMLElement {
  const element = document.createElement("div");
  document.body.append(element);
  return element;
}
