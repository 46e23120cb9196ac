// Measures from summed confusion counts, checked against hand arithmetic.
import { countScore } from "../../../src/metrics";

const counts = { tp: 8, fp: 2, fn: 4, tn: 86 };

test.each([
  ["accuracy", 94 / 100],
  ["precision", 8 / 10],
  ["recall", 8 / 12],
  ["f1", 16 / 22],
  ["fpr", 2 / 88],
  ["specificity", 86 / 88],
] as const)("%s of tp 8, fp 2, fn 4, tn 86 is %f", (measure, expected) => {
  expect(countScore(measure, counts)).toBeCloseTo(expected, 12);
});

test("an undefined ratio is 0 (scikit-learn's zero_division=0)", () => {
  expect(countScore("precision", { tp: 0, fp: 0, fn: 3, tn: 5 })).toBe(0);
  expect(countScore("fpr", { tp: 3, fp: 0, fn: 0, tn: 0 })).toBe(0);
});
