// MetricsTable, as every host reads it: the evaluation table, as plain HTML where no script runs.
import { deltaPicture } from "../deltaPicture";
import { defineWidget } from "../widgetDescriptor";

export const metricsTableDescriptor = defineWidget({
  kind: "MetricsTable",
  runtimeName: "metricsTable",
  arrowAttributes: ["results"],
  requiredAttributes: ["results"],
  defaultOptions: {},
  picture: deltaPicture,
  staticHtml: ({ results }, render) => (results ? [render.evaluationTable(results)] : []),
});
