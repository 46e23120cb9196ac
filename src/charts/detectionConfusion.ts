// The confusion matrix of multi-class detection for one test case, a matrix per model: rows the
// predicted class with a "missed" row (objects no box found), columns the ground-truth class with a
// "hallucinated" column (boxes on no object); counts written in, shade by count, the diagonal outlined.
import * as d3 from "d3";
import { SvgSelection, chartSvg } from "./chartFrame";
import type { ChartMarks, GroupSelection } from "./chartFrame";
import { ConfusionCell, DetectionChartInput, drawnAtText } from "./detectionChartsData";
import { textColorOn } from "./heatmap";
import { fontSize, paint, seriesColor, smallFontSize } from "./paint";
import { estimateTextWidth, truncateText } from "./textWidth";

export const missedLabel = "missed";
export const hallucinatedLabel = "hallucinated";

const gap = 28;
const maxLabelWidth = 96;

/** The datum of a cell: the shell's hover reads its lines. */
export interface CellDatum {
  testCase: number;
  model: number;
  predicted: string | null;
  truth: string | null;
  count: number;
  lines: [string, string][];
}

/** Labels in their natural order: numbers by value, then text. */
export function naturalOrder(labels: Iterable<string>): string[] {
  const numeric = (label: string) => label.trim() !== "" && Number.isFinite(Number(label));
  return [...new Set(labels)].sort((a, b) => {
    if (numeric(a) && numeric(b)) return Number(a) - Number(b);
    if (numeric(a) !== numeric(b)) return numeric(a) ? -1 : 1;
    return a.localeCompare(b);
  });
}

export function drawDetectionConfusion(svg: SvgSelection, input: DetectionChartInput): ChartMarks {
  const { data, width } = input;
  const key = data.testCases[input.testCase];
  const classes = naturalOrder(
    input.figures.flatMap((figures) => (figures?.cells ?? []).flatMap((cell) => [cell.predicted, cell.truth].filter((label) => label !== null) as string[])),
  );
  const rows: (string | null)[] = [...classes, null];
  const columns: (string | null)[] = [...classes, null];
  const rowName = (label: string | null) => label ?? missedLabel;
  const columnName = (label: string | null) => label ?? hallucinatedLabel;

  const labelWidth = Math.min(maxLabelWidth, Math.max(...rows.map((label) => estimateTextWidth(rowName(label), smallFontSize))) + 10);
  const widestColumn = Math.max(...columns.map((label) => estimateTextWidth(columnName(label), smallFontSize)));
  // A turned label reaches right of its column by its width × cos 50°: the last one needs that room.
  const turnedOverhang = Math.min(maxLabelWidth, widestColumn) * 0.65;
  // Beside its cells a matrix takes the 24 px margin, its row labels and (at most) that overhang.
  const besideCells = 24 + labelWidth + turnedOverhang;
  // Cells as large as fit two matrices side by side in the width, within 22–40 px: the matrices
  // stay inside the width unless even one with 22 px cells does not fit.
  const perRow = input.models.length > 1 && width >= 2 * (besideCells + columns.length * 22 + gap) ? 2 : 1;
  const cell = Math.max(22, Math.min(40, Math.floor((width / perRow - gap - besideCells) / columns.length)));
  // Column labels turn when a label is wider than its cell.
  const turned = widestColumn > cell - 4;
  const headerHeight = turned ? Math.min(maxLabelWidth, widestColumn) * 0.75 + 14 : 18;
  const overhang = turned ? turnedOverhang : 0;
  const matrixWidth = 24 + labelWidth + columns.length * cell + overhang;
  const matrixHeight = 18 + headerHeight + rows.length * cell + 8;
  const top = 40;
  const matrixRows = Math.ceil(input.models.length / perRow);
  const height = top + matrixRows * (matrixHeight + gap);
  const totalWidth = Math.max(width, perRow * (matrixWidth + gap));
  const names = input.models.map((model) => data.models[model]);
  chartSvg(
    svg,
    "confusion",
    totalWidth,
    height,
    `Confusion matrices of ${names.join(", ")} on ${key.stratification}: ${key.testCase}`,
    `Rows: the predicted class, and ${missedLabel} for objects no box found. Columns: the ground-truth class, and ${hallucinatedLabel} for boxes on no object. ${drawnAtText(input)}.`,
  );
  const root = svg.append("g");
  const caption = `${key.stratification}: ${key.testCase} — ${drawnAtText(input)}`;
  root
    .append("text")
    .attr("class", "sw-chart-caption")
    .attr("x", 8)
    .attr("y", 14)
    .style("fill", paint.fg)
    .style("font-weight", "600")
    .text(truncateText(caption, width - 16, fontSize))
    .append("title")
    .text(caption);
  root
    .append("text")
    .attr("x", 8)
    .attr("y", 30)
    .style("fill", paint.fgMuted)
    .style("font-size", `${smallFontSize}px`)
    .text(truncateText(`rows: predicted class · columns: ground truth · outlined: correct`, width - 16, smallFontSize));

  input.models.forEach((model, i) => {
    const x = (i % perRow) * (matrixWidth + gap) + 8;
    const y = top + Math.floor(i / perRow) * (matrixHeight + gap);
    const group = root.append("g").attr("class", "sw-confusion-matrix").attr("data-model", data.models[model]).attr("transform", `translate(${x},${y})`);
    drawMatrix(group, input, model, input.figures[i]?.cells ?? [], { rows, columns, rowName, columnName, labelWidth, cell, headerHeight, turned });
  });

  return { select() {}, followSelection: true };
}

