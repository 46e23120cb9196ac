// What every mark that stands for a row of the evaluation carries: its data attributes, the
// sw-selected class, and confidence-interval whiskers drawn as one path.
import type * as d3 from "d3";
import type { EvaluationData } from "./evaluationData";
import { SvgSelection, TestCaseDatum, numberAttribute, testCaseAttribute } from "./chartFrame";

export interface MarkDatum extends TestCaseDatum {
  row: number;
  model: number;
}

/** The data attributes every mark carries: test case, model, full-precision value, and the verdict where asked. */
export function markAttributes<E extends SVGElement, D extends MarkDatum>(
  marks: d3.Selection<E, D, SVGGElement, unknown>,
  data: EvaluationData,
  withVerdict: boolean,
): void {
  marks
    .classed("sw-mark", true)
    .attr("data-test-case", (d) => testCaseAttribute(data, d.testCase))
    .attr("data-model", (d) => data.models[d.model])
    .attr("data-value", (d) => numberAttribute(data.value[d.row]));
  if (withVerdict) marks.attr("data-verdict", (d) => data.verdict[d.row] ?? "unknown");
}

/** Moves the sw-selected class (and the label's pressed state) to the test case's elements; touches only those. */
export function classSelected(svg: SvgSelection, testCase: number | null): void {
  svg.selectAll<SVGElement, TestCaseDatum>(".sw-selected").classed("sw-selected", false);
  svg.selectAll<SVGGElement, TestCaseDatum>('.sw-label[aria-pressed="true"]').attr("aria-pressed", "false").select("text").style("font-weight", null);
  if (testCase === null) return;
  const chosen = svg.selectAll<SVGElement, TestCaseDatum>("[data-test-case]").filter((d) => d !== undefined && d.testCase === testCase);
  chosen.classed("sw-selected", true);
  chosen.filter(".sw-label").attr("aria-pressed", "true").select("text").style("font-weight", "700");
}

/** All confidence-interval whiskers of a series as one path: a horizontal line with end caps at each row's centre. */
export function whiskerPath(whiskers: { from: number; to: number; middle: number }[]): string {
  let path = "";
  for (const { from, to, middle } of whiskers) {
    if (!Number.isFinite(from) || !Number.isFinite(to)) continue;
    path += `M${from},${middle - 3}V${middle + 3}M${from},${middle}H${to}M${to},${middle - 3}V${middle + 3}`;
  }
  return path;
}
