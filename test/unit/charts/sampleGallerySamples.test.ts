// The gallery reads its samples once per table and per options that shape them.
import { Bool, Int32, Table, makeVector, vectorFromArray } from "apache-arrow";
import { applySampleGalleryDefaults } from "../../../src/charts/sampleGalleryOptions";
import { GallerySamples } from "../../../src/charts/sampleGallerySamples";

const table = () =>
  new Table({
    image_id: makeVector(Int32Array.from([10, 11])),
    label: vectorFromArray([3, 7], new Int32()),
    "knn.pred": vectorFromArray([3, 1], new Int32()),
    "knn.correct": vectorFromArray([true, false], new Bool()),
  });

test("the same table and shaping options: read once; a filter or sort does not read again", () => {
  const samples = new GallerySamples();
  const first = table();
  const read = samples.read(first, applySampleGalleryDefaults(first, {}));
  expect([read.change, read.data.length, samples.current]).toEqual(["table", 2, read.data]);
  const again = samples.read(first, applySampleGalleryDefaults(first, { sortBy: { field: "label" }, filter: { field: { name: "label", value: 3 } } }));
  expect(again.change).toBe("none");
  expect(again.data).toBe(read.data);
});

test("another ground truth reads again; another table too", () => {
  const samples = new GallerySamples();
  const first = table();
  samples.read(first, applySampleGalleryDefaults(first, {}));
  expect(samples.read(first, applySampleGalleryDefaults(first, { groundTruth: null })).change).toBe("options");
  const second = table();
  expect(samples.read(second, applySampleGalleryDefaults(second, { groundTruth: null })).change).toBe("table");
});
