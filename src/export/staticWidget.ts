// A widget where no script runs, from its descriptor: its static HTML (the fallback GitHub,
// nbviewer and nbconvert show) and its picture as a standalone SVG, drawn on jsdom.
import { SlicewiseError } from "../core";
import type { WidgetDescriptor, WidgetTables } from "../widgets/kinds/widgetDescriptor";
import { svgDrawnOnJsdom } from "./chartImage";
import { escapeHtml } from "./escapeHtml";
import { staticGallery } from "./staticGallery";
import { staticEvaluationTable } from "./staticTable";

/** The widget's picture (its chart, or the evaluation's delta chart) as a standalone SVG. */
export function widgetPictureSvg(descriptor: WidgetDescriptor, tables: WidgetTables, options: Record<string, unknown>): string {
  const { picture } = descriptor;
  const table = tables[picture.table];
  if (!table) throw new SlicewiseError("bad_request", `this ${descriptor.kind} has no ${picture.tableNoun} table to draw`);
  return svgDrawnOnJsdom((element) => picture.draw(element, table, options, tables));
}

/** Static HTML: the table as HTML, charts as inline SVG, the first samples as cards. */
export function widgetStaticHtml(descriptor: WidgetDescriptor, tables: WidgetTables, options: Record<string, unknown>): string {
  const parts = descriptor.staticHtml(tables, {
    evaluationTable: (results) => staticEvaluationTable(results),
    gallery: (samples) => staticGallery(samples),
    picture: () => widgetPictureSvg(descriptor, tables, options),
  });
  if (parts.length === 0) return `<p>${escapeHtml(descriptor.kind)}: nothing to show yet.</p>`;
  return `<div class="slicewise-static">${parts.join("\n")}</div>`;
}
