// slicewise: test ML models where a global metric hides their failures.
export * from "./client";
export { evaluationInfo, evaluationRowsFromTable, evaluationColumns, SlicewiseError } from "./core";
export type { EvaluationRow, QualityStandard, Verdict } from "./core";
export { report } from "./export/report";
export type { ReportOptions } from "./export/report";
