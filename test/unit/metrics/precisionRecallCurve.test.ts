// Tests for a test case's precision–recall curve and operating point, on images counted by hand.
import { DetectionMatches, Labels, createLabels, matchDetections, parseBoxes, precisionRecallCurve, resolveMatchingOptions } from "../../../src/metrics";

type Box = { x_min: number; y_min: number; x_max: number; y_max: number; label: string; score?: number; ignore?: boolean };
const square = (x: number, y: number, label = "a"): Box => ({ x_min: x, y_min: y, x_max: x + 10, y_max: y + 10, label });
const pred = (score: number, x: number, y: number, label = "a"): Box => ({ ...square(x, y, label), score });

/**
 * Class a: image 0 has ground truths at (0,0) and (20,20), image 1 one at (0,0).
 * Class b: image 0 has one at (50,50).
 * Predictions by score: 0.95 b FP (image 1), 0.9 a TP (image 0), 0.85 a TP (image 1), 0.8 a FP
 * (image 0), 0.7 a TP (image 0), 0.6 a FP (image 1), 0.5 b TP (image 0).
 */
const truthRows: Box[][] = [[square(0, 0), square(20, 20), square(50, 50, "b")], [square(0, 0)]];
const predictionRows: Box[][] = [
  [pred(0.9, 0, 0), pred(0.8, 100, 100), pred(0.7, 20, 20), pred(0.5, 50, 50, "b")],
  [pred(0.85, 0, 0), pred(0.6, 100, 100), pred(0.95, 200, 200, "b")],
];

function setup(truth = truthRows, predictions = predictionRows, matching: "greedy" | "coco" = "greedy"): { labels: Labels; matches: DetectionMatches } {
  const labels = createLabels();
  const matches = matchDetections(
    parseBoxes(truth, { role: "ground_truth", labels }),
    parseBoxes(predictions, { role: "predictions", labels }),
    resolveMatchingOptions({ matching, iou: 0.5 }),
  );
  return { labels, matches };
}

const both = Uint8Array.of(1, 1);
const onlyA = Uint8Array.of(1, 0);
const base = { iouIndex: 0, areaIndex: 0, maxDetections: Infinity };
const points = (curve: ReturnType<typeof precisionRecallCurve>) => curve.points.map((point) => [point.recall, point.precision, point.score]);

describe("precisionRecallCurve", () => {
  it("ranks the chosen classes together (micro): 4 positives, one point per prediction", () => {
    const { matches } = setup();
    const curve = precisionRecallCurve(matches, [0, 1], { ...base, classes: both, threshold: 0.8 });
    expect(curve.positives).toBe(4);
    // tp/fp after each: 0/1, 1/1, 2/1, 2/2, 3/2, 3/3, 4/3.
    const expected = [
      [0, 0, 0.95],
      [1 / 4, 1 / 2, 0.9],
      [2 / 4, 2 / 3, 0.85],
      [2 / 4, 2 / 4, 0.8],
      [3 / 4, 3 / 5, 0.7],
      [3 / 4, 3 / 6, 0.6],
      [4 / 4, 4 / 7, 0.5],
    ];
    points(curve).forEach((point, i) => expected[i].forEach((value, j) => expect(point[j]).toBeCloseTo(value, 14)));
    expect(curve.points).toHaveLength(7);
    // Score ≥ 0.8 counts the first four: tp 2, fp 2.
    expect(curve.operating).toEqual({ recall: 0.5, precision: 0.5, score: 0.8 });
  });

  it("is one class's curve when one class is chosen", () => {
    const { matches } = setup();
    const curve = precisionRecallCurve(matches, [0, 1], { ...base, classes: onlyA, threshold: 0 });
    expect(curve.positives).toBe(3);
    const expected = [
      [1 / 3, 1],
      [2 / 3, 1],
      [2 / 3, 2 / 3],
      [1, 3 / 4],
      [1, 3 / 5],
    ];
    points(curve).forEach((point, i) => expected[i].forEach((value, j) => expect(point[j]).toBeCloseTo(value, 14)));
    // Every prediction counts at score ≥ 0: the operating point is the curve's last.
    expect(curve.operating!.recall).toBe(1);
    expect(curve.operating!.precision).toBeCloseTo(3 / 5, 14);
  });

  it("reads only the test case's images", () => {
    const { matches } = setup();
    // Image 1: one positive (a); 0.95 b FP, 0.85 a TP, 0.6 a FP.
    const curve = precisionRecallCurve(matches, [1], { ...base, classes: both, threshold: 0.9 });
    expect(curve.positives).toBe(1);
    expect(points(curve)).toEqual([
      [0, 0, 0.95],
      [1, 1 / 2, 0.85],
      [1, 1 / 3, 0.6],
    ]);
    expect(curve.operating).toEqual({ recall: 0, precision: 0, score: 0.9 });
  });

  it("counts each class at its own threshold at the operating point, which then has no one score", () => {
    const { matches } = setup();
    // a at ≥ 0.7: 0.9 TP, 0.85 TP, 0.8 FP, 0.7 TP; b at ≥ 0.5: 0.95 FP, 0.5 TP → tp 4, fp 2.
    const curve = precisionRecallCurve(matches, [0, 1], { ...base, classes: both, threshold: Float64Array.of(0.7, 0.5) });
    expect(curve.operating!.recall).toBe(1);
    expect(curve.operating!.precision).toBeCloseTo(4 / 6, 14);
    expect(curve.operating!.score).toBeNaN();
  });

  it("enters tied scores together: one point for a true and a false positive of score 0.5", () => {
    const { matches } = setup([[square(0, 0)]], [[pred(0.5, 0, 0), pred(0.5, 100, 100)]]);
    const curve = precisionRecallCurve(matches, [0], { ...base, classes: Uint8Array.of(1), threshold: 0.5 });
    expect(points(curve)).toEqual([[1, 1 / 2, 0.5]]);
  });

  it("leaves out predictions on an ignored (crowd) region, and has no curve without positives", () => {
    const crowd: Box = { x_min: 0, y_min: 0, x_max: 100, y_max: 100, label: "a", ignore: true };
    const { matches } = setup([[crowd, square(200, 200)], []], [[pred(0.9, 50, 50), pred(0.8, 200, 200)], [pred(0.7, 0, 0)]], "coco");
    const curve = precisionRecallCurve(matches, [0, 1], { ...base, classes: Uint8Array.of(1), threshold: 0 });
    // 0.9 lies inside the crowd region (neither), 0.8 TP, 0.7 FP in image 1.
    expect(points(curve)).toEqual([
      [1, 1, 0.8],
      [1, 1 / 2, 0.7],
    ]);
    expect(precisionRecallCurve(matches, [1], { ...base, classes: Uint8Array.of(1), threshold: 0 })).toEqual({ positives: 0, points: [], operating: null });
  });

  it("thins points closer than the resolution to the last one kept, keeping the first and last", () => {
    const { matches } = setup();
    const curve = precisionRecallCurve(matches, [0, 1], { ...base, classes: onlyA, threshold: 0, resolution: 0.4 });
    // (1/3, 1) first; (2/3, 1) and (2/3, 2/3) are within 0.4 of it; (1, 3/4) is not; (1, 3/5) last.
    expect(curve.points.map((point) => point.score)).toEqual([0.9, 0.7, 0.6]);
  });
});
