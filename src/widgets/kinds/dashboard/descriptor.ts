// Dashboard, as every host reads it: table, delta chart and sample cards where no script runs. It
// requires no table: without the evaluation it draws a message of its own.
import { deltaPicture } from "../deltaPicture";
import { defineWidget } from "../widgetDescriptor";

export const dashboardDescriptor = defineWidget({
  kind: "Dashboard",
  runtimeName: "dashboard",
  arrowAttributes: ["results", "samples", "detection"],
  requiredAttributes: [],
  defaultOptions: {},
  picture: deltaPicture,
  staticHtml: ({ results, samples }, render) => [
    ...(results ? [render.evaluationTable(results), render.picture()] : []),
    ...(samples ? [render.gallery(samples)] : []),
  ],
});
