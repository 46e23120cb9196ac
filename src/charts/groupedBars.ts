// Grouped horizontal bars: per test case one bar per model (the reference first) with its
// confidence interval as a whisker and its value as a label; a legend names the models.
import * as d3 from "d3";
import { ChartInput, ChartMarks, SvgSelection, metricTitle, testCaseAttribute } from "./chartFrame";
import { formatValue } from "./format";
import { drawLegend } from "./legend";
import { markAttributes, whiskerPath } from "./marks";
import { paint, seriesColor, smallFontSize } from "./paint";
import { drawRowFrame, rowMarks } from "./rowFrame";
import { drawTopAxis, tickFormat } from "./topAxis";

const barHeight = 10;
const barStep = 12;
const valueLabelRoom = 52;

export function drawGroupedBars(svg: SvgSelection, input: ChartInput): ChartMarks {
  const { data, width } = input;
  const frame = drawRowFrame(svg, input, {
    kind: "bars",
    label: `${metricTitle(input.metric)} by test case and model`,
    rowHeight: input.models.length * barStep + 8,
    width: () => width,
    header: (root, plotLeft) =>
      4 +
      drawLegend(
        root,
        input.models.map((model) => ({
          label: model === input.reference ? `${data.models[model]} (reference)` : data.models[model],
          color: seriesColor(model),
        })),
        plotLeft,
        4,
        width - plotLeft - 8,
      ) +
      36,
  });
  const { root, layout, plotLeft, axisY, bottom } = frame;
  const plotRight = Math.max(plotLeft + 80, width - valueLabelRoom);

  const marks = rowMarks(input, layout, input.models);
  let low = 0;
  let high = 0;
  for (const mark of marks) {
    const values = [data.value[mark.row], data.ciLow[mark.row], data.ciHigh[mark.row]].filter(Number.isFinite);
    low = Math.min(low, ...values);
    high = Math.max(high, ...values);
  }
  if (low === high) high = low + 1;
  const x = d3.scaleLinear().domain([low, high]).range([plotLeft, plotRight]).nice(6);
  const zero = x(0);

  drawTopAxis(root, x, {
    y: axisY,
    gridBottom: bottom,
    title: metricTitle(input.metric),
    titleX: (plotLeft + plotRight) / 2,
    ticks: 6,
    format: tickFormat(x, 6),
  });
  frame.drawLabels();
  root.append("line").attr("class", "sw-zero").attr("x1", zero).attr("x2", zero).attr("y1", axisY).attr("y2", bottom).style("stroke", paint.fgFaint);

  const barY = (mark: (typeof marks)[number]) => mark.y + 4 + mark.slot * barStep;
  // One group per model: the series colour is set once and inherited by its bars.
  const series = root
    .append("g")
    .attr("class", "sw-marks")
    .selectAll<SVGGElement, number>("g")
    .data(input.models)
    .join("g")
    .attr("class", "sw-series")
    .attr("data-model", (model) => data.models[model])
    .style("fill", (model) => seriesColor(model));
  series
    .selectAll<SVGRectElement, (typeof marks)[number]>("rect")
    .data((model) => marks.filter((mark) => mark.model === model))
    .join("rect")
    .call((bars) => markAttributes(bars, data, false))
    .classed("sw-bar", true)
    .attr("x", (d) => Math.min(zero, x(data.value[d.row])))
    .attr("width", (d) => Math.abs(x(data.value[d.row]) - zero))
    .attr("y", barY)
    .attr("height", barHeight);
  series
    .append("path")
    .attr("class", "sw-whiskers")
    .attr("d", (model) =>
      whiskerPath(
        marks
          .filter((mark) => mark.model === model)
          .map((mark) => ({ from: x(data.ciLow[mark.row]), to: x(data.ciHigh[mark.row]), middle: barY(mark) + barHeight / 2 })),
      ),
    )
    .style("stroke", paint.fg)
    .style("fill", "none");

  root
    .append("g")
    .attr("class", "sw-value-labels")
    .style("fill", paint.fgMuted)
    .style("font-size", `${smallFontSize}px`)
    .selectAll<SVGTextElement, (typeof marks)[number]>("text")
    .data(marks)
    .join("text")
    .attr("class", "sw-value-label")
    .attr("data-test-case", (d) => testCaseAttribute(data, d.testCase))
    .attr("x", (d) => {
      const value = data.value[d.row];
      const ends = [value, data.ciLow[d.row], data.ciHigh[d.row]].filter(Number.isFinite).map(x);
      return value < 0 ? Math.min(...ends) - 4 : Math.max(...ends) + 4;
    })
    .attr("y", (d) => barY(d) + barHeight / 2)
    .attr("dy", "0.35em")
    .attr("text-anchor", (d) => (data.value[d.row] < 0 ? "end" : "start"))
    .text((d) => formatValue(data.value[d.row]));

  return frame.selection();
}
