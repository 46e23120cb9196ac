// Dashboard, as every host reads it: table, delta chart and sample cards where no script runs, and
// the embedding map's picture when it carries a projection. It requires no table: without the
// evaluation it draws a message of its own.
import { embeddingMapSvg } from "../../../charts/embeddingMap";
import { deltaPicture } from "../deltaPicture";
import { staticPoints } from "../embeddingMap/descriptor";
import { defineWidget } from "../widgetDescriptor";

export const dashboardDescriptor = defineWidget({
  kind: "Dashboard",
  runtimeName: "dashboard",
  arrowAttributes: ["results", "samples", "detection", "projection"],
  requiredAttributes: [],
  defaultOptions: {},
  picture: deltaPicture,
  staticHtml: ({ results, samples, projection }, render) => [
    ...(results ? [render.evaluationTable(results), render.picture()] : []),
    ...(samples ? [render.gallery(samples)] : []),
    ...(projection && projection.numRows > 0 ? [embeddingMapSvg(staticPoints(projection, {}), { width: 640 })] : []),
  ],
});
