// Diverging bars of model − reference per test case, one panel per non-reference model on a
// shared scale, coloured and marked (▲ ▼ ≈ ?) by the evaluation's verdict.
//
// The whisker is the model's own confidence interval shifted by the reference's value,
// [ci_low − reference, ci_high − reference]: the evaluation table carries no interval of the
// paired difference, so the whisker shows the model's uncertainty only and the verdict (from
// the paired test's q-value) is the statement of significance. The tooltip says so.
import * as d3 from "d3";
import { ChartInput, ChartMarks, SvgSelection, metricTitle, numberAttribute, testCaseAttribute } from "./chartFrame";
import { drawLegend, verdictLegendItems } from "./legend";
import { MarkDatum, markAttributes, whiskerPath } from "./marks";
import { paint, verdictColor } from "./paint";
import { drawRowFrame } from "./rowFrame";
import { truncateText } from "./textWidth";
import { drawTopAxis, tickFormat } from "./topAxis";
import { verdictSymbol } from "./verdict";

const rowHeight = 20;
const barHeight = 12;
const panelGap = 20;
/** Room inside each panel for the verdict symbol past the longest bar. */
const symbolRoom = 16;

export interface DeltaDatum extends MarkDatum {
  delta: number;
  low: number;
  high: number;
  y: number;
}

/** The delta of a row: the table's, or model − reference when the table left it out. */
export function deltaMarks(input: ChartInput, testCases: { testCase: number; y: number }[], model: number): DeltaDatum[] {
  const { data } = input;
  const marks: DeltaDatum[] = [];
  for (const { testCase, y } of testCases) {
    const row = data.rowOf(testCase, model, input.metricIndex);
    if (row < 0) continue;
    const referenceRow = data.rowOf(testCase, input.reference, input.metricIndex);
    const referenceValue = referenceRow >= 0 ? data.value[referenceRow] : NaN;
    const delta = Number.isFinite(data.delta[row]) ? data.delta[row] : data.value[row] - referenceValue;
    if (!Number.isFinite(delta)) continue;
    marks.push({ testCase, row, model, delta, low: data.ciLow[row] - referenceValue, high: data.ciHigh[row] - referenceValue, y });
  }
  return marks;
}

export function drawDeltaBars(svg: SvgSelection, input: ChartInput): ChartMarks {
  const { data, width } = input;
  const models = input.models.filter((model) => model !== input.reference);
  const plotRightOf = (plotLeft: number) => Math.max(plotLeft + models.length * 90, width - 8);
  const frame = drawRowFrame(svg, input, {
    kind: "delta",
    label: `Δ ${input.metric.metric} of each model vs ${data.models[input.reference]} by test case`,
    rowHeight,
    width: (plotLeft) => Math.max(width, plotRightOf(plotLeft) + 8),
    header: (root, plotLeft) => 4 + drawLegend(root, verdictLegendItems(), plotLeft, 4, plotRightOf(plotLeft) - plotLeft) + 50,
  });
  const { root, layout, plotLeft, axisY, bottom } = frame;
  const plotRight = plotRightOf(plotLeft);
  const panelWidth = (plotRight - plotLeft - panelGap * (models.length - 1)) / models.length;

  const panels = models.map((model) => deltaMarks(input, layout.rows, model));
  let low = 0;
  let high = 0;
  for (const marks of panels)
    for (const mark of marks) {
      for (const value of [mark.delta, mark.low, mark.high]) {
        if (!Number.isFinite(value)) continue;
        low = Math.min(low, value);
        high = Math.max(high, value);
      }
    }
  if (low === high) [low, high] = [-1, 1];
  const domain = d3.scaleLinear().domain([low, high]).nice(5).domain();

  root
    .append("text")
    .attr("class", "sw-axis-title")
    .attr("x", (plotLeft + plotRight) / 2)
    .attr("y", axisY - 36)
    .attr("text-anchor", "middle")
    .style("fill", paint.fg)
    .style("font-weight", "600")
    .text(`Δ ${metricTitle(input.metric)} vs ${data.models[input.reference]}`);
  frame.drawLabels();

  const barTop = (mark: DeltaDatum) => mark.y + (rowHeight - barHeight) / 2;
  models.forEach((model, index) => {
    const left = plotLeft + index * (panelWidth + panelGap);
    const x = d3
      .scaleLinear()
      .domain(domain)
      .range([left + symbolRoom, left + panelWidth - symbolRoom]);
    const zero = x(0);
    const panel = root.append("g").attr("class", "sw-panel").attr("data-model", data.models[model]);
    drawTopAxis(panel, x, {
      y: axisY,
      gridBottom: bottom,
      title: truncateText(data.models[model], panelWidth, 11),
      titleX: left + panelWidth / 2,
      ticks: Math.max(2, Math.floor(panelWidth / 60)),
      format: tickFormat(x, Math.max(2, Math.floor(panelWidth / 60))),
    });
    panel.append("line").attr("class", "sw-zero").attr("x1", zero).attr("x2", zero).attr("y1", axisY).attr("y2", bottom).style("stroke", paint.fg);

    const marks = panels[index];
    const group = panel.append("g").attr("class", "sw-marks");
    group
      .selectAll<SVGRectElement, DeltaDatum>("rect")
      .data(marks)
      .join("rect")
      .call((bars) => markAttributes(bars, data, true))
      .classed("sw-bar", true)
      .attr("data-delta", (d) => numberAttribute(d.delta))
      .attr("x", (d) => Math.min(zero, x(d.delta)))
      .attr("width", (d) => Math.abs(x(d.delta) - zero))
      .attr("y", barTop)
      .attr("height", barHeight)
      .style("fill", (d) => verdictColor(data.verdict[d.row]));

    group
      .append("path")
      .attr("class", "sw-whiskers")
      .attr("d", whiskerPath(marks.map((mark) => ({ from: x(mark.low), to: x(mark.high), middle: barTop(mark) + barHeight / 2 }))))
      .style("stroke", paint.fg)
      .style("fill", "none");

    group
      .selectAll<SVGTextElement, DeltaDatum>("text")
      .data(marks)
      .join("text")
      .attr("class", "sw-verdict-mark")
      .attr("data-test-case", (d) => testCaseAttribute(data, d.testCase))
      .attr("data-verdict", (d) => data.verdict[d.row] ?? "unknown")
      .attr("x", (d) => {
        const ends = [d.delta, d.low, d.high].filter(Number.isFinite).map(x);
        return d.delta < 0 ? Math.min(zero, ...ends) - 3 : Math.max(zero, ...ends) + 3;
      })
      .attr("y", (d) => barTop(d) + barHeight / 2)
      .attr("dy", "0.35em")
      .attr("text-anchor", (d) => (d.delta < 0 ? "end" : "start"))
      .style("fill", (d) => verdictColor(data.verdict[d.row]))
      .text((d) => verdictSymbol[data.verdict[d.row] ?? "unknown"]);
  });

  return frame.selection();
}
