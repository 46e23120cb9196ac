// The ComparisonChart renderer: chooses the metric, models and test cases of an evaluation
// table, draws one of four kinds (bars, delta, scatter, heatmap), and wires hover, click,
// keyboard selection and SVG export. Knows nothing of Jupyter: a widget, a report page or a
// jsdom test hands it an element and an evaluation table.
import * as d3 from "d3";
import type { Table } from "apache-arrow";
import { ChartInput, ChartMarks, ChartTooltip, SvgSelection, TestCaseDatum, tooltipLines } from "./chartFrame";
import { drawDeltaBars } from "./deltaBars";
import { EvaluationData, TestCaseKey, readEvaluation, testCaseId } from "./evaluationData";
import { ExportTheme, exportSvg } from "./exportSvg";
import { formatValue } from "./format";
import { drawGroupedBars } from "./groupedBars";
import { drawHeatmap } from "./heatmap";
import { drawScatterPlot } from "./scatterPlot";
import { StateMessage, renderStateMessage } from "./stateMessage";

export type ComparisonChartKind = "bars" | "delta" | "scatter" | "heatmap";

export interface ComparisonChartOptions {
  kind?: ComparisonChartKind;
  /** Metric name (or "group/metric" when two groups share a name); default the first metric. */
  metric?: string;
  /** Models to show; default all. The evaluation's reference is always shown (first) in bars and is what deltas are taken against. */
  models?: string[];
  /** Show only this stratification's test cases; default all. */
  stratification?: string;
  selected?: TestCaseKey | null;
  onSelect?(key: TestCaseKey | null): void;
  /** Default the element's width (640 when it has none, as under jsdom). */
  width?: number;
  /** Default: grown from the number of test cases. Row charts taller than this scroll; the scatter plot fits inside it. */
  height?: number;
  /** Colours of toSVG() only; the page follows css/theme.css. */
  theme?: ExportTheme;
  /** Scatter x model; default the reference. */
  xModel?: string;
  /** Scatter y model; default the first other model shown. */
  yModel?: string;
}

export interface ResolvedComparisonChartOptions {
  kind: ComparisonChartKind;
  metric: string | null;
  models: string[] | null;
  stratification: string | null;
  selected: TestCaseKey | null;
  onSelect: ((key: TestCaseKey | null) => void) | null;
  width: number;
  height: number | null;
  theme: ExportTheme;
  xModel: string | null;
  yModel: string | null;
}

export interface ComparisonChartHandle {
  /** Redraws with these options merged over the current ones (and a new table if given). */
  update(options: ComparisonChartOptions, table?: Table): void;
  /** The chart as shown, as a standalone SVG document with literal colours; "" while a state message shows. */
  toSVG(): string;
  destroy(): void;
}

const kinds: ComparisonChartKind[] = ["bars", "delta", "scatter", "heatmap"];

/** Every option's default, applied once. Data-dependent choices (metric, models) stay null for chartInput. */
export function comparisonChartDefaults(options: ComparisonChartOptions, element: HTMLElement): ResolvedComparisonChartOptions {
  return {
    kind: options.kind && kinds.includes(options.kind) ? options.kind : "delta",
    metric: options.metric ?? null,
    models: options.models ?? null,
    stratification: options.stratification ?? null,
    selected: options.selected ?? null,
    onSelect: options.onSelect ?? null,
    width: Math.max(240, Math.round(options.width ?? (element.clientWidth || 640))),
    height: options.height ?? null,
    theme: options.theme ?? "light",
    xModel: options.xModel ?? null,
    yModel: options.yModel ?? null,
  };
}

const list = (names: string[]) => names.map((name) => `\`${name}\``).join(", ");

