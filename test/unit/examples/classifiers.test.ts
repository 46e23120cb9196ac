// Tests the three digits classifiers on tiny data sets whose answers can be worked out by hand.
import * as kNearestNeighbors from "../../../examples/digits/kNearestNeighbors";
import * as logisticRegression from "../../../examples/digits/logisticRegression";
import * as nearestCentroid from "../../../examples/digits/nearestCentroid";

// Two classes on a line: class 0 around 0, class 1 around 10 (one feature per row).
const features = Float64Array.from([0, 1, 2, 9, 10, 11]);
const labels = Uint8Array.from([0, 0, 0, 1, 1, 1]);
const queries = Float64Array.from([1.5, 8, 5.4]);

describe("nearestCentroid", () => {
  test("predicts the class with the nearer mean (1 and 10), more confidently far from the midpoint", () => {
    const model = nearestCentroid.train(features, labels, 6, 1);
    expect(Array.from(model.centroids)).toEqual([1, 10]);
    const { predictions, scores } = nearestCentroid.predict(model, queries, 3);
    expect(Array.from(predictions)).toEqual([0, 1, 0]);
    expect(scores[0]).toBeGreaterThan(scores[2]);
    expect(scores[2]).toBeGreaterThanOrEqual(0.5);
    expect(scores[0]).toBeLessThanOrEqual(1);
  });
});

describe("kNearestNeighbors", () => {
  test("votes among the five nearest; the score is the winner's share of votes", () => {
    const model = kNearestNeighbors.train(features, labels, 6, 1);
    // 1.5: nearest are 1, 2, 0 (class 0) and 9, 10 (class 1) → 3 of 5. 8: 9, 10, 11, 2, 1 → 3 of 5 for class 1.
    const { predictions, scores } = kNearestNeighbors.predict(model, queries, 2);
    expect(Array.from(predictions)).toEqual([0, 1]);
    expect(Array.from(scores)).toEqual([0.6, 0.6].map(Math.fround));
  });
});

describe("logisticRegression", () => {
  test("separates two well-apart classes, same model every time", () => {
    const pixels = Float64Array.from([0, 0, 2, 0, 0, 2, 16, 16, 14, 16, 16, 14]); // two features per row
    const first = logisticRegression.train(pixels, labels, 6, 2);
    const second = logisticRegression.train(pixels, labels, 6, 2);
    expect(Array.from(first.weights)).toEqual(Array.from(second.weights));
    const { predictions, scores } = logisticRegression.predict(first, Float64Array.from([1, 1, 15, 15]), 2);
    expect(Array.from(predictions)).toEqual([0, 1]);
    for (const score of scores) expect(score).toBeGreaterThan(0.8);
  });
});
