// The statistics used by slicewise's metrics, gathered in one import.

export { normalCdf, normalQuantile } from "./normal";
export { logGamma } from "./logGamma";
export { regularizedIncompleteBeta } from "./incompleteBeta";
export { studentTCdf, studentTQuantile } from "./studentT";
export { wilsonInterval } from "./wilson";
export { meanInterval, sampleVariance, type Moments } from "./meanInterval";
export { mcnemarExact } from "./mcnemar";
export { binomialUpperTail, hypergeometricUpperTail, mcnemarUpperTail } from "./exactTails";
export { pairedTTest } from "./pairedT";
export { benjaminiHochberg } from "./benjaminiHochberg";
export { createRandom, hashSeed } from "./random";
export { bootstrapPValue, percentileInterval } from "./percentile";
export { poissonResampler } from "./poissonResample";