interface MatrixLayout {
  rows: (string | null)[];
  columns: (string | null)[];
  rowName(label: string | null): string;
  columnName(label: string | null): string;
  labelWidth: number;
  cell: number;
  headerHeight: number;
  turned: boolean;
}

function drawMatrix(group: GroupSelection, input: DetectionChartInput, model: number, cells: ConfusionCell[], layout: MatrixLayout): void {
  const { rows, columns, rowName, columnName, labelWidth, cell, headerHeight, turned } = layout;
  const name = input.data.models[model];
  group.append("rect").attr("y", 3).attr("width", 10).attr("height", 10).attr("rx", 2).style("fill", seriesColor(model));
  group
    .append("text")
    .attr("class", "sw-matrix-title")
    .attr("x", 16)
    .attr("y", 12)
    .style("fill", paint.fg)
    .style("font-weight", "600")
    .text(truncateText(name, labelWidth + columns.length * cell, fontSize))
    .append("title")
    .text(name);
  const left = 24 + labelWidth;
  const top = 18 + headerHeight;
  const count = new Map<string, number>();
  const cellKey = (predicted: string | null, truth: string | null) => `${predicted ?? "\u0000"}\u0001${truth ?? "\u0000"}`;
  for (const entry of cells) count.set(cellKey(entry.predicted, entry.truth), (count.get(cellKey(entry.predicted, entry.truth)) ?? 0) + entry.count);
  const truthTotal = new Map<string | null, number>();
  for (const entry of cells) if (entry.truth !== null) truthTotal.set(entry.truth, (truthTotal.get(entry.truth) ?? 0) + entry.count);
  let largest = 1;
  for (const value of count.values()) largest = Math.max(largest, value);

  // Axis words at the matrix's corner: rows are predictions, columns the truth.
  group
    .append("text")
    .attr("x", left - 4)
    .attr("y", top - 4)
    .attr("text-anchor", "end")
    .style("fill", paint.fgFaint)
    .style("font-size", `${smallFontSize - 1}px`)
    .text(turned ? "" : "pred ↓ truth →");
  group
    .append("g")
    .attr("class", "sw-column-headers")
    .selectAll("text")
    .data(columns)
    .join("text")
    .attr("class", "sw-column-header")
    .attr("transform", (_, c) =>
      turned ? `translate(${left + c * cell + cell / 2 + 3},${top - 6}) rotate(-50)` : `translate(${left + c * cell + cell / 2},${top - 6})`,
    )
    .attr("text-anchor", turned ? "start" : "middle")
    .style("fill", (label) => (label === null ? paint.fgMuted : paint.fg))
    .style("font-style", (label) => (label === null ? "italic" : null))
    .style("font-size", `${smallFontSize}px`)
    .text((label) => truncateText(columnName(label), turned ? maxLabelWidth : cell - 2, smallFontSize))
    .append("title")
    .text((label) => (label === null ? "hallucinated: predicted boxes on no object" : `ground truth ${label}`));
  group
    .append("g")
    .attr("class", "sw-row-headers")
    .selectAll("text")
    .data(rows)
    .join("text")
    .attr("class", "sw-row-header")
    .attr("x", left - 6)
    .attr("y", (_, r) => top + r * cell + cell / 2)
    .attr("dy", "0.35em")
    .attr("text-anchor", "end")
    .style("fill", (label) => (label === null ? paint.fgMuted : paint.fg))
    .style("font-style", (label) => (label === null ? "italic" : null))
    .style("font-size", `${smallFontSize}px`)
    .text((label) => truncateText(rowName(label), labelWidth - 6, smallFontSize))
    .append("title")
    .text((label) => (label === null ? "missed: objects no box found" : `predicted ${label}`));

  const data: (CellDatum & { x: number; y: number; fill: string })[] = [];
  rows.forEach((predicted, r) =>
    columns.forEach((truth, c) => {
      // Nothing is both missed and hallucinated.
      if (predicted === null && truth === null) return;
      const value = count.get(cellKey(predicted, truth)) ?? 0;
      const fill = value === 0 ? paint.bgAlt : d3.interpolateBlues(0.12 + 0.78 * Math.sqrt(value / largest));
      data.push({
        testCase: input.testCase,
        model,
        predicted,
        truth,
        count: value,
        lines: cellLines(name, predicted, truth, value, truthTotal),
        x: left + c * cell,
        y: top + r * cell,
        fill,
      });
    }),
  );
  const marks = group
    .append("g")
    .attr("class", "sw-cells")
    .selectAll<SVGGElement, (typeof data)[number]>("g")
    .data(data)
    .join("g")
    .attr("class", "sw-confusion-cell")
    .attr("data-detection-mark", "cell")
    .attr("data-predicted", (d) => d.predicted ?? "")
    .attr("data-truth", (d) => d.truth ?? "")
    .attr("data-count", (d) => d.count)
    .attr("role", "img")
    .attr("aria-label", (d) => d.lines.map(([what, value]) => `${what} ${value}`).join(", "));
  marks
    .append("rect")
    .attr("x", (d) => d.x + 1)
    .attr("y", (d) => d.y + 1)
    .attr("width", cell - 2)
    .attr("height", cell - 2)
    .attr("rx", 2)
    .style("fill", (d) => d.fill)
    .style("stroke", (d) => (d.predicted !== null && d.predicted === d.truth ? paint.fg : "none"))
    .style("stroke-width", "1.5");
  marks
    .append("text")
    .attr("x", (d) => d.x + cell / 2)
    .attr("y", (d) => d.y + cell / 2)
    .attr("dy", "0.35em")
    .attr("text-anchor", "middle")
    .style("fill", (d) => (d.count === 0 ? paint.fgFaint : textColorOn(d.fill)))
    .style("font-size", `${estimateTextWidth(String(d3.max(data, (d) => d.count)), smallFontSize) > cell - 4 ? smallFontSize - 2 : smallFontSize}px`)
    .style("pointer-events", "none")
    .text((d) => (d.count === 0 ? "" : String(d.count)));
  marks.append("title").text((d) => d.lines.map(([what, value]) => `${what}: ${value}`).join("\n"));
}

function cellLines(model: string, predicted: string | null, truth: string | null, count: number, truthTotal: Map<string | null, number>): [string, string][] {
  const lines: [string, string][] = [["model", model]];
  if (predicted === null) lines.push(["missed", `${count} of ${truthTotal.get(truth) ?? 0} objects ${truth}`]);
  else if (truth === null) lines.push(["hallucinated", `${count} boxes ${predicted} on no object`]);
  else if (predicted === truth) lines.push(["correct", `${count} of ${truthTotal.get(truth) ?? 0} objects ${truth}`]);
  else lines.push(["confused", `${count} of ${truthTotal.get(truth) ?? 0} objects ${truth} predicted as ${predicted}`]);
  return lines;
}