/** Resolves the options against the evaluation: what to draw, or the message that says why nothing can be. */
export function chartInput(data: EvaluationData, options: ResolvedComparisonChartOptions): ChartInput | StateMessage {
  if (data.length === 0 || data.models.length === 0)
    return { title: "No evaluation to chart", detail: "This evaluation has no rows. Evaluate at least one model on a dataset with a quality standard, then show the chart again." };
  const metricNames = data.metrics.map((metric) => metric.metric);
  const metricIndex =
    options.metric === null ? 0 : data.metrics.findIndex((metric) => metric.metric === options.metric || `${metric.group}/${metric.metric}` === options.metric);
  if (metricIndex < 0) return { title: `No metric \`${options.metric}\` in this evaluation`, detail: `Choose one of ${list(metricNames)}.` };
  const reference = data.reference === null ? 0 : data.models.indexOf(data.reference);

  const unknown = (options.models ?? []).filter((name) => !data.models.includes(name));
  if (unknown.length > 0) return { title: `No model ${list(unknown)} in this evaluation`, detail: `Its models are ${list(data.models)}.` };
  const chosen = options.models === null ? data.models.map((_, index) => index) : data.models.map((_, index) => index).filter((index) => options.models!.includes(data.models[index]));
  const models = [reference, ...chosen.filter((index) => index !== reference)];
  if (options.kind !== "bars" && models.length < 2)
    return { title: "Nothing to compare", detail: `A ${options.kind} chart compares models with the reference \`${data.models[reference]}\`; evaluate or choose at least one other model, or show kind "bars".` };

  // Group test cases by stratification (order of first appearance) and filter to one if asked.
  const stratifications: string[] = [];
  for (const key of data.testCases) if (!stratifications.includes(key.stratification)) stratifications.push(key.stratification);
  if (options.stratification !== null && !stratifications.includes(options.stratification))
    return { title: `No stratification \`${options.stratification}\` in this evaluation`, detail: `Its stratifications are ${list(stratifications)}.` };
  const testCases: number[] = [];
  for (const stratification of stratifications) {
    if (options.stratification !== null && stratification !== options.stratification) continue;
    data.testCases.forEach((key, index) => {
      if (key.stratification === stratification) testCases.push(index);
    });
  }

  let hasValue = false;
  for (const testCase of testCases)
    for (const model of models) {
      const row = data.rowOf(testCase, model, metricIndex);
      if (row >= 0 && Number.isFinite(data.value[row])) hasValue = true;
    }
  const metric = data.metrics[metricIndex];
  if (!hasValue)
    return { title: `No values of \`${metric.metric}\` to chart`, detail: `No test case has a value of this metric for the models shown. Choose another metric (${list(metricNames)}) or check that the models' results carry the fields it needs.` };

  const modelIndex = (name: string | null) => (name === null ? -1 : data.models.indexOf(name));
  let xModel = modelIndex(options.xModel);
  let yModel = modelIndex(options.yModel);
  if (options.xModel !== null && xModel < 0) return { title: `No model \`${options.xModel}\` in this evaluation`, detail: `Its models are ${list(data.models)}.` };
  if (options.yModel !== null && yModel < 0) return { title: `No model \`${options.yModel}\` in this evaluation`, detail: `Its models are ${list(data.models)}.` };
  if (xModel < 0) xModel = reference;
  if (yModel < 0) yModel = models.find((model) => model !== xModel) ?? reference;

  return { data, metricIndex, metric, models, reference, testCases, width: options.width, height: options.height, xModel, yModel };
}

const drawers: Record<ComparisonChartKind, (svg: SvgSelection, input: ChartInput) => ChartMarks> = {
  bars: drawGroupedBars,
  delta: drawDeltaBars,
  scatter: drawScatterPlot,
  heatmap: drawHeatmap,
};

