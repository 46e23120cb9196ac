// The History view: one metric per test case across recorded runs or model versions (the
// history table: evaluation rows tagged `step`, `step_index`), as small multiples on one shared
// y scale, with a CI band, the value line, and each step's verdict marked — regressions most.
import * as d3 from "d3";
import type { Table } from "apache-arrow";
import type { Verdict } from "../core";
import { ChartMarks, SvgSelection, chartSvg, metricTitle, numberAttribute } from "./chartFrame";
import { ChartDefinition, ChartHandle, ChartOptions, ResolvedChartOptions, chartDefaults, mountChart } from "./chartShell";
import type { TooltipLine } from "./chartTooltip";
import { EvaluationData, MetricKey, readEvaluation, testCaseId } from "./evaluationData";
import { formatCount, formatValue } from "./format";
import { drawGroupHeadings, groupHeaderHeight } from "./groupHeadings";
import { LegendItem, drawLegend } from "./legend";
import { metricIndexOf, quotedList } from "./optionNames";
import { fontSize, paint, smallFontSize, verdictColor } from "./paint";
import type { StateMessage } from "./stateMessage";
import { groupedTestCases, stratificationsOf } from "./stratifications";
import { estimateTextWidth, truncateText } from "./textWidth";
import { tooltipLines } from "./tooltipLines";
import { tickFormat } from "./topAxis";
import { verdictLabel, verdictSymbol } from "./verdict";

export interface HistoryChartOptions extends ChartOptions {
  /** Metric name (or "group/metric" when two groups share a name); default the first metric with values. */
  metric?: string;
  /** The model whose line is drawn; default, per step, the model with verdicts (the one compared with a reference), else the step's first. */
  model?: string;
  /** Show only this stratification's test cases; default all. */
  stratification?: string;
  /** Panels per row; default as many ~170 px panels as the width holds. */
  columns?: number;
  /** At most this many panels are drawn (regressed test cases first); default 60. */
  maxPanels?: number;
}

export interface ResolvedHistoryChartOptions extends ResolvedChartOptions {
  metric: string | null;
  model: string | null;
  stratification: string | null;
  columns: number | null;
  maxPanels: number;
}

export type HistoryChartHandle = ChartHandle<HistoryChartOptions>;

/** Every option's default, applied once. Data-dependent choices (metric, model, columns) stay null for historyInput. */
export function historyChartDefaults(options: HistoryChartOptions, element: HTMLElement): ResolvedHistoryChartOptions {
  return {
    ...chartDefaults(options, element),
    metric: options.metric ?? null,
    model: options.model ?? null,
    stratification: options.stratification ?? null,
    columns: options.columns !== undefined && options.columns >= 1 ? Math.floor(options.columns) : null,
    maxPanels: Math.max(1, Math.floor(options.maxPanels ?? 60)),
  };
}

// ---- reading the history table ----

/** The evaluation columns plus, per row, its step position and its test case, model and metric indices. */
export interface HistoryData {
  evaluation: EvaluationData;
  /** Step labels in step_index order (position 0 first). */
  steps: string[];
  stepOfRow: Int32Array;
  testCaseOfRow: Int32Array;
  modelOfRow: Int32Array;
  metricOfRow: Int32Array;
  /** Per step: the first model with a verdict (the compared one), else -1. */
  comparedModel: Int32Array;
  /** Per step: the first model with rows. */
  firstModel: Int32Array;
  /** Per step: the model with null verdicts and deltas (that run's reference), else -1. */
  referenceModel: Int32Array;
  /** steps × models: 1 where the model has rows in the step. */
  present: Uint8Array;
}

/** step_index as numbers (int32, or int64 from another producer); null when the column is absent. */
function stepIndices(table: Table): Float64Array | null {
  const column = table.getChild("step_index");
  if (!column) return null;
  const values = new Float64Array(table.numRows).fill(NaN);
  let row = 0;
  for (const data of column.data) {
    const source = data.values as ArrayLike<number | bigint>;
    for (let i = 0; i < data.length; i++, row++) {
      if (data.nullCount > 0 && !data.getValid(i)) continue;
      values[row] = Number(source[i]);
    }
  }
  return values;
}

