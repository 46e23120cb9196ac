// What the Slicer reads from a samples table before slicing: models, the fields it offers, a slice's rows.
import { Bool, Table, Utf8, makeVector, vectorFromArray } from "apache-arrow";
import { modelsOf, rowsOfSlice, slicingFields } from "../../../../src/widgets/slicer/slicerSamples";

const samples = new Table({
  image_id: makeVector(Int32Array.from([1, 2, 3])),
  size: makeVector(Float64Array.from([1, 2, 3])),
  color: vectorFromArray(["red", "blue", "red"], new Utf8()),
  locator: vectorFromArray(["a.png", "b.png", "c.png"], new Utf8()),
  "test_case/color": vectorFromArray(["red", "blue", "red"], new Utf8()),
  "knn.correct": vectorFromArray([true, false, true], new Bool()),
  "logistic.correct": vectorFromArray([true, true, false], new Bool()),
});

test("models come from <model>.<field> columns, not from membership columns", () => {
  expect(modelsOf(samples)).toEqual(["knn", "logistic"]);
});

test("fields offered: not ids, media, memberships or model columns", () => {
  expect(slicingFields(samples, ["knn", "logistic"], {})).toEqual(["size", "color"]);
  expect(slicingFields(samples, ["knn", "logistic"], { idFields: ["size"] })).toEqual(["image_id", "color"]);
  expect(slicingFields(samples, ["knn", "logistic"], { fields: ["color", "locator", "missing"] })).toEqual(["color", "locator"]);
});

test("a slice's rows, in order", () => {
  expect(Array.from(rowsOfSlice(Int32Array.from([0, 1, -1, 1, 0]), 1))).toEqual([1, 3]);
  expect(Array.from(rowsOfSlice(Int32Array.from([0, 0]), 2))).toEqual([]);
});

test("a measured property (property.<name>) is a dataset field to slice by, never a model's column", () => {
  const withProperty = new Table({
    image_id: makeVector(Int32Array.from([1, 2, 3])),
    "property.brightness": makeVector(Float64Array.from([0.2, 0.5, 0.9])),
    "knn.correct": vectorFromArray([true, false, true], new Bool()),
  });
  expect(modelsOf(withProperty)).toEqual(["knn"]);
  expect(slicingFields(withProperty, modelsOf(withProperty), {})).toEqual(["property.brightness"]);
});

test("a column of lists or records (an embedding, boxes: JSON text in the samples) is not offered for slicing", () => {
  const withLists = new Table({
    image_id: makeVector(Int32Array.from([1, 2])),
    embedding: vectorFromArray(["[0.5,0.25]", "[0,1]"], new Utf8()),
    gt: vectorFromArray([null, '[{"x_min":1,"y_min":2,"x_max":3,"y_max":4,"label":"7"}]'], new Utf8()),
    color: vectorFromArray(["red", "[blue]"], new Utf8()),
  });
  expect(slicingFields(withLists, [], {})).toEqual(["color"]);
});
