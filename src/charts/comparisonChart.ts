// The ComparisonChart: chooses the metric, models and test cases of an evaluation table, draws one of
// its kinds (bars, delta, scatter, heatmap; and for detection metrics the precision–recall curves "pr"
// and the confusion matrices "confusion" of the detection-charts table) in the chart shell, and says
// what their marks' tooltips show.
import type { Table } from "apache-arrow";
import type { ChartInput, ChartMarks, SvgSelection } from "./chartFrame";
import { ChartDefinition, ChartHandle, ChartHit, ChartOptions, ResolvedChartOptions, chartDefaults, mountChart } from "./chartShell";
import type { TooltipLine } from "./chartTooltip";
import { drawDeltaBars } from "./deltaBars";
import { DetectionChartInput, detectionInput } from "./detectionChartsData";
import { drawDetectionConfusion } from "./detectionConfusion";
import { drawPrecisionRecall } from "./precisionRecall";
import { EvaluationData, readEvaluation, testCaseId } from "./evaluationData";
import { formatValue } from "./format";
import { drawGroupedBars } from "./groupedBars";
import { drawHeatmap } from "./heatmap";
import { metricIndexOf, quotedList } from "./optionNames";
import { drawScatterPlot } from "./scatterPlot";
import type { StateMessage } from "./stateMessage";
import { groupedTestCases, stratificationsOf } from "./stratifications";
import { tooltipLines } from "./tooltipLines";

export type ComparisonChartKind = "bars" | "delta" | "scatter" | "heatmap" | "pr" | "confusion";

export interface ComparisonChartOptions extends ChartOptions {
  kind?: ComparisonChartKind;
  /** Metric name (or "group/metric" when two groups share a name); default the first metric. */
  metric?: string;
  /** Models to show; default all. The evaluation's reference is always shown (first) in bars and is what deltas are taken against. */
  models?: string[];
  /** Show only this stratification's test cases; default all. */
  stratification?: string;
  /** Default: grown from the number of test cases. Row charts taller than this scroll; the scatter plot fits inside it. */
  height?: number;
  /** Scatter x model; default the reference. */
  xModel?: string;
  /** Scatter y model; default the first other model shown. */
  yModel?: string;
  /** The detection-charts table (`detectionCharts(dataset, …)`) the "pr" and "confusion" kinds draw, for the selected test case (default the whole dataset). */
  detection?: Table | null;
}

export interface ResolvedComparisonChartOptions extends ResolvedChartOptions {
  kind: ComparisonChartKind;
  metric: string | null;
  models: string[] | null;
  stratification: string | null;
  height: number | null;
  xModel: string | null;
  yModel: string | null;
  detection: Table | null;
}

export type ComparisonChartHandle = ChartHandle<ComparisonChartOptions>;

const kinds: ComparisonChartKind[] = ["bars", "delta", "scatter", "heatmap", "pr", "confusion"];

/** Every option's default, applied once. Data-dependent choices (metric, models) stay null for chartInput. */
export function comparisonChartDefaults(options: ComparisonChartOptions, element: HTMLElement): ResolvedComparisonChartOptions {
  return {
    ...chartDefaults(options, element),
    kind: options.kind && kinds.includes(options.kind) ? options.kind : "delta",
    metric: options.metric ?? null,
    models: options.models ?? null,
    stratification: options.stratification ?? null,
    height: options.height ?? null,
    xModel: options.xModel ?? null,
    yModel: options.yModel ?? null,
    detection: options.detection ?? null,
  };
}

/** Resolves the options against the evaluation: what to draw, or the message that says why nothing can be. */
export function chartInput(data: EvaluationData, options: ResolvedComparisonChartOptions): ChartInput | DetectionChartInput | StateMessage {
  if (data.length === 0 || data.models.length === 0)
    return {
      title: "No evaluation to chart",
      detail: "This evaluation has no rows. Evaluate at least one model on a dataset with a quality standard, then show the chart again.",
    };
  const metricNames = data.metrics.map((metric) => metric.metric);
  const metricIndex = options.metric === null ? 0 : metricIndexOf(data.metrics, options.metric);
  // The detection kinds choose among the detection metrics themselves.
  if (metricIndex < 0 && options.kind !== "pr" && options.kind !== "confusion")
    return { title: `No metric \`${options.metric}\` in this evaluation`, detail: `Choose one of ${quotedList(metricNames)}.` };
  const reference = data.reference === null ? 0 : data.models.indexOf(data.reference);

  const unknown = (options.models ?? []).filter((name) => !data.models.includes(name));
  if (unknown.length > 0) return { title: `No model ${quotedList(unknown)} in this evaluation`, detail: `Its models are ${quotedList(data.models)}.` };
  const chosen =
    options.models === null
      ? data.models.map((_, index) => index)
      : data.models.map((_, index) => index).filter((index) => options.models!.includes(data.models[index]));
  const models = [reference, ...chosen.filter((index) => index !== reference)];
  if (options.kind === "pr" || options.kind === "confusion") {
    const selected = options.selected ? data.testCases.findIndex((key) => testCaseId(key) === testCaseId(options.selected!)) : -1;
    return detectionInput(data, {
      kind: options.kind,
      detection: options.detection,
      metric: options.metric,
      models,
      testCase: selected >= 0 ? selected : null,
      width: options.width,
    });
  }
  if (options.kind !== "bars" && models.length < 2)
    return {
      title: "Nothing to compare",
      detail: `A ${options.kind} chart compares models with the reference \`${data.models[reference]}\`; evaluate or choose at least one other model, or show kind "bars".`,
    };

  const stratifications = stratificationsOf(data.testCases);
  if (options.stratification !== null && !stratifications.includes(options.stratification))
    return { title: `No stratification \`${options.stratification}\` in this evaluation`, detail: `Its stratifications are ${quotedList(stratifications)}.` };
  const testCases = groupedTestCases(data.testCases, options.stratification);

  let hasValue = false;
  for (const testCase of testCases)
    for (const model of models) {
      const row = data.rowOf(testCase, model, metricIndex);
      if (row >= 0 && Number.isFinite(data.value[row])) hasValue = true;
    }
  const metric = data.metrics[metricIndex];
  if (!hasValue)
    return {
      title: `No values of \`${metric.metric}\` to chart`,
      detail: `No test case has a value of this metric for the models shown. Choose another metric (${quotedList(metricNames)}) or check that the models' results carry the fields it needs.`,
    };

  const modelIndex = (name: string | null) => (name === null ? -1 : data.models.indexOf(name));
  let xModel = modelIndex(options.xModel);
  let yModel = modelIndex(options.yModel);
  if (options.xModel !== null && xModel < 0)
    return { title: `No model \`${options.xModel}\` in this evaluation`, detail: `Its models are ${quotedList(data.models)}.` };
  if (options.yModel !== null && yModel < 0)
    return { title: `No model \`${options.yModel}\` in this evaluation`, detail: `Its models are ${quotedList(data.models)}.` };
  if (xModel < 0) xModel = reference;
  if (yModel < 0) yModel = models.find((model) => model !== xModel) ?? reference;

  return { data, metricIndex, metric, models, reference, testCases, width: options.width, height: options.height, xModel, yModel };
}