export function readHistory(table: Table): HistoryData {
  const evaluation = readEvaluation(table);
  const length = evaluation.length;
  const stepColumn = table.getChild("step");
  const indices = stepIndices(table);

  // Steps by step_index; labels read once per step, not per row. Without step_index, by label in order of appearance.
  const stepKeys: (number | string)[] = [];
  const labelOfKey = new Map<number | string, string>();
  const keyOfRow: (number | string)[] = new Array(length);
  for (let i = 0; i < length; i++) {
    let key: number | string;
    if (indices) key = Number.isFinite(indices[i]) ? indices[i] : -1;
    else key = stepColumn ? String(stepColumn.get(i) ?? "") : "";
    keyOfRow[i] = key;
    if (!labelOfKey.has(key)) {
      stepKeys.push(key);
      const label = stepColumn?.get(i);
      labelOfKey.set(key, label === null || label === undefined || label === "" ? (typeof key === "number" ? `step ${key + 1}` : "step") : String(label));
    }
  }
  if (indices) (stepKeys as number[]).sort((a, b) => a - b);
  const positionOfKey = new Map(stepKeys.map((key, position) => [key, position]));
  const steps = stepKeys.map((key) => labelOfKey.get(key)!);

  const testCaseIndex = new Map<string, Map<string, number>>();
  evaluation.testCases.forEach((key, index) => {
    let inner = testCaseIndex.get(key.stratification);
    if (!inner) testCaseIndex.set(key.stratification, (inner = new Map()));
    inner.set(key.testCase, index);
  });
  const modelIndex = new Map(evaluation.models.map((model, index) => [model, index]));
  const metricIndex = new Map<string, Map<string, number>>();
  evaluation.metrics.forEach((metric, index) => {
    let inner = metricIndex.get(metric.group);
    if (!inner) metricIndex.set(metric.group, (inner = new Map()));
    inner.set(metric.metric, index);
  });

  const models = evaluation.models.length;
  const stepOfRow = new Int32Array(length);
  const testCaseOfRow = new Int32Array(length);
  const modelOfRow = new Int32Array(length);
  const metricOfRow = new Int32Array(length);
  const comparedModel = new Int32Array(steps.length).fill(-1);
  const firstModel = new Int32Array(steps.length).fill(-1);
  const referenceModel = new Int32Array(steps.length).fill(-1);
  const present = new Uint8Array(steps.length * models);
  for (let i = 0; i < length; i++) {
    const step = positionOfKey.get(keyOfRow[i])!;
    const model = modelIndex.get(evaluation.model[i])!;
    stepOfRow[i] = step;
    testCaseOfRow[i] = testCaseIndex.get(evaluation.stratification[i])!.get(evaluation.testCase[i])!;
    modelOfRow[i] = model;
    metricOfRow[i] = metricIndex.get(evaluation.metricGroup[i])!.get(evaluation.metric[i])!;
    present[step * models + model] = 1;
    if (firstModel[step] < 0) firstModel[step] = model;
    if (comparedModel[step] < 0 && evaluation.verdict[i] !== null) comparedModel[step] = model;
    if (referenceModel[step] < 0 && evaluation.verdict[i] === null && Number.isNaN(evaluation.delta[i])) referenceModel[step] = model;
  }
  return { evaluation, steps, stepOfRow, testCaseOfRow, modelOfRow, metricOfRow, comparedModel, firstModel, referenceModel, present };
}

// ---- what to draw ----

export interface TestCaseSeries {
  testCase: number;
  /** Row of the history table per step position, -1 where the step has no value. */
  rows: Int32Array;
  /** Step position of the last value. */
  latest: number;
}

