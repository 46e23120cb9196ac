// Dashboard in the page: table, charts and gallery in resizable panels, linked; it explains a
// missing evaluation itself.
import { mountDashboard } from "../../dashboardPanel";
import type { WidgetMount } from "../widgetMount";

export const dashboardMount: WidgetMount<never> = {
  mount: (element, { results, samples, detection, projection }, options, selection, host) =>
    mountDashboard(
      element,
      { results: results ?? null, samples: samples ?? null, detection: detection ?? null, projection: projection ?? null, options },
      selection,
      host?.samplesChosen,
    ),
};
