// Tests for the detection confusion matrix: class-agnostic matching on images counted by hand.
import { ConfusionOptions, NO_OBJECT, confusionCell, confusionOutcomes, createLabels, detectionConfusion, parseBoxes } from "../../../src/metrics";

type Box = { x_min: number; y_min: number; x_max: number; y_max: number; label: string; score?: number; ignore?: boolean };
const box = (x: number, y: number, label: string, score?: number, size = 10): Box => ({
  x_min: x,
  y_min: y,
  x_max: x + size,
  y_max: y + size,
  label,
  ...(score === undefined ? {} : { score }),
});

function matrixOf(truthRows: Box[][], predictionRows: Box[][], options: Partial<ConfusionOptions> = {}, images?: number[]) {
  const labels = createLabels();
  const truth = parseBoxes(truthRows, { role: "ground_truth", labels });
  const predictions = parseBoxes(predictionRows, { role: "predictions", labels });
  const outcomes = confusionOutcomes(truth, predictions, {
    iou: 0.5,
    areaRange: { min: 0, max: 1e10 },
    maxDetections: Infinity,
    classes: new Uint8Array(labels.values.length).fill(1),
    threshold: 0.5,
    matching: "greedy",
    ...options,
  });
  const matrix = detectionConfusion(outcomes, images ?? truthRows.map((_, i) => i));
  const index = (label: string | null) => (label === null ? NO_OBJECT : labels.values.indexOf(label));
  /** Count of (predicted, truth); null is no object. */
  const count = (predicted: string | null, truthLabel: string | null) => matrix.counts[confusionCell(matrix.classes, index(predicted), index(truthLabel))];
  const total = matrix.counts.reduce((sum, value) => sum + value, 0);
  return { count, total, labels };
}

/**
 * Image 0: a cat at x 0, a dog at x 20, a cat at x 40.
 *   0.9 "dog" on the first cat: no dog under it → lands on the cat (predicted dog, truth cat);
 *   0.8 "cat" on the first cat too: that cat is taken, nothing else under it → hallucinated cat;
 *   0.7 "dog" on the dog → (dog, dog);  0.6 "bird" on empty ground → hallucinated bird;
 *   0.2 "cat" on the last cat is below the 0.5 threshold: not counted, so that cat is missed.
 * Image 1: a cat, and a "cat" 1 px in (IoU 0.81) → (cat, cat).
 */
const truthRows: Box[][] = [[box(0, 0, "cat"), box(20, 0, "dog"), box(40, 0, "cat")], [box(0, 0, "cat")]];
const predictionRows: Box[][] = [
  [box(0, 0, "dog", 0.9), box(0, 0, "cat", 0.8), box(20, 0, "dog", 0.7), box(100, 100, "bird", 0.6), box(40, 0, "cat", 0.2)],
  [{ x_min: 1, y_min: 1, x_max: 10, y_max: 10, label: "cat", score: 0.95 }],
];

describe("detectionConfusion", () => {
  it("puts each counted prediction and each missed object in one cell", () => {
    const { count, total } = matrixOf(truthRows, predictionRows);
    expect(count("dog", "cat")).toBe(1);
    expect(count("cat", null)).toBe(1);
    expect(count("dog", "dog")).toBe(1);
    expect(count("bird", null)).toBe(1);
    expect(count(null, "cat")).toBe(1);
    expect(count("cat", "cat")).toBe(1);
    expect(total).toBe(6);
    // Each ground-truth column sums to that class's objects: three cats, one dog.
    expect(count("cat", "cat") + count("dog", "cat") + count("bird", "cat") + count(null, "cat")).toBe(3);
    expect(count("cat", "dog") + count("dog", "dog") + count("bird", "dog") + count(null, "dog")).toBe(1);
  });

  it("sums only the test case's images", () => {
    const { count, total } = matrixOf(truthRows, predictionRows, {}, [1]);
    expect(count("cat", "cat")).toBe(1);
    expect(total).toBe(1);
  });

  it("counts what each class's threshold counts: at 0.1 for cat the last cat is found", () => {
    const { count } = matrixOf(truthRows, predictionRows, { threshold: Float64Array.of(0.1, 0.5, 0.5) });
    expect(count(null, "cat")).toBe(0);
    expect(count("cat", "cat")).toBe(2);
  });

  it("takes an object of the prediction's own class before a better-overlapping one of another", () => {
    // The prediction covers the dog exactly (IoU 1) and the cat's upper 60% (IoU 0.6).
    const { count } = matrixOf([[box(0, 0, "dog"), { x_min: 0, y_min: 0, x_max: 10, y_max: 6, label: "cat" }]], [[box(0, 0, "cat", 0.9)]]);
    expect(count("cat", "cat")).toBe(1);
    expect(count(null, "dog")).toBe(1);
    expect(count("cat", "dog")).toBe(0);
  });

  it("does not count a prediction inside an ignored crowd region (coco), nor the region", () => {
    const crowd: Box = { x_min: 0, y_min: 0, x_max: 100, y_max: 100, label: "cat", ignore: true };
    const coco = matrixOf([[crowd]], [[box(50, 50, "cat", 0.9)]], { matching: "coco" });
    expect(coco.total).toBe(0);
    // Plain IoU (greedy) is 100 / 10,000: the prediction lands on nothing.
    const greedy = matrixOf([[crowd]], [[box(50, 50, "cat", 0.9)]], { matching: "greedy" });
    expect(greedy.count("cat", null)).toBe(1);
    expect(greedy.total).toBe(1);
  });

  it("leaves out classes not chosen: a prediction of one is not counted, an object of one is not missed", () => {
    const { count, total } = matrixOf(truthRows, predictionRows, { classes: Uint8Array.of(1, 1, 0) });
    expect(count("bird", null)).toBe(0);
    expect(total).toBe(5);
  });

  it("keeps maxDetections per image and class by score", () => {
    // Two cats found by the 0.9 and 0.8 boxes; with one detection per class only the 0.9 counts.
    const { count } = matrixOf([[box(0, 0, "cat"), box(20, 0, "cat")]], [[box(20, 0, "cat", 0.8), box(0, 0, "cat", 0.9)]], { maxDetections: 1 });
    expect(count("cat", "cat")).toBe(1);
    expect(count(null, "cat")).toBe(1);
  });
});
