// Automatic properties of datapoints — images, text and boxes — computed without annotation.
export * from "./luminance";
export * from "./imageProperties";
export * from "./textProperties";
export * from "./boxProperties";
