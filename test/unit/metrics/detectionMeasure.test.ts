// Tests for detection measures over test cases on a hand-worked example, per-image counts, and
// the bootstrap over images.
import {
  DetectionMeasureInput,
  DetectionMatches,
  Labels,
  MatchingInput,
  createLabels,
  detectionImageCounts,
  matchDetections,
  parseBoxes,
  prepareDetectionMeasure,
  resolveDetectionMeasure,
  resolveMatchingOptions,
  summarizeDetection,
} from "../../../src/metrics";

type Box = { x_min: number; y_min: number; x_max: number; y_max: number; label: string; score?: number };
const square = (x: number, y: number, label = "a"): Box => ({ x_min: x, y_min: y, x_max: x + 10, y_max: y + 10, label });
const pred = (score: number, x: number, y: number, label = "a"): Box => ({ ...square(x, y, label), score });

/**
 * Class a: image 0 has ground truths at (0,0) and (20,20), image 1 one at (0,0). Ranked by score:
 * 0.9 TP (image 0), 0.85 TP (image 1), 0.8 FP (image 0), 0.7 TP (image 0), 0.6 FP (image 1):
 * 3 positives; recall 1/3, 2/3, 2/3, 1, 1; precision 1, 1, 2/3, 3/4, 3/5.
 * Class b: image 0 has one ground truth at (50,50); 0.95 FP (image 1), 0.5 TP (image 0).
 */
const truthRows: Box[][] = [[square(0, 0), square(20, 20), square(50, 50, "b")], [square(0, 0)]];
const predictionRows: Box[][] = [
  [pred(0.9, 0, 0), pred(0.8, 100, 100), pred(0.7, 20, 20), pred(0.5, 50, 50, "b")],
  [pred(0.85, 0, 0), pred(0.6, 100, 100), pred(0.95, 200, 200, "b")],
];

function setup(matching: MatchingInput["matching"], truth = truthRows, predictions = predictionRows) {
  const labels = createLabels();
  const matches = matchDetections(
    parseBoxes(truth, { role: "ground_truth", labels }),
    parseBoxes(predictions, { role: "predictions", labels }),
    resolveMatchingOptions({ matching, iou: 0.5 }),
  );
  return { labels, matches };
}

function measure({ labels, matches }: { labels: Labels; matches: DetectionMatches }, input: DetectionMeasureInput, weights = [1, 1], images = [0, 1]) {
  return prepareDetectionMeasure(matches, images, resolveDetectionMeasure(input, matches, labels)).measure(Float64Array.from(weights));
}

describe("average precision", () => {
  it("is VOC's all-point AP with greedy matching: 1/3·1 + 1/3·1 + 1/3·3/4 = 11/12 for class a", () => {
    expect(measure(setup("greedy"), { measure: "ap", classes: ["a"] })).toBeCloseTo(11 / 12, 14);
  });

  it("is COCO's 101-point AP with coco matching: (34·1 + 33·1 + 34·3/4)/101 for class a", () => {
    // Recall thresholds 0…0.33 reach rank 1, 0.34…0.66 rank 2, 0.67…1 rank 4, whose envelope is 3/4.
    expect(measure(setup("coco"), { measure: "ap", classes: ["a"] })).toBeCloseTo(92.5 / 101, 14);
  });

  it("refuses classes no box is labelled with, naming them and the labels there are", () => {
    expect(() => measure(setup("greedy"), { measure: "ap", classes: ["a", "person"] })).toThrow(
      /"classes" names "person", which no box is labelled with; the boxes' labels are "a", "b"/,
    );
  });

  it("averages classes with ground truth (macro, mAP) — class b's AP is 1·1/2 — or ranks them together (micro)", () => {
    const data = setup("greedy");
    expect(measure(data, { measure: "ap" })).toBeCloseTo((11 / 12 + 1 / 2) / 2, 14);
    // Together: FP .95, TP .9, TP .85, FP .8, TP .7, FP .6, TP .5 over 4 positives; the envelope at
    // recall 1/4, 1/2, 3/4, 1 is 2/3, 2/3, 3/5, 4/7.
    expect(measure(data, { measure: "ap", average: "micro" })).toBeCloseTo((2 / 3 + 2 / 3 + 3 / 5 + 4 / 7) / 4, 14);
  });

  it("leaves out of the mean a class without ground truth in the test case (pycocotools' −1)", () => {
    const data = setup("greedy");
    // Image 1 alone: class b has no ground truth there; class a ranks TP .85, FP .6 over 1 positive: AP 1.
    expect(measure(data, { measure: "ap" }, [1], [1])).toBe(1);
    // No ground truth at all in the test case: undefined.
    expect(measure(setup("greedy", [[], []]), { measure: "ap" })).toBeNaN();
  });

  it("counts an image drawn twice twice: image 0 alone, doubled, has AP 1/2·1 + 1/2·2/3 for class a", () => {
    // Ranking .9 TP(2), .8 FP(2), .7 TP(2) over 4 positives: recall 1/2, 1/2, 1; precision 1, 1/2, 2/3.
    expect(measure(setup("greedy"), { measure: "ap", classes: ["a"] }, [2, 0])).toBeCloseTo(1 / 2 + 1 / 3, 14);
    expect(measure(setup("greedy"), { measure: "ap" }, [0, 0])).toBeNaN();
  });
});