export interface HistoryInput {
  data: HistoryData;
  metricIndex: number;
  metric: MetricKey;
  /** Per step position: the model drawn (-1 when the step has none). */
  tracked: Int32Array;
  /** Panels shown, grouped by stratification in order of first appearance. */
  panels: TestCaseSeries[];
  /** Test cases with values before the panel limit. */
  available: number;
  domain: [number, number];
  width: number;
  columns: number;
}

const recordHint = "Record runs with evaluate(…, { record: true }) or `slicewise check`; the history needs two or more.";
const minimumPanelWidth = 170;
const leftGutter = 40;
const rightMargin = 8;
const panelGap = 14;

/** Resolves the options against the history: what to draw, or the message that says why nothing can be. */
export function historyInput(data: HistoryData, options: ResolvedHistoryChartOptions): HistoryInput | StateMessage {
  const { evaluation } = data;
  if (evaluation.length === 0) return { title: "No history to chart", detail: `This history has no rows. ${recordHint}` };
  if (data.steps.length < 2) return { title: "Only one step in this history", detail: `It holds \`${data.steps[0]}\` alone. ${recordHint}` };

  const steps = data.steps.length;
  const models = evaluation.models.length;
  const tracked = new Int32Array(steps).fill(-1);
  if (options.model !== null) {
    const model = evaluation.models.indexOf(options.model);
    if (model < 0) return { title: `No model \`${options.model}\` in this history`, detail: `Its models are ${quotedList(evaluation.models)}.` };
    for (let step = 0; step < steps; step++) if (data.present[step * models + model]) tracked[step] = model;
  } else {
    // Recorded runs: the compared model is in every step (the reference's rows beside it). Model
    // versions: each step is another model, and the line follows them.
    let family = -1;
    for (let step = 0; step < steps && family < 0; step++) family = data.comparedModel[step];
    for (let step = 0; step < steps; step++) {
      if (family >= 0 && data.present[step * models + family]) tracked[step] = family;
      else tracked[step] = data.comparedModel[step] >= 0 ? data.comparedModel[step] : data.firstModel[step];
    }
  }

  const metricNames = evaluation.metrics.map((metric) => metric.metric);
  const rowsOfMetric = (metric: number): Int32Array => {
    const rows = new Int32Array(evaluation.testCases.length * steps).fill(-1);
    for (let i = 0; i < evaluation.length; i++) {
      if (data.metricOfRow[i] !== metric) continue;
      const step = data.stepOfRow[i];
      if (data.modelOfRow[i] === tracked[step] && Number.isFinite(evaluation.value[i])) rows[data.testCaseOfRow[i] * steps + step] = i;
    }
    return rows;
  };
  const hasValue = (rows: Int32Array) => rows.some((row) => row >= 0);
  let metricIndex: number;
  let rows: Int32Array;
  if (options.metric === null) {
    // The first metric that has values: a metric the models cannot compute (no fields) would only show a message.
    metricIndex = 0;
    rows = rowsOfMetric(0);
    for (let metric = 1; metric < evaluation.metrics.length && !hasValue(rows); metric++) {
      const candidate = rowsOfMetric(metric);
      if (hasValue(candidate)) [metricIndex, rows] = [metric, candidate];
    }
  } else {
    metricIndex = metricIndexOf(evaluation.metrics, options.metric);
    if (metricIndex < 0) return { title: `No metric \`${options.metric}\` in this history`, detail: `Choose one of ${quotedList(metricNames)}.` };
    rows = rowsOfMetric(metricIndex);
  }
  const metric = evaluation.metrics[metricIndex];

  const stratifications = stratificationsOf(evaluation.testCases);
  if (options.stratification !== null && !stratifications.includes(options.stratification))
    return { title: `No stratification \`${options.stratification}\` in this history`, detail: `Its stratifications are ${quotedList(stratifications)}.` };

  const candidates: TestCaseSeries[] = [];
  for (const testCase of groupedTestCases(evaluation.testCases, options.stratification)) {
    const panelRows = rows.subarray(testCase * steps, (testCase + 1) * steps);
    let latest = -1;
    for (let step = 0; step < steps; step++) if (panelRows[step] >= 0) latest = step;
    if (latest >= 0) candidates.push({ testCase, rows: panelRows, latest });
  }
  if (candidates.length === 0) {
    const model = options.model === null ? "the models tracked" : `\`${options.model}\``;
    return {
      title: `No values of \`${metric.metric}\` to chart`,
      detail: `No test case has a value of this metric for ${model}. Choose another metric (${quotedList(metricNames)}) or check that the results carry the fields it needs.`,
    };
  }

  const panels = candidates.length > options.maxPanels ? mostTelling(candidates, data, options) : candidates;

  let low = Infinity;
  let high = -Infinity;
  for (const panel of panels)
    for (const row of panel.rows) {
      if (row < 0) continue;
      for (const value of [evaluation.value[row], evaluation.ciLow[row], evaluation.ciHigh[row]]) {
        if (!Number.isFinite(value)) continue;
        low = Math.min(low, value);
        high = Math.max(high, value);
      }
    }
  if (low === high) {
    const pad = Math.abs(low) * 0.1 || 1;
    [low, high] = [low - pad, high + pad];
  }
  const domain = d3.scaleLinear().domain([low, high]).nice(4).domain() as [number, number];
  const columns = options.columns ?? Math.max(1, Math.floor((options.width - leftGutter - rightMargin + panelGap) / (minimumPanelWidth + panelGap)));
  return { data, metricIndex, metric, tracked, panels, available: candidates.length, domain, width: options.width, columns };
}

