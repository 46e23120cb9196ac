// How predictions are matched to ground truth — the rule, the IoU thresholds, the object-size
// ranges and the detections kept per image — with the defaults applied in one place.
import { SlicewiseError } from "../../core";

export type Matching = "greedy" | "coco";

/** Objects whose box area (width × height, pixels²) lies in [min, max], both ends included (pycocotools' areaRng). */
export interface AreaRange {
  label: string;
  min: number;
  max: number;
}

export interface MatchingOptions {
  matching: Matching;
  /** IoU thresholds, each matched separately. */
  iou: readonly number[];
  areaRanges: readonly AreaRange[];
  /** Predictions matched per image and class, highest scores first (COCO's maxDets). */
  maxDetections: number;
}

export interface MatchingInput {
  /** Default "coco". */
  matching?: Matching;
  /** A threshold, a list, or "start:step:stop" such as "0.50:0.05:0.95". Default 0.5. */
  iou?: number | readonly number[] | string;
  /** "coco" (all, small, medium, large), edges such as [0, 1024, 9216, 1e10] (all, then each bucket), or ranges. Default: all. */
  areaRanges?: "coco" | readonly number[] | readonly AreaRange[];
  /** Default 100 for coco, unlimited for greedy. */
  maxDetections?: number;
}

/** COCO's object sizes (pycocotools' Params.setDetParams): all, and small/medium/large split at 32² and 96². */
export const cocoAreaRanges: readonly AreaRange[] = [
  { label: "all", min: 0, max: 1e10 },
  { label: "small", min: 0, max: 32 ** 2 },
  { label: "medium", min: 32 ** 2, max: 96 ** 2 },
  { label: "large", min: 96 ** 2, max: 1e10 },
];

export function resolveMatchingOptions(input: MatchingInput = {}): MatchingOptions {
  const matching = input.matching ?? "coco";
  if (matching !== "coco" && matching !== "greedy") throw invalid(`"matching" must be "greedy" or "coco"; got ${JSON.stringify(matching)}`);
  const iou = iouThresholds(input.iou ?? 0.5);
  const areaRanges = resolveAreaRanges(input.areaRanges);
  const maxDetections = input.maxDetections ?? (matching === "coco" ? 100 : Infinity);
  if (!(maxDetections >= 1) || (Number.isFinite(maxDetections) && !Number.isInteger(maxDetections))) {
    throw invalid(`"maxDetections" must be a positive whole number; got ${JSON.stringify(maxDetections)}`);
  }
  return { matching, iou, areaRanges, maxDetections };
}

/**
 * IoU thresholds from a number, a list, or "start:step:stop" — the last spaced as numpy's
 * linspace(start, stop, round((stop − start)/step) + 1) spaces pycocotools' iouThrs, to the
 * bit, so an IoU that equals a threshold there equals it here.
 */
export function iouThresholds(value: number | readonly number[] | string): number[] {
  let thresholds: number[];
  if (typeof value === "string") {
    const parts = value.split(":").map(Number);
    if (parts.length !== 3 || parts.some((part) => !Number.isFinite(part)) || !(parts[1] > 0) || parts[2] < parts[0]) {
      throw invalid(`"iou" as text must be "start:step:stop" such as "0.50:0.05:0.95"; got ${JSON.stringify(value)}`);
    }
    const [start, step, stop] = parts;
    thresholds = linspace(start, stop, Math.round((stop - start) / step) + 1);
  } else {
    thresholds = typeof value === "number" ? [value] : [...value];
  }
  if (thresholds.length === 0 || thresholds.some((threshold) => !(threshold > 0 && threshold <= 1))) {
    throw invalid(`"iou" thresholds must lie in (0, 1]; got ${JSON.stringify(value)}`);
  }
  return thresholds;
}

/** numpy.linspace(start, stop, count) with its arithmetic: i·((stop − start)/(count − 1)) + start, the last exactly stop. */
export function linspace(start: number, stop: number, count: number): number[] {
  if (count === 1) return [start];
  const step = (stop - start) / (count - 1);
  return Array.from({ length: count }, (_, i) => (i === count - 1 ? stop : i * step + start));
}

function resolveAreaRanges(value: MatchingInput["areaRanges"]): AreaRange[] {
  if (value === undefined) return [cocoAreaRanges[0]];
  if (value === "coco") return [...cocoAreaRanges];
  if (value.length > 0 && typeof value[0] === "number") {
    const edges = value as readonly number[];
    if (edges.length < 2 || edges.some((edge, i) => !Number.isFinite(edge) || (i > 0 && edge <= edges[i - 1]))) {
      throw invalid(`"areaRanges" edges must be two or more increasing numbers; got ${JSON.stringify(value)}`);
    }
    const buckets = edges.slice(1).map((max, i) => ({ label: `${edges[i]}-${max}`, min: edges[i], max }));
    return [{ label: "all", min: edges[0], max: edges[edges.length - 1] }, ...buckets];
  }
  const ranges = value as readonly AreaRange[];
  if (ranges.length === 0 || ranges.some((range) => typeof range.label !== "string" || !(range.min <= range.max))) {
    throw invalid(`"areaRanges" must be ranges {label, min, max} with min ≤ max; got ${JSON.stringify(value)}`);
  }
  return [...ranges];
}

function invalid(message: string): SlicewiseError {
  return new SlicewiseError("invalid_metric", message);
}
