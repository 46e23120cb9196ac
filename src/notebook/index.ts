// The notebook layer: widgets that display themselves from Deno's Jupyter kernel, and the
// client's workspace with displayable results and in-place progress.
export { connect, NotebookWorkspace, displayable } from "./notebookWorkspace";
export { metricsTable, comparisonChart, sampleGallery, dashboard, historyChart, slicer, embeddingMap, selection } from "./widgets";
export { WidgetHandle } from "./widgetHandle";
export type { WidgetOptions, WidgetKind } from "./widgetHandle";
export { SelectionHandle } from "./selectionHandle";
