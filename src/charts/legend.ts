// Legends: items in a row that wraps, each a swatch, a symbol or a shape before its label.
import * as d3 from "d3";
import type { Verdict } from "../core";
import type { GroupSelection } from "./chartFrame";
import { paint, smallFontSize, verdictColor } from "./paint";
import { estimateTextWidth, truncateText } from "./textWidth";
import { verdictLabel, verdictSymbol } from "./verdict";

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
  return verdictOrder.map((verdict) => ({
    label: verdictShortLabel[verdict],
    title: verdictLabel[verdict],
    color: verdictColor(verdict),
    symbol: verdictSymbol[verdict],
  }));
}
