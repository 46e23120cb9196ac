// Live slicing: the samples read into typed arrays, cut by one or two fields within a filter, and
// evaluated with the same metric code as the platform.
export * from "./rowColumns";
export * from "./predicateMask";
export * from "./sliceAxes";
export * from "./slicePlan";
export * from "./gatherSlices";
export * from "./evaluateSlices";
export * from "./sliceSearch";
export * from "./jointCodes";