/** The panels worth drawing when there are too many: the selected one, then the latest regressions, then earlier ones, then the rest; in their usual order. */
function mostTelling(candidates: TestCaseSeries[], data: HistoryData, options: ResolvedHistoryChartOptions): TestCaseSeries[] {
  const { evaluation } = data;
  const selected = options.selected ? testCaseId(options.selected) : null;
  const rank = (panel: TestCaseSeries): number => {
    if (selected !== null && testCaseId(evaluation.testCases[panel.testCase]) === selected) return 0;
    if (evaluation.verdict[panel.rows[panel.latest]] === "regressed") return 1;
    return panel.rows.some((row) => row >= 0 && evaluation.verdict[row] === "regressed") ? 2 : 3;
  };
  const order = candidates.map((panel, index) => ({ panel, index, rank: rank(panel) }));
  order.sort((a, b) => a.rank - b.rank || a.index - b.index);
  return order
    .slice(0, options.maxPanels)
    .sort((a, b) => a.index - b.index)
    .map((entry) => entry.panel);
}

// ---- drawing ----

const titleHeight = 18;
const plotHeight = 70;
const panelBottom = 6;
const panelHeight = titleHeight + plotHeight + panelBottom;
const rowGap = 12;

export interface PointDatum {
  testCase: number;
  row: number;
  step: number;
  /** Position in the svg, for a tooltip shown from the keyboard. */
  cx: number;
  cy: number;
}

interface PanelDatum {
  testCase: number;
  panel: TestCaseSeries;
  x: number;
  y: number;
  column: number;
}

/** An equilateral triangle of this area centred on its centroid, pointing up or down. */
export function trianglePath(area: number, down: boolean): string {
  const side = Math.sqrt((area * 4) / Math.sqrt(3));
  const height = (side * Math.sqrt(3)) / 2;
  const sign = down ? -1 : 1;
  const apex = (-2 * height * sign) / 3;
  const base = (height * sign) / 3;
  const f = (value: number) => Number(value.toFixed(2));
  return `M0,${f(apex)}L${f(side / 2)},${f(base)}L${f(-side / 2)},${f(base)}Z`;
}

/** Each verdict's point: a shape as well as a colour, the regression the largest (the view exists to find them). */
const verdictShape: Record<Verdict, string> = {
  improved: trianglePath(46, false),
  regressed: trianglePath(120, true),
  similar: d3.symbol(d3.symbolCircle, 30)()!,
  unknown: d3.symbol(d3.symbolDiamond, 26)()!,
};

