// Precision against recall for one test case, a curve per model — told apart by line style as well
// as colour — with each model's operating point marked by its own shape, its figures in a tooltip.
import * as d3 from "d3";
import { SvgSelection, chartSvg, numberAttribute } from "./chartFrame";
import type { ChartMarks } from "./chartFrame";
import { DetectionChartInput, drawnAtText } from "./detectionChartsData";
import { formatValue } from "./format";
import { fontSize, paint, seriesColor, smallFontSize } from "./paint";
import { estimateTextWidth, truncateText } from "./textWidth";

/** A model's line style by its place among the evaluation's models: solid, dashed, dotted, dash-dot … */
export const modelDashes = ["", "7 4", "2 3", "10 3 2 3", "4 2", "12 4"];
const modelShapes = [d3.symbolCircle, d3.symbolSquare, d3.symbolTriangle, d3.symbolDiamond, d3.symbolStar, d3.symbolWye];

export const dashOf = (model: number) => modelDashes[model % modelDashes.length];
export const shapeOf = (model: number, size = 64) => d3.symbol(modelShapes[model % modelShapes.length], size)()!;

const margin = { left: 52, right: 16, bottom: 40 };

/** The datum of an operating-point marker: the shell's hover reads its lines. */
export interface OperatingDatum {
  testCase: number;
  model: number;
  lines: [string, string][];
}

export function drawPrecisionRecall(svg: SvgSelection, input: DetectionChartInput): ChartMarks {
  const { data, width } = input;
  const key = data.testCases[input.testCase];
  const root = svg.append("g");
  const plotWidth = Math.max(160, Math.min(width - margin.left - margin.right, 520));
  const caption = `${key.stratification}: ${key.testCase} — ${drawnAtText(input)}`;
  root
    .append("text")
    .attr("class", "sw-chart-caption")
    .attr("x", margin.left)
    .attr("y", 14)
    .style("fill", paint.fg)
    .style("font-weight", "600")
    .text(truncateText(caption, width - margin.left - 8, fontSize))
    .append("title")
    .text(caption);
  const legendHeight = drawModelLegend(root, input, margin.left, 24, width - margin.left - margin.right);
  const top = 24 + legendHeight + 10;
  const side = plotWidth;
  const height = top + side + margin.bottom;
  const names = input.models.map((model) => data.models[model]);
  chartSvg(
    svg,
    "pr",
    Math.max(width, margin.left + side + margin.right),
    height,
    `Precision against recall of ${names.join(", ")} on ${key.stratification}: ${key.testCase}`,
    curveDescription(input),
  );

  const x = d3
    .scaleLinear()
    .domain([0, 1])
    .range([margin.left, margin.left + side]);
  const y = d3
    .scaleLinear()
    .domain([0, 1])
    .range([top + side, top]);
  const ticks = [0, 0.2, 0.4, 0.6, 0.8, 1];
  const axis = root.append("g").attr("class", "sw-axis");
  axis
    .selectAll("line.sw-grid-x")
    .data(ticks)
    .join("line")
    .attr("class", "sw-grid-x")
    .attr("x1", (d) => x(d))
    .attr("x2", (d) => x(d))
    .attr("y1", top)
    .attr("y2", top + side)
    .style("stroke", paint.borderMuted);
  axis
    .selectAll("line.sw-grid-y")
    .data(ticks)
    .join("line")
    .attr("class", "sw-grid-y")
    .attr("y1", (d) => y(d))
    .attr("y2", (d) => y(d))
    .attr("x1", margin.left)
    .attr("x2", margin.left + side)
    .style("stroke", paint.borderMuted);
  const tickText = (d: number) => (d === 0 || d === 1 ? String(d) : d.toFixed(1));
  axis
    .selectAll("text.sw-tick-x")
    .data(ticks)
    .join("text")
    .attr("class", "sw-tick-x")
    .attr("x", (d) => x(d))
    .attr("y", top + side + 14)
    .attr("text-anchor", "middle")
    .style("fill", paint.fgMuted)
    .style("font-size", `${smallFontSize}px`)
    .text(tickText);
  axis
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
    .text(tickText);
  axis
    .append("rect")
    .attr("class", "sw-frame")
    .attr("x", margin.left)
    .attr("y", top)
    .attr("width", side)
    .attr("height", side)
    .style("fill", "none")
    .style("stroke", paint.border);
  axis
    .append("text")
    .attr("class", "sw-axis-title")
    .attr("x", margin.left + side / 2)
    .attr("y", top + side + 32)
    .attr("text-anchor", "middle")
    .style("fill", paint.fg)
    .style("font-weight", "600")
    .text("recall");
  axis
    .append("text")
    .attr("class", "sw-axis-title")
    .attr("transform", `translate(14,${top + side / 2}) rotate(-90)`)
    .attr("text-anchor", "middle")
    .style("fill", paint.fg)
    .style("font-weight", "600")
    .text("precision");

  const line = d3
    .line<{ recall: number; precision: number }>()
    .x((d) => x(d.recall))
    .y((d) => y(d.precision));
  const curves = input.models.flatMap((model, i) => {
    const figures = input.figures[i];
    return figures && figures.points.length > 0 ? [{ model, points: figures.points }] : [];
  });
  root
    .append("g")
    .attr("class", "sw-curves")
    .style("fill", "none")
    .style("stroke-width", "2")
    .style("stroke-linejoin", "round")
    .selectAll("path")
    .data(curves)
    .join("path")
    .attr("class", "sw-pr-curve")
    .attr("data-model", (d) => data.models[d.model])
    .attr("data-points", (d) => d.points.length)
    .attr("d", (d) => line(d.points))
    .style("stroke", (d) => seriesColor(d.model))
    .style("stroke-dasharray", (d) => dashOf(d.model) || "none");

  const markers: (OperatingDatum & { recall: number; precision: number; score: number })[] = input.models.flatMap((model, i) => {
    const operating = input.figures[i]?.operating;
    if (!operating) return [];
    const threshold = Number.isNaN(operating.score) ? "per-class thresholds" : `score ≥ ${formatValue(operating.score)}`;
    const lines: [string, string][] = [
      ["model", data.models[model]],
      ["operating point", threshold],
      ["recall", formatValue(operating.recall)],
      ["precision", formatValue(operating.precision)],
    ];
    return [{ testCase: input.testCase, model, lines, ...operating }];
  });
  const marker = root
    .append("g")
    .attr("class", "sw-operating-points")
    .style("stroke", paint.bg)
    .style("stroke-width", "1.5")
    .selectAll("path")
    .data(markers)
    .join("path")
    .attr("class", "sw-operating-point")
    .attr("data-detection-mark", "operating")
    .attr("data-model", (d) => data.models[d.model])
    .attr("data-recall", (d) => numberAttribute(d.recall))
    .attr("data-precision", (d) => numberAttribute(d.precision))
    .attr("data-score", (d) => numberAttribute(d.score))
    .attr("transform", (d) => `translate(${x(d.recall)},${y(d.precision)})`)
    .attr("d", (d) => shapeOf(d.model, 90))
    .attr("tabindex", 0)
    .attr("role", "img")
    .attr("aria-label", (d) => d.lines.map(([name, value]) => `${name} ${value}`).join(", "))
    .style("fill", (d) => seriesColor(d.model));
  marker.append("title").text((d) => d.lines.map(([name, value]) => `${name}: ${value}`).join("\n"));

  return { select() {}, followSelection: true };
}

