// History in the page: one metric per test case across recorded runs or model versions, linked to the selection.
import { mountHistoryPanel } from "../../historyPanel";
import type { WidgetMount } from "../widgetMount";

export const historyMount: WidgetMount<"history"> = {
  missing: {
    title: "No history to chart",
    detail:
      "Give the widget a history table (sw.history(dataset, …) of recorded runs, or historyFromModels(…)). Record runs with evaluate(…, { record: true }) or `slicewise check`; the history needs two or more.",
  },
  mount: (element, { history }, options, selection) => mountHistoryPanel(element, history, options, selection),
};
