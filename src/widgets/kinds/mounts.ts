// Every widget kind's mount, keyed by the kind its descriptor declares: what the ipywidgets views
// and the standalone runtime draw with. Browser only; the kernel reads descriptors.ts.
import { comparisonChartDescriptor } from "./comparisonChart/descriptor";
import { comparisonChartMount } from "./comparisonChart/mount";
import { dashboardDescriptor } from "./dashboard/descriptor";
import { dashboardMount } from "./dashboard/mount";
import type { WidgetKind } from "./descriptors";
import { historyDescriptor } from "./history/descriptor";
import { historyMount } from "./history/mount";
import { metricsTableDescriptor } from "./metricsTable/descriptor";
import { metricsTableMount } from "./metricsTable/mount";
import { sampleGalleryDescriptor } from "./sampleGallery/descriptor";
import { sampleGalleryMount } from "./sampleGallery/mount";
import { slicerDescriptor } from "./slicer/descriptor";
import { slicerMount } from "./slicer/mount";
import { embeddingMapDescriptor } from "./embeddingMap/descriptor";
import { embeddingMapMount } from "./embeddingMap/mount";
import { BrowserWidget, browserWidget } from "./widgetMount";

export const browserWidgets: { readonly [Kind in WidgetKind]: BrowserWidget<Kind> } = {
  MetricsTable: browserWidget(metricsTableDescriptor, metricsTableMount),
  ComparisonChart: browserWidget(comparisonChartDescriptor, comparisonChartMount),
  SampleGallery: browserWidget(sampleGalleryDescriptor, sampleGalleryMount),
  Dashboard: browserWidget(dashboardDescriptor, dashboardMount),
  History: browserWidget(historyDescriptor, historyMount),
  Slicer: browserWidget(slicerDescriptor, slicerMount),
  EmbeddingMap: browserWidget(embeddingMapDescriptor, embeddingMapMount),
};
