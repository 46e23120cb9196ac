// The frame of the charts with one row per test case (bars, delta, heatmap): label column, rows by
// stratification, root svg, selection band. A kind declares its width and header, and draws its marks.
import type { ChartInput, ChartMarks, GroupSelection, SvgSelection, TestCaseDatum } from "./chartFrame";
import { chartSvg, testCaseAttribute } from "./chartFrame";
import { chartDescription, testCaseDescription } from "./chartDescription";
import { drawGroupHeadings, groupHeaderHeight } from "./groupHeadings";
import { MarkDatum, classSelected } from "./marks";
import { fontSize, paint } from "./paint";
import { estimateTextWidth, truncateText } from "./textWidth";

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

/** One row per test case from y = top, with a small header wherever the stratification changes. */
function layoutRows(input: ChartInput, top: number, rowHeight: number): RowLayout {
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
function labelColumnWidth(input: ChartInput, width: number): number {
  let widest = 0;
  for (const testCase of input.testCases) widest = Math.max(widest, estimateTextWidth(input.data.testCases[testCase].testCase, fontSize));
  return Math.max(60, Math.min(Math.ceil(widest) + 4, 200, Math.round(width * 0.32)));
}

/** Group headers across the chart and the test-case labels right-aligned at labelRight. */
function drawRowLabels(parent: GroupSelection, input: ChartInput, layout: RowLayout, labelRight: number, labelWidth: number, ruleRight: number): void {
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
    // The label is where the keyboard reaches a row: it names the test case and reads out every model's figures.
    .attr("aria-label", (d) => testCaseDescription(input, d.testCase))
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

/** Marks the selected test case's elements and moves a band behind its row (the band is what exports show). */
function rowSelection(svg: SvgSelection, band: GroupSelection, layout: RowLayout, x: number, width: number): ChartMarks {
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

export interface RowFrameOptions {
  /** The chart kind: the svg's class sw-chart-<kind>. */
  kind: string;
  /** What the chart shows, for assistive technology. */
  label: string;
  rowHeight: number;
  /** The chart's width once the label column is known: the element's, or more where the kind needs room. */
  width(plotLeft: number): number;
  /** Draws what stands above the rows (a legend) and returns the y of the axis line that the rows start under. */
  header(root: GroupSelection, plotLeft: number): number;
}

/** A drawn frame: where a kind draws its guides and marks. */
export interface RowFrame {
  root: GroupSelection;
  layout: RowLayout;
  labelWidth: number;
  /** Left edge of the plot, right of the label column. */
  plotLeft: number;
  width: number;
  axisY: number;
  /** Bottom of the last row. */
  bottom: number;
  /** Draws the stratification headings and the test-case labels: after a kind's guides, before its marks (the paint order). */
  drawLabels(): void;
  /** The selection of the drawn chart: the band behind the chosen row, and the sw-selected class. */
  selection(): ChartMarks;
}

export function drawRowFrame(svg: SvgSelection, input: ChartInput, options: RowFrameOptions): RowFrame {
  const labelWidth = labelColumnWidth(input, input.width);
  const plotLeft = labelWidth + 16;
  const width = options.width(plotLeft);
  const root = svg.append("g");
  const band = root.append("g").attr("class", "sw-band");
  const axisY = options.header(root, plotLeft);
  const layout = layoutRows(input, axisY + 6, options.rowHeight);
  const bottom = axisY + 6 + layout.height;
  chartSvg(svg, options.kind, width, bottom + 8, options.label, chartDescription(input));
  return {
    root,
    layout,
    labelWidth,
    plotLeft,
    width,
    axisY,
    bottom,
    drawLabels: () => drawRowLabels(root, input, layout, labelWidth + 4, labelWidth, width),
    selection: () => rowSelection(svg, band, layout, 0, width),
  };
}