const legendItems = (): LegendItem[] => [
  { label: "regressed", title: verdictLabel.regressed, color: verdictColor("regressed"), shape: trianglePath(60, true) },
  { label: "improved", title: verdictLabel.improved, color: verdictColor("improved"), shape: verdictShape.improved },
  { label: "no significant difference", title: verdictLabel.similar, color: verdictColor("similar"), shape: verdictShape.similar },
  { label: "unknown", title: verdictLabel.unknown, color: verdictColor("unknown"), shape: verdictShape.unknown },
  { label: "confidence interval", color: paint.accentSoft },
];

const verdictOf = (data: HistoryData, row: number): Verdict => data.evaluation.verdict[row] ?? "unknown";

function drawHistory(svg: SvgSelection, input: HistoryInput): ChartMarks {
  const { data, width, columns } = input;
  const { evaluation } = data;
  const steps = data.steps.length;
  const panelWidth = Math.max(80, (width - leftGutter - rightMargin - panelGap * (columns - 1)) / columns);
  const totalWidth = Math.max(width, leftGutter + columns * panelWidth + (columns - 1) * panelGap + rightMargin);
  const root = svg.append("g");

  // Header: what is drawn, the legend, and the panel limit when it cut.
  const trackedNames = [...new Set(Array.from(input.tracked).filter((model) => model >= 0))].map((model) => evaluation.models[model]);
  const heading =
    trackedNames.length === 1
      ? `${metricTitle(input.metric)} of ${trackedNames[0]} across ${steps} steps`
      : `${metricTitle(input.metric)} across ${steps} steps (${trackedNames.join(" → ")})`;
  const title = root.append("g").attr("class", "sw-history-title");
  title.append("title").text(heading);
  title
    .append("text")
    .attr("x", leftGutter)
    .attr("y", 14)
    .style("fill", paint.fg)
    .style("font-weight", "600")
    .text(truncateText(heading, totalWidth - leftGutter - rightMargin, fontSize));
  let top = 22 + drawLegend(root, legendItems(), leftGutter, 22, totalWidth - leftGutter - rightMargin);
  if (input.panels.length < input.available) {
    root
      .append("text")
      .attr("class", "sw-history-note")
      .attr("x", leftGutter)
      .attr("y", top + 12)
      .style("fill", paint.fgMuted)
      .style("font-size", `${smallFontSize}px`)
      .text(
        `Showing ${formatCount(input.panels.length)} of ${formatCount(input.available)} test cases, regressed ones first — filter by stratification to see the others.`,
      );
    top += 20;
  }
  top += 6;

  // Panels in rows of `columns`, a heading wherever the stratification changes.
  const placed: PanelDatum[] = [];
  const headings: { stratification: string; y: number }[] = [];
  let current: string | null = null;
  let column = columns;
  let y = top - panelHeight - rowGap;
  for (const panel of input.panels) {
    const stratification = evaluation.testCases[panel.testCase].stratification;
    if (stratification !== current) {
      y += column === 0 ? 0 : panelHeight + rowGap;
      headings.push({ stratification, y });
      y += groupHeaderHeight + 2;
      current = stratification;
      column = 0;
    } else if (column === columns) {
      y += panelHeight + rowGap;
      column = 0;
    }
    placed.push({ testCase: panel.testCase, panel, x: leftGutter + column * (panelWidth + panelGap), y, column });
    column++;
  }
  const lastRowBottom = y + panelHeight;
  const lastRowColumns = placed.filter((d) => d.y === y).map((d) => d.column);

  const x = d3
    .scaleLinear()
    .domain([0, steps - 1])
    .range([12, panelWidth - 12]);
  const yScale = d3
    .scaleLinear()
    .domain(input.domain)
    .range([titleHeight + plotHeight, titleHeight + 4]);
  const yTicks = yScale.ticks(3);
  const yFormat = tickFormat(yScale, 3);
  const spacing = steps > 1 ? (panelWidth - 24) / (steps - 1) : panelWidth;

  // Step labels under the last row: level when they fit, else slanted and cut, thinned when crowded.
  const widest = Math.max(...data.steps.map((label) => estimateTextWidth(label, smallFontSize)));
  const level = widest <= spacing - 6;
  const slantedLength = Math.min(widest, 120);
  const every = level ? 1 : Math.max(1, Math.ceil((smallFontSize + 3) / spacing));
  const axisHeight = level ? 18 : Math.ceil(slantedLength * Math.sin((40 * Math.PI) / 180)) + 16;
  const height = lastRowBottom + axisHeight + 8;
  chartSvg(svg, "history", totalWidth, height, `${input.metric.metric} per test case across ${steps} steps`);
  svg.attr("data-y-domain", `${numberAttribute(input.domain[0])},${numberAttribute(input.domain[1])}`);

  drawGroupHeadings(root, headings, totalWidth - rightMargin);

  const panel = root
    .append("g")
    .attr("class", "sw-history-panels")
    .selectAll<SVGGElement, PanelDatum>("g")
    .data(placed)
    .join("g")
    .attr("class", "sw-history-panel")
    .attr("data-test-case", (d) => testCaseId(evaluation.testCases[d.testCase]))
    .attr("data-latest-verdict", (d) => verdictOf(data, d.panel.rows[d.panel.latest]))
    .attr("transform", (d) => `translate(${d.x},${d.y})`)
    .attr("tabindex", 0)
    .attr("role", "button")
    .attr("aria-pressed", "false")
    .attr("aria-label", (d) => {
      const row = d.panel.rows[d.panel.latest];
      return `${evaluation.testCases[d.testCase].testCase}: ${input.metric.metric} ${formatValue(evaluation.value[row])} at ${data.steps[d.panel.latest]}, ${verdictLabel[verdictOf(data, row)]}`;
    });

  panel
    .append("rect")
    .attr("class", "sw-panel-frame")
    .attr("width", panelWidth)
    .attr("height", panelHeight)
    .attr("rx", 3)
    .style("fill", paint.bg)
    .style("stroke", paint.borderMuted);
  // A panel whose latest step regressed says so at its edge, before anyone reads a point.
  panel
    .filter((d) => verdictOf(data, d.panel.rows[d.panel.latest]) === "regressed")
    .append("rect")
    .attr("class", "sw-latest-regressed")
    .attr("width", 3)
    .attr("height", panelHeight)
    .style("fill", verdictColor("regressed"));
  panel
    .append("rect")
    .attr("class", "sw-selection-frame")
    .attr("x", 1)
    .attr("y", 1)
    .attr("width", panelWidth - 2)
    .attr("height", panelHeight - 2)
    .attr("rx", 3)
    .attr("visibility", "hidden")
    .style("fill", "none")
    .style("stroke", paint.accent)
    .style("stroke-width", "2");

  panel.each(function (d) {
    const g = d3.select(this);
    const key = evaluation.testCases[d.testCase];
    const latestRow = d.panel.rows[d.panel.latest];
    const latestVerdict = verdictOf(data, latestRow);

    // Title and latest value share the top line; the value keeps its room, the name is cut.
    const latestText = `${formatValue(evaluation.value[latestRow])} ${verdictSymbol[latestVerdict]}`;
    const latestWidth = estimateTextWidth(latestText, smallFontSize);
    const title = g.append("g").attr("class", "sw-panel-title");
    title.append("title").text(`${key.stratification} / ${key.testCase}`);
    title
      .append("text")
      .attr("x", 7)
      .attr("y", 13)
      .style("fill", paint.fg)
      .text(truncateText(key.testCase, panelWidth - latestWidth - 20, fontSize));
    const latest = g
      .append("g")
      .attr("class", "sw-latest-value")
      .attr("data-step", data.steps[d.panel.latest])
      .attr("data-value", numberAttribute(evaluation.value[latestRow]))
      .attr("data-verdict", latestVerdict);
    latest.append("title").text(`latest: ${data.steps[d.panel.latest]} — ${formatValue(evaluation.value[latestRow])}, ${verdictLabel[latestVerdict]}`);
    latest
      .append("text")
      .attr("x", panelWidth - 6)
      .attr("y", 13)
      .attr("text-anchor", "end")
      .style("fill", latestVerdict === "regressed" || latestVerdict === "improved" ? verdictColor(latestVerdict) : paint.fgMuted)
      .style("font-size", `${smallFontSize}px`)
      .style("font-weight", latestVerdict === "regressed" ? "700" : "400")
      .text(latestText);

    const grid = g.append("g").attr("class", "sw-axis");
    for (const tick of yTicks) {
      grid
        .append("line")
        .attr("x1", 4)
        .attr("x2", panelWidth - 4)
        .attr("y1", yScale(tick))
        .attr("y2", yScale(tick))
        .style("stroke", paint.borderMuted);
      if (d.column === 0)
        grid
          .append("text")
          .attr("x", -4)
          .attr("y", yScale(tick))
          .attr("dy", "0.35em")
          .attr("text-anchor", "end")
          .style("fill", paint.fgMuted)
          .style("font-size", `${smallFontSize}px`)
          .text(yFormat(tick));
    }
    grid
      .append("path")
      .attr("class", "sw-step-ticks")
      .attr(
        "d",
        d3
          .range(steps)
          .map((step) => `M${x(step)},${titleHeight + plotHeight}v3`)
          .join(""),
      )
      .style("stroke", paint.border);

    const points: PointDatum[] = [];
    d.panel.rows.forEach((row, step) => {
      if (row >= 0) points.push({ testCase: d.testCase, row, step, cx: d.x + x(step), cy: d.y + yScale(evaluation.value[row]) });
    });

    // Where a step regressed, a faint column behind it: a regression is seen across the panel, not only at its point.
    g.append("g")
      .attr("class", "sw-regression-bands")
      .selectAll("rect")
      .data(points.filter((point) => verdictOf(data, point.row) === "regressed"))
      .join("rect")
      .attr("x", (point) => x(point.step) - Math.min(7, spacing / 2))
      .attr("width", Math.min(14, spacing))
      .attr("y", titleHeight)
      .attr("height", plotHeight + 2)
      .style("fill", verdictColor("regressed"))
      .style("fill-opacity", "0.1");

    const finite = (value: number) => Number.isFinite(value);
    const stepRows = Array.from(d.panel.rows, (row, step) => ({ row, step }));
    const band = d3
      .area<{ row: number; step: number }>()
      .defined(({ row }) => row >= 0 && finite(evaluation.ciLow[row]) && finite(evaluation.ciHigh[row]))
      .x(({ step }) => x(step))
      .y0(({ row }) => yScale(evaluation.ciLow[row]))
      .y1(({ row }) => yScale(evaluation.ciHigh[row]));
    g.append("path")
      .attr("class", "sw-ci-band")
      .attr("d", band(stepRows) ?? "")
      .style("fill", paint.accentSoft)
      .style("stroke", "none");
    const line = d3
      .line<{ row: number; step: number }>()
      .defined(({ row }) => row >= 0)
      .x(({ step }) => x(step))
      .y(({ row }) => yScale(evaluation.value[row]));
    g.append("path")
      .attr("class", "sw-value-line")
      .attr("d", line(stepRows) ?? "")
      .style("fill", "none")
      .style("stroke", paint.fgMuted)
      .style("stroke-width", "1.5");

    g.append("g")
      .attr("class", "sw-points")
      .selectAll<SVGPathElement, PointDatum>("path")
      .data(points)
      .join("path")
      .attr("class", (point) => `sw-mark sw-point sw-point-${verdictOf(data, point.row)}`)
      .attr("data-test-case", testCaseId(key))
      .attr("data-step", (point) => data.steps[point.step])
      .attr("data-step-index", (point) => point.step)
      .attr("data-model", (point) => evaluation.model[point.row])
      .attr("data-value", (point) => numberAttribute(evaluation.value[point.row]))
      .attr("data-verdict", (point) => verdictOf(data, point.row))
      .attr("transform", (point) => `translate(${x(point.step)},${yScale(evaluation.value[point.row])})`)
      .attr("d", (point) => verdictShape[verdictOf(data, point.row)])
      .style("fill", (point) => verdictColor(evaluation.verdict[point.row]))
      .style("stroke", paint.bg)
      .style("stroke-width", "1");
  });

  // One step axis per column, under the last row.
  const axis = root
    .append("g")
    .attr("class", "sw-axis sw-step-axis")
    .attr("transform", `translate(0,${lastRowBottom + 4})`);
  const shownSteps = d3.range(steps).filter((step) => (steps - 1 - step) % every === 0);
  const slant = (40 * Math.PI) / 180;
  for (const c of lastRowColumns) {
    const left = leftGutter + c * (panelWidth + panelGap);
    // A label may not run past the chart's edges: cut it to the room its tick has.
    const fit = (step: number) => {
      const at = left + x(step);
      const room = level ? Math.min(spacing - 6, 2 * Math.min(at, totalWidth - at) - 4) : Math.min(slantedLength, (at - 2) / Math.cos(slant));
      return truncateText(data.steps[step], room, smallFontSize);
    };
    const label = axis
      .selectAll<SVGGElement, number>(`g.sw-step-label[data-column="${c}"]`)
      .data(shownSteps)
      .join("g")
      .attr("class", "sw-step-label")
      .attr("data-column", c)
      .attr("data-step", (step) => data.steps[step])
      .attr("transform", (step) => `translate(${left + x(step)},0)`);
    label.append("title").text((step) => data.steps[step]);
    const text = label.append("text").style("fill", paint.fgMuted).style("font-size", `${smallFontSize}px`).text(fit);
    if (level) text.attr("y", 10).attr("text-anchor", "middle");
    else text.attr("text-anchor", "end").attr("transform", "rotate(-40)").attr("dy", "0.7em");
  }

  const shown = new Set(placed.map((d) => d.testCase));
  return {
    shows: (testCase) => shown.has(testCase),
    select(testCase) {
      panel.classed("sw-selected", (d) => d.testCase === testCase).attr("aria-pressed", (d) => String(d.testCase === testCase));
      panel.select(".sw-selection-frame").attr("visibility", (d) => (d.testCase === testCase ? "visible" : "hidden"));
    },
  };
}

