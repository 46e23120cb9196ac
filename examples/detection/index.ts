// The real-pixel detection example: scenes of held-out UCI digits placed at random positions and sizes on
// 96×96 canvases (dataset with boxes as ground truth), and the boxes found by three sliding-window
// detectors built from the digits example's classifiers (one results table per model).
import { makeVector, Table, Utf8, vectorFromArray } from "apache-arrow";
import type { MetricDefinition, QualityStandard } from "../../src/core";
import { Classifier } from "../digits/classifier";
import * as kNearestNeighbors from "../digits/kNearestNeighbors";
import * as logisticRegression from "../digits/logisticRegression";
import * as nearestCentroid from "../digits/nearestCentroid";
import { encodeGrayscalePng } from "../digits/png";
import { readDigits } from "../digits/readDigits";
import { BoxLists, boxListVector, binaryVector } from "./arrowColumns";
import { intersectionOverUnion } from "./boxes";
import { createDetector, Detections, detectorDefaults, everyNthPatch, Patches, trainingPatches } from "./detector";
import * as nearestNeighborSearch from "./nearestNeighborSearch";
import { DigitSplit, generateScenes, placementBox, Scene, SceneOptions, splitDigits } from "./scenes";

/** A test case of the datapoints with these `image_id`s (the architecture's `{ name, ids }` test cases). */
export interface IdsTestCase {
  name: string;
  ids: number[];
}

export interface DetectionExample {
  /**
   * One row per scene: image_id, image (PNG), width, height, objects, min_size, mean_size, max_overlap,
   * crowding, gt (list<struct<x_min, y_min, x_max, y_max: float64, label: utf8>>).
   */
  dataset: Table;
  /** Model name → one row per scene: image_id, pred (list<struct<x_min, y_min, x_max, y_max, label, score>>). */
  results: Record<string, Table>;
  models: string[];
  /** The model the others are compared against. */
  reference: string;
  /** Stratifications by crowding, smallest object and overlap, a test case per digit (the scenes holding it, by id); mAP@[.5:.95], AP50 and F1 (docs/detection.md). */
  qualityStandard: QualityStandard;
  /** Per digit, the scenes holding it, as `{ name, ids }` test cases (also in `qualityStandard`). */
  digitTestCases: IdsTestCase[];
  /** The digits behind the scenes: which rows of the digits file trained the detectors and which were placed. */
  split: DigitSplit;
  /** Each scene's placements (digit row, label, x, y, size), in image_id order: where the gt boxes come from. */
  scenes: Scene[];
}

export interface DetectionExampleOptions {
  /** Scenes in the dataset (default 300): enough for a few dozen per digit and crowding level, and a build of about 10 s. */
  scenes?: number;
  seed?: number;
}

/**
 * The kNN detector searches a third of the training patches (every third row: 2,362 of 7,085 — 1,085 training digits, 2,000 digit windows, 4,000 background windows): the
 * whole set would triple its share of the build, the slowest part. Its search is exact (nearestNeighborSearch).
 */
export const knnPatchStep = 3;

const kNearestNeighborsIndexed: Classifier<nearestNeighborSearch.NeighborIndex> = {
  train: (features, labels, rows, dims) => nearestNeighborSearch.indexNeighbors(kNearestNeighbors.train(features, labels, rows, dims)),
  predict: nearestNeighborSearch.predict,
};

/** Each entry closes over its own model type, so train and detect stay paired without casts. */
const models: { name: string; build(patches: Patches, width: number, height: number): (gray: Uint8Array) => Detections }[] = [
  {
    name: "nearest-centroid",
    build: (patches, width, height) =>
      createDetector(nearestCentroid, nearestCentroid.train(patches.features, patches.labels, patches.rows, 64), width, height),
  },
  {
    name: "knn",
    build: (patches, width, height) => {
      const subset = everyNthPatch(patches, knnPatchStep);
      return createDetector(kNearestNeighborsIndexed, kNearestNeighborsIndexed.train(subset.features, subset.labels, subset.rows, 64), width, height);
    },
  },
  {
    name: "logistic",
    build: (patches, width, height) =>
      createDetector(logisticRegression, logisticRegression.train(patches.features, patches.labels, patches.rows, 64), width, height),
  },
];

/** Objects per scene: 1–2 sparse, 3–4 moderate, 5–6 crowded. */
export function crowding(objects: number): string {
  return objects <= 2 ? "sparse" : objects <= 4 ? "moderate" : "crowded";
}

/** The largest IoU between two ground-truth boxes of the scene; 0 with a single object. */
export function maxOverlap(scene: Scene): number {
  const boxes = scene.placements.map(placementBox);
  let largest = 0;
  for (let first = 0; first < boxes.length; first++)
    for (let second = first + 1; second < boxes.length; second++) largest = Math.max(largest, intersectionOverUnion(boxes[first], boxes[second]));
  return largest;
}

function groundTruthLists(scenes: Scene[]): BoxLists {
  const offsets = new Int32Array(scenes.length + 1);
  scenes.forEach((scene, index) => (offsets[index + 1] = offsets[index] + scene.placements.length));
  const boxes = new Float64Array(4 * offsets[scenes.length]);
  const labels = new Uint8Array(offsets[scenes.length]);
  scenes.forEach((scene, index) =>
    scene.placements.forEach((placement, object) => {
      const at = offsets[index] + object;
      const box = placementBox(placement);
      boxes.set([box.xMin, box.yMin, box.xMax, box.yMax], 4 * at);
      labels[at] = placement.label;
    }),
  );
  return { offsets, boxes, labels };
}

