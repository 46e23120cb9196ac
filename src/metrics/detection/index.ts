// Object detection: boxes, IoU, matching kept per image, measures over test cases, and their bootstrap.
export * from "./boxes";
export * from "./iou";
export * from "./matchingOptions";
export * from "./matchDetections";
export * from "./averagePrecision";
export * from "./detectionMeasure";
export * from "./imageCounts";
export * from "./bootstrapDetection";
export * from "./precisionRecallCurve";
export * from "./detectionConfusion";
