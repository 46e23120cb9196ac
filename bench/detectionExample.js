// Sanity figures of the detection example (issue 17): how long buildDetectionExample() takes, how many
// scenes, ground-truth boxes and predictions it makes, and per model the precision and recall at IoU ≥ 0.5
// by a plain greedy matching written here (the real detection metrics live in src/metrics). Optionally
// draws scenes with their boxes, 4× enlarged, to look at.
//
//   npx tsc -p tsconfig.json && node bench/detectionExample.js
//   options: --scenes 300  --seed 17  --render 0,1  (image ids to draw → bench/out/detection-scene-<id>.png)
//
// Figures, not assertions.
"use strict";

const { mkdirSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");
const { performance } = require("node:perf_hooks");
const { buildDetectionExample } = require("../lib/examples/detection");
const { encodeGrayscalePng } = require("../lib/examples/digits/png");
const { printTable } = require("./printTable");

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : process.argv[at + 1];
}

/** A list<struct> cell as plain boxes. */
function boxesOf(list) {
  const boxes = [];
  if (list === null) return boxes;
  for (let index = 0; index < list.length; index++) {
    const box = list.get(index);
    boxes.push({ xMin: box.x_min, yMin: box.y_min, xMax: box.x_max, yMax: box.y_max, label: box.label, score: box.score });
  }
  return boxes;
}

function iou(a, b) {
  const width = Math.min(a.xMax, b.xMax) - Math.max(a.xMin, b.xMin);
  const height = Math.min(a.yMax, b.yMax) - Math.max(a.yMin, b.yMin);
  if (width <= 0 || height <= 0) return 0;
  const shared = width * height;
  return shared / ((a.xMax - a.xMin) * (a.yMax - a.yMin) + (b.xMax - b.xMin) * (b.yMax - b.yMin) - shared);
}

/**
 * PASCAL-VOC-style greedy matching per image: predictions at or above `threshold` by descending score
 * each take the unmatched ground truth of the same label with the highest IoU ≥ 0.5; the rest are false positives.
 */
function precisionRecall(groundTruths, predictions, threshold) {
  let truePositives = 0;
  let falsePositives = 0;
  let total = 0;
  groundTruths.forEach((truths, image) => {
    total += truths.length;
    const taken = new Array(truths.length).fill(false);
    const ranked = predictions[image].filter((box) => box.score >= threshold).sort((a, b) => b.score - a.score);
    for (const box of ranked) {
      let best = -1;
      let bestIou = 0.5;
      truths.forEach((truth, index) => {
        const overlap = iou(box, truth);
        if (!taken[index] && truth.label === box.label && overlap >= bestIou) {
          best = index;
          bestIou = overlap;
        }
      });
      if (best === -1) falsePositives++;
      else {
        taken[best] = true;
        truePositives++;
      }
    }
  });
  const precision = truePositives + falsePositives === 0 ? NaN : truePositives / (truePositives + falsePositives);
  const recall = truePositives / total;
  return { precision, recall, f1: (2 * precision * recall) / (precision + recall) };
}

/** The scene's gray pixels 4× enlarged; ground truth as solid black outlines, predictions dotted (every other pixel) mid-gray. */
function drawScene(gray, width, height, truths, predictions) {
  const scale = 4;
  const canvas = new Uint8Array(width * scale * height * scale);
  for (let y = 0; y < height * scale; y++)
    for (let x = 0; x < width * scale; x++) canvas[y * width * scale + x] = gray[Math.floor(y / scale) * width + Math.floor(x / scale)];
  const outline = (box, level, dotted) => {
    const x0 = box.xMin * scale;
    const y0 = box.yMin * scale;
    const x1 = box.xMax * scale - 1;
    const y1 = box.yMax * scale - 1;
    const put = (x, y, step) => {
      if (!dotted || step % 4 < 2) canvas[y * width * scale + x] = level;
    };
    for (let x = x0; x <= x1; x++) {
      put(x, y0, x);
      put(x, y1, x);
    }
    for (let y = y0; y <= y1; y++) {
      put(x0, y, y);
      put(x1, y, y);
    }
  };
  truths.forEach((box) => outline(box, 0, false));
  predictions.forEach((box) => outline(box, 128, true));
  return encodeGrayscalePng(canvas, width * scale, height * scale);
}