/** One item per model: its line style and colour with its operating point's shape, then its name. */
function drawModelLegend(
  parent: d3.Selection<SVGGElement, unknown, null, undefined>,
  input: DetectionChartInput,
  x: number,
  y: number,
  maxWidth: number,
): number {
  const legend = parent.append("g").attr("class", "sw-legend").attr("transform", `translate(${x},${y})`);
  let cursorX = 0;
  let cursorY = 0;
  input.models.forEach((model, i) => {
    const figures = input.figures[i];
    const missing = !figures || figures.points.length === 0;
    const name = input.data.models[model];
    const label = truncateText(missing ? `${name} (no curve)` : name, Math.min(200, maxWidth - 40), smallFontSize);
    const itemWidth = 34 + estimateTextWidth(label, smallFontSize) + 14;
    if (cursorX > 0 && cursorX + itemWidth > maxWidth) {
      cursorX = 0;
      cursorY += 18;
    }
    const item = legend.append("g").attr("class", "sw-legend-item").attr("data-model", name).attr("transform", `translate(${cursorX},${cursorY})`);
    item.append("title").text(name);
    item
      .append("line")
      .attr("x1", 0)
      .attr("x2", 28)
      .attr("y1", 7)
      .attr("y2", 7)
      .style("stroke", seriesColor(model))
      .style("stroke-width", "2")
      .style("stroke-dasharray", dashOf(model) || "none");
    item.append("path").attr("transform", "translate(14,7)").attr("d", shapeOf(model, 40)).style("fill", seriesColor(model)).style("stroke", paint.bg);
    item
      .append("text")
      .attr("x", 34)
      .attr("y", 11)
      .style("fill", missing ? paint.fgMuted : paint.fg)
      .style("font-size", `${smallFontSize}px`)
      .text(label);
    cursorX += itemWidth;
  });
  return cursorY + 18;
}

function curveDescription(input: DetectionChartInput): string {
  const key = input.data.testCases[input.testCase];
  const parts = [`Precision–recall curves on ${key.stratification}: ${key.testCase}, ${drawnAtText(input)}.`];
  input.models.forEach((model, i) => {
    const operating = input.figures[i]?.operating;
    parts.push(
      operating
        ? `${input.data.models[model]} operates at recall ${formatValue(operating.recall)}, precision ${formatValue(operating.precision)}.`
        : `${input.data.models[model]}: no curve.`,
    );
  });
  return parts.join(" ");
}
