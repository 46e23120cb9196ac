// Tests the fold assignment and that cross-validation predicts each row with a model that never saw it.
import { Classifier } from "../../../examples/digits/classifier";
import { assignFolds, crossValidate } from "../../../examples/digits/crossValidate";

describe("assignFolds", () => {
  test("sends the i-th row of each label to fold i mod k", () => {
    const labels = Uint8Array.from([0, 0, 1, 0, 1, 1, 0]);
    expect(Array.from(assignFolds(labels, { folds: 3 }))).toEqual([0, 1, 0, 2, 1, 2, 0]);
  });

  test("refuses fewer than two folds", () => {
    expect(() => assignFolds(Uint8Array.from([0]), { folds: 1 })).toThrow("folds ≥ 2");
  });
});

describe("crossValidate", () => {
  // Remembers its training rows' first feature; predicts 1 for a row it has seen and 0 otherwise.
  const memorizer: Classifier<Set<number>> = {
    train: (features, _labels, rows, dims) => new Set(Array.from({ length: rows }, (_, row) => features[row * dims])),
    predict: (seen, features, rows) => {
      const predictions = new Uint8Array(rows);
      for (let row = 0; row < rows; row++) predictions[row] = seen.has(features[row * 2]) ? 1 : 0;
      return { predictions, scores: new Float32Array(rows).fill(0.5) };
    },
  };

  test("never predicts a row with a model trained on it, yet predicts every row", () => {
    const rows = 10;
    const features = Float64Array.from({ length: rows * 2 }, (_, index) => (index % 2 === 0 ? index / 2 : 0));
    const labels = new Uint8Array(rows);
    const folds = assignFolds(labels, { folds: 5 });
    const result = crossValidate(memorizer, { features, labels, rows, dims: 2, folds });
    expect(Array.from(result.predictions)).toEqual(new Array(rows).fill(0));
    expect(Array.from(result.scores)).toEqual(new Array(rows).fill(0.5));
  });
});