const drawers: Record<Exclude<ComparisonChartKind, "pr" | "confusion">, (svg: SvgSelection, input: ChartInput) => ChartMarks> = {
  bars: drawGroupedBars,
  delta: drawDeltaBars,
  scatter: drawScatterPlot,
  heatmap: drawHeatmap,
};

const isDetectionInput = (input: ChartInput | DetectionChartInput): input is DetectionChartInput => "figures" in input;

function draw(svg: SvgSelection, input: ChartInput | DetectionChartInput, options: ResolvedComparisonChartOptions): ChartMarks {
  if (isDetectionInput(input)) return input.kind === "pr" ? drawPrecisionRecall(svg, input) : drawDetectionConfusion(svg, input);
  return drawers[options.kind as keyof typeof drawers](svg, input);
}

/** A mark's tooltip: the evaluation's figures for its row, with what the kind adds (the scatter's x value, what a delta whisker spans). */
function markLines({ datum }: ChartHit, input: ChartInput | DetectionChartInput, options: ResolvedComparisonChartOptions): TooltipLine[] | null {
  // A detection mark (an operating point, a matrix cell) carries its own lines.
  if (isDetectionInput(input)) return "lines" in datum && Array.isArray(datum.lines) ? (datum.lines as TooltipLine[]) : null;
  if (datum.row === undefined) return null;
  const { data } = input;
  const lines = tooltipLines(data, datum.row, { reference: data.models[input.reference] });
  if (options.kind === "scatter" && "xRow" in datum && typeof datum.xRow === "number")
    lines.splice(3, 0, [`x: ${data.model[datum.xRow]}`, formatValue(data.value[datum.xRow])]);
  if (options.kind === "delta") lines.splice(4, 0, ["whisker", "model's CI − reference value"]);
  return lines;
}

const comparisonChart: ChartDefinition<ComparisonChartOptions, ResolvedComparisonChartOptions, EvaluationData, ChartInput | DetectionChartInput> = {
  className: "sw-comparison-chart",
  read: readEvaluation,
  defaults: comparisonChartDefaults,
  input: chartInput,
  testCases: (data) => data.testCases,
  draw,
  choosable: "[data-test-case]",
  hoverable: "[data-test-case], [data-detection-mark]",
  hoverLines: markLines,
  // From the keyboard only points (the scatter's) show their figures, at the point.
  focusTooltip(hit, input, options) {
    const { datum } = hit;
    if (!("cx" in datum && "cy" in datum) || typeof datum.cx !== "number" || typeof datum.cy !== "number") return null;
    return { lines: markLines(hit, input, options), x: datum.cx, y: datum.cy };
  },
  // Row charts grow with their test cases; a fixed height makes them scroll instead of squeeze.
  // Confusion matrices grow too: a scroll box would hide a model's matrix.
  fit(container, input, options) {
    const fixed = input !== null && options.height !== null && !["scatter", "pr", "confusion"].includes(options.kind);
    container.style.height = fixed ? `${options.height}px` : "";
    container.style.overflowY = fixed ? "auto" : "";
    // A confusion matrix's cells take no focus, so the chart does, as a region named like it: the
    // keyboard reaches it, and scrolls it where the matrices are wider than a narrow output.
    const label = input !== null && options.kind === "confusion" ? container.querySelector("svg")?.getAttribute("aria-label") : null;
    if (label) {
      container.setAttribute("tabindex", "0");
      container.setAttribute("role", "region");
      container.setAttribute("aria-label", label);
    } else for (const name of ["tabindex", "role", "aria-label"]) container.removeAttribute(name);
  },
};

export function renderComparisonChart(element: HTMLElement, table: Table, options: ComparisonChartOptions): ComparisonChartHandle {
  return mountChart(comparisonChart, element, table, options);
}
