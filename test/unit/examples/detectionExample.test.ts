// Tests the detection example: scenes of held-out digits with exact ground-truth boxes, the window features
// and non-maximum suppression on hand-worked inputs, the exact kNN search, and the three detectors' tables.
import { inflateSync } from "node:zlib";
import { Table, tableToIPC } from "apache-arrow";
import { buildDetectionExample, DetectionExample } from "../../../examples/detection";
import { trainingPatches } from "../../../examples/detection/detector";
import * as nearestNeighborSearch from "../../../examples/detection/nearestNeighborSearch";
import { nonMaximumSuppression } from "../../../examples/detection/nonMaximumSuppression";
import { generateScenes, placementBox, renderScene, splitDigits } from "../../../examples/detection/scenes";
import { integralInk, windowFeatures, windowGrid } from "../../../examples/detection/windows";
import * as kNearestNeighbors from "../../../examples/digits/kNearestNeighbors";
import { readDigits } from "../../../examples/digits/readDigits";

interface PlainBox {
  x_min: number;
  y_min: number;
  x_max: number;
  y_max: number;
  label: string;
  score?: number;
}

const digits = readDigits();
const sceneCount = 24;
let example: DetectionExample;
beforeAll(() => {
  example = buildDetectionExample({ scenes: sceneCount });
});

function boxLists(table: Table, column: string): PlainBox[][] {
  const vector = table.getChild(column)!;
  return Array.from({ length: table.numRows }, (_, row) => Array.from(vector.get(row)!, (box) => ({ ...(box as object) }) as PlainBox));
}

function numbers(table: Table, column: string): number[] {
  return Array.from(table.getChild(column)!.toArray() as ArrayLike<number>);
}

/** The scene's PNG decoded back to gray levels: the encoder writes filter type 0 before every row. */
function decodeGray(png: Uint8Array, width: number, height: number): Uint8Array {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  let offset = 8;
  const parts: Uint8Array[] = [];
  while (offset < png.length) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...png.subarray(offset + 4, offset + 8));
    if (type === "IDAT") parts.push(png.subarray(offset + 8, offset + 8 + length));
    offset += 12 + length;
  }
  const scanlines = inflateSync(Buffer.concat(parts));
  const gray = new Uint8Array(width * height);
  for (let row = 0; row < height; row++) gray.set(scanlines.subarray(row * (width + 1) + 1, (row + 1) * (width + 1)), row * width);
  return gray;
}

function iou(a: PlainBox, b: PlainBox): number {
  const width = Math.min(a.x_max, b.x_max) - Math.max(a.x_min, b.x_min);
  const height = Math.min(a.y_max, b.y_max) - Math.max(a.y_min, b.y_min);
  if (width <= 0 || height <= 0) return 0;
  return (width * height) / ((a.x_max - a.x_min) * (a.y_max - a.y_min) + (b.x_max - b.x_min) * (b.y_max - b.y_min) - width * height);
}

