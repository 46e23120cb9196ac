// Synthetic per-sample data for the benchmark and the Spark parity test: a dataset and three
// models' results, built column-wise into typed arrays and wrapped as apache-arrow Tables (no row
// objects).
"use strict";

const { Bool, Table, Utf8, makeData, makeVector } = require("apache-arrow");

const regions = ["north", "south", "east", "west", "central"];
const regionShares = [0.3, 0.25, 0.2, 0.15, 0.1];
const devices = ["phone", "tablet", "laptop", "camera"];
const deviceShares = [0.4, 0.25, 0.2, 0.15];
const classes = 10;

/**
 * How likely each model is to be right, so that the comparison has something to find:
 * `candidate` is better in the north and east and clearly worse in the central region and on
 * tablets; `compact` is a little worse in most places, better in the west, and more sensitive
 * to blur (better on sharp images, worse on blurry ones).
 */
const modelProfiles = [
  { name: "baseline", base: 0.82, region: [0, 0, 0, 0, 0], device: [-0.02, 0, 0, 0.03], blurPenalty: 0.2 },
  { name: "candidate", base: 0.83, region: [0.04, 0, 0.02, -0.01, -0.08], device: [-0.02, -0.04, 0, 0.03], blurPenalty: 0.12 },
  { name: "compact", base: 0.81, region: [-0.01, -0.02, 0, 0.04, -0.01], device: [-0.02, 0, 0, 0.03], blurPenalty: 0.26 },
];
const modelNames = modelProfiles.map((profile) => profile.name);

/** How often a model's luck is the row's shared difficulty rather than its own draw: models err together. */
const sharedDifficulty = 0.7;

/** mulberry32 (Tommy Ettinger): a small seeded generator of floats in [0, 1), plenty for synthetic data. */
function createRandom(seed) {
  let state = seed >>> 0;
  return function random() {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Index drawn from shares that sum to 1. */
function pick(shares, u) {
  let cumulative = 0;
  for (let index = 0; index < shares.length - 1; index++) {
    cumulative += shares[index];
    if (u < cumulative) return index;
  }
  return shares.length - 1;
}

/** A Utf8 column from small integer codes: one offsets array and one byte buffer, no JS strings per row. */
function utf8Vector(codes, names) {
  const encoded = names.map((name) => Buffer.from(name, "utf8"));
  const offsets = new Int32Array(codes.length + 1);
  for (let row = 0; row < codes.length; row++) offsets[row + 1] = offsets[row] + encoded[codes[row]].length;
  const bytes = new Uint8Array(offsets[codes.length]);
  for (let row = 0; row < codes.length; row++) bytes.set(encoded[codes[row]], offsets[row]);
  return makeVector(makeData({ type: new Utf8(), length: codes.length, nullCount: 0, valueOffsets: offsets, data: bytes }));
}

/** Arrow stores booleans one bit each, least significant bit first. */
function boolVector(values) {
  const bits = new Uint8Array(Math.ceil(values.length / 8));
  for (let row = 0; row < values.length; row++) if (values[row]) bits[row >> 3] |= 1 << (row & 7);
  return makeVector(makeData({ type: new Bool(), length: values.length, nullCount: 0, data: bits }));
}

/**
 * Builds `rows` datapoints and the results of every model for all of them, in id order.
 * Returns the Arrow tables and the models' names.
 */
function generateData({ rows, seed }) {
  return { ...generateRows(rows, createRandom(seed), 0), models: modelNames };
}

/**
 * The same data in parts of `chunkRows` rows, for sizes that do not fit in memory at once: yields
 * `{ dataset, results, first }` for ids first … first + part's rows − 1. Each part draws from its
 * own seeded generator, so the rows differ from generateData's of the same seed (its one
 * generator runs through every row's dataset columns before the models').
 */
function* generateChunks({ rows, seed, chunkRows = 1_000_000 }) {
  for (let first = 0, part = 0; first < rows; first += chunkRows, part++)
    yield { ...generateRows(Math.min(chunkRows, rows - first), createRandom(seed + 7919 * part), first), first };
}

/** `rows` datapoints with ids from `firstId` and every model's results for them, drawn from `random`. */
function generateRows(rows, random, firstId) {
  const id = new Int32Array(rows);
  const regionCodes = new Uint8Array(rows);
  const deviceCodes = new Uint8Array(rows);
  const blur = new Float32Array(rows);
  const brightness = new Float32Array(rows);
  const size = new Int32Array(rows);
  const label = new Int8Array(rows);
  for (let row = 0; row < rows; row++) {
    id[row] = firstId + row;
    regionCodes[row] = pick(regionShares, random());
    deviceCodes[row] = pick(deviceShares, random());
    blur[row] = random();
    brightness[row] = (random() + random()) / 2;
    size[row] = Math.floor(32 * 2 ** (6 * random())); // 32 … 2047 px, log-uniform
    label[row] = Math.floor(random() * classes);
  }
  const dataset = new Table({
    id: makeVector(id),
    region: utf8Vector(regionCodes, regions),
    device: utf8Vector(deviceCodes, devices),
    blur: makeVector(blur),
    brightness: makeVector(brightness),
    size: makeVector(size),
    label: makeVector(label),
  });

  const difficulty = new Float64Array(rows);
  for (let row = 0; row < rows; row++) difficulty[row] = random();
  const results = modelProfiles.map((profile) => {
    const pred = new Int8Array(rows);
    const score = new Float32Array(rows);
    const correct = new Uint8Array(rows);
    for (let row = 0; row < rows; row++) {
      const chance = profile.base + profile.region[regionCodes[row]] + profile.device[deviceCodes[row]] - profile.blurPenalty * (blur[row] - 0.5);
      const luck = random() < sharedDifficulty ? difficulty[row] : random();
      const right = luck < Math.min(0.99, Math.max(0.05, chance));
      correct[row] = right ? 1 : 0;
      pred[row] = right ? label[row] : (label[row] + 1 + Math.floor(random() * (classes - 1))) % classes;
      score[row] = right ? 0.55 + 0.45 * random() : 0.2 + 0.6 * random();
    }
    return new Table({ id: makeVector(id), pred: makeVector(pred), score: makeVector(score), correct: boolVector(correct) });
  });
  return { dataset, results };
}

module.exports = { generateData, generateChunks, regions, devices, modelNames, createRandom, pick, utf8Vector, boolVector };
