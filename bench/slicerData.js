// Seeded samples tables for the live-slicing benchmark (bench/slicer.js): dataset columns, then per
// model `<model>.<field>` columns, built column-wise into typed arrays and encoded once as Arrow IPC.
"use strict";

const { Table, makeVector, tableToIPC } = require("apache-arrow");
// The seeded generator and the column builders of the platform bench's data.
const { createRandom, pick, utf8Vector, boolVector } = require("../test/helpers/syntheticData");

const models = ["a", "b", "c"];
const classes = 10;
const regions = ["north", "south", "east", "west", "central"];
const regionShares = [0.3, 0.25, 0.2, 0.15, 0.1];
const devices = ["phone", "tablet", "laptop", "camera"];
const deviceShares = [0.4, 0.25, 0.2, 0.15];
const sources = ["upload", "scan", "fax", "photo", "screenshot", "archive"];
const sourceShares = [0.35, 0.25, 0.05, 0.2, 0.1, 0.05];
const lightings = ["day", "night", "indoor", "mixed"];
const lightingShares = [0.45, 0.15, 0.3, 0.1];

/**
 * Per model: base accuracy and how region, device, blur and ink move it. `b` is better overall but
 * clearly worse on heavy ink in the central region (a slice for the worst-slice search to find);
 * `c` is a little worse and more sensitive to blur. Accuracies come out near a 0.89, b 0.91, c 0.87.
 */
const profiles = {
  a: { base: 0.89, region: [0, 0, 0, 0, 0], device: [-0.01, 0, 0.01, 0.01], blur: 0.12, heavyInkCentral: 0 },
  b: { base: 0.915, region: [0.01, 0, 0.01, 0, -0.03], device: [-0.01, -0.02, 0.01, 0.02], blur: 0.1, heavyInkCentral: -0.3 },
  c: { base: 0.87, region: [0, -0.01, 0, 0.02, 0], device: [-0.01, 0, 0.01, 0.01], blur: 0.2, heavyInkCentral: 0 },
};

/** How often a model's luck is the row's shared difficulty rather than its own draw: models err together. */
const sharedDifficulty = 0.7;

/**
 * `rows` samples. Always: ink, blur (float64), region, device (utf8), label (int32), and per model
 * correct (bool), score (float64), pred (int32). With `searchFields`, also brightness, contrast,
 * size (float64), source, lighting (utf8): ten fields to search slices over.
 * Returns the Arrow table, its IPC stream bytes and the overall accuracy of each model.
 */
function slicerSamples({ rows, seed = 1, searchFields = false }) {
  const random = createRandom(seed);
  const ink = new Float64Array(rows);
  const blur = new Float64Array(rows);
  const regionCodes = new Uint8Array(rows);
  const deviceCodes = new Uint8Array(rows);
  const label = new Int32Array(rows);
  const extra = searchFields
    ? {
        brightness: new Float64Array(rows),
        contrast: new Float64Array(rows),
        size: new Float64Array(rows),
        source: new Uint8Array(rows),
        lighting: new Uint8Array(rows),
      }
    : null;
  for (let row = 0; row < rows; row++) {
    // Ink in pixels: skewed to the right, 40 … ~700.
    ink[row] = 40 + 660 * random() ** 1.8;
    blur[row] = random();
    regionCodes[row] = pick(regionShares, random());
    deviceCodes[row] = pick(deviceShares, random());
    label[row] = Math.floor(random() * classes);
    if (extra) {
      extra.brightness[row] = (random() + random()) / 2;
      extra.contrast[row] = 0.2 + 0.8 * random() * random();
      extra.size[row] = Math.round(32 * 2 ** (6 * random())); // 32 … 2048 px, log-uniform
      extra.source[row] = pick(sourceShares, random());
      extra.lighting[row] = pick(lightingShares, random());
    }
  }
  const columns = {
    ink: makeVector(ink),
    blur: makeVector(blur),
    region: utf8Vector(regionCodes, regions),
    device: utf8Vector(deviceCodes, devices),
    label: makeVector(label),
  };
  if (extra) {
    Object.assign(columns, {
      brightness: makeVector(extra.brightness),
      contrast: makeVector(extra.contrast),
      size: makeVector(extra.size),
      source: utf8Vector(extra.source, sources),
      lighting: utf8Vector(extra.lighting, lightings),
    });
  }

  const difficulty = new Float64Array(rows);
  for (let row = 0; row < rows; row++) difficulty[row] = random();
  const accuracy = {};
  for (const model of models) {
    const profile = profiles[model];
    const pred = new Int32Array(rows);
    const score = new Float64Array(rows);
    const correct = new Uint8Array(rows);
    let right = 0;
    for (let row = 0; row < rows; row++) {
      const heavyInkCentral = regionCodes[row] === 4 && ink[row] > 400 ? profile.heavyInkCentral : 0;
      const chance = profile.base + profile.region[regionCodes[row]] + profile.device[deviceCodes[row]] - profile.blur * (blur[row] - 0.5) + heavyInkCentral;
      const luck = random() < sharedDifficulty ? difficulty[row] : random();
      const isRight = luck < Math.min(0.99, Math.max(0.05, chance));
      correct[row] = isRight ? 1 : 0;
      right += correct[row];
      pred[row] = isRight ? label[row] : (label[row] + 1 + Math.floor(random() * (classes - 1))) % classes;
      // Scores correlate with correctness: confident when right, spread out when wrong.
      score[row] = isRight ? 0.5 + 0.5 * Math.sqrt(random()) : 0.15 + 0.65 * random();
    }
    columns[`${model}.correct`] = boolVector(correct);
    columns[`${model}.score`] = makeVector(score);
    columns[`${model}.pred`] = makeVector(pred);
    accuracy[model] = right / rows;
  }
  const table = new Table(columns);
  return { table, ipc: tableToIPC(table, "stream"), accuracy };
}

const searchFieldNames = ["ink", "blur", "brightness", "contrast", "size", "region", "device", "source", "lighting", "label"];

module.exports = { slicerSamples, models, searchFieldNames };