describe("measures at a threshold", () => {
  const data = setup("greedy");

  it("counts predictions with score ≥ threshold: at 0.8, class a has tp 2, fp 1, fn 1", () => {
    const at = (measureName: DetectionMeasureInput["measure"]) => measure(data, { measure: measureName, threshold: 0.8, classes: ["a"] });
    expect([at("tp"), at("fp"), at("fn")]).toEqual([2, 1, 1]);
    expect([at("precision"), at("recall"), at("f1")]).toEqual([2 / 3, 2 / 3, 2 / 3]);
  });

  it("chooses the F1-optimal threshold per class: a at 0.7 (F1 6/7), b at 0.5 (F1 2/3)", () => {
    expect(measure(data, { measure: "f1", classes: ["a"] })).toBeCloseTo(6 / 7, 14);
    expect(measure(data, { measure: "f1", threshold: "f1-optimal" })).toBeCloseTo((6 / 7 + 2 / 3) / 2, 14);
    expect(measure(data, { measure: "tp" })).toBe(4);
    expect(measure(data, { measure: "fp" })).toBe(2);
    const prepared = prepareDetectionMeasure(data.matches, [0, 1], resolveDetectionMeasure({ measure: "f1" }, data.matches, data.labels));
    expect(Array.from(prepared.thresholds([1, 1])[0])).toEqual([0.7, 0.5]);
  });

  it("chooses one F1-optimal threshold for all classes when asked: 0.5 maximises both the macro and the micro F1", () => {
    // At 0.5 every prediction counts: class a F1 = 6/8, class b F1 = 2/3; micro 8/11.
    expect(measure(data, { measure: "f1", optimalPer: "global" })).toBeCloseTo((3 / 4 + 2 / 3) / 2, 14);
    expect(measure(data, { measure: "f1", optimalPer: "global", average: "micro" })).toBeCloseTo(8 / 11, 14);
  });

  it("at a threshold above every score: no prediction, recall 0, precision 0 (0/0 is 0 within a class)", () => {
    expect(measure(data, { measure: "recall", threshold: 2 })).toBe(0);
    expect(measure(data, { measure: "fn", threshold: 2 })).toBe(4);
  });

  it("averages precision over classes with ground truth or a counted prediction (macro), or from the totals (micro)", () => {
    // A third class c with only a false positive (score 0.4) in image 1.
    const withC = setup("greedy", truthRows, [predictionRows[0], [...predictionRows[1], pred(0.4, 300, 300, "c")]]);
    // At 0.3: a has 3/5, b 1/2, c 0/1.
    expect(measure(withC, { measure: "precision", threshold: 0.3 })).toBeCloseTo((3 / 5 + 1 / 2 + 0) / 3, 14);
    expect(measure(withC, { measure: "precision", threshold: 0.3, average: "micro" })).toBeCloseTo(4 / 8, 14);
    // AP leaves class c out: it has no ground truth.
    expect(measure(withC, { measure: "ap" })).toBeCloseTo((11 / 12 + 1 / 2) / 2, 14);
  });

  it("averages recall over classes (macro) or over all objects (micro): a finds 1 of 2, b 1 of 1", () => {
    const data = setup("coco", [[square(0, 0), square(20, 20), square(50, 50, "b")]], [[pred(0.9, 0, 0), pred(0.8, 50, 50, "b")]]);
    expect(measure(data, { measure: "ar" }, [1], [0])).toBe((1 / 2 + 1) / 2);
    expect(measure(data, { measure: "ar", average: "micro" }, [1], [0])).toBe(2 / 3);
  });

  it("counts an image without predictions' objects as misses, and recall is the mean over IoU thresholds", () => {
    const empty = setup("coco", [[square(0, 0)], [square(0, 0)]], [[pred(0.9, 0, 0)], []]);
    expect(measure(empty, { measure: "fn", threshold: 0 })).toBe(1);
    expect(measure(empty, { measure: "ar" })).toBe(1 / 2);
  });
});

describe("averaging over IoU thresholds", () => {
  it("averages AP over the thresholds asked, among those matched", () => {
    // One image: ground truth [0,0,10,10]; a prediction [0,0,10,20] has IoU 0.5 exactly.
    const labels = createLabels();
    const matches = matchDetections(
      parseBoxes([[square(0, 0)]], { role: "ground_truth", labels }),
      parseBoxes([[{ x_min: 0, y_min: 0, x_max: 10, y_max: 20, label: "a", score: 1 }]], { role: "predictions", labels }),
      resolveMatchingOptions({ matching: "coco", iou: "0.50:0.05:0.95" }),
    );
    const ap = (iou?: number | number[]) =>
      prepareDetectionMeasure(matches, [0], resolveDetectionMeasure({ measure: "ap", iou }, matches, labels)).measure([1]);
    // pycocotools divides by tp + fp + ε: a perfect ranking scores 1/(1 + 2^−52).
    expect(ap(0.5)).toBeCloseTo(1, 15);
    expect(ap(0.55)).toBe(0);
    expect(ap()).toBeCloseTo(1 / 10, 15);
    expect(() => ap(0.6001)).toThrow(/IoU threshold 0.6001 was not matched/);
  });
});

