// Starting column widths of the metrics table, from text lengths at 7 px a character.
import { metricsTableWidths } from "../../../src/charts/metricsTableWidths";

const digits = {
  testCases: ["all", "0", "(-∞, 270)", "thin strokes"],
  largestCount: "1,797",
  columns: [
    { modelName: "nearest-centroid", isReference: true },
    { modelName: "knn", isReference: false },
    { modelName: "logistic", isReference: false },
  ],
  showDelta: true,
};

test("the digits table: name 120 (12 characters need 114), n 56, the reference as wide as its 16-character name, deltas 156", () => {
  // name: 30 + 12 × 7 = 114 → at least 120; n: 16 + 5 × 7 = 51 → at least 56; nearest-centroid: 28 + 16 × 7 = 140.
  expect(metricsTableWidths(digits)).toEqual([120, 56, 140, 156, 156]);
});

test("long names are capped: a test case at 240 px, a model at 200 px", () => {
  const widths = metricsTableWidths({ ...digits, testCases: ["x".repeat(40)], columns: [{ modelName: "m".repeat(30), isReference: false }] });
  expect(widths).toEqual([240, 56, 200]);
});

test("without deltas a value column is 88 px; a count of 1,000,000 widens n to 79 px", () => {
  expect(metricsTableWidths({ ...digits, showDelta: false, largestCount: "1,000,000" })).toEqual([120, 79, 140, 88, 88]);
});

test('a column with a "too few samples" cell is 176 px, room for the value and those 15 characters', () => {
  const columns = [
    { modelName: "knn", isReference: false, tooFewSamples: true },
    { modelName: "logistic", isReference: false },
  ];
  expect(metricsTableWidths({ ...digits, columns })).toEqual([120, 56, 176, 156]);
});
