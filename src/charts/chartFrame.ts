// What every comparison chart kind shares: the prepared input, theme paints, text-width
// estimates (no layout under jsdom), row layout with stratification groups, left labels,
// a top axis with grid lines, a legend and the selection band.
import * as d3 from "d3";
import type { Verdict } from "../core";
import type { EvaluationData, MetricKey } from "./evaluationData";
import { verdictColorFallback, verdictLabel, verdictSymbol } from "./verdict";

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

/** What a drawn chart lets its shell do without redrawing. */
export interface ChartMarks {
  select(testCase: number | null): void;
}

export type SvgSelection = d3.Selection<SVGSVGElement, unknown, null, undefined>;
export type GroupSelection = d3.Selection<SVGGElement, unknown, null, undefined>;

export const fontSize = 11;
export const smallFontSize = 10;
const fontStack = "system-ui, -apple-system, Segoe UI, Roboto, Helvetica Neue, Arial, sans-serif";

/** Theme paints: CSS variables of css/theme.css with their light fallbacks (exportSvg.ts swaps in literals). */
export const paint = {
  fg: "var(--sw-fg, #1f2328)",
  fgMuted: "var(--sw-fg-muted, #59636e)",
  fgFaint: "var(--sw-fg-faint, #8c959f)",
  bg: "var(--sw-bg, #ffffff)",
  bgAlt: "var(--sw-bg-alt, #f6f8fa)",
  border: "var(--sw-border, #d0d7de)",
  borderMuted: "var(--sw-border-muted, #e6e9ec)",
  accent: "var(--sw-accent, #0969da)",
  accentSoft: "var(--sw-accent-soft, rgba(9, 105, 218, 0.12))",
  font: `var(--sw-font, ${fontStack})`,
};

const seriesFallback = ["#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#edc948"];

/** A model's colour, stable across kinds: by its position among the evaluation's models. */
export function seriesColor(model: number): string {
  const slot = model % seriesFallback.length;
  return `var(--sw-series-${slot + 1}, ${seriesFallback[slot]})`;
}

export function verdictColor(verdict: Verdict | null): string {
  const key = verdict ?? "unknown";
  return `var(--slicewise-${key}, ${verdictColorFallback[key]})`;
}

/** Width of text in px from its characters: narrow, wide and full-width glyphs, no layout needed. */
export function estimateTextWidth(text: string, size: number): number {
  let units = 0;
  for (const character of text) {
    const code = character.codePointAt(0)!;
    if (code >= 0x1100 && (code <= 0x115f || (code >= 0x2e80 && code <= 0xa4cf) || (code >= 0xac00 && code <= 0xd7a3) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xfe30 && code <= 0xfe4f) || (code >= 0xff00 && code <= 0xff60) || code >= 0x1f300)) units += 1;
    else if ("il.,:;|!'`()[]{} jft/".includes(character)) units += 0.34;
    else if ((character >= "A" && character <= "Z") || "mwMW@%".includes(character)) units += 0.78;
    // Generous for lowercase and digits: a label that overflows the chart's edge is worse than one cut early.
    else units += 0.62;
  }
  return units * size;
}

/** The text, cut with an ellipsis so that it fits maxWidth. */
export function truncateText(text: string, maxWidth: number, size: number): string {
  if (estimateTextWidth(text, size) <= maxWidth) return text;
  const budget = maxWidth - estimateTextWidth("…", size);
  let width = 0;
  let cut = "";
  for (const character of text) {
    width += estimateTextWidth(character, size);
    if (width > budget) break;
    cut += character;
  }
  return `${cut.trimEnd()}…`;
}

