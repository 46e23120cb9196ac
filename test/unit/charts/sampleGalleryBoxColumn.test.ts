// A row's boxes read from a list<struct> column's child arrays (src/charts/sampleGalleryBoxColumn.ts):
// the same boxes parseBoxes reads from the row, with the score threshold applied while reading.
import { Field, Float32, Float64, Int32, List, makeVector, Struct, Table, tableFromJSON, Utf8, vectorFromArray } from "apache-arrow";
import { columnBoxes } from "../../../src/charts/sampleGalleryBoxColumn";
import { parseBoxes } from "../../../src/charts/sampleGalleryBoxes";

const cornerType = new Struct([
  new Field("x_min", new Float64(), true),
  new Field("y_min", new Float64()),
  new Field("x_max", new Float64()),
  new Field("y_max", new Float64()),
  new Field("label", new Utf8(), true),
  new Field("score", new Float64(), true),
]);
const listOf = (type: Struct) => new List(new Field("item", type, true));

// Image 0: a cat at 0.9, a dog at 0.4, a box without score, one with a null x_min, one with x_max < x_min.
// Image 1: no boxes; image 2: null; image 3: one unlabelled box at 0.5.
const rows = [
  [
    { x_min: 1, y_min: 2, x_max: 11, y_max: 22, label: "cat", score: 0.9 },
    { x_min: 5, y_min: 5, x_max: 6, y_max: 7, label: "dog", score: 0.4 },
    { x_min: 0, y_min: 0, x_max: 3, y_max: 4, label: "sky", score: null },
    { x_min: null, y_min: 0, x_max: 3, y_max: 4, label: "bad", score: 0.99 },
    { x_min: 9, y_min: 0, x_max: 3, y_max: 4, label: "flipped", score: 0.99 },
  ],
  [],
  null,
  [{ x_min: 0, y_min: 0, x_max: 2, y_max: 2, label: null, score: 0.5 }],
];
const corners = vectorFromArray(rows, listOf(cornerType));

test("reads corners as x, y, w, h, skipping boxes without four finite coordinates or with a negative size", () => {
  expect(columnBoxes(corners, 0)).toEqual([
    { x: 1, y: 2, w: 10, h: 20, label: "cat", score: 0.9 },
    { x: 5, y: 5, w: 1, h: 2, label: "dog", score: 0.4 },
    { x: 0, y: 0, w: 3, h: 4, label: "sky", score: null },
  ]);
  expect(columnBoxes(corners, 1)).toEqual([]);
  expect(columnBoxes(corners, 2)).toEqual([]);
  expect(columnBoxes(corners, 3)).toEqual([{ x: 0, y: 0, w: 2, h: 2, label: null, score: 0.5 }]);
});

test("keeps boxes scoring at least the threshold, and boxes without a score", () => {
  expect(columnBoxes(corners, 0, 0.5).map((box) => box.label)).toEqual(["cat", "sky"]);
  expect(columnBoxes(corners, 3, 0.5)).toHaveLength(1);
  expect(columnBoxes(corners, 3, 0.51)).toEqual([]);
});

test("gives what parseBoxes gives for the same row", () => {
  for (let row = 0; row < rows.length; row++) expect(columnBoxes(corners, row)).toEqual(parseBoxes(corners.get(row)));
});

test("reads x, y, w, h structs of float32 and integer fields", () => {
  const type = new Struct([
    new Field("x", new Int32()),
    new Field("y", new Int32()),
    new Field("w", new Float32()),
    new Field("h", new Float32()),
    new Field("label", new Int32()),
  ]);
  const column = vectorFromArray([[{ x: 3, y: 4, w: 0.5, h: 2, label: 7 }]], listOf(type));
  expect(columnBoxes(column, 0)).toEqual([{ x: 3, y: 4, w: 0.5, h: 2, label: "7", score: null }]);
});

test("finds a row in a later record batch, and in a slice", () => {
  const first = vectorFromArray([rows[3]], listOf(cornerType));
  const table = new Table({ boxes: first }).concat(new Table({ boxes: corners }));
  const column = table.getChild("boxes")!;
  expect(column.data).toHaveLength(2);
  expect(columnBoxes(column, 0)).toEqual([{ x: 0, y: 0, w: 2, h: 2, label: null, score: 0.5 }]);
  expect(columnBoxes(column, 1, 0.5).map((box) => box.label)).toEqual(["cat", "sky"]);
  const sliced = makeVector(corners.data[0].slice(3, 1));
  expect(columnBoxes(sliced, 0)).toEqual([{ x: 0, y: 0, w: 2, h: 2, label: null, score: 0.5 }]);
});

test("JSON text cells go through parseBoxes", () => {
  const table = tableFromJSON([
    {
      boxes: JSON.stringify([
        { x: 1, y: 1, w: 2, h: 2, label: "a", score: 0.2 },
        { x: 0, y: 0, w: 1, h: 1, label: "b", score: 0.8 },
      ]),
    },
  ]);
  expect(columnBoxes(table.getChild("boxes")!, 0, 0.5)).toEqual([{ x: 0, y: 0, w: 1, h: 1, label: "b", score: 0.8 }]);
});
