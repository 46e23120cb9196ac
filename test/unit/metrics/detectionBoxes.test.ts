// Tests for parsing detection boxes into typed arrays, and for IoU on pycocotools' convention.
import { SlicewiseError } from "../../../src/core";
import { boxIou, createLabels, parseBoxes } from "../../../src/metrics";

const labelsFor = () => createLabels();

describe("parseBoxes", () => {
  it("reads x_min, y_min, x_max, y_max corners in pixels, one run of boxes per image", () => {
    const labels = labelsFor();
    const set = parseBoxes(
      [[{ x_min: 10, y_min: 20, x_max: 40, y_max: 60, label: "cat" }], null, [{ x_min: 0, y_min: 0, x_max: 5, y_max: 2, label: "dog", ignore: true }]],
      { role: "ground_truth", labels },
    );
    expect(Array.from(set.start)).toEqual([0, 1, 1, 2]);
    expect(Array.from(set.xMax)).toEqual([40, 5]);
    expect(Array.from(set.area)).toEqual([30 * 40, 10]);
    expect(Array.from(set.label)).toEqual([0, 1]);
    expect(Array.from(set.ignore)).toEqual([0, 1]);
    expect(labels.values).toEqual(["cat", "dog"]);
  });

  it("reads x, y, w, h (top-left corner and size) as COCO's bbox: x_max = x + w, area = w·h", () => {
    const set = parseBoxes([[{ x: 10, y: 20, w: 30, h: 40, label: 1, score: 0.5 }]], { role: "predictions", labels: labelsFor() });
    expect([set.xMin[0], set.yMin[0], set.xMax[0], set.yMax[0], set.area[0], set.score[0]]).toEqual([10, 20, 40, 60, 1200, 0.5]);
  });

  it("reads JSON text (a CSV cell), an empty cell, iterables of struct rows with toJSON, and BigInt values", () => {
    const structRow = { toJSON: () => ({ x: 1n, y: 2, w: 3, h: 4, label: 7n, iscrowd: 1 }) };
    const set = parseBoxes(['[{"x_min": 0, "y_min": 0, "x_max": 1, "y_max": 1, "label": "a"}]', "", new Set([structRow])], {
      role: "ground_truth",
      labels: labelsFor(),
    });
    expect(Array.from(set.start)).toEqual([0, 1, 1, 2]);
    expect([set.xMin[1], set.xMax[1], set.ignore[1]]).toEqual([1, 4, 1]);
  });

  it("keeps the label 1 and the label '1' apart, and shares classes between roles", () => {
    const labels = labelsFor();
    parseBoxes([[{ x: 0, y: 0, w: 1, h: 1, label: 1 }]], { role: "ground_truth", labels });
    const predictions = parseBoxes(
      [
        [
          { x: 0, y: 0, w: 1, h: 1, label: "1", score: 1 },
          { x: 0, y: 0, w: 1, h: 1, label: 1, score: 1 },
        ],
      ],
      {
        role: "predictions",
        labels,
      },
    );
    expect(Array.from(predictions.label)).toEqual([1, 0]);
  });

  const failure = (rows: unknown[], role: "ground_truth" | "predictions" = "ground_truth") => {
    try {
      parseBoxes(rows, { role, labels: labelsFor(), field: "boxes", ids: rows.map((_, i) => `img-${i}`) });
    } catch (error) {
      expect(error).toBeInstanceOf(SlicewiseError);
      expect((error as SlicewiseError).code).toBe("invalid_box");
      expect((error as SlicewiseError).status).toBe(422);
      return (error as Error).message;
    }
    throw new Error("no error");
  };

  it("names the row, its id, the box and the field of a malformed box", () => {
    const good = { x_min: 0, y_min: 0, x_max: 1, y_max: 1, label: "a" };
    expect(failure([[good], [good, { ...good, x_min: 5, x_max: 2 }]])).toBe(`"boxes", row 1 (id "img-1"), box 1: field "x_max" (2) is less than "x_min" (5)`);
    expect(failure([[{ ...good, y_max: -1 }]])).toMatch(/row 0 .*box 0: field "y_max" \(-1\) is less than "y_min" \(0\)/);
    expect(failure([[{ ...good, x_min: NaN }]])).toMatch(/field "x_min" is NaN, not a finite number/);
    expect(failure([[{ ...good, y_min: "3" }]])).toMatch(/field "y_min" is "3", not a finite number/);
    expect(failure([[{ ...good, label: undefined }]])).toMatch(/box 0: field "label" is missing, not a string or an integer/);
    expect(failure([[{ ...good, label: 1.5 }]])).toMatch(/field "label" is 1.5/);
    expect(failure([[good]], "predictions")).toMatch(/field "score" is missing, not a finite number/);
    expect(failure([[{ x: 0, y: 0, w: -2, h: 1, label: "a" }]])).toMatch(/field "w" \(-2\) is negative/);
    expect(failure([[{ x: 0, y: 0, w: 2, label: "a" }]])).toMatch(/field "h" is missing/);
    expect(failure([[{ label: "a" }]])).toMatch(/has no box/);
    expect(failure([[{ ...good, ignore: "yes" }]])).toMatch(/field "ignore" is "yes", not a boolean/);
    expect(failure([[good], "[{"])).toMatch(/^"boxes", row 1 \(id "img-1"\): the text is not JSON/);
    expect(failure([42])).toMatch(/row 0 .*42 is not a list of boxes/);
    expect(failure([[7]])).toMatch(/box 0: is 7, not an object/);
  });
});

describe("boxIou", () => {
  const iou = (a: number[], b: number[], crowd = false) =>
    boxIou(a[0], a[1], a[2], a[3], (a[2] - a[0]) * (a[3] - a[1]), b[0], b[1], b[2], b[3], (b[2] - b[0]) * (b[3] - b[1]), crowd);

  it("is 1 for the same box, 1/3 for two 10×10 squares overlapping by half, 0 apart or touching", () => {
    expect(iou([0, 0, 10, 10], [0, 0, 10, 10])).toBe(1);
    expect(iou([0, 0, 10, 10], [5, 0, 15, 10])).toBeCloseTo(50 / 150, 15);
    expect(iou([0, 0, 10, 10], [20, 20, 30, 30])).toBe(0);
    expect(iou([0, 0, 10, 10], [10, 0, 20, 10])).toBe(0);
  });

  it("uses no +1: a 10×10 box inside a 10×20 one is exactly 0.5", () => {
    expect(iou([0, 0, 10, 10], [0, 0, 10, 20])).toBe(0.5);
  });

  it("over a crowd region, is the share of the prediction inside it", () => {
    expect(iou([0, 0, 10, 10], [0, 0, 100, 100], true)).toBe(1);
    expect(iou([0, 0, 10, 10], [0, 0, 100, 100])).toBe(0.01);
    expect(iou([90, 0, 110, 10], [0, 0, 100, 100], true)).toBe(0.5);
  });
});
