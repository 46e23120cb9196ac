// Metric definitions, sufficient statistics and the statistics behind every number.
export * from "./metricPlan";
export * from "./sufficientStatistics";
export * from "./cellMetric";
export * from "./cellSums";
export * from "./deltaMethod";
export * from "./classificationScore";
export * from "./countScore";
export * from "./summarizeMetric";
export * from "./assembleEvaluation";
export * from "./minimumSamples";
export * from "./statistics";
export * from "./checkGate";
export * from "./slicing";
export * from "./detection";
export * from "./properties";
export * from "./discovery";
export * from "./embedding";
