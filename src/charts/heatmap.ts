// Test cases × non-reference models, each cell coloured by its delta to the reference on a
// diverging blue–red scale (ColorBrewer RdBu, colour-blind safe) centred on 0 and turned by the
// metric's direction so that blue is always better; the delta and verdict symbol are written in.
import * as d3 from "d3";
import { ChartInput, ChartMarks, GroupSelection, SvgSelection, metricTitle, numberAttribute, testCaseAttribute } from "./chartFrame";
import { DeltaDatum, deltaMarks } from "./deltaBars";
import { formatDelta } from "./format";
import { markAttributes } from "./marks";
import { fontSize, paint, smallFontSize } from "./paint";
import { drawRowFrame } from "./rowFrame";
import { estimateTextWidth, truncateText } from "./textWidth";
import { verdictSymbol } from "./verdict";

const cellHeight = 22;
const cellGap = 2;
let gradientCount = 0;

/** Colour of a delta: blue for better, red for worse, white-ish at 0; magnitude relative to the largest shown. */
export function deltaColor(delta: number, largest: number, higherIsBetter: boolean | null): string {
  const better = higherIsBetter === false ? -delta : delta;
  // 0.08–0.92 keeps the darkest ends off, where text on the cell would need too much contrast.
  return d3.interpolateRdBu(0.5 + 0.42 * Math.max(-1, Math.min(1, better / largest)));
}

/** Dark or light text for a literal background colour (WCAG relative luminance). */
export function textColorOn(background: string): string {
  const color = d3.rgb(background);
  const channel = (value: number) => {
    const c = value / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b);
  return luminance > 0.3 ? "#1f2328" : "#ffffff";
}

export function drawHeatmap(svg: SvgSelection, input: ChartInput): ChartMarks {
  const { data, width } = input;
  const models = input.models.filter((model) => model !== input.reference);
  const cellWidthOf = (plotLeft: number) => Math.max(64, Math.min(140, (width - plotLeft - 8) / models.length));
  const frame = drawRowFrame(svg, input, {
    kind: "heatmap",
    label: `Δ ${input.metric.metric} vs ${data.models[input.reference]}, test cases × models`,
    rowHeight: cellHeight,
    width: (plotLeft) => Math.max(width, plotLeft + cellWidthOf(plotLeft) * models.length + 8),
    // The colour legend above the column headers needs the largest delta: it is drawn with them.
    header: () => 4 + 58,
  });
  const { root, layout, plotLeft } = frame;
  const cellWidth = cellWidthOf(plotLeft);
  const headerY = frame.axisY;

  const columns = models.map((model) => deltaMarks(input, layout.rows, model));
  let largest = 0;
  for (const marks of columns) for (const mark of marks) largest = Math.max(largest, Math.abs(mark.delta));
  if (largest === 0) largest = 1;
  const higherIsBetter = input.metric.higherIsBetter;

  drawColorLegend(root, input, plotLeft, 4, largest);
  frame.drawLabels();
  root
    .append("g")
    .attr("class", "sw-column-headers")
    .selectAll("text")
    .data(models)
    .join("text")
    .attr("class", "sw-column-header")
    .attr("x", (_, index) => plotLeft + index * cellWidth + cellWidth / 2)
    .attr("y", headerY)
    .attr("text-anchor", "middle")
    .style("fill", paint.fg)
    .style("font-weight", "600")
    .text((model) => truncateText(data.models[model], cellWidth - 6, fontSize))
    .append("title")
    .text((model) => data.models[model]);

  models.forEach((model, index) => {
    const left = plotLeft + index * cellWidth;
    const cells = columns[index];
    const group = root.append("g").attr("class", "sw-marks").attr("data-model", data.models[model]);
    const fills = new Map(cells.map((cell) => [cell, deltaColor(cell.delta, largest, higherIsBetter)]));
    group
      .selectAll<SVGRectElement, DeltaDatum>("rect")
      .data(cells)
      .join("rect")
      .call((rects) => markAttributes(rects, data, true))
      .classed("sw-cell", true)
      .attr("data-delta", (d) => numberAttribute(d.delta))
      .attr("x", left + cellGap / 2)
      .attr("y", (d) => d.y + cellGap / 2)
      .attr("width", cellWidth - cellGap)
      .attr("height", cellHeight - cellGap)
      .attr("rx", 2)
      .style("fill", (d) => fills.get(d)!);
    group
      .selectAll<SVGTextElement, DeltaDatum>("text")
      .data(cells)
      .join("text")
      .attr("class", "sw-cell-label")
      .attr("data-test-case", (d) => testCaseAttribute(data, d.testCase))
      .attr("x", left + cellWidth / 2)
      .attr("y", (d) => d.y + cellHeight / 2)
      .attr("dy", "0.35em")
      .attr("text-anchor", "middle")
      .style("fill", (d) => textColorOn(fills.get(d)!))
      .style("font-size", `${smallFontSize}px`)
      .style("pointer-events", "none")
      .text((d) => {
        const delta = formatDelta(d.delta);
        const withSymbol = `${delta} ${verdictSymbol[data.verdict[d.row] ?? "unknown"]}`;
        return estimateTextWidth(withSymbol, smallFontSize) <= cellWidth - 8 ? withSymbol : delta;
      });
  });

  return frame.selection();
}

/** The colour scale as a gradient from −largest to +largest with worse/better at its ends. */
function drawColorLegend(parent: GroupSelection, input: ChartInput, x: number, y: number, largest: number): void {
  const id = `sw-heatmap-gradient-${++gradientCount}`;
  const barWidth = 180;
  const higherIsBetter = input.metric.higherIsBetter;
  const legend = parent.append("g").attr("class", "sw-color-legend").attr("transform", `translate(${x},${y})`);
  const stops = d3.range(0, 1.0001, 0.125);
  legend
    .append("defs")
    .append("linearGradient")
    .attr("id", id)
    .selectAll("stop")
    .data(stops)
    .join("stop")
    .attr("offset", (t) => `${t * 100}%`)
    .attr("stop-color", (t) => deltaColor(-largest + 2 * largest * t, largest, higherIsBetter));
  legend
    .append("text")
    .attr("class", "sw-axis-title")
    .attr("y", 11)
    .style("fill", paint.fg)
    .style("font-weight", "600")
    .text(`Δ ${metricTitle(input.metric)} vs ${input.data.models[input.reference]}`);
  legend.append("rect").attr("y", 18).attr("width", barWidth).attr("height", 10).attr("fill", `url(#${id})`).style("stroke", paint.border);
  const labels: [number, string, string][] = [
    [0, formatDelta(-largest), "start"],
    [barWidth / 2, "0", "middle"],
    [barWidth, formatDelta(largest), "end"],
  ];
  legend
    .selectAll("text.sw-color-tick")
    .data(labels)
    .join("text")
    .attr("class", "sw-color-tick")
    .attr("x", (d) => d[0])
    .attr("y", 40)
    .attr("text-anchor", (d) => d[2])
    .style("fill", paint.fgMuted)
    .style("font-size", `${smallFontSize}px`)
    .text((d) => d[1]);
  if (higherIsBetter !== null) {
    const left = higherIsBetter ? "worse" : "better";
    const right = higherIsBetter ? "better" : "worse";
    legend
      .append("text")
      .attr("x", barWidth + 8)
      .attr("y", 27)
      .style("fill", paint.fgMuted)
      .style("font-size", `${smallFontSize}px`)
      .text(`← ${left} · ${right} →`);
  }
}