describe("a scene with one known digit", () => {
  const first = digits.pixels.subarray(0, 64); // row 1 of the file, a 0

  test("at size 8 reproduces the digit's pixels inside its box and leaves white paper outside", () => {
    const placement = { digit: 0, label: 0, x: 10, y: 20, size: 8 };
    const gray = renderScene(digits.pixels, [placement], { width: 32, height: 40, noise: 0 });
    expect(placementBox(placement)).toEqual({ xMin: 10, yMin: 20, xMax: 18, yMax: 28 });
    for (let y = 0; y < 40; y++) {
      for (let x = 0; x < 32; x++) {
        const inside = x >= 10 && x < 18 && y >= 20 && y < 28;
        const expected = inside ? Math.round(255 - (first[(y - 20) * 8 + (x - 10)] * 255) / 16) : 255;
        expect([x, y, gray[y * 32 + x]]).toEqual([x, y, expected]);
      }
    }
  });

  test("at size 16 samples the digit bilinearly between pixel centres", () => {
    const gray = renderScene(digits.pixels, [{ digit: 0, label: 0, x: 4, y: 4, size: 16 }], { width: 24, height: 24, noise: 0 });
    // Output pixel 3 samples source coordinate (3 + ½)·½ − ½ = 1.25: ¾ of source pixel 1 and ¼ of pixel 2, on both axes.
    const ink = (row: number, column: number) => first[row * 8 + column];
    const expected = 0.75 * (0.75 * ink(1, 1) + 0.25 * ink(1, 2)) + 0.25 * (0.75 * ink(2, 1) + 0.25 * ink(2, 2));
    expect(gray[(4 + 3) * 24 + 4 + 3]).toBe(Math.round(255 - (expected * 255) / 16));
    // Output pixel 0 samples −0.25, clamped to the edge: source pixel (0, 0) itself, paper (0) in the first 0.
    expect(gray[4 * 24 + 4]).toBe(Math.round(255 - (ink(0, 0) * 255) / 16));
  });

  test("in the dataset, a one-digit scene's box is its placed square and all ink beyond noise lies inside it", () => {
    const ids = numbers(example.dataset, "objects").flatMap((objects, id) => (objects === 1 ? [id] : []));
    expect(ids.length).toBeGreaterThan(0);
    const gt = boxLists(example.dataset, "gt");
    for (const id of ids) {
      const [placement] = example.scenes[id].placements;
      expect(gt[id]).toEqual([
        {
          x_min: placement.x,
          y_min: placement.y,
          x_max: placement.x + placement.size,
          y_max: placement.y + placement.size,
          label: String(digits.labels[placement.digit]),
        },
      ]);
      const gray = decodeGray(example.dataset.getChild("image")!.get(id)!, 96, 96);
      let darkest = 255;
      for (let y = 0; y < 96; y++) {
        for (let x = 0; x < 96; x++) {
          const inside = x >= placement.x && x < placement.x + placement.size && y >= placement.y && y < placement.y + placement.size;
          // Noise adds less than 1.5 ink (of 16): gray ≥ 255 − 1.5·255/16 ≈ 231 on paper.
          if (!inside) expect(gray[y * 96 + x]).toBeGreaterThanOrEqual(231);
          else darkest = Math.min(darkest, gray[y * 96 + x]);
        }
      }
      expect(darkest).toBeLessThan(100);
    }
  });
});

describe("window features", () => {
  test("an 8-pixel window over a digit drawn at size 8 reads back its 64 pixels (to the gray levels' rounding)", () => {
    const gray = renderScene(digits.pixels, [{ digit: 5, label: digits.labels[5], x: 3, y: 2, size: 8 }], { width: 16, height: 16, noise: 0 });
    const grid = { count: 1, x: Int32Array.of(3), y: Int32Array.of(2), size: Int32Array.of(8) };
    const features = new Float64Array(64);
    windowFeatures(integralInk(gray, 16, 16), 16, grid, 0, features, 0);
    features.forEach((value, index) => expect(Math.abs(value - digits.pixels[5 * 64 + index])).toBeLessThanOrEqual(16 / 255 / 2 + 1e-12));
  });

  test("a 12-pixel window averages over cells 1.5 pixels wide: one black column gives 16 · 1 / 1.5 in the first cell", () => {
    const gray = new Uint8Array(12 * 12).fill(255);
    for (let y = 0; y < 12; y++) gray[y * 12] = 0; // ink 16 in column 0
    const features = new Float64Array(64);
    windowFeatures(integralInk(gray, 12, 12), 12, windowGrid(12, 12, [12], 1), 0, features, 0);
    for (let row = 0; row < 8; row++) {
      expect(features[row * 8]).toBeCloseTo(16 / 1.5, 12);
      for (let column = 1; column < 8; column++) expect(features[row * 8 + column]).toBeCloseTo(0, 12);
    }
  });

  test("the grid steps each size by a quarter of it: 12 px windows every 3 px on 24 px make 5 × 5", () => {
    const grid = windowGrid(24, 24, [12], 0.25);
    expect(grid.count).toBe(25);
    expect(Array.from(grid.x.subarray(0, 5))).toEqual([0, 3, 6, 9, 12]);
  });
});

describe("non-maximum suppression", () => {
  // x_min, y_min, x_max, y_max per box.
  const boxes = Float64Array.from([
    0, 0, 10, 10, /* IoU with the first 0.5: */ 0, 0, 10, 5, /* IoU 0.3 exactly: */ 0, 0, 10, 3, /* another digit: */ 0, 0, 10, 10,
  ]);
  const labels = Uint8Array.of(7, 7, 7, 1);
  const scores = Float64Array.of(0.9, 0.95, 0.8, 0.5);

  test("keeps the best box of a digit, drops a same-digit box with IoU > 0.3, keeps IoU = 0.3 and other digits", () => {
    // Order by score: box 1 (0.95) kept; box 0 has IoU 0.5 with it → dropped; box 2 has IoU 0.6 with box 1 → dropped; box 3 is a 1.
    expect(Array.from(nonMaximumSuppression(boxes, labels, scores, 4, { iou: 0.3, maxKept: 100 }))).toEqual([1, 3]);
    // With box 1 scored last, box 0 leads: box 2's IoU with it is 30 / 100 = 0.3, not above the threshold, so
    // kept; box 1 (IoU 0.5 with box 0) is dropped.
    const withoutSecond = Float64Array.of(0.9, 0, 0.8, 0.5);
    expect(Array.from(nonMaximumSuppression(boxes, labels, withoutSecond, 4, { iou: 0.3, maxKept: 100 }))).toEqual([0, 2, 3]);
    expect(Array.from(nonMaximumSuppression(boxes, labels, withoutSecond, 4, { iou: 0.3, maxKept: 2 }))).toEqual([0, 2]);
  });
});