/** Creates the root svg of a chart kind, with its class, size and inherited font. */
export function chartSvg(svg: SvgSelection, kind: string, width: number, height: number, label: string): void {
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

// ---- rows grouped by stratification ----

export interface LayoutRow {
  testCase: number;
  y: number;
  height: number;
}

export interface LayoutGroup {
  stratification: string;
  y: number;
}

export interface RowLayout {
  rows: LayoutRow[];
  groups: LayoutGroup[];
  byTestCase: Map<number, LayoutRow>;
  /** Height of rows and group headers together. */
  height: number;
}

export const groupHeaderHeight = 18;

/** One row per test case from y = top, with a small header wherever the stratification changes. */
export function layoutRows(input: ChartInput, top: number, rowHeight: number): RowLayout {
  const rows: LayoutRow[] = [];
  const groups: LayoutGroup[] = [];
  let y = top;
  let current: string | null = null;
  for (const testCase of input.testCases) {
    const stratification = input.data.testCases[testCase].stratification;
    if (stratification !== current) {
      groups.push({ stratification, y });
      y += groupHeaderHeight;
      current = stratification;
    }
    rows.push({ testCase, y, height: rowHeight });
    y += rowHeight;
  }
  return { rows, groups, byTestCase: new Map(rows.map((row) => [row.testCase, row])), height: y - top };
}

/** Left column width for the test-case labels: as wide as they need, within bounds. */
export function labelColumnWidth(input: ChartInput, width: number): number {
  let widest = 0;
  for (const testCase of input.testCases) widest = Math.max(widest, estimateTextWidth(input.data.testCases[testCase].testCase, fontSize));
  return Math.max(60, Math.min(Math.ceil(widest) + 4, 200, Math.round(width * 0.32)));
}

/** One heading per stratification: its name over a rule from the left edge to ruleRight. */
export function drawGroupHeadings(parent: GroupSelection, headings: readonly { stratification: string; y: number }[], ruleRight: number): void {
  const groups = parent.append("g").attr("class", "sw-groups");
  const group = groups
    .selectAll<SVGGElement, { stratification: string; y: number }>("g")
    .data(headings)
    .join("g")
    .attr("class", "sw-group")
    .attr("transform", (d) => `translate(0,${d.y})`);
  group
    .append("line")
    .attr("x1", 4)
    .attr("x2", ruleRight)
    .attr("y1", groupHeaderHeight - 3)
    .attr("y2", groupHeaderHeight - 3)
    .style("stroke", paint.borderMuted);
  group
    .append("text")
    .attr("class", "sw-group-label")
    .attr("x", 4)
    .attr("y", groupHeaderHeight - 6)
    .style("fill", paint.fgMuted)
    .style("font-size", `${smallFontSize}px`)
    .style("font-weight", "600")
    .text((d) => d.stratification);
}

/** Group headers across the chart and the test-case labels right-aligned at labelRight. */
export function drawRowLabels(parent: GroupSelection, input: ChartInput, layout: RowLayout, labelRight: number, labelWidth: number, ruleRight: number): void {
  drawGroupHeadings(parent, layout.groups, ruleRight);

  const label = parent
    .append("g")
    .attr("class", "sw-labels")
    .style("fill", paint.fg)
    .selectAll<SVGGElement, TestCaseDatum>("g")
    .data(layout.rows.map((row): TestCaseDatum => ({ testCase: row.testCase })))
    .join("g")
    .attr("class", "sw-label")
    .attr("data-test-case", (d) => testCaseAttribute(input.data, d.testCase))
    .attr("tabindex", 0)
    .attr("role", "button")
    .attr("aria-pressed", "false")
    .attr("aria-label", (d) => input.data.testCases[d.testCase].testCase)
    .attr("transform", (d) => {
      const row = layout.byTestCase.get(d.testCase)!;
      return `translate(${labelRight},${row.y + row.height / 2})`;
    });
  label.append("title").text((d) => `${input.data.testCases[d.testCase].stratification} / ${input.data.testCases[d.testCase].testCase}`);
  label
    .append("text")
    .attr("text-anchor", "end")
    .attr("dy", "0.35em")
    .text((d) => truncateText(input.data.testCases[d.testCase].testCase, labelWidth, fontSize));
}

export function testCaseAttribute(data: EvaluationData, testCase: number): string {
  const key = data.testCases[testCase];
  return `${key.stratification}/${key.testCase}`;
}

/** Full precision for data-value: what a test (or a person with devtools) can compare exactly. */
export function numberAttribute(value: number): string {
  return Number.isFinite(value) ? String(value) : "";
}

// ---- axis ----

export interface AxisOptions {
  /** Where the axis line sits; tick labels go above it, the title above them. */
  y: number;
  gridBottom: number;
  title: string;
  titleX: number;
  ticks: number;
  format: (value: number) => string;
}

/** A top axis with grid lines down to gridBottom, drawn without d3-axis so that every paint is a theme paint. */
export function drawTopAxis(parent: GroupSelection, scale: d3.ScaleLinear<number, number>, options: AxisOptions): void {
  const axis = parent.append("g").attr("class", "sw-axis");
  const ticks = scale.ticks(options.ticks);
  const tick = axis
    .selectAll<SVGGElement, number>("g")
    .data(ticks)
    .join("g")
    .attr("class", "sw-tick")
    .attr("transform", (d) => `translate(${scale(d)},0)`);
  tick
    .append("line")
    .attr("y1", options.y)
    .attr("y2", options.gridBottom)
    .style("stroke", paint.borderMuted);
  tick
    .append("text")
    .attr("y", options.y - 4)
    .attr("text-anchor", "middle")
    .style("fill", paint.fgMuted)
    .style("font-size", `${smallFontSize}px`)
    .text((d) => options.format(d));
  axis
    .append("line")
    .attr("x1", scale.range()[0])
    .attr("x2", scale.range()[1])
    .attr("y1", options.y)
    .attr("y2", options.y)
    .style("stroke", paint.border);
  axis
    .append("text")
    .attr("class", "sw-axis-title")
    .attr("x", options.titleX)
    .attr("y", options.y - 18)
    .attr("text-anchor", "middle")
    .style("fill", paint.fg)
    .style("font-weight", "600")
    .text(options.title);
}

/** Tick label: short, no trailing zeros. */
export function tickFormat(scale: d3.ScaleLinear<number, number>, count: number): (value: number) => string {
  const format = scale.tickFormat(count);
  return (value) => format(value).replace("-", "−");
}

// ---- legend ----

export interface LegendItem {
  label: string;
  /** Tooltip text when it says more than the label. */
  title?: string;
  color: string;
  /** A text symbol drawn in the colour instead of a swatch (verdicts). */
  symbol?: string;
  /** A d3 symbol path drawn instead of a swatch (stratification shapes). */
  shape?: string;
}

/** Items in a row, wrapping at maxWidth; returns the height used. */
export function drawLegend(parent: GroupSelection, items: LegendItem[], x: number, y: number, maxWidth: number, title?: string): number {
  const legend = parent.append("g").attr("class", "sw-legend").attr("transform", `translate(${x},${y})`);
  const lineHeight = 16;
  let cursorX = 0;
  let cursorY = 0;
  if (title) {
    legend.append("text").attr("y", 11).style("fill", paint.fgMuted).style("font-size", `${smallFontSize}px`).text(title);
    cursorX = estimateTextWidth(title, smallFontSize) + 8;
  }
  const placed = items.map((item) => {
    const label = truncateText(item.label, Math.min(160, maxWidth - 16), smallFontSize);
    const width = 14 + estimateTextWidth(label, smallFontSize) + 12;
    if (cursorX > 0 && cursorX + width > maxWidth) {
      cursorX = 0;
      cursorY += lineHeight;
    }
    const position = { item, label, x: cursorX, y: cursorY };
    cursorX += width;
    return position;
  });
  const entry = legend
    .selectAll<SVGGElement, (typeof placed)[number]>("g")
    .data(placed)
    .join("g")
    .attr("class", "sw-legend-item")
    .attr("transform", (d) => `translate(${d.x},${d.y})`);
  entry.append("title").text((d) => d.item.title ?? d.item.label);
  entry.each(function (d) {
    const item = d3.select(this);
    if (d.item.symbol) item.append("text").attr("x", 5).attr("y", 11).attr("text-anchor", "middle").style("fill", d.item.color).text(d.item.symbol);
    else if (d.item.shape) item.append("path").attr("transform", "translate(5,7)").attr("d", d.item.shape).style("fill", d.item.color);
    else item.append("rect").attr("y", 2).attr("width", 10).attr("height", 10).attr("rx", 2).style("fill", d.item.color);
  });
  entry
    .append("text")
    .attr("x", 14)
    .attr("y", 11)
    .style("fill", paint.fg)
    .style("font-size", `${smallFontSize}px`)
    .text((d) => d.label);
  return cursorY + lineHeight;
}

export const verdictOrder: Verdict[] = ["improved", "regressed", "similar", "unknown"];

const verdictShortLabel: Record<Verdict, string> = { improved: "improved", regressed: "regressed", similar: "no significant difference", unknown: "unknown" };

export function verdictLegendItems(): LegendItem[] {
  return verdictOrder.map((verdict) => ({ label: verdictShortLabel[verdict], title: verdictLabel[verdict], color: verdictColor(verdict), symbol: verdictSymbol[verdict] }));
}

// ---- selection ----

/** Marks the selected test case's elements and moves a band behind its row (the band is what exports show). */
export function rowSelection(svg: SvgSelection, band: GroupSelection, layout: RowLayout, x: number, width: number): ChartMarks {
  const rect = band
    .append("rect")
    .attr("class", "sw-selection-band")
    .attr("x", x)
    .attr("width", width)
    .attr("visibility", "hidden")
    .style("fill", paint.accentSoft);
  return {
    select(testCase) {
      const row = testCase === null ? undefined : layout.byTestCase.get(testCase);
      if (row) rect.attr("y", row.y).attr("height", row.height).attr("visibility", "visible");
      else rect.attr("visibility", "hidden");
      classSelected(svg, testCase);
    },
  };
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

// ---- marks ----

export interface MarkDatum extends TestCaseDatum {
  row: number;
  model: number;
}

/** The data attributes every mark carries: test case, model, full-precision value, and the verdict where asked. */
export function markAttributes<E extends SVGElement, D extends MarkDatum>(marks: d3.Selection<E, D, SVGGElement, unknown>, data: EvaluationData, withVerdict: boolean): void {
  marks
    .classed("sw-mark", true)
    .attr("data-test-case", (d) => testCaseAttribute(data, d.testCase))
    .attr("data-model", (d) => data.models[d.model])
    .attr("data-value", (d) => numberAttribute(data.value[d.row]));
  if (withVerdict) marks.attr("data-verdict", (d) => data.verdict[d.row] ?? "unknown");
}

/** The marks of the shown models in layout order: one per (test case, model) that has a value. */
export function rowMarks(input: ChartInput, layout: RowLayout, models: number[]): (MarkDatum & { slot: number; y: number })[] {
  const marks: (MarkDatum & { slot: number; y: number })[] = [];
  for (const layoutRow of layout.rows) {
    models.forEach((model, slot) => {
      const row = input.data.rowOf(layoutRow.testCase, model, input.metricIndex);
      if (row >= 0 && Number.isFinite(input.data.value[row])) marks.push({ testCase: layoutRow.testCase, row, model, slot, y: layoutRow.y });
    });
  }
  return marks;
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
