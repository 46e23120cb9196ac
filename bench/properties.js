// Properties bench (issue 18, part 1): 100,000 generated 64×64 PNGs (gray, with noise, edges and
// gradients so deflate and the filters have work) uploaded as a dataset, then measured by
// Platform.extractProperties; also the decode and the measuring alone. Prints images/s; asserts nothing.
// Needs `npx tsc -p tsconfig.json` first (reads lib/).
"use strict";

const { mkdtempSync, rmSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");
const { performance } = require("node:perf_hooks");
const { Binary, Table, makeVector } = require("apache-arrow");
const { Platform } = require("../lib/src/platform");
const { imageProperties } = require("../lib/src/metrics");
const { decodeImage } = require("../lib/src/platform/properties/decodeImage");
const { encodeGrayscalePng } = require("../lib/examples/digits/png");
const { printTable } = require("./printTable");

const usage = "node bench/properties.js [--images 100000] [--side 64] [--distinct 1000]";

function parseArguments(argv) {
  const options = { images: 100000, side: 64, distinct: 1000 };
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i].replace(/^--/, "");
    if (!(name in options) || i + 1 >= argv.length) throw new Error(`unknown or incomplete option ${argv[i]}; ${usage}`);
    options[name] = Number(argv[i + 1]);
  }
  return options;
}

/** A seeded gray image: a gradient, a bright square at a varying place, and noise. */
function makeImage(seed, side) {
  let state = seed * 2654435761 + 1;
  const random = () => ((state = (state * 1103515245 + 12345) >>> 0) & 0xffff) / 0xffff;
  const gray = new Uint8Array(side * side);
  const corner = Math.floor(random() * (side / 2));
  for (let y = 0; y < side; y++)
    for (let x = 0; x < side; x++) {
      const inside = x >= corner && x < corner + side / 4 && y >= corner && y < corner + side / 4;
      gray[y * side + x] = Math.min(255, Math.round((x * 160) / side + (inside ? 80 : 0) + random() * 15));
    }
  return encodeGrayscalePng(gray, side, side);
}

function binaryVector(values) {
  const offsets = new Int32Array(values.length + 1);
  for (let i = 0; i < values.length; i++) offsets[i + 1] = offsets[i] + values[i].length;
  const bytes = new Uint8Array(offsets[values.length]);
  values.forEach((value, i) => bytes.set(value, offsets[i]));
  return makeVector({ type: new Binary(), length: values.length, nullCount: 0, valueOffsets: offsets, data: bytes });
}

/** Decode alone, then measuring alone, timed apart; in its own scope so the decoded pixels are garbage before the platform's run. */
function decodeAndMeasure(images) {
  let started = performance.now();
  const decoded = images.map((bytes) => decodeImage(bytes));
  let seconds = (performance.now() - started) / 1000;
  const rows = [["decode only (pngjs)", decoded.length, seconds.toFixed(2), Math.round(decoded.length / seconds)]];
  started = performance.now();
  for (const pixels of decoded) imageProperties(pixels);
  seconds = (performance.now() - started) / 1000;
  rows.push(["measure only (decoded)", decoded.length, seconds.toFixed(2), Math.round(decoded.length / seconds)]);
  return rows;
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  // A pool of distinct images repeated: generating 100,000 different PNGs would time the generator.
  const pool = Array.from({ length: options.distinct }, (_, index) => makeImage(index + 1, options.side));
  const images = Array.from({ length: options.images }, (_, index) => pool[index % pool.length]);
  const rows = [];

  rows.push(...decodeAndMeasure(images.slice(0, 20000)));

  const directory = mkdtempSync(join(tmpdir(), "slicewise-properties-bench-"));
  const platform = await Platform.open({ data: directory });
  try {
    const table = new Table({ id: makeVector(Int32Array.from({ length: options.images }, (_, index) => index)), image: binaryVector(images) });
    let started = performance.now();
    await platform.uploadDataset("bench", { format: "table", table });
    let seconds = (performance.now() - started) / 1000;
    rows.push(["upload (not part of the figure)", options.images, seconds.toFixed(2), Math.round(options.images / seconds)]);

    started = performance.now();
    const summary = await platform.extractProperties("bench", { image: "image" });
    seconds = (performance.now() - started) / 1000;
    rows.push(["extractProperties (read, decode, measure, commit)", summary.rows, seconds.toFixed(2), Math.round(summary.rows / seconds)]);
    if (summary.bad_images !== 0) console.log(`unexpected: ${summary.bad_images} bad images`);
  } finally {
    platform.close();
    rmSync(directory, { recursive: true, force: true });
  }
  const sizes = pool.map((bytes) => bytes.length);
  printTable(
    `Properties of ${options.images} ${options.side}×${options.side} gray PNGs (${Math.min(...sizes)}–${Math.max(...sizes)} bytes); target ≥ 2,000 images/s`,
    [["step", "images", "seconds", "images/s"], ...rows],
  );
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
