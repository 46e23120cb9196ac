// slicewise: test ML models where a global metric hides their failures.
// connect() here is the notebook-aware one: in Deno's Jupyter kernel its tables display as widgets.
export {
  connect,
  metricsTable,
  comparisonChart,
  sampleGallery,
  dashboard,
  historyChart,
  slicer,
  embeddingMap,
  selection,
  WidgetHandle,
  SelectionHandle,
  NotebookWorkspace,
} from "./notebook";
export type { WidgetOptions, WidgetKind } from "./notebook";
export { EmbeddedWorkspace, HttpWorkspace } from "./client";
export type { ConnectOptions, UploadInput, UploadOptions, Workspace } from "./client";
export { evaluationInfo, evaluationRowsFromTable, evaluationColumns, historyFromModels, historyTableFromSteps, SlicewiseError } from "./core";
export type { EvaluationRow, QualityStandard, Verdict } from "./core";
export { report } from "./export/report";
export type { ReportOptions } from "./export/report";
export { buildDigitsExample } from "../examples/digits";
export { buildDetectionExample } from "../examples/detection";
export { check } from "./client";
export type { CheckOptions, CheckResult } from "./client";
