// Data the widget tests share: a five-test-case evaluation of model `b` against reference `a`
// (one metric, one of each verdict), the samples behind it with the membership columns the
// platform adds, and Arrow IPC bytes as a kernel's comm delivers them.
import { Bool, Table, Utf8, makeVector, tableToIPC, vectorFromArray } from "apache-arrow";
import { EvaluationRow, Verdict, evaluationTableFromRows } from "../../../src/core";

type Figures = { n: number; a: number | null; b: number | null; verdict: Verdict };

/**
 * Test case → n, a's and b's accuracy, b's verdict, in the evaluation's order. The figures are
 * those of the samples below (a right on 6 of 8, b on 6 of 8), except that b has no value for
 * `weather/rainy`, so its verdict there is unknown.
 */
export const evaluationFigures: [stratification: string, testCase: string, figures: Figures][] = [
  ["dataset", "all", { n: 8, a: 0.75, b: 0.75, verdict: "similar" }],
  ["size", "small", { n: 4, a: 0.5, b: 1, verdict: "improved" }],
  ["size", "large", { n: 4, a: 1, b: 0.5, verdict: "regressed" }],
  ["weather", "sunny", { n: 5, a: 0.8, b: 0.8, verdict: "similar" }],
  ["weather", "rainy", { n: 3, a: 2 / 3, b: null, verdict: "unknown" }],
];

export function evaluationRows(figures = evaluationFigures): EvaluationRow[] {
  return figures.flatMap(([stratification, test_case, { n, a, b, verdict }]) => [
    {
      stratification,
      test_case,
      model: "a",
      metric_group: "quality",
      metric: "accuracy",
      n,
      value: a,
      ci_low: null,
      ci_high: null,
      delta: null,
      p_value: null,
      q_value: null,
      verdict: null,
      higher_is_better: true,
    },
    {
      stratification,
      test_case,
      model: "b",
      metric_group: "quality",
      metric: "accuracy",
      n,
      value: b,
      ci_low: null,
      ci_high: null,
      delta: a === null || b === null ? null : b - a,
      p_value: verdict === "unknown" ? null : verdict === "similar" ? 0.9 : 0.01,
      q_value: verdict === "unknown" ? null : verdict === "similar" ? 0.9 : 0.02,
      verdict,
      higher_is_better: true,
    },
  ]);
}

export const evaluationTable = (figures = evaluationFigures): Table => evaluationTableFromRows(evaluationRows(figures));

/**
 * Eight datapoints as `samples(dataset, { models: ["a", "b"], test_case_columns: true })` returns
 * them: dataset columns, `<model>.<field>` columns, then one membership column per stratification
 * (`test_case/size` holds each datapoint's bucket name) and one per explicit test case
 * (`test_case/test_cases/<name>`, true inside it).
 */
export const sampleIds = [100, 101, 102, 103, 104, 105, 106, 107];
export const sizeOf = ["small", "small", "large", "small", "large", "small", "large", "large"];
export const weatherOf = ["sunny", "rainy", "sunny", "sunny", "rainy", "sunny", "rainy", "sunny"];
export const hard = [false, true, false, false, true, false, true, false];

export function samplesTable(): Table {
  const labels = [1, 2, 3, 4, 5, 6, 7, 8];
  const aPred = [1, 0, 3, 0, 5, 6, 7, 8];
  const bPred = [1, 2, 0, 4, 0, 6, 7, 8];
  return new Table({
    image_id: makeVector(Int32Array.from(sampleIds)),
    label: makeVector(Int32Array.from(labels)),
    weather: vectorFromArray(weatherOf, new Utf8()),
    "a.pred": makeVector(Int32Array.from(aPred)),
    "a.correct": vectorFromArray(
      aPred.map((pred, row) => pred === labels[row]),
      new Bool(),
    ),
    "b.pred": makeVector(Int32Array.from(bPred)),
    "b.correct": vectorFromArray(
      bPred.map((pred, row) => pred === labels[row]),
      new Bool(),
    ),
    "test_case/size": vectorFromArray(sizeOf, new Utf8()),
    "test_case/weather": vectorFromArray(weatherOf, new Utf8()),
    "test_case/test_cases/hard": vectorFromArray(hard, new Bool()),
  });
}

/** The ids of the samples at these rows, as the gallery's cards show them. */
export const idsAt = (rows: number[]) => rows.map((row) => String(sampleIds[row]));

/** IPC bytes inside a larger buffer, as a DataView: what the widget manager hands a deserializer. */
export function wireBytes(table: Table): DataView {
  const bytes = tableToIPC(table);
  const buffer = new ArrayBuffer(bytes.byteLength + 24);
  new Uint8Array(buffer, 16, bytes.byteLength).set(bytes);
  return new DataView(buffer, 16, bytes.byteLength);
}

/** Waits (lumino and the slicer draw on animation frames and timers) until `ready` holds. */
export async function until(ready: () => boolean, what = "the widget", timeoutMs = 3000): Promise<void> {
  const started = Date.now();
  while (!ready()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A fresh element in the document, for a view to be attached to. */
export function host(): HTMLElement {
  const element = document.createElement("div");
  document.body.append(element);
  return element;
}