function main() {
  const scenes = Number(option("scenes", 300));
  const seed = Number(option("seed", 17));
  const before = process.cpuUsage();
  const started = performance.now();
  const example = buildDetectionExample({ scenes, seed });
  const buildMs = performance.now() - started;
  const cpu = process.cpuUsage(before);
  const groundTruths = [];
  const gt = example.dataset.getChild("gt");
  for (let row = 0; row < example.dataset.numRows; row++) groundTruths.push(boxesOf(gt.get(row)));
  const boxes = groundTruths.reduce((total, list) => total + list.length, 0);
  console.log(
    `detection example: ${example.dataset.numRows} scenes, ${boxes} ground-truth boxes, built in ${(buildMs / 1000).toFixed(2)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU (target ≤ 15 s)`,
  );
  const counts = (field) => {
    const tally = {};
    for (const value of example.dataset.getChild(field).toArray()) tally[value] = (tally[value] ?? 0) + 1;
    return tally;
  };
  console.log(`crowding ${JSON.stringify(counts("crowding"))}; objects ${JSON.stringify(counts("objects"))}`);
  for (const stratification of example.qualityStandard.stratifications.filter((entry) => entry.buckets)) {
    const values = Array.from(example.dataset.getChild(stratification.field).toArray());
    const sizes = new Array(stratification.buckets.length + 1).fill(0);
    for (const value of values) sizes[stratification.buckets.filter((edge) => value >= edge).length]++;
    console.log(`${stratification.name} buckets at ${stratification.buckets.join(", ")}: ${sizes.join(" / ")} scenes`);
  }
  const header = ["model", "predictions", "max per image"];
  for (const threshold of [0, 0.5, 0.8]) header.push(`P ≥${threshold}`, `R ≥${threshold}`, `F1 ≥${threshold}`);
  const rows = [header];
  const predictionsByModel = {};
  for (const model of example.models) {
    const pred = example.results[model].getChild("pred");
    const predictions = [];
    for (let row = 0; row < pred.length; row++) predictions.push(boxesOf(pred.get(row)));
    predictionsByModel[model] = predictions;
    const total = predictions.reduce((sum, list) => sum + list.length, 0);
    const row = [model, total, Math.max(...predictions.map((list) => list.length))];
    for (const threshold of [0, 0.5, 0.8]) {
      const figures = precisionRecall(groundTruths, predictions, threshold);
      row.push(figures.precision.toFixed(3), figures.recall.toFixed(3), figures.f1.toFixed(3));
    }
    rows.push(row);
  }
  printTable("precision / recall / F1 at IoU ≥ 0.5 (greedy matching), predictions with score ≥ 0, 0.5, 0.8:", rows);
  const render = option("render", "");
  if (render !== "") {
    const folder = join(__dirname, "out");
    mkdirSync(folder, { recursive: true });
    const image = example.dataset.getChild("image");
    for (const id of render.split(",").map(Number)) {
      const scene = example.scenes[id];
      for (const model of example.models) {
        const shown = predictionsByModel[model][id].filter((box) => box.score >= 0.5);
        const path = join(folder, `detection-scene-${id}-${model}.png`);
        writeFileSync(path, drawScene(scene.gray, scene.width, scene.height, groundTruths[id], shown));
        console.log(
          `${path}: ${groundTruths[id].map((box) => box.label).join(" ")} | ${model} ≥ 0.5: ${shown.map((box) => `${box.label}(${box.score})`).join(" ")}`,
        );
      }
      if (image.get(id).length === 0) throw new Error(`scene ${id} has no PNG`);
    }
  }
}

main();