describe("the exact neighbour search", () => {
  test("finds the same class and vote share as kNearestNeighbors.predict for every query", () => {
    const split = splitDigits(digits.labels);
    const patches = trainingPatches(digits, split.training);
    const rows = 1500;
    const model = kNearestNeighbors.train(patches.features, patches.labels, rows, 64);
    // Queries: the held-out digits, and the patches past the first 1,500 (digit and background windows).
    const queries = new Float64Array((split.scene.length + 600) * 64);
    split.scene.forEach((digit, index) => queries.set(Array.from(digits.pixels.subarray(digit * 64, (digit + 1) * 64)), index * 64));
    queries.set(patches.features.subarray(patches.rows * 64 - 600 * 64), split.scene.length * 64);
    const count = split.scene.length + 600;
    const plain = kNearestNeighbors.predict(model, queries, count);
    const fast = nearestNeighborSearch.predict(nearestNeighborSearch.indexNeighbors(model), queries, count);
    expect(Array.from(fast.predictions)).toEqual(Array.from(plain.predictions));
    expect(Array.from(fast.scores)).toEqual(Array.from(plain.scores));
  });
});

describe("the digit split", () => {
  test("places only digits the detectors never trained on, and uses every digit once", () => {
    const { training, scene } = example.split;
    const trained = new Set(training);
    expect(training.length + scene.length).toBe(1797);
    expect(new Set([...training, ...scene]).size).toBe(1797);
    for (const placed of example.scenes.flatMap((entry) => entry.placements)) {
      expect(trained.has(placed.digit)).toBe(false);
      expect(scene).toContain(placed.digit);
    }
  });

  test("trains on the i-th image of each digit when i mod 5 is 0, 1 or 2", () => {
    for (let digit = 0; digit < 10; digit++) {
      const total = digits.labels.filter((label) => label === digit).length;
      const trainedCount = Array.from(example.split.training).filter((row) => digits.labels[row] === digit).length;
      expect(trainedCount).toBe(3 * Math.floor(total / 5) + Math.min(total % 5, 3));
    }
    expect(example.split.training.length).toBe(1085);
  });
});

describe("the dataset", () => {
  test("has the documented columns and Arrow types", () => {
    expect(example.dataset.numRows).toBe(sceneCount);
    expect(example.dataset.schema.fields.map((field) => `${field.name}:${field.type}`)).toEqual([
      "image_id:Int32",
      "image:Binary",
      "width:Int32",
      "height:Int32",
      "objects:Int32",
      "min_size:Int32",
      "mean_size:Float64",
      "max_overlap:Float64",
      "crowding:Utf8",
      "gt:List<Struct<{x_min:Float64, y_min:Float64, x_max:Float64, y_max:Float64, label:Utf8}>>",
    ]);
  });

  test("holds one gt box per placed digit, labelled with that digit's label in the file, inside the canvas", () => {
    const gt = boxLists(example.dataset, "gt");
    const objects = numbers(example.dataset, "objects");
    gt.forEach((boxes, id) => {
      expect(boxes.length).toBe(objects[id]);
      expect(objects[id]).toBeGreaterThanOrEqual(1);
      expect(objects[id]).toBeLessThanOrEqual(6);
      expect(boxes.map((box) => box.label)).toEqual(example.scenes[id].placements.map((placement) => String(digits.labels[placement.digit])));
      for (const box of boxes) {
        expect(box.x_min).toBeGreaterThanOrEqual(0);
        expect(box.y_min).toBeGreaterThanOrEqual(0);
        expect(box.x_max).toBeLessThanOrEqual(96);
        expect(box.y_max).toBeLessThanOrEqual(96);
        expect(box.x_max - box.x_min).toBe(box.y_max - box.y_min);
        expect(box.x_max - box.x_min).toBeGreaterThanOrEqual(12);
        expect(box.x_max - box.x_min).toBeLessThanOrEqual(40);
      }
    });
  });

  test("measures sizes, overlap and crowding from the gt boxes", () => {
    const gt = boxLists(example.dataset, "gt");
    const minSize = numbers(example.dataset, "min_size");
    const meanSize = numbers(example.dataset, "mean_size");
    const maxOverlap = numbers(example.dataset, "max_overlap");
    const crowding = example.dataset.getChild("crowding")!;
    gt.forEach((boxes, id) => {
      const sides = boxes.map((box) => box.x_max - box.x_min);
      expect(minSize[id]).toBe(Math.min(...sides));
      expect(meanSize[id]).toBeCloseTo(sides.reduce((total, side) => total + side, 0) / sides.length, 12);
      let largest = 0;
      for (const a of boxes) for (const b of boxes) if (a !== b) largest = Math.max(largest, iou(a, b));
      expect(maxOverlap[id]).toBeCloseTo(largest, 12);
      expect(crowding.get(id)).toBe(boxes.length <= 2 ? "sparse" : boxes.length <= 4 ? "moderate" : "crowded");
    });
  });

  test("the same seed gives the same tables; another seed other scenes", () => {
    const again = buildDetectionExample({ scenes: sceneCount });
    expect(tableToIPC(again.dataset)).toEqual(tableToIPC(example.dataset));
    for (const model of example.models) expect(tableToIPC(again.results[model])).toEqual(tableToIPC(example.results[model]));
    const pool = example.split.scene;
    expect(generateScenes(digits, pool, { count: 3, seed: 17 })).toEqual(example.scenes.slice(0, 3));
    expect(generateScenes(digits, pool, { count: 3, seed: 18 })).not.toEqual(example.scenes.slice(0, 3));
  });
});

