// ComparisonChart, as every host reads it: the chart of the evaluation, as SVG where no script runs.
import { ComparisonChartOptions, renderComparisonChart } from "../../../charts/comparisonChart";
import { defineWidget } from "../widgetDescriptor";

export const comparisonChartDescriptor = defineWidget({
  kind: "ComparisonChart",
  runtimeName: "comparisonChart",
  arrowAttributes: ["results"],
  requiredAttributes: ["results"],
  defaultOptions: {},
  picture: {
    table: "results",
    tableNoun: "evaluation",
    draw: (element: HTMLElement, results, options: ComparisonChartOptions) =>
      renderComparisonChart(element, results, { ...options, width: options.width ?? 760 }),
  },
  staticHtml: ({ results }, render) => (results ? [render.picture()] : []),
});
