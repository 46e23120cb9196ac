// What a chart says to assistive technology in words: a description of the whole (what is compared,
// how many test cases each model improved or regressed) and, for each test case, every model's figures.
import type { ChartInput } from "./chartFrame";
import { metricTitle } from "./chartFrame";
import { formatDelta, formatInterval, formatValue } from "./format";
import { tooFewSamplesText, verdictLabel } from "./verdict";

/** "Accuracy (higher is better) of knn and logistic against the reference nearest-centroid, 22 test cases. knn: 5 improved, …" */
export function chartDescription(input: ChartInput): string {
  const { data } = input;
  const reference = data.models[input.reference];
  const others = input.models.filter((model) => model !== input.reference).map((model) => data.models[model]);
  const compared = others.length === 0 ? `${reference}` : `${others.join(", ")} against the reference ${reference}`;
  const parts = [`${metricTitle(input.metric)} of ${compared}, ${input.testCases.length} test case${input.testCases.length === 1 ? "" : "s"}.`];
  for (const model of input.models) {
    if (model === input.reference) continue;
    const counts = { improved: 0, regressed: 0, similar: 0, unknown: 0 };
    for (const testCase of input.testCases) {
      const row = data.rowOf(testCase, model, input.metricIndex);
      if (row < 0) continue;
      counts[data.verdict[row] ?? "unknown"] += 1;
    }
    parts.push(
      `${data.models[model]}: ${counts.improved} improved, ${counts.regressed} regressed, ${counts.similar} with no significant difference` +
        (counts.unknown > 0 ? `, ${counts.unknown} unknown.` : "."),
    );
  }
  return parts.join(" ");
}

/** One test case's figures for every model shown: "digit / 8: nearest-centroid (reference) 0.9023, CI [0.85, 0.94]; knn 0.9885, …, Δ +0.0862, improved (significant)". */
export function testCaseDescription(input: ChartInput, testCase: number): string {
  const { data } = input;
  const key = data.testCases[testCase];
  const figures: string[] = [];
  for (const model of input.models) {
    const row = data.rowOf(testCase, model, input.metricIndex);
    if (row < 0 || !Number.isFinite(data.value[row])) continue;
    const interval = formatInterval(data.ciLow[row], data.ciHigh[row]);
    let text = `${data.models[model]}${model === input.reference ? " (reference)" : ""} ${formatValue(data.value[row])}${interval ? `, CI ${interval}` : ""}`;
    if (model !== input.reference) {
      const delta = formatDelta(data.delta[row]);
      if (delta) text += `, Δ ${delta}`;
      const verdict = data.verdict[row];
      if (verdict) text += `, ${data.tooFewSamples[row] ? `unknown: ${tooFewSamplesText}` : verdictLabel[verdict]}`;
    }
    figures.push(text);
  }
  return `${key.stratification} / ${key.testCase}: ${figures.length > 0 ? figures.join("; ") : "no value"}`;
}
