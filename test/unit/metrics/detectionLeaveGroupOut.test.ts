// The grouped jackknife's replicates of a detection measure from one pass (leaveGroupOut.ts): on a
// hand-worked example, and equal to the bit to the measure under each leave-a-group-out weighting
// for every kind of measure, on seeded COCO-style data with tied scores, crowds and empty images.
import {
  DetectionMeasureInput,
  MatchingInput,
  createLabels,
  jackknifeGroups,
  matchDetections,
  parseBoxes,
  prepareDetectionMeasure,
  resolveDetectionMeasure,
  resolveMatchingOptions,
} from "../../../src/metrics";

const { generateCocoData, cocoToRows } = require("../../helpers/cocoData");

type Box = { x_min: number; y_min: number; x_max: number; y_max: number; label: string; score?: number };
const square = (x: number, y: number, label = "a"): Box => ({ x_min: x, y_min: y, x_max: x + 10, y_max: y + 10, label });
const pred = (score: number, x: number, y: number, label = "a"): Box => ({ ...square(x, y, label), score });

describe("leave-a-group-out replicates of a detection measure", () => {
  it("leave out image 0 or image 1 of a hand-worked example: class a's all-point AP 1 and 5/6", () => {
    // Image 0: ground truths at (0,0), (20,20); 0.9 TP, 0.8 FP, 0.7 TP — recall 1/2, 1/2, 1 at
    // precision 1, 1/2, 2/3, so AP = 1/2·1 + 1/2·2/3 = 5/6. Image 1: a ground truth at (0,0);
    // 0.85 TP, 0.6 FP — AP 1.
    const labels = createLabels();
    const matches = matchDetections(
      parseBoxes([[square(0, 0), square(20, 20)], [square(0, 0)]], { role: "ground_truth", labels }),
      parseBoxes(
        [
          [pred(0.9, 0, 0), pred(0.8, 100, 100), pred(0.7, 20, 20)],
          [pred(0.85, 0, 0), pred(0.6, 100, 100)],
        ],
        { role: "predictions", labels },
      ),
      resolveMatchingOptions({ matching: "greedy", iou: 0.5 }),
    );
    const prepared = prepareDetectionMeasure(matches, [0, 1], resolveDetectionMeasure({ measure: "ap" }, matches, labels));
    const replicates = prepared.measure.leaveGroupOut!(Int32Array.of(0, 1), 2);
    expect(replicates[0]).toBeCloseTo(1, 15);
    expect(replicates[1]).toBeCloseTo(5 / 6, 15);
  });

  const data = generateCocoData({ seed: 5, images: 240, classes: 4, models: ["m"], clutterNearObjects: 0.5 });
  const rows = cocoToRows(data);
  const inputs: DetectionMeasureInput[] = [
    { measure: "ap" },
    { measure: "ap", iou: 0.5 },
    { measure: "ap", area: "small" },
    { measure: "ap", average: "micro" },
    { measure: "ar" },
    { measure: "ar", maxDetections: 10 },
    { measure: "f1" },
    { measure: "f1", iou: 0.75, average: "micro" },
    { measure: "f1", optimalPer: "global" },
    { measure: "precision", threshold: 0.5 },
    { measure: "recall", threshold: 0.35 },
    { measure: "tp" },
    { measure: "fp", threshold: 0.3 },
    { measure: "fn" },
  ];
  const matchings: MatchingInput["matching"][] = ["coco", "greedy"];

  it.each(matchings)("equal the measure with each group weighted 0, to the bit, for every measure (%s matching)", (matching) => {
    const labels = createLabels();
    const truth = parseBoxes(rows.truth, { role: "ground_truth", labels });
    const predictions = parseBoxes(rows.predictions.m, { role: "predictions", labels });
    const matches = matchDetections(truth, predictions, resolveMatchingOptions({ matching, iou: "0.50:0.05:0.95", areaRanges: "coco" }));
    // A test case of every other image, in 20 seeded groups and in 3; and one group of all but an image.
    const images = Array.from({ length: 120 }, (_, i) => 2 * i);
    const groupings: [Int32Array, number][] = [
      [jackknifeGroups(images.length, 20, 3), 20],
      [jackknifeGroups(images.length, 3, 4), 3],
      [Int32Array.from(images, (_, i) => (i === 0 ? 1 : 0)), 2],
    ];
    for (const input of inputs) {
      const { measure } = prepareDetectionMeasure(matches, images, resolveDetectionMeasure(input, matches, labels));
      for (const [group, groups] of groupings) {
        const replicates = measure.leaveGroupOut!(group, groups);
        const expected = Array.from({ length: groups }, (_, g) => measure(Float64Array.from(group, (member) => (member === g ? 0 : 1))));
        // Some replicate differs from the whole test case's value: the groups matter.
        expect(expected.some((value) => value !== measure(new Float64Array(images.length).fill(1)))).toBe(true);
        expect({ input, groups, replicates: Array.from(replicates) }).toEqual({ input, groups, replicates: expected });
      }
    }
  });
});
