// Tests for greedy (PASCAL VOC) and coco (pycocotools) matching on hand-worked images: one test
// per rule of docs/detection.md.
import {
  FALSE_POSITIVE,
  IGNORED,
  MatchingInput,
  NOT_EVALUATED,
  TRUE_POSITIVE,
  createLabels,
  matchDetections,
  outcomeColumn,
  parseBoxes,
  resolveMatchingOptions,
} from "../../../src/metrics";

type Box = { x_min: number; y_min: number; x_max: number; y_max: number; label: string; score?: number; ignore?: boolean };
const gt = (x_min: number, y_min: number, x_max: number, y_max: number, extra: Partial<Box> = {}): Box => ({
  x_min,
  y_min,
  x_max,
  y_max,
  label: "a",
  ...extra,
});
const pred = (score: number, x_min: number, y_min: number, x_max: number, y_max: number, extra: Partial<Box> = {}): Box => ({
  ...gt(x_min, y_min, x_max, y_max, extra),
  score,
});

/** The outcome of every prediction (in input order, images end to end) at each IoU threshold of `options`. */
function outcomes(truth: Box[][], predictions: Box[][], options: MatchingInput, area = 0): number[][] {
  const labels = createLabels();
  const matches = matchDetections(
    parseBoxes(truth, { role: "ground_truth", labels }),
    parseBoxes(predictions, { role: "predictions", labels }),
    resolveMatchingOptions(options),
  );
  const count = matches.predictions.label.length;
  // The matches keep predictions in rank order; `index` leads back to the input order.
  return matches.options.iou.map((_, t) => {
    const { offset, stride } = outcomeColumn(matches, area, t);
    const inInputOrder = new Array<number>(count);
    matches.predictions.index.forEach((p, q) => (inInputOrder[p] = matches.states[q * stride + offset]));
    return inInputOrder;
  });
}

const [TP, FP, IG] = [TRUE_POSITIVE, FALSE_POSITIVE, IGNORED];

describe("greedy matching (PASCAL VOC)", () => {
  const greedy = (truth: Box[][], predictions: Box[][], iou: number | number[] = 0.5, extra: MatchingInput = {}) =>
    outcomes(truth, predictions, { matching: "greedy", iou, ...extra });

  // G1 = [0,0,10,10], G2 = [6,0,16,10]; the second prediction [2.5,0,12.5,10] has IoU 0.6 with G1, 65/135 ≈ 0.48 with G2.
  const overlapping = { truth: [[gt(0, 0, 10, 10), gt(6, 0, 16, 10)]], predictions: [[pred(0.9, 0, 0, 10, 10), pred(0.8, 2.5, 0, 12.5, 10)]] };

  it("makes a prediction whose best ground truth is taken a false positive, even if another would match", () => {
    expect(greedy(overlapping.truth, overlapping.predictions, 0.4)).toEqual([[TP, FP]]);
  });

  it("takes predictions by descending score, ties in input order", () => {
    // Both predictions are the ground truth's box: the first listed of the two at 0.8 takes it.
    const truth = [[gt(0, 0, 10, 10)]];
    expect(greedy(truth, [[pred(0.8, 0, 0, 10, 10), pred(0.8, 0, 0, 10, 10), pred(0.9, 50, 50, 60, 60)]])).toEqual([[TP, FP, FP]]);
    // A higher score wins whatever the order.
    expect(greedy(truth, [[pred(0.7, 0, 0, 10, 10), pred(0.8, 0, 0, 10, 10)]])).toEqual([[FP, TP]]);
  });

  it("takes, among ground truths of equal IoU, the first listed", () => {
    // The prediction lies halfway between two ground truths: IoU 1/3 with each; the second prediction is on G2 only.
    const truth = [[gt(0, 0, 10, 10), gt(10, 0, 20, 10)]];
    expect(greedy(truth, [[pred(0.9, 5, 0, 15, 10), pred(0.8, 10, 0, 20, 10)]], 0.3)).toEqual([[TP, TP]]);
  });

  it("counts an IoU exactly at the threshold (≥)", () => {
    // [0,0,10,20] over [0,0,10,10]: IoU exactly 0.5.
    expect(greedy([[gt(0, 0, 10, 10)]], [[pred(0.9, 0, 0, 10, 20)]], [0.5, 0.5000001])).toEqual([[TP], [FP]]);
  });

  it("makes a prediction whose best ground truth is ignored neither, however many do (VOC's difficult)", () => {
    const truth = [[gt(0, 0, 10, 10, { ignore: true }), gt(0, 0, 10, 12)]];
    // Both predictions are best on the ignored box (IoU 1 against 10/12): neither, though the other would match.
    expect(greedy(truth, [[pred(0.9, 0, 0, 10, 10), pred(0.8, 0, 0, 10, 10)]])).toEqual([[IG, IG]]);
  });

  it("uses plain IoU with ignored ground truth: a box inside a large ignored region is a false positive", () => {
    expect(greedy([[gt(0, 0, 100, 100, { ignore: true })]], [[pred(0.9, 0, 0, 10, 10)]])).toEqual([[FP]]);
  });

  it("makes every prediction of an image without ground truth a false positive", () => {
    expect(greedy([[], [gt(0, 0, 10, 10)]], [[pred(0.9, 0, 0, 10, 10)], []])).toEqual([[FP]]);
  });

  it("matches only within a class", () => {
    expect(greedy([[gt(0, 0, 10, 10)]], [[pred(0.9, 0, 0, 10, 10, { label: "b" }), pred(0.5, 0, 0, 10, 10)]])).toEqual([[FP, TP]]);
  });

  it("applies area ranges as coco does: a match to a ground truth outside is neither, so is an unmatched prediction outside", () => {
    const truth = [[gt(0, 0, 40, 40)]];
    const predictions = [[pred(0.9, 0, 0, 40, 40), pred(0.8, 200, 200, 240, 240), pred(0.7, 300, 300, 310, 310)]];
    expect(outcomes(truth, predictions, { matching: "greedy", areaRanges: "coco" }, 1)).toEqual([[IG, IG, FP]]);
  });

  it("keeps no more than maxDetections per image and class, by score", () => {
    expect(greedy([[gt(0, 0, 10, 10)]], [[pred(0.5, 0, 0, 10, 10), pred(0.9, 20, 20, 30, 30)]], 0.5, { maxDetections: 1 })).toEqual([[NOT_EVALUATED, FP]]);
  });
});

