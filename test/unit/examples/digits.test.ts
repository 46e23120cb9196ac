// Tests the digits example end to end: the dataset read from the real file, the out-of-fold results of
// the three classifiers, and the quality standard's slices.
import { Table } from "apache-arrow";
import { parseQualityStandard } from "../../../src/platform";
import { buildDigitsExample, DigitsExample } from "../../../examples/digits";

let example: DigitsExample;
beforeAll(() => {
  example = buildDigitsExample();
});

function column(table: Table, name: string): number[] {
  const vector = table.getChild(name);
  if (vector === null) throw new Error(`column ${name} is missing`);
  return Array.from(vector.toArray() as ArrayLike<number>);
}

function accuracy(model: string): number {
  const correct = example.results[model].getChild("correct")!;
  let hits = 0;
  for (let row = 0; row < correct.length; row++) if (correct.get(row)) hits++;
  return hits / correct.length;
}

describe("the digits dataset", () => {
  test("has 1,797 images with the label counts of the file", () => {
    expect(example.dataset.numRows).toBe(1797);
    const counts = new Array(10).fill(0);
    for (const label of column(example.dataset, "label")) counts[label]++;
    expect(counts).toEqual([178, 182, 177, 183, 181, 182, 181, 179, 174, 180]);
  });

  test("has the documented columns and Arrow types", () => {
    expect(example.dataset.schema.fields.map((field) => `${field.name}:${field.type}`)).toEqual([
      "image_id:Int32",
      "label:Int32",
      "parity:Utf8",
      "ink:Int32",
      "area:Int32",
      "width:Int32",
      "fold:Int32",
      "image:Binary",
      "embedding:FixedSizeList[64]<Float32>",
    ]);
  });

  test("embeds each image as its 64 pixels over 16: the first image's first row of pixels 0 0 5 13 9 1 0 0", () => {
    const first = Array.from(example.dataset.getChild("embedding")!.get(0) as Iterable<number>);
    expect(first).toHaveLength(64);
    expect(first.slice(0, 8)).toEqual([0, 0, 5, 13, 9, 1, 0, 0].map((pixel) => pixel / 16));
  });

  test("numbers images 0..1796 in file order, each once", () => {
    const ids = column(example.dataset, "image_id");
    expect(new Set(ids).size).toBe(1797);
    expect(ids).toEqual(ids.map((_, index) => index));
  });

  test("measures the first image (a 0) as its pixels show", () => {
    // Row 1 of the file: 64 pixels summing to 294, 35 of them nonzero, ink in columns 1..6.
    const first = example.dataset.get(0)!;
    expect(first.label).toBe(0);
    expect(first.parity).toBe("even");
    expect(first.ink).toBe(294);
    expect(first.area).toBe(35);
    expect(first.width).toBe(6);
    expect(Array.from((first.image as Uint8Array).subarray(0, 4))).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });

  test("gives parity from the label", () => {
    const labels = column(example.dataset, "label");
    const parity = example.dataset.getChild("parity")!;
    labels.forEach((label, row) => expect(parity.get(row)).toBe(label % 2 === 0 ? "even" : "odd"));
  });

  test("splits into five folds that each hold every digit about equally", () => {
    const labels = column(example.dataset, "label");
    const folds = column(example.dataset, "fold");
    for (let fold = 0; fold < 5; fold++) {
      for (let digit = 0; digit < 10; digit++) {
        const share = labels.filter((label, row) => label === digit && folds[row] === fold).length;
        const total = labels.filter((label) => label === digit).length;
        expect(Math.abs(share - total / 5)).toBeLessThanOrEqual(1);
      }
    }
  });
});

describe("the models' out-of-fold results", () => {
  test("names three models with nearest centroid as the reference", () => {
    expect(example.models).toEqual(["nearest-centroid", "knn", "logistic"]);
    expect(example.reference).toBe("nearest-centroid");
    expect(Object.keys(example.results).sort()).toEqual([...example.models].sort());
  });

  test.each(["nearest-centroid", "knn", "logistic"])("%s has one row per image, with correct exactly when pred equals label and a score in [0, 1]", (model) => {
    const results = example.results[model];
    expect(results.schema.fields.map((field) => `${field.name}:${field.type}`)).toEqual(["image_id:Int32", "pred:Int32", "score:Float64", "correct:Bool"]);
    expect(results.numRows).toBe(1797);
    const labels = column(example.dataset, "label");
    const ids = column(results, "image_id");
    const predictions = column(results, "pred");
    const scores = column(results, "score");
    const correct = results.getChild("correct")!;
    for (let row = 0; row < 1797; row++) {
      expect(ids[row]).toBe(row);
      expect(correct.get(row)).toBe(predictions[row] === labels[row]);
      expect(scores[row]).toBeGreaterThanOrEqual(0);
      expect(scores[row]).toBeLessThanOrEqual(1);
    }
  });

  // Measured: nearest centroid 0.899, kNN 0.987, logistic 0.962.
  test.each([
    ["nearest-centroid", 0.88, 0.92],
    ["knn", 0.97, 0.995],
    ["logistic", 0.94, 0.97],
  ])("%s is accurate between %d and %d under cross-validation", (model, low, high) => {
    expect(accuracy(model as string)).toBeGreaterThanOrEqual(low as number);
    expect(accuracy(model as string)).toBeLessThanOrEqual(high as number);
  });
});

describe("the quality standard", () => {
  test("is valid", () => {
    expect(parseQualityStandard(example.qualityStandard)).toEqual(example.qualityStandard);
  });

  test("has at least 50 images in every ink bucket and in the thin-strokes test case", () => {
    const ink = column(example.dataset, "ink");
    const width = column(example.dataset, "width");
    const edges = example.qualityStandard.stratifications.find((stratification) => stratification.name === "ink")!.buckets!;
    const bucketSizes = new Array(edges.length + 1).fill(0);
    for (const value of ink) bucketSizes[edges.filter((edge) => value >= edge).length]++;
    expect(bucketSizes).toEqual([226, 445, 540, 586]);
    const thin = ink.filter((value, row) => value < 280 && width[row] <= 5).length;
    expect(thin).toBe(88);
  });
});
