// ComparisonChart in the page: bars, delta, scatter or heatmap of the evaluation, with SVG/PNG export.
import { mountChartPanel } from "../../panels";
import type { WidgetMount } from "../widgetMount";

export const comparisonChartMount: WidgetMount<"results"> = {
  missing: { title: "No evaluation to chart", detail: "Give the widget the table that evaluate(...) returns." },
  mount: (element, { results, detection }, options, selection) => mountChartPanel(element, results, { ...options, detection: detection ?? null }, selection),
};