describe("coco matching (pycocotools COCOeval.evaluateImg)", () => {
  const coco = (truth: Box[][], predictions: Box[][], iou: number | number[] = 0.5, extra: MatchingInput = {}, area = 0) =>
    outcomes(truth, predictions, { matching: "coco", iou, ...extra }, area);

  it("skips a taken ground truth for the next best", () => {
    // The case greedy makes a false positive: here the second prediction takes G2 at IoU ≈ 0.48 ≥ 0.4.
    expect(coco([[gt(0, 0, 10, 10), gt(6, 0, 16, 10)]], [[pred(0.9, 0, 0, 10, 10), pred(0.8, 2.5, 0, 12.5, 10)]], 0.4)).toEqual([[TP, TP]]);
  });

  it("takes predictions by descending score, ties in input order, and counts IoU exactly at the threshold", () => {
    expect(coco([[gt(0, 0, 10, 10)]], [[pred(0.8, 0, 0, 10, 20), pred(0.8, 0, 0, 10, 20)]], [0.5, 0.5000001])).toEqual([
      [TP, FP],
      [FP, FP],
    ]);
  });

  it("caps a threshold of 1 at 1 − 1e−10: an IoU of 1 − 1e−11 matches at IoU 1", () => {
    // A 0.01 × 1e11 box inside a 0.01 × (1e11 + 1) one (areas under COCO's 1e10 "all" bound).
    expect(coco([[gt(0, 0, 0.01, 1e11 + 1)]], [[pred(0.9, 0, 0, 0.01, 1e11)]], 1)).toEqual([[TP]]);
    expect(outcomes([[gt(0, 0, 0.01, 1e11 + 1)]], [[pred(0.9, 0, 0, 0.01, 1e11)]], { matching: "greedy", iou: 1 })).toEqual([[FP]]);
  });

  it("prefers a non-ignored ground truth: ignored ones go last and are not tried once one matched", () => {
    // IoU 1 with the ignored box, 10/12 with the other: matched to the other, a true positive.
    expect(coco([[gt(0, 0, 10, 10, { ignore: true }), gt(0, 0, 10, 12)]], [[pred(0.9, 0, 0, 10, 10)]])).toEqual([[TP]]);
  });

  it("makes a match to an ignored (crowd) region neither, with crowd IoU, and lets the region take many", () => {
    // Each prediction lies wholly in the region: crowd IoU 1, plain IoU 0.01.
    expect(coco([[gt(0, 0, 100, 100, { ignore: true })]], [[pred(0.9, 0, 0, 10, 10), pred(0.8, 50, 50, 60, 60)]])).toEqual([[IG, IG]]);
  });

  it("ignores ground truth outside the area range, and unmatched predictions outside it", () => {
    // Range "small" (area ≤ 32²): the 40×40 ground truth is ignored there, so its match is neither; an
    // unmatched 40×40 prediction is neither; an unmatched 10×10 one is a false positive; a 40×40
    // prediction matched to a small ground truth stays a true positive.
    const truth = [[gt(0, 0, 40, 40), gt(100, 100, 130, 130)]];
    const predictions = [[pred(0.9, 0, 0, 40, 40), pred(0.8, 200, 200, 240, 240), pred(0.7, 300, 300, 310, 310), pred(0.6, 95, 95, 130, 130)]];
    expect(coco(truth, predictions, 0.5, { areaRanges: "coco" }, 1)).toEqual([[IG, IG, FP, TP]]);
    expect(coco(truth, predictions, 0.5, { areaRanges: "coco" }, 0)).toEqual([[TP, FP, FP, TP]]);
  });

  it("includes both ends of an area range: a 32×32 box is small and medium", () => {
    const truth = [[gt(0, 0, 32, 32)]];
    const predictions = [[pred(0.9, 0, 0, 32, 32)]];
    expect([1, 2, 3].map((area) => coco(truth, predictions, 0.5, { areaRanges: "coco" }, area)[0][0])).toEqual([TP, TP, IG]);
  });

  it("keeps 100 predictions per image and class by default", () => {
    const predictions = [Array.from({ length: 101 }, (_, i) => pred(1 - i / 1000, 0, 0, 10, 10))];
    const states = coco([[gt(0, 0, 10, 10)]], predictions)[0];
    expect(states.slice(0, 2)).toEqual([TP, FP]);
    expect(states[99]).toBe(FP);
    expect(states[100]).toBe(NOT_EVALUATED);
  });
});

