// Detection bench (issue 17): COCO val2017's size — 5,000 images, ~36,000 ground truths, 3 models ×
// ~100 predictions per image, 80 classes — matched once per model and scored AP@[.50:.95] on 20
// test cases by slicewise's core, by pycocotools' COCOeval and by faster-coco-eval (from the test
// venv, in the same run). Prints times and the largest |Δ| of the values; asserts nothing.
// Needs `npx tsc -p tsconfig.json` first (reads lib/).
"use strict";

const { spawnSync } = require("node:child_process");
const { mkdirSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");
const { performance } = require("node:perf_hooks");
const detection = require("../lib/src/metrics");
const { generateCocoData, cocoToRows } = require("../test/helpers/cocoData");
const { createRandom } = require("../test/helpers/syntheticData");
const { venvPath } = require("../test/helpers/venvPath");
const { printTable } = require("./printTable");

const usage = "node bench/detection.js [--images 5000] [--classes 80] [--test-cases 20] [--seed 1] [--repeat 3] [--resamples 200] [--tools pycocotools,faster]";

function parseArguments(argv) {
  const options = { images: 5000, classes: 80, testCases: 20, seed: 1, repeat: 3, resamples: 200, tools: "pycocotools,faster" };
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i].replace(/^--/, "").replace(/-(\w)/g, (_, letter) => letter.toUpperCase());
    if (!(name in options) || i + 1 >= argv.length) throw new Error(`unknown or incomplete option ${argv[i]}; ${usage}`);
    options[name] = name === "tools" ? argv[i + 1] : Number(argv[i + 1]);
  }
  return options;
}

/** The whole dataset, then test cases of 10–60% of the images drawn at random (seeded). */
function makeTestCases(images, count, seed) {
  const random = createRandom(seed);
  const all = Array.from({ length: images }, (_, i) => i);
  const cases = [all];
  for (let c = 1; c < count; c++) {
    const share = 0.1 + 0.5 * random();
    cases.push(all.filter(() => random() < share));
  }
  return cases;
}

/** Ours: match once per model, then AP@[.50:.95] (macro over classes, 101-point) per test case. */
function runOurs(truth, predictions, labels, testCases) {
  const options = detection.resolveMatchingOptions({ matching: "coco", iou: "0.50:0.05:0.95", maxDetections: 100 });
  const started = performance.now();
  const matches = detection.matchDetections(truth, predictions, options);
  const matched = performance.now();
  const measure = detection.resolveDetectionMeasure({ measure: "ap" }, matches, labels);
  const values = testCases.map((images) => detection.prepareDetectionMeasure(matches, images, measure).measure(new Float64Array(images.length).fill(1)));
  const done = performance.now();
  return { matchMs: matched - started, scoreMs: done - matched, totalMs: done - started, values, matches };
}

