// Which samples the gallery shows, and in what order, without a DOM: four samples, two models
// whose right and wrong a person can count.
import { Bool, Int32, Table, Utf8, makeVector, vectorFromArray } from "apache-arrow";
import { applySampleGalleryDefaults, SampleGalleryOptions } from "../../../src/charts/sampleGalleryOptions";
import { galleryOrder } from "../../../src/charts/sampleGalleryOrder";
import { readSamples } from "../../../src/charts/samplesData";

/** knn is right on rows 0 and 1, logistic on rows 0 and 2; `ink` descends. */
const table = new Table({
  image_id: makeVector(Int32Array.from([10, 11, 12, 13])),
  label: vectorFromArray(["3", "7", "1", "0"], new Utf8()),
  ink: vectorFromArray([40, 30, 20, 10], new Int32()),
  "knn.correct": vectorFromArray([true, true, false, false], new Bool()),
  "logistic.correct": vectorFromArray([true, false, true, false], new Bool()),
});

const shown = (options: SampleGalleryOptions) => {
  const resolved = applySampleGalleryDefaults(table, options);
  const result = galleryOrder(readSamples(table, resolved), resolved);
  return result.order ? Array.from(result.order) : result.message.title;
};

test("filters and sorting choose the rows and their order", () => {
  expect(shown({})).toEqual([0, 1, 2, 3]);
  expect(shown({ sortBy: { field: "ink" } })).toEqual([3, 2, 1, 0]);
  expect(shown({ filter: { disagreement: "a-right-b-wrong", modelA: "knn", modelB: "logistic" } })).toEqual([1]);
  expect(shown({ filter: { testCase: { stratification: "picked", testCase: "two", rows: [2, 3] } } })).toEqual([2, 3]);
  expect(shown({ filter: { field: { name: "label", value: "7" } } })).toEqual([1]);
});

test("no rows left: a message that says why", () => {
  expect(
    shown({
      filter: { testCase: { stratification: "picked", testCase: "two", rows: [2, 3] }, disagreement: "a-right-b-wrong", modelA: "knn", modelB: "logistic" },
    }),
  ).toBe("No samples where knn is right and logistic is wrong in this test case");
  expect(shown({ filter: { disagreement: "a-right-b-wrong", modelA: "knn", modelB: "knn" } })).toBe('Both sides are "knn"');
  expect(shown({ filter: { testCase: { stratification: "color", testCase: "red" } } })).toBe("Which samples are in this test case?");
});
