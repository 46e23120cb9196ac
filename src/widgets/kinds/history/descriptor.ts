// History, as every host reads it: one metric per test case across runs, as SVG where no script runs.
import { HistoryChartOptions, renderHistoryChart } from "../../../charts/historyChart";
import { defineWidget } from "../widgetDescriptor";

export const historyDescriptor = defineWidget({
  kind: "History",
  runtimeName: "history",
  arrowAttributes: ["history"],
  requiredAttributes: ["history"],
  defaultOptions: {},
  picture: {
    table: "history",
    tableNoun: "history",
    draw: (element: HTMLElement, history, options: HistoryChartOptions) => renderHistoryChart(element, history, { ...options, width: options.width ?? 900 }),
  },
  staticHtml: ({ history }, render) => (history ? [render.picture()] : []),
});
