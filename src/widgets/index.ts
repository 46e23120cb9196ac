// The widget module `slicewise`: every model and view a kernel may name in widget state.
export { MetricsTableModel, MetricsTableView } from "./metricsTableWidget";
export { ComparisonChartModel, ComparisonChartView } from "./comparisonChartWidget";
export { SampleGalleryModel, SampleGalleryView } from "./sampleGalleryWidget";
export { DashboardModel, DashboardView } from "./dashboardWidget";
export { HistoryModel, HistoryView } from "./historyWidget";
export { SlicerModel, SlicerView } from "./slicerWidget";
export { EmbeddingMapModel, EmbeddingMapView } from "./embeddingMapWidget";
export { SelectionModel } from "./selectionWidget";
export { moduleName, moduleVersion } from "../core/widgetModule";