/** The lines a point's tooltip shows: its step and the evaluation's figures for it. */
export function historyTooltipLines(data: HistoryData, row: number): TooltipLine[] {
  const { evaluation } = data;
  const step = data.stepOfRow[row];
  const reference = data.referenceModel[step];
  return tooltipLines(evaluation, row, {
    reference: reference >= 0 ? evaluation.models[reference] : null,
    context: [["step", data.steps[step]]],
    pValue: false,
  });
}

const historyChart: ChartDefinition<HistoryChartOptions, ResolvedHistoryChartOptions, HistoryData, HistoryInput> = {
  className: "sw-history-chart",
  read: readHistory,
  defaults: historyChartDefaults,
  input: historyInput,
  testCases: (data) => data.evaluation.testCases,
  draw: (svg, input) => drawHistory(svg, input),
  choosable: ".sw-history-panel",
  hoverable: ".sw-point",
  hoverLines: ({ element }, input) => historyTooltipLines(input.data, d3.select<Element, PointDatum>(element).datum().row),
  // From the keyboard a panel shows its latest point's figures.
  focusTooltip({ element }, input) {
    const { panel } = d3.select<Element, PanelDatum>(element).datum();
    const row = panel.rows[panel.latest];
    const point = d3
      .select(element)
      .selectAll<SVGPathElement, PointDatum>(".sw-point")
      .filter((d) => d.row === row)
      .datum();
    return { lines: historyTooltipLines(input.data, row), x: point.cx, y: point.cy };
  },
};

export function renderHistoryChart(element: HTMLElement, table: Table, options: HistoryChartOptions): HistoryChartHandle {
  return mountChart(historyChart, element, table, options);
}