describe("the detectors' results", () => {
  test("name three models with nearest centroid as the reference", () => {
    expect(example.models).toEqual(["nearest-centroid", "knn", "logistic"]);
    expect(example.reference).toBe("nearest-centroid");
  });

  test.each(["nearest-centroid", "knn", "logistic"])("%s: one row per scene, ≤ 100 window boxes each, best first, scores in [0, 1]", (model) => {
    const results = example.results[model];
    expect(results.schema.fields.map((field) => `${field.name}:${field.type}`)).toEqual([
      "image_id:Int32",
      "pred:List<Struct<{x_min:Float64, y_min:Float64, x_max:Float64, y_max:Float64, label:Utf8, score:Float64}>>",
    ]);
    expect(numbers(results, "image_id")).toEqual(numbers(example.dataset, "image_id"));
    for (const boxes of boxLists(results, "pred")) {
      expect(boxes.length).toBeLessThanOrEqual(100);
      boxes.forEach((box, index) => {
        expect(box.score).toBeGreaterThanOrEqual(0);
        expect(box.score).toBeLessThanOrEqual(1);
        if (index > 0) expect(box.score).toBeLessThanOrEqual(boxes[index - 1].score!);
        expect(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]).toContain(box.label);
        expect([12, 15, 19, 24, 30, 38]).toContain(box.x_max - box.x_min);
        expect(box.y_max - box.y_min).toBe(box.x_max - box.x_min);
        expect(box.x_min).toBeGreaterThanOrEqual(0);
        expect(box.y_max).toBeLessThanOrEqual(96);
      });
    }
  });

  // On the 300-scene build, bench/detectionExample.js measures recall 0.68–0.81 over all boxes.
  test.each(["nearest-centroid", "knn", "logistic"])("%s finds between 40% and 95% of the digits (IoU ≥ 0.5, right label)", (model) => {
    const gt = boxLists(example.dataset, "gt");
    const pred = boxLists(example.results[model], "pred");
    let found = 0;
    let total = 0;
    gt.forEach((truths, id) => {
      total += truths.length;
      found += truths.filter((truth) => pred[id].some((box) => box.label === truth.label && iou(box, truth) >= 0.5)).length;
    });
    expect(found / total).toBeGreaterThanOrEqual(0.4);
    expect(found / total).toBeLessThanOrEqual(0.95);
  });
});

describe("the quality standard", () => {
  test("stratifies on dataset columns, and the digit test cases name exactly the scenes holding each digit", () => {
    const fields = example.dataset.schema.fields.map((field) => field.name);
    for (const stratification of example.qualityStandard.stratifications) expect(fields).toContain(stratification.field);
    const gt = boxLists(example.dataset, "gt");
    for (let digit = 0; digit < 10; digit++) {
      const testCase = example.digitTestCases.find((entry) => entry.name === `holds a ${digit}`);
      expect(testCase ? testCase.ids : null).toEqual(gt.flatMap((boxes, id) => (boxes.some((box) => box.label === String(digit)) ? [id] : [])));
    }
  });
});
