// The figures a tooltip shows for one row of an evaluation table: the test case, the model,
// the value with its interval, the delta and its test against the reference, n and the verdict.
import type { EvaluationData } from "./evaluationData";
import type { TooltipLine } from "./chartTooltip";
import { formatCount, formatDelta, formatInterval, formatProbability, formatValue } from "./format";
import { tooFewSamplesText, verdictLabel, verdictSymbol } from "./verdict";

export interface TooltipLinesOptions {
  /** The model deltas are taken against; its own row shows no delta. */
  reference: string | null;
  /** Lines that say where the row stands, shown after the test case (the history's step). */
  context?: TooltipLine[];
  /** Whether the uncorrected p-value shows before q; default true. */
  pValue?: boolean;
}

export function tooltipLines(data: EvaluationData, row: number, options: TooltipLinesOptions): TooltipLine[] {
  const { reference } = options;
  const verdict = data.verdict[row];
  const isReference = data.model[row] === reference;
  const lines: TooltipLine[] = [
    ["test case", `${data.stratification[row]} / ${data.testCase[row]}`],
    ...(options.context ?? []),
    ["model", isReference ? `${data.model[row]} (reference)` : data.model[row]],
    [data.metric[row], formatValue(data.value[row])],
    ["CI", formatInterval(data.ciLow[row], data.ciHigh[row]) || "—"],
  ];
  if (!isReference) {
    lines.push([reference ? `Δ vs ${reference}` : "Δ", formatDelta(data.delta[row]) || "—"]);
    if (options.pValue ?? true) lines.push(["p", formatProbability(data.pValue[row])]);
    lines.push(["q", formatProbability(data.qValue[row])]);
  }
  lines.push(["n", formatCount(data.n[row])]);
  if (verdict)
    lines.push([
      "verdict",
      data.tooFewSamples[row] ? `${verdictSymbol[verdict]} unknown: ${tooFewSamplesText}` : `${verdictSymbol[verdict]} ${verdictLabel[verdict]}`,
    ]);
  return lines;
}
