// The real-data example: 1,797 handwritten digits as an Arrow dataset (with shape measures and a PNG
// thumbnail per image), the out-of-fold results of three classifiers trained here, and a quality standard.
import { Binary, Bool, Field, FixedSizeList, Float32, makeData, makeVector, Table, Utf8, vectorFromArray } from "apache-arrow";
import type { QualityStandard } from "../../src/core";
import { Predictions } from "./classifier";
import { assignFolds, crossValidate, CrossValidationInput } from "./crossValidate";
import * as kNearestNeighbors from "./kNearestNeighbors";
import * as logisticRegression from "./logisticRegression";
import * as nearestCentroid from "./nearestCentroid";
import { digitImage } from "./png";
import { Digits, pixelsPerImage, readDigits } from "./readDigits";
import { measureShape } from "./shape";

export interface DigitsExample {
  /** One row per image: image_id, label, parity, ink, area, width, fold, image (PNG bytes), embedding (64 floats). */
  dataset: Table;
  /** Model name → one row per image: image_id, pred, score, correct. */
  results: Record<string, Table>;
  qualityStandard: QualityStandard;
  models: string[];
  /** The model the others are compared against. */
  reference: string;
}

/** Each entry closes over its own model type, so train and predict stay paired without casts. */
const models: { name: string; validate(input: CrossValidationInput): Predictions }[] = [
  { name: "nearest-centroid", validate: (input) => crossValidate(nearestCentroid, input) },
  { name: "knn", validate: (input) => crossValidate(kNearestNeighbors, input) },
  { name: "logistic", validate: (input) => crossValidate(logisticRegression, input) },
];

/**
 * Ink per image runs from 185 to 433 (quartiles 285, 313, 338), so edges at 270, 300 and 330 give four
 * buckets of 226, 445, 540 and 586 images. "Thin strokes" (ink < 280 and at most 5 inked columns) holds 88
 * images (35 of them 1s), on which every model does worse than overall. Area runs from 16 to 42 pixels
 * (quartiles 31, 33, 35), so four quantile buckets split it.
 */
export const qualityStandard: QualityStandard = {
  stratifications: [
    { name: "digit", field: "label" },
    { name: "parity", field: "parity" },
    { name: "ink", field: "ink", buckets: [270, 300, 330] },
    { name: "area", field: "area", quantiles: 4 },
  ],
  test_cases: [
    {
      name: "thin strokes",
      where: {
        and: [
          { field: "ink", op: "lt", value: 280 },
          { field: "width", op: "le", value: 5 },
        ],
      },
    },
  ],
  metric_groups: [
    {
      name: "quality",
      metrics: [
        { label: "Accuracy", kind: "mean", field: "correct", higher_is_better: true },
        { label: "Macro F1", kind: "classification", measure: "f1", average: "macro", gt: "label", pred: "pred", higher_is_better: true },
        { label: "Mean confidence", kind: "mean", field: "score", higher_is_better: null },
      ],
    },
  ],
};

/** Arrow stores booleans one bit each, least significant bit first. */
function booleanVector(values: Uint8Array) {
  const bits = new Uint8Array(Math.ceil(values.length / 8));
  for (let index = 0; index < values.length; index++) if (values[index]) bits[index >> 3] |= 1 << (index & 7);
  return makeVector({ type: new Bool(), length: values.length, nullCount: 0, data: bits });
}

/** One contiguous byte buffer plus offsets: how Arrow lays out a Binary column. */
function binaryVector(values: Uint8Array[]) {
  const offsets = new Int32Array(values.length + 1);
  for (let index = 0; index < values.length; index++) offsets[index + 1] = offsets[index] + values[index].length;
  const bytes = new Uint8Array(offsets[values.length]);
  values.forEach((value, index) => bytes.set(value, offsets[index]));
  return makeVector({ type: new Binary(), length: values.length, nullCount: 0, valueOffsets: offsets, data: bytes });
}

/**
 * The embedding the map and discovery use: the 64 pixel intensities (0 … 16) scaled to 0 … 1, as a
 * fixed-size list of float32. None of the example's classifiers has a hidden layer, so the pixels
 * are the representation there is.
 */
function pixelEmbedding(pixels: Uint8Array, count: number) {
  const values = new Float32Array(count * pixelsPerImage);
  for (let index = 0; index < values.length; index++) values[index] = pixels[index] / 16;
  const child = makeData({ type: new Float32(), length: values.length, nullCount: 0, data: values });
  return makeVector(makeData({ type: new FixedSizeList(pixelsPerImage, new Field("item", new Float32(), false)), length: count, nullCount: 0, child }));
}

function datasetTable(digits: Digits, folds: Int32Array): Table {
  const { count, pixels, labels } = digits;
  const imageId = new Int32Array(count);
  const label = new Int32Array(count);
  const ink = new Int32Array(count);
  const area = new Int32Array(count);
  const width = new Int32Array(count);
  const parity: string[] = new Array(count);
  const images: Uint8Array[] = new Array(count);
  for (let row = 0; row < count; row++) {
    const image = pixels.subarray(row * pixelsPerImage, (row + 1) * pixelsPerImage);
    const shape = measureShape(image);
    imageId[row] = row;
    label[row] = labels[row];
    parity[row] = labels[row] % 2 === 0 ? "even" : "odd";
    ink[row] = shape.ink;
    area[row] = shape.area;
    width[row] = shape.width;
    images[row] = digitImage(image);
  }
  return new Table({
    image_id: makeVector(imageId),
    label: makeVector(label),
    parity: vectorFromArray(parity, new Utf8()),
    ink: makeVector(ink),
    area: makeVector(area),
    width: makeVector(width),
    fold: makeVector(folds),
    image: binaryVector(images),
    embedding: pixelEmbedding(pixels, count),
  });
}

function resultsTable(labels: Uint8Array, result: Predictions): Table {
  const count = labels.length;
  const imageId = new Int32Array(count);
  const pred = new Int32Array(count);
  const score = new Float64Array(count);
  const correct = new Uint8Array(count);
  for (let row = 0; row < count; row++) {
    imageId[row] = row;
    pred[row] = result.predictions[row];
    // The classifiers keep scores as float32; six decimals show 0.8 rather than 0.800000011920929.
    score[row] = Math.round(result.scores[row] * 1e6) / 1e6;
    correct[row] = result.predictions[row] === labels[row] ? 1 : 0;
  }
  return new Table({ image_id: makeVector(imageId), pred: makeVector(pred), score: makeVector(score), correct: booleanVector(correct) });
}

/** Reads the data and trains every model from scratch (five folds each); nothing is cached. */
export function buildDigitsExample(): DigitsExample {
  const digits = readDigits();
  const folds = assignFolds(digits.labels, { folds: 5 });
  const input: CrossValidationInput = {
    features: Float64Array.from(digits.pixels),
    labels: digits.labels,
    rows: digits.count,
    dims: pixelsPerImage,
    folds,
  };
  const results: Record<string, Table> = {};
  for (const model of models) results[model.name] = resultsTable(digits.labels, model.validate(input));
  return {
    dataset: datasetTable(digits, folds),
    results,
    // A copy, so a caller that edits its standard cannot change the next build's.
    qualityStandard: structuredClone(qualityStandard),
    models: models.map((model) => model.name),
    reference: "nearest-centroid",
  };
}