export function renderComparisonChart(element: HTMLElement, table: Table, options: ComparisonChartOptions): ComparisonChartHandle {
  const document = element.ownerDocument;
  const container = document.createElement("div");
  container.className = "sw-comparison-chart";
  container.style.position = "relative";
  element.append(container);

  let data = readEvaluation(table);
  let given: ComparisonChartOptions = { ...options };
  let resolved = comparisonChartDefaults(given, element);
  let input: ChartInput | null = null;
  let svgNode: SVGSVGElement | null = null;
  let marks: ChartMarks | null = null;
  let tooltip: ChartTooltip | null = null;
  let selectedIndex: number | null = null;

  const indexOf = (key: TestCaseKey | null): number | null => {
    if (!key) return null;
    const id = testCaseId(key);
    const index = data.testCases.findIndex((testCase) => testCaseId(testCase) === id);
    return index < 0 ? null : index;
  };

  const datumOf = (target: EventTarget | null): { element: Element; datum: TestCaseDatum } | null => {
    const found = target instanceof Element ? target.closest("[data-test-case]") : null;
    if (!found || !svgNode?.contains(found)) return null;
    const datum = d3.select(found).datum() as TestCaseDatum | undefined;
    return datum && typeof datum.testCase === "number" ? { element: found, datum } : null;
  };

  const choose = (testCase: number) => {
    const next = selectedIndex === testCase ? null : testCase;
    const key = next === null ? null : { ...data.testCases[next] };
    selectedIndex = next;
    // Later updates keep the selection unless they set one.
    given = { ...given, selected: key };
    resolved = { ...resolved, selected: key };
    marks?.select(next);
    resolved.onSelect?.(key === null ? null : { ...key });
  };

  const pointer = (event: MouseEvent): [number, number] => {
    const box = container.getBoundingClientRect();
    return [event.clientX - box.left, event.clientY - box.top];
  };

  const showTooltip = (datum: TestCaseDatum, x: number, y: number) => {
    if (!input || !tooltip) return;
    if (datum.row === undefined) {
      tooltip.hide();
      return;
    }
    const lines = tooltipLines(data, datum.row, data.models[input.reference]);
    const scatter = datum as TestCaseDatum & { xRow?: number };
    if (resolved.kind === "scatter" && scatter.xRow !== undefined) lines.splice(3, 0, [`x: ${data.model[scatter.xRow]}`, formatValue(data.value[scatter.xRow])]);
    if (resolved.kind === "delta") lines.splice(4, 0, ["whisker", "model's CI − reference value"]);
    tooltip.show(lines, x, y);
  };

  function draw(): void {
    tooltip = null;
    svgNode = null;
    marks = null;
    const chosen = chartInput(data, resolved);
    if ("title" in chosen) {
      input = null;
      renderStateMessage(container, chosen);
      container.style.height = "";
      container.style.overflowY = "";
      return;
    }
    input = chosen;
    container.replaceChildren();
    const svg = d3.select(container).append("svg") as SvgSelection;
    svgNode = svg.node()!;
    marks = drawers[resolved.kind](svg, input);
    tooltip = new ChartTooltip(container);
    // Row charts grow with their test cases; a fixed height makes them scroll instead of squeeze.
    const fixed = resolved.height !== null && resolved.kind !== "scatter";
    container.style.height = fixed ? `${resolved.height}px` : "";
    container.style.overflowY = fixed ? "auto" : "";

    svg.on("click", (event: MouseEvent) => {
      const hit = datumOf(event.target);
      if (hit) choose(hit.datum.testCase);
    });
    svg.on("keydown", (event: KeyboardEvent) => {
      if (event.key === "Escape" && selectedIndex !== null) {
        choose(selectedIndex);
        return;
      }
      if (event.key !== "Enter" && event.key !== " ") return;
      const hit = datumOf(event.target);
      if (!hit || !hit.element.hasAttribute("tabindex")) return;
      event.preventDefault();
      choose(hit.datum.testCase);
    });
    svg.on("mouseover", (event: MouseEvent) => {
      const hit = datumOf(event.target);
      if (hit) showTooltip(hit.datum, ...pointer(event));
      else tooltip?.hide();
    });
    svg.on("mousemove", (event: MouseEvent) => {
      if (tooltip && !tooltip.element.hidden) {
        const [x, y] = pointer(event);
        tooltip.element.style.top = `${y + 14}px`;
        if (tooltip.element.style.left) tooltip.element.style.left = `${x + 14}px`;
      }
    });
    svg.on("mouseleave", () => tooltip?.hide());
    svg.on("focusin", (event: FocusEvent) => {
      const hit = datumOf(event.target);
      const point = hit?.datum as (TestCaseDatum & { cx?: number; cy?: number }) | undefined;
      if (point && point.cx !== undefined && point.cy !== undefined) showTooltip(point, point.cx, point.cy);
    });
    svg.on("focusout", () => tooltip?.hide());

    selectedIndex = indexOf(resolved.selected);
    marks.select(selectedIndex);
  }

  draw();

  return {
    update(next, nextTable) {
      if (nextTable) data = readEvaluation(nextTable);
      given = { ...given, ...next };
      resolved = comparisonChartDefaults(given, element);
      // A new selection only moves the highlight: redrawing would drop the keyboard focus.
      const onlySelection = !nextTable && Object.keys(next).every((key) => key === "selected");
      if (onlySelection && marks) {
        selectedIndex = indexOf(resolved.selected);
        marks.select(selectedIndex);
        return;
      }
      draw();
    },
    toSVG() {
      return svgNode ? exportSvg(svgNode, resolved.theme) : "";
    },
    destroy() {
      container.remove();
      svgNode = null;
      marks = null;
      tooltip = null;
      input = null;
    },
  };
}
