// Domain types, Arrow schemas and errors shared by every tier.
export * from "./errors";
export * from "./evaluationTable";
export * from "./qualityStandard";
export * from "./historyTable";
export * from "./names";
export * from "./widgetOutput";
export * from "./detectionChartsTable";
