// A top axis with grid lines, drawn without d3-axis so that every paint is a theme paint.
import type * as d3 from "d3";
import type { GroupSelection } from "./chartFrame";
import { paint, smallFontSize } from "./paint";

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
  tick.append("line").attr("y1", options.y).attr("y2", options.gridBottom).style("stroke", paint.borderMuted);
  tick
    .append("text")
    .attr("y", options.y - 4)
    .attr("text-anchor", "middle")
    .style("fill", paint.fgMuted)
    .style("font-size", `${smallFontSize}px`)
    .text((d) => options.format(d));
  axis.append("line").attr("x1", scale.range()[0]).attr("x2", scale.range()[1]).attr("y1", options.y).attr("y2", options.y).style("stroke", paint.border);
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
