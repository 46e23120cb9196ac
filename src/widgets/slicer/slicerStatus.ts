// The line under the Slicer's controls, as text: how many slices of how many samples, how long the
// update took, how far the bootstrap intervals are; or why a slicing is not shown.
import { maximumSlices } from "./slicerLimits";

export interface SliceStatus {
  slices: number;
  /** Samples inside some slice (the filters keep them). */
  samplesInSlices: number;
  /** Samples the slicer holds. */
  samples: number;
  /** Datapoints the evaluation used, when the samples are only some of them. */
  datapoints?: number;
  updateMs: string;
  /** Bootstrap intervals done, of all there are to do (none: 0 of 0). */
  done: number;
  total: number;
}

export function sliceStatusText(status: SliceStatus): string {
  const { samplesInSlices, samples, datapoints, done, total } = status;
  const parts = [
    `${count(status.slices)} slices of ${count(samplesInSlices)} samples` +
      (samplesInSlices < samples ? ` (${count(samples)} in all)` : "") +
      (datapoints && datapoints > samples ? `, the first of ${count(datapoints)} datapoints` : ""),
    `updated in ${status.updateMs} ms`,
  ];
  if (total > 0) parts.push(done < total ? `bootstrap intervals ${Math.round((100 * done) / total)} %…` : "bootstrap intervals done");
  return parts.join(" · ");
}

export function tooManySlicesText(slices: number): string {
  return `${count(slices)} slices is more than the ${count(maximumSlices)} the slicer shows: use fewer bins or top values, or one field.`;
}

function count(value: number): string {
  return value.toLocaleString("en-US");
}
