// The headings that group test cases by stratification: a name over a rule.
import type { GroupSelection } from "./chartFrame";
import { paint, smallFontSize } from "./paint";

export const groupHeaderHeight = 18;

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
