// The picture of a widget that is not itself a chart (a table, a gallery, a dashboard): the
// evaluation's delta chart, so that toSVG() and toPNG() of any of them draw what matters most.
import { renderComparisonChart } from "../../charts/comparisonChart";
import type { WidgetPicture } from "./widgetDescriptor";

export const deltaPicture: WidgetPicture = {
  table: "results",
  tableNoun: "evaluation",
  draw: (element, results) => renderComparisonChart(element, results, { kind: "delta", width: 760 }),
};