function predictionLists(detections: Detections[]): BoxLists {
  const offsets = new Int32Array(detections.length + 1);
  detections.forEach((found, index) => (offsets[index + 1] = offsets[index] + found.count));
  const total = offsets[detections.length];
  const lists: BoxLists = { offsets, boxes: new Float64Array(4 * total), labels: new Uint8Array(total), scores: new Float64Array(total) };
  detections.forEach((found, index) => {
    lists.boxes.set(found.boxes, 4 * offsets[index]);
    lists.labels.set(found.labels, offsets[index]);
    lists.scores!.set(found.scores, offsets[index]);
  });
  return lists;
}

function datasetTable(scenes: Scene[]): Table {
  const count = scenes.length;
  const objects = Int32Array.from(scenes, (scene) => scene.placements.length);
  const sizes = scenes.map((scene) => scene.placements.map((placement) => placement.size));
  return new Table({
    image_id: makeVector(Int32Array.from({ length: count }, (_, index) => index)),
    image: binaryVector(scenes.map((scene) => encodeGrayscalePng(scene.gray, scene.width, scene.height))),
    width: makeVector(Int32Array.from(scenes, (scene) => scene.width)),
    height: makeVector(Int32Array.from(scenes, (scene) => scene.height)),
    objects: makeVector(objects),
    min_size: makeVector(Int32Array.from(sizes, (list) => Math.min(...list))),
    mean_size: makeVector(Float64Array.from(sizes, (list) => list.reduce((total, size) => total + size, 0) / list.length)),
    max_overlap: makeVector(Float64Array.from(scenes, maxOverlap)),
    crowding: vectorFromArray(Array.from(objects, crowding), new Utf8()),
    gt: boxListVector(groundTruthLists(scenes)),
  });
}

/**
 * Smallest object: digits are 12–40 px square, so edges at 16, 24 and 32 px split the scenes by their
 * smallest digit (COCO's "small" is under 32 × 32 px of area). Overlap: the largest IoU between two digits
 * of a scene — none (< 0.01: apart or touching), a little (< 0.1), or more. Per digit: the scenes holding that digit, as ids.
 */
function digitTestCases(scenes: Scene[]): IdsTestCase[] {
  return Array.from({ length: 10 }, (_, digit) => ({
    name: `holds a ${digit}`,
    ids: scenes.flatMap((scene, id) => (scene.placements.some((placement) => placement.label === digit) ? [id] : [])),
  }));
}

const detection = { kind: "detection", gt: "gt", pred: "pred", higher_is_better: true } as const;

/**
 * COCO's mAP over IoU 0.50:0.95 and its AP at IoU 0.5 (macro over the ten digits, coco matching), and
 * F1 at IoU 0.5 with greedy matching at each digit's F1-optimal score threshold.
 */
const detectionMetrics: MetricDefinition[] = [
  { label: "mAP", measure: "ap", matching: "coco", iou: "0.50:0.05:0.95", ...detection },
  { label: "AP50", measure: "ap", matching: "coco", iou: 0.5, ...detection },
  { label: "F1", measure: "f1", matching: "greedy", iou: 0.5, threshold: "f1-optimal", ...detection },
];

function qualityStandard(digitCases: IdsTestCase[]): QualityStandard {
  return {
    stratifications: [
      { name: "crowding", field: "crowding" },
      { name: "smallest object", field: "min_size", buckets: [16, 24, 32] },
      { name: "overlap", field: "max_overlap", buckets: [0.01, 0.1] },
    ],
    test_cases: [
      {
        name: "one small digit alone",
        where: {
          and: [
            { field: "objects", op: "eq", value: 1 },
            { field: "min_size", op: "lt", value: 24 },
          ],
        },
      },
      ...digitCases,
    ],
    metric_groups: [{ name: "detection", metrics: detectionMetrics }],
  };
}

/** Reads the digits, makes the scenes, trains the three detectors and runs them on every scene; nothing is cached. */
export function buildDetectionExample(options: DetectionExampleOptions = {}): DetectionExample {
  const digits = readDigits();
  const split = splitDigits(digits.labels);
  const sceneOptions: SceneOptions = { count: options.scenes ?? 300, seed: options.seed ?? 17 };
  const scenes = generateScenes(digits, split.scene, sceneOptions);
  const { width, height } = scenes[0] ?? { width: 96, height: 96 };
  const patches = trainingPatches(digits, split.training, {}, detectorDefaults);
  const imageId = makeVector(Int32Array.from({ length: scenes.length }, (_, index) => index));
  const results: Record<string, Table> = {};
  for (const model of models) {
    const detect = model.build(patches, width, height);
    results[model.name] = new Table({ image_id: imageId, pred: boxListVector(predictionLists(scenes.map((scene) => detect(scene.gray)))) });
  }
  return {
    dataset: datasetTable(scenes),
    results,
    models: models.map((model) => model.name),
    reference: "nearest-centroid",
    qualityStandard: qualityStandard(digitTestCases(scenes)),
    digitTestCases: digitTestCases(scenes),
    split,
    scenes,
  };
}