describe("what the matches keep", () => {
  it("lists each image's predictions as rank-order positions, ascending, and keeps a prediction's outcomes side by side", () => {
    const labels = createLabels();
    const b = { ...gt(0, 0, 10, 10), label: "b" };
    const truth = [[gt(0, 0, 10, 10), b], [], [gt(0, 0, 40, 40)]];
    const predictions = [
      [pred(0.2, 0, 0, 10, 10), { ...pred(0.9, 0, 0, 10, 10), label: "b" }, pred(0.7, 50, 50, 60, 60)],
      [pred(0.8, 0, 0, 10, 10)],
      [pred(0.95, 0, 0, 40, 40), pred(0.1, 0, 0, 39, 20)],
    ];
    const matches = matchDetections(
      parseBoxes(truth, { role: "ground_truth", labels }),
      parseBoxes(predictions, { role: "predictions", labels }),
      resolveMatchingOptions({ matching: "coco", iou: [0.5, 0.75], areaRanges: "coco" }),
    );
    // Rank order: class "a" by descending score (0.95, 0.8, 0.7, 0.2, 0.1), then "b" (0.9).
    expect(Array.from(matches.predictions.score)).toEqual([0.95, 0.8, 0.7, 0.2, 0.1, 0.9]);
    expect(Array.from(matches.predictions.imageStart)).toEqual([0, 3, 4, 6]);
    // Image 0's predictions sit at 2 (0.7), 3 (0.2) and 5 (b 0.9); image 1's at 1; image 2's at 0 and 4.
    expect(Array.from(matches.predictions.byImage)).toEqual([2, 3, 5, 1, 0, 4]);
    // Four area ranges × two thresholds, side by side per prediction: stride 8, range-major within.
    expect(outcomeColumn(matches, 2, 1)).toEqual({ offset: 5, stride: 8 });
    // The 0.95 prediction matches the 40×40 ground truth: a true positive in "all" and "medium" (1,600 px²), neither in "small" and "large".
    expect(Array.from(matches.states.subarray(0, 8))).toEqual([TP, TP, IG, IG, TP, TP, IG, IG]);
  });
});