describe("detectionImageCounts", () => {
  it("gives each image's tp, fp, fn at the per-class operating thresholds", () => {
    const { matches } = setup("greedy");
    // Class a at 0.7: image 0 has TP .9, FP .8, TP .7; image 1 TP .85 (.6 below). Class b at 0.5: image 0 TP .5, image 1 FP .95.
    const counts = detectionImageCounts(matches, { iouIndex: 0, areaIndex: 0, maxDetections: Infinity, threshold: Float64Array.of(0.7, 0.5) });
    expect(Array.from(counts.tp)).toEqual([3, 1]);
    expect(Array.from(counts.fp)).toEqual([1, 1]);
    expect(Array.from(counts.fn)).toEqual([0, 0]);
    // At 0.86 for every class: image 0 keeps .9 (TP), image 1 keeps .95 (FP); misses 2 and 1.
    const high = detectionImageCounts(matches, { iouIndex: 0, areaIndex: 0, maxDetections: Infinity, threshold: 0.86 });
    expect([Array.from(high.tp), Array.from(high.fp), Array.from(high.fn)]).toEqual([
      [1, 0],
      [0, 1],
      [2, 1],
    ]);
  });
});

describe("summarizeDetection", () => {
  /** n images of one object each; the model finds every one, the reference none. */
  function pair(n: number) {
    const labels = createLabels();
    const truth = parseBoxes(
      Array.from({ length: n }, () => [square(0, 0)]),
      { role: "ground_truth", labels },
    );
    const options = resolveMatchingOptions({ matching: "greedy" });
    const found = matchDetections(
      truth,
      parseBoxes(
        Array.from({ length: n }, () => [pred(0.9, 0, 0)]),
        { role: "predictions", labels },
      ),
      options,
    );
    const missed = matchDetections(
      truth,
      parseBoxes(
        Array.from({ length: n }, () => [pred(0.9, 100, 100)]),
        { role: "predictions", labels },
      ),
      options,
    );
    const images = Array.from({ length: n }, (_, i) => i);
    const prepare = (matches: DetectionMatches) =>
      prepareDetectionMeasure(matches, images, resolveDetectionMeasure({ measure: "recall" }, matches, labels)).measure;
    return { model: prepare(found), reference: prepare(missed) };
  }

  it("gives a degenerate interval when every image is alike, and p = 1 against itself", () => {
    const { model } = pair(20);
    const summary = summarizeDetection(model, model, 20, { confidence: 0.95, resamples: 200, seed: 7 });
    expect(summary).toEqual({ n: 20, value: 1, ciLow: 1, ciHigh: 1, pValue: 1 });
  });

  it("gives p = 2/(R + 1) when every resample favours the model (the same weights for both)", () => {
    const { model, reference } = pair(40);
    const summary = summarizeDetection(model, reference, 40, { confidence: 0.95, resamples: 999, seed: 7 });
    expect(summary.pValue).toBeCloseTo(2 / 1000, 15);
  });

  it("is reproducible from its seed and varies with it", () => {
    // Half the images found: recall 1/2, resampled.
    const labels = createLabels();
    const truth = parseBoxes(
      Array.from({ length: 30 }, () => [square(0, 0)]),
      { role: "ground_truth", labels },
    );
    const predictions = parseBoxes(
      Array.from({ length: 30 }, (_, i) => [pred(0.9, i % 2 === 0 ? 0 : 100, 0)]),
      { role: "predictions", labels },
    );
    const matches = matchDetections(truth, predictions, resolveMatchingOptions({ matching: "greedy" }));
    const images = Array.from({ length: 30 }, (_, i) => i);
    const model = prepareDetectionMeasure(matches, images, resolveDetectionMeasure({ measure: "recall", threshold: 0 }, matches, labels)).measure;
    const first = summarizeDetection(model, null, 30, { confidence: 0.9, resamples: 300, seed: 1 });
    expect(first.value).toBe(0.5);
    expect(first.ciLow).toBeLessThan(0.5);
    expect(first.ciHigh).toBeGreaterThan(0.5);
    expect(first.pValue).toBeNaN();
    expect(summarizeDetection(model, null, 30, { confidence: 0.9, resamples: 300, seed: 1 })).toEqual(first);
    expect(summarizeDetection(model, null, 30, { confidence: 0.9, resamples: 300, seed: 2 })).not.toEqual(first);
  });
});