function main() {
  const options = parseArguments(process.argv.slice(2));
  const models = ["baseline", "candidate", "compact"];
  const generated = performance.now();
  const data = generateCocoData({
    seed: options.seed,
    images: options.images,
    classes: options.classes,
    models,
    objectsPerImage: 7.5,
    clutterPerImage: 93,
    clutterNearObjects: 0.5,
    noPredictionShare: 0.01,
  });
  const predictionsPerImage = models.map((model) => data.results[model].length / options.images);
  const testCases = makeTestCases(options.images, options.testCases, options.seed + 1);
  console.log(
    `${options.images} images, ${data.annotations.length} ground truths, ${models.length} models × ` +
      `${predictionsPerImage.map((count) => count.toFixed(1)).join(" / ")} predictions per image, ${options.classes} classes; ` +
      `${testCases.length} test cases of ${Math.min(...testCases.map((c) => c.length))}–${options.images} images ` +
      `(generated in ${((performance.now() - generated) / 1000).toFixed(1)} s)`,
  );

  // Ours, first: parse rows into typed arrays (like an Arrow list<struct> column), then match and score.
  const rows = cocoToRows(data);
  const parseStarted = performance.now();
  const labels = detection.createLabels();
  const truth = detection.parseBoxes(rows.truth, { role: "ground_truth", labels });
  const predictions = Object.fromEntries(models.map((model) => [model, detection.parseBoxes(rows.predictions[model], { role: "predictions", labels })]));
  const parseMs = performance.now() - parseStarted;
  const runs = [];
  for (let r = 0; r < options.repeat; r++) {
    const run = models.map((model) => runOurs(truth, predictions[model], labels, testCases));
    // Only the first run's matches are used again (the bootstrap); later ones would only fill the heap.
    if (r > 0) for (const result of run) delete result.matches;
    runs.push(run);
  }
  const ours = runs[0].map((_, m) => ({
    ...runs[0][m],
    matchMs: median(runs.map((run) => run[m].matchMs)),
    scoreMs: median(runs.map((run) => run[m].scoreMs)),
    totalMs: median(runs.map((run) => run[m].totalMs)),
    firstMs: runs[0][m].totalMs,
  }));

  // The bootstrap the platform will run: AP@[.50:.95] on the whole dataset, paired with the baseline.
  const measure = detection.resolveDetectionMeasure({ measure: "ap" }, ours[1].matches, labels);
  const all = testCases[0];
  const model = detection.prepareDetectionMeasure(ours[1].matches, all, measure).measure;
  const reference = detection.prepareDetectionMeasure(
    ours[0].matches,
    all,
    detection.resolveDetectionMeasure({ measure: "ap" }, ours[0].matches, labels),
  ).measure;
  const bootstrapStarted = performance.now();
  const summary = detection.summarizeDetection(model, reference, all.length, { confidence: 0.95, resamples: options.resamples, seed: 1 });
  const bootstrapMs = performance.now() - bootstrapStarted;

  // Theirs, in the venv's Python, on the same data and test cases (image ids are 1-based).
  const directory = join(__dirname, "out");
  mkdirSync(directory, { recursive: true });
  const path = join(directory, "detection-data.json");
  writeFileSync(path, JSON.stringify({ ...data, subsets: testCases.map((images) => images.map((i) => data.images[i].id)) }));
  const python = join(venvPath, "bin", "python");
  const run =
    options.tools === "none"
      ? { status: 0, stdout: "{}" }
      : spawnSync(python, [join(__dirname, "detection_coco.py"), path, options.tools], {
          encoding: "utf8",
          maxBuffer: 1 << 28,
          stdio: ["ignore", "pipe", "inherit"],
        });
  if (run.status !== 0) throw new Error(`${python} bench/detection_coco.py failed (status ${run.status})`);
  const theirs = JSON.parse(run.stdout);

  const seconds = (ms) => (ms / 1000).toFixed(2);
  const rowsOut = [["", "parse / load (s)", "match + AP, 20 test cases (s)", "per model (s)", "max |Δ AP| vs ours"]];
  const oursTotal = ours.reduce((sum, run) => sum + run.totalMs, 0);
  rowsOut.push([
    "slicewise (median of " + options.repeat + ")",
    seconds(parseMs),
    seconds(oursTotal),
    ours.map((run) => seconds(run.totalMs)).join(" / "),
    "—",
  ]);
  rowsOut.push(["slicewise, first run", "", seconds(ours.reduce((sum, run) => sum + run.firstMs, 0)), ours.map((run) => seconds(run.firstMs)).join(" / "), ""]);
  const report = {
    options,
    parseMs,
    ours: ours.map(({ matchMs, scoreMs, totalMs, firstMs, values }) => ({ matchMs, scoreMs, totalMs, firstMs, values })),
    theirs,
    bootstrapMs,
    summary,
  };
  for (const [tool, byModel] of Object.entries(theirs)) {
    const perModel = models.map((name) => byModel[name]);
    let largest = 0;
    perModel.forEach((result, m) => result.ap.forEach((value, c) => (largest = Math.max(largest, Math.abs(value - ours[m].values[c])))));
    rowsOut.push([
      tool === "faster" ? "faster-coco-eval 1.8.0" : "pycocotools 2.0.11",
      seconds(1000 * perModel.reduce((sum, result) => sum + result.load_s, 0)),
      seconds(1000 * perModel.reduce((sum, result) => sum + result.evaluate_s, 0)),
      perModel.map((result) => result.evaluate_s.toFixed(2)).join(" / "),
      largest.toExponential(2),
    ]);
    report[`maxDelta_${tool}`] = largest;
  }
  printTable("AP@[.50:.95], 3 models × 20 test cases", rowsOut);
  printTable("slicewise's parts (median, per model)", [
    ["", ...models],
    ["match once (10 IoU thresholds)", ...ours.map((run) => `${run.matchMs.toFixed(0)} ms`)],
    ["AP for 20 test cases", ...ours.map((run) => `${run.scoreMs.toFixed(0)} ms`)],
    ["AP, all images", ...ours.map((run) => run.values[0].toFixed(6))],
  ]);
  console.log(
    `\nbootstrap of candidate − baseline AP@[.50:.95] on all ${all.length} images: ${options.resamples} paired resamples in ${seconds(bootstrapMs)} s ` +
      `(${(bootstrapMs / options.resamples).toFixed(1)} ms each); AP ${summary.value.toFixed(4)} [${summary.ciLow.toFixed(4)}, ${summary.ciHigh.toFixed(4)}], p = ${summary.pValue.toPrecision(3)}`,
  );
  writeFileSync(join(directory, "detection.json"), JSON.stringify(report, null, 2));
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

main();
