// MetricsTable in the page: the evaluation table as a sortable <table> linked to the selection.
import { mountTablePanel } from "../../panels";
import type { WidgetMount } from "../widgetMount";

export const metricsTableMount: WidgetMount<"results"> = {
  missing: { title: "No evaluation to show", detail: "Give the widget the table that evaluate(...) returns." },
  mount: (element, { results }, options, selection) => mountTablePanel(element, results, options, selection),
};
