// What every chart kind shares: the prepared input of the comparison chart's kinds, the
// selections they draw into, the root svg, and the data attributes marks carry.
import type * as d3 from "d3";
import type { EvaluationData, MetricKey } from "./evaluationData";
import { fontSize, paint } from "./paint";

/** What a chart kind draws: everything resolved, validated and filtered by comparisonChart.ts. */
export interface ChartInput {
  data: EvaluationData;
  metricIndex: number;
  metric: MetricKey;
  /** Model indices shown, the reference first. */
  models: number[];
  /** Index of the reference model in data.models. */
  reference: number;
  /** Test-case indices shown, grouped by stratification. */
  testCases: number[];
  width: number;
  /** Only the scatter plot sizes itself from it; row charts grow with their test cases. */
  height: number | null;
  /** Scatter axes (model indices). */
  xModel: number;
  yModel: number;
}

/** Datum of every element that stands for a test case (marks, labels, whiskers …). */
export interface TestCaseDatum {
  testCase: number;
  /** Row of the evaluation table behind a mark; absent on labels. */
  row?: number;
}

/** What drawn marks let the chart shell do without redrawing. */
export interface ChartMarks {
  select(testCase: number | null): void;
  /** Whether the test case has marks to select; default every one. A selection of one without marks redraws. */
  shows?(testCase: number): boolean;
  /** The marks draw the selected test case (the detection kinds): every new selection redraws. */
  followSelection?: boolean;
}

export type SvgSelection = d3.Selection<SVGSVGElement, unknown, null, undefined>;
export type GroupSelection = d3.Selection<SVGGElement, unknown, null, undefined>;

/** Creates the root svg of a chart kind, with its class, size and inherited font, its name and (when given) a description in words. */
export function chartSvg(svg: SvgSelection, kind: string, width: number, height: number, label: string, description?: string): void {
  if (description) {
    svg.selectChildren("desc").remove();
    svg.insert("desc", ":first-child").text(description);
  }
  svg
    .attr("class", `sw-chart sw-chart-${kind}`)
    .attr("xmlns", "http://www.w3.org/2000/svg")
    .attr("width", width)
    .attr("height", height)
    .attr("viewBox", `0 0 ${width} ${height}`)
    // A group, not an img: an img's children are hidden from assistive technology, and the labels are buttons.
    .attr("role", "group")
    .attr("aria-label", label)
    .style("font-family", paint.font)
    .style("font-size", `${fontSize}px`);
}

export function metricTitle(metric: MetricKey): string {
  const direction = metric.higherIsBetter === null ? "" : metric.higherIsBetter ? " (higher is better)" : " (lower is better)";
  return `${metric.metric}${direction}`;
}

export function testCaseAttribute(data: EvaluationData, testCase: number): string {
  const key = data.testCases[testCase];
  return `${key.stratification}/${key.testCase}`;
}

/** Full precision for data-value: what a test (or a person with devtools) can compare exactly. */
export function numberAttribute(value: number): string {
  return Number.isFinite(value) ? String(value) : "";
}
