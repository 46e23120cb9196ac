// Tests for the matching options: IoU thresholds spaced as numpy's linspace, area ranges, defaults.
import { SlicewiseError } from "../../../src/core";
import { cocoRecallThresholds, iouThresholds, resolveMatchingOptions } from "../../../src/metrics";

describe("iouThresholds", () => {
  it("spaces '0.50:0.05:0.95' as numpy.linspace(.5, .95, 10) does, 0.8999999999999999 included", () => {
    // Printed by numpy 2: [repr(float(x)) for x in np.linspace(.5, .95, 10)].
    expect(iouThresholds("0.50:0.05:0.95")).toEqual([0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.8999999999999999, 0.95]);
  });

  it("takes a number or a list, and refuses thresholds outside (0, 1]", () => {
    expect(iouThresholds(0.5)).toEqual([0.5]);
    expect(iouThresholds([0.3, 0.7])).toEqual([0.3, 0.7]);
    expect(() => iouThresholds(0)).toThrow(SlicewiseError);
    expect(() => iouThresholds("0.5:0:0.9")).toThrow(/start:step:stop/);
  });
});

describe("cocoRecallThresholds", () => {
  it("are numpy.linspace(0, 1, 101): i·0.01, so the 36th is 0.35000000000000003", () => {
    expect(cocoRecallThresholds.length).toBe(101);
    expect(cocoRecallThresholds[35]).toBe(0.35000000000000003);
    expect(cocoRecallThresholds[100]).toBe(1);
  });
});

describe("resolveMatchingOptions", () => {
  it("defaults to coco matching at IoU 0.5, all areas, 100 detections; greedy keeps every detection", () => {
    expect(resolveMatchingOptions()).toEqual({ matching: "coco", iou: [0.5], areaRanges: [{ label: "all", min: 0, max: 1e10 }], maxDetections: 100 });
    expect(resolveMatchingOptions({ matching: "greedy" }).maxDetections).toBe(Infinity);
  });

  it("makes area ranges from COCO's sizes or from edges (all, then each bucket)", () => {
    expect(resolveMatchingOptions({ areaRanges: "coco" }).areaRanges.map(({ label, min, max }) => [label, min, max])).toEqual([
      ["all", 0, 1e10],
      ["small", 0, 1024],
      ["medium", 1024, 9216],
      ["large", 9216, 1e10],
    ]);
    expect(resolveMatchingOptions({ areaRanges: [0, 100, 400] }).areaRanges).toEqual([
      { label: "all", min: 0, max: 400 },
      { label: "0-100", min: 0, max: 100 },
      { label: "100-400", min: 100, max: 400 },
    ]);
    expect(() => resolveMatchingOptions({ areaRanges: [5, 1] })).toThrow(/increasing/);
  });

  it("refuses an unknown matching with invalid_metric", () => {
    expect(() => resolveMatchingOptions({ matching: "hungarian" as "coco" })).toThrow(expect.objectContaining({ code: "invalid_metric" }));
  });
});
