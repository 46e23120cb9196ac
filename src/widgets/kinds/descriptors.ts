// Every widget kind, declared once: the registry the kernel's handles, the static export, reports
// and the front end's mounts (mounts.ts) are keyed by. A new widget is a folder beside these with
// its descriptor.ts and mount.ts, and a line here and in mounts.ts. The kernel imports this file:
// nothing it reaches may touch the DOM when imported.
import { SlicewiseError } from "../../core/errors";
import { comparisonChartDescriptor } from "./comparisonChart/descriptor";
import { dashboardDescriptor } from "./dashboard/descriptor";
import { historyDescriptor } from "./history/descriptor";
import { metricsTableDescriptor } from "./metricsTable/descriptor";
import { sampleGalleryDescriptor } from "./sampleGallery/descriptor";
import { slicerDescriptor } from "./slicer/descriptor";
import { embeddingMapDescriptor } from "./embeddingMap/descriptor";
import type { WidgetDescriptor } from "./widgetDescriptor";

export const widgetDescriptors = [
  metricsTableDescriptor,
  comparisonChartDescriptor,
  sampleGalleryDescriptor,
  dashboardDescriptor,
  historyDescriptor,
  slicerDescriptor,
  embeddingMapDescriptor,
] as const;

/** A widget's name, as its model and view carry it ("MetricsTable" → MetricsTableModel, MetricsTableView). */
export type WidgetKind = (typeof widgetDescriptors)[number]["kind"];

/** The descriptor of a declared kind. */
export function descriptorOf(kind: WidgetKind): WidgetDescriptor<WidgetKind> {
  const descriptor = widgetDescriptors.find((candidate) => candidate.kind === kind);
  // Only a caller without the types (plain JavaScript) can name a kind that is not declared.
  if (!descriptor)
    throw new SlicewiseError(
      "bad_request",
      `"${kind}" is not a slicewise widget; the widgets are ${widgetDescriptors.map((declared) => declared.kind).join(", ")}`,
    );
  return descriptor;
}
