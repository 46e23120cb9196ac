// Every widget kind, declared once: the registry the kernel's handles, the static export, reports
// and the front end's mounts are keyed by. A new widget is a folder beside these and a line here.
import { comparisonChartDescriptor } from "./comparisonChart/descriptor";
import { dashboardDescriptor } from "./dashboard/descriptor";
import { historyDescriptor } from "./history/descriptor";
import { metricsTableDescriptor } from "./metricsTable/descriptor";
import { sampleGalleryDescriptor } from "./sampleGallery/descriptor";
import { slicerDescriptor } from "./slicer/descriptor";
import type { WidgetDescriptor } from "./widgetDescriptor";

export const widgetDescriptors = [
  metricsTableDescriptor,
  comparisonChartDescriptor,
  sampleGalleryDescriptor,
  dashboardDescriptor,
  historyDescriptor,
  slicerDescriptor,
] as const;

/** A widget's name, as its model and view carry it ("MetricsTable" → MetricsTableModel, MetricsTableView). */
export type WidgetKind = (typeof widgetDescriptors)[number]["kind"];

/** The descriptor of a declared kind. */
export function descriptorOf(kind: WidgetKind): WidgetDescriptor<WidgetKind> {
  const descriptor = widgetDescriptors.find((candidate) => candidate.kind === kind);
  if (!descriptor) throw new Error(`no widget kind ${kind} is declared`);
  return descriptor;
}
