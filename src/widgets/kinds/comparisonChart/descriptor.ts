// ComparisonChart, as every host reads it: the chart of the evaluation (and of the detection-charts
// table for the "pr" and "confusion" kinds), as SVG where no script runs.
import { ComparisonChartOptions, renderComparisonChart } from "../../../charts/comparisonChart";
import { defineWidget } from "../widgetDescriptor";

export const comparisonChartDescriptor = defineWidget({
  kind: "ComparisonChart",
  runtimeName: "comparisonChart",
  arrowAttributes: ["results", "detection"],
  requiredAttributes: ["results"],
  defaultOptions: {},
  picture: {
    table: "results",
    tableNoun: "evaluation",
    draw: (element: HTMLElement, results, options: ComparisonChartOptions, { detection }) =>
      renderComparisonChart(element, results, { ...options, width: options.width ?? 760, detection: detection ?? null }),
  },
  staticHtml: ({ results }, render) => (results ? [render.picture()] : []),
});
