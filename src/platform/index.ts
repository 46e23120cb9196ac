// The platform tier: services over the embedded DuckDB store, and the HTTP API that serves them.
export * from "./platform";
export type { Evaluation } from "./evaluation";
export type { EvaluateOptions } from "./evaluateOptions";
export type { EvaluationInfo } from "../core";
export type { SamplesOptions } from "./samples";
export type { Discovery, DiscoveredSubclass } from "./discovery";
export type { DiscoverOptions } from "./schemas/requests";
export type { ProjectionOptions } from "./schemas/requests";
export { projectionInfoKey } from "./projection";
export type { ProjectionInfo } from "./projection";
export type { UploadSummary } from "./uploads";
export type { PropertiesSummary, PropertyColumns } from "./properties/extractProperties";
export type { IdsReading, StoredQualityStandard, TestCaseIds } from "./qualityStandards";
export { contentTypes, formatOf } from "./store/loadSource";
export type { UploadSource, FileFormat, Progress, ProgressListener } from "./store/loadSource";
export type { RunSummary, HistoryOptions } from "./runs";
export { parseQualityStandard, predicateSchema, qualityStandardSchema } from "./schemas/qualityStandard";
export { limits } from "./schemas/limits";
