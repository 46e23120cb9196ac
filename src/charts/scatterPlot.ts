// Model A (x) against model B (y), one point per test case: size by n, shape by
// stratification, colour by B's verdict, and the y = x diagonal (above it B is higher).
import * as d3 from "d3";
import { ChartInput, ChartMarks, SvgSelection, chartSvg, numberAttribute } from "./chartFrame";
import { chartDescription, testCaseDescription } from "./chartDescription";
import { drawLegend, verdictLegendItems } from "./legend";
import { MarkDatum, classSelected, markAttributes } from "./marks";
import { fontSize, paint, smallFontSize, verdictColor } from "./paint";
import { stratificationsOf } from "./stratifications";
import { estimateTextWidth, truncateText } from "./textWidth";
import { tickFormat } from "./topAxis";

export interface ScatterDatum extends MarkDatum {
  xRow: number;
  cx: number;
  cy: number;
}

const margin = { left: 58, right: 16, bottom: 44 };
const maxRadius = 11;

export function drawScatterPlot(svg: SvgSelection, input: ChartInput): ChartMarks {
  const { data, width } = input;
  const xName = data.models[input.xModel];
  const yName = data.models[input.yModel];

  const stratifications = stratificationsOf(input.testCases.map((testCase) => data.testCases[testCase]));
  const shapeOf = (stratification: string) => d3.symbolsFill[stratifications.indexOf(stratification) % d3.symbolsFill.length];

  const root = svg.append("g");
  let legendHeight = drawLegend(
    root,
    verdictLegendItems(),
    margin.left,
    4,
    width - margin.left - margin.right,
    `colour: ${truncateText(yName, 120, smallFontSize)} vs reference`,
  );
  legendHeight += drawLegend(
    root,
    stratifications.map((stratification) => ({ label: stratification, color: paint.fgMuted, shape: d3.symbol(shapeOf(stratification), 60)()! })),
    margin.left,
    4 + legendHeight,
    width - margin.left - margin.right,
    "shape: stratification · size: n",
  );
  const top = 4 + legendHeight + 14;
  const available = (input.height ?? Infinity) - top - margin.bottom;
  const side = Math.max(160, Math.min(width - margin.left - margin.right, available, 560));
  const height = top + side + margin.bottom;
  chartSvg(
    svg,
    "scatter",
    Math.max(width, margin.left + side + margin.right),
    height,
    `${input.metric.metric}: ${yName} against ${xName} by test case`,
    chartDescription(input),
  );

  const points: ScatterDatum[] = [];
  let low = Infinity;
  let high = -Infinity;
  let largest = 0;
  for (const testCase of input.testCases) {
    const xRow = data.rowOf(testCase, input.xModel, input.metricIndex);
    const row = data.rowOf(testCase, input.yModel, input.metricIndex);
    if (xRow < 0 || row < 0 || !Number.isFinite(data.value[xRow]) || !Number.isFinite(data.value[row])) continue;
    points.push({ testCase, row, model: input.yModel, xRow, cx: 0, cy: 0 });
    low = Math.min(low, data.value[xRow], data.value[row]);
    high = Math.max(high, data.value[xRow], data.value[row]);
    largest = Math.max(largest, data.n[row]);
  }
  if (!(low < high)) [low, high] = [Math.min(low, 0) - 0.5, Math.max(high, 0) + 0.5];
  const padding = (high - low) * 0.05;
  // One scale for both axes: the diagonal is y = x only if a unit is as long on each.
  const scale = d3
    .scaleLinear()
    .domain([low - padding, high + padding])
    .nice(6);
  const x = scale.copy().range([margin.left, margin.left + side]);
  const y = scale.copy().range([top + side, top]);
  const radius = d3
    .scaleSqrt()
    .domain([0, Math.max(1, largest)])
    .range([2.5, maxRadius]);
  for (const point of points) {
    point.cx = x(data.value[point.xRow]);
    point.cy = y(data.value[point.row]);
  }
  // Large points first so that small ones stay on top and reachable.
  points.sort((a, b) => data.n[b.row] - data.n[a.row]);

  const format = tickFormat(x, 6);
  const ticks = x.ticks(6);
  const grid = root.append("g").attr("class", "sw-axis");
  grid
    .selectAll("line.sw-grid-x")
    .data(ticks)
    .join("line")
    .attr("class", "sw-grid-x")
    .attr("x1", (d) => x(d))
    .attr("x2", (d) => x(d))
    .attr("y1", top)
    .attr("y2", top + side)
    .style("stroke", paint.borderMuted);
  grid
    .selectAll("line.sw-grid-y")
    .data(ticks)
    .join("line")
    .attr("class", "sw-grid-y")
    .attr("y1", (d) => y(d))
    .attr("y2", (d) => y(d))
    .attr("x1", margin.left)
    .attr("x2", margin.left + side)
    .style("stroke", paint.borderMuted);
  grid
    .selectAll("text.sw-tick-x")
    .data(ticks)
    .join("text")
    .attr("class", "sw-tick-x")
    .attr("x", (d) => x(d))
    .attr("y", top + side + 14)
    .attr("text-anchor", "middle")
    .style("fill", paint.fgMuted)
    .style("font-size", `${smallFontSize}px`)
    .text(format);
  grid
    .selectAll("text.sw-tick-y")
    .data(ticks)
    .join("text")
    .attr("class", "sw-tick-y")
    .attr("x", margin.left - 6)
    .attr("y", (d) => y(d))
    .attr("dy", "0.35em")
    .attr("text-anchor", "end")
    .style("fill", paint.fgMuted)
    .style("font-size", `${smallFontSize}px`)
    .text(format);
  grid
    .append("rect")
    .attr("class", "sw-frame")
    .attr("x", margin.left)
    .attr("y", top)
    .attr("width", side)
    .attr("height", side)
    .style("fill", "none")
    .style("stroke", paint.border);
  const metric = input.metric.metric;
  grid
    .append("text")
    .attr("class", "sw-axis-title")
    .attr("x", margin.left + side / 2)
    .attr("y", top + side + 34)
    .attr("text-anchor", "middle")
    .style("fill", paint.fg)
    .style("font-weight", "600")
    .text(truncateText(`${xName} — ${metric}`, side, fontSize));
  grid
    .append("text")
    .attr("class", "sw-axis-title")
    .attr("transform", `translate(14,${top + side / 2}) rotate(-90)`)
    .attr("text-anchor", "middle")
    .style("fill", paint.fg)
    .style("font-weight", "600")
    .text(truncateText(`${yName} — ${metric}`, side, fontSize));

  const [domainLow, domainHigh] = scale.domain();
  root
    .append("line")
    .attr("class", "sw-diagonal")
    .attr("x1", x(domainLow))
    .attr("y1", y(domainLow))
    .attr("x2", x(domainHigh))
    .attr("y2", y(domainHigh))
    .style("stroke", paint.fgFaint)
    .style("stroke-dasharray", "4 3");
  const note = `${yName} higher`;
  root
    .append("text")
    .attr("class", "sw-diagonal-label")
    .attr("x", margin.left + 6)
    .attr("y", top + 12)
    .style("fill", paint.fgFaint)
    .style("font-size", `${smallFontSize}px`)
    .text(estimateTextWidth(note, smallFontSize) < side / 2 ? `↖ ${note}` : "");

  const ring = root
    .append("circle")
    .attr("class", "sw-selection-ring")
    .attr("visibility", "hidden")
    .style("fill", paint.accentSoft)
    .style("stroke", paint.accent)
    .style("stroke-width", "2");

  const mark = root
    .append("g")
    .attr("class", "sw-marks")
    .style("fill-opacity", "0.8")
    .style("stroke", paint.bg)
    .style("stroke-width", "1")
    .selectAll<SVGPathElement, ScatterDatum>("path")
    .data(points)
    .join("path")
    .call((marks) => markAttributes(marks, data, true))
    .classed("sw-point", true)
    .attr("data-x-model", xName)
    .attr("data-x-value", (d) => numberAttribute(data.value[d.xRow]))
    .attr("data-n", (d) => numberAttribute(data.n[d.row]))
    .attr("tabindex", 0)
    .attr("role", "button")
    .attr("aria-label", (d) => testCaseDescription(input, d.testCase))
    .attr("transform", (d) => `translate(${d.cx},${d.cy})`)
    .attr("d", (d) => d3.symbol(shapeOf(data.testCases[d.testCase].stratification), Math.PI * radius(data.n[d.row]) ** 2)())
    .style("fill", (d) => verdictColor(data.verdict[d.row]));
  mark.append("title").text((d) => `${data.testCases[d.testCase].stratification} / ${data.testCases[d.testCase].testCase}`);

  const byTestCase = new Map(points.map((point) => [point.testCase, point]));
  return {
    select(testCase) {
      const point = testCase === null ? undefined : byTestCase.get(testCase);
      if (point)
        ring
          .attr("cx", point.cx)
          .attr("cy", point.cy)
          .attr("r", radius(data.n[point.row]) + 5)
          .attr("visibility", "visible");
      else ring.attr("visibility", "hidden");
      classSelected(svg, testCase);
    },
  };
}
