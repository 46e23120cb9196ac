// Detection at scale (issue 17): 100,000 images, 3 models, ~7 ground truths and ~100 predictions an
// image, through the platform — upload (Arrow tables), then evaluate a quality standard with
// AP@[.50:.95], AP50 and F1 at the F1-optimal threshold on 20 test cases, intervals included.
// Prints upload, matching and evaluate times, the longest the event loop was held, and peak RSS.
// Figures, not assertions. Target: evaluate ≤ 60 s on this 2-core machine.
//
//   npx tsc -p tsconfig.json && node bench/detectionScale.js [--images 100000] [--predictions 100] [--seed 1] [--resamples 1000]
//   --keep DIR keeps the uploaded store in DIR; a later run given the same DIR (and the same --images,
//   --predictions, --seed) evaluates it again without generating and uploading (~3 min at 100,000 images)
//
// With SLICEWISE_PHASES=1 the platform prints evaluate's phases as it goes (src/platform/phaseTimes.ts):
// reading the boxes, reading and matching, the measures and their intervals. bench/out/detection-scale.json
// holds the figures and every row of the evaluation.
//
// The boxes are made column-wise into typed arrays (no row objects: 30 million boxes), in the spirit
// of test/helpers/cocoData.js: per image 0–14 objects of 80 classes; each model finds an object with
// its own probability (baseline 0.80, candidate 0.83, compact 0.76) with a jittered box scored 0.3–1,
// and fills up to ~100 predictions with clutter scored 0–0.6, half of it near objects.
"use strict";

const { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");
const { performance, monitorEventLoopDelay } = require("node:perf_hooks");
const { Field, Float64, Int32, List, RecordBatch, Schema, Struct, Table, Utf8, makeData, vectorFromArray } = require("apache-arrow");
const { Platform } = require("../lib/src/platform");
const detectionCore = require("../lib/src/metrics");
const { createRandom } = require("../test/helpers/syntheticData");
const { printTable } = require("./printTable");

const usage = "node bench/detectionScale.js [--images 100000] [--predictions 100] [--seed 1] [--resamples 1000] [--keep DIR]";
const models = [
  { name: "baseline", found: 0.8 },
  { name: "candidate", found: 0.83 },
  { name: "compact", found: 0.76 },
];
const classes = 80;
const groups = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];

function parseArguments(argv) {
  const options = { images: 100000, predictions: 100, seed: 1, resamples: 1000, keep: "" };
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i].replace(/^--/, "");
    if (!(name in options) || i + 1 >= argv.length) throw new Error(`unknown or incomplete option ${argv[i]}; ${usage}`);
    options[name] = name === "keep" ? argv[i + 1] : Number(argv[i + 1]);
  }
  return options;
}

/** Growable columns of boxes, with an offset per image. */
function boxColumns(capacity, scored) {
  return {
    length: 0,
    offsets: [0],
    x_min: new Float64Array(capacity),
    y_min: new Float64Array(capacity),
    x_max: new Float64Array(capacity),
    y_max: new Float64Array(capacity),
    label: new Int32Array(capacity),
    score: scored ? new Float64Array(capacity) : null,
  };
}

function push(columns, [x, y, w, h], label, score) {
  const at = columns.length++;
  columns.x_min[at] = x;
  columns.y_min[at] = y;
  columns.x_max[at] = x + w;
  columns.y_max[at] = y + h;
  columns.label[at] = label;
  if (columns.score) columns.score[at] = score;
}

/** A list<struct<x_min, y_min, x_max, y_max, label[, score]>> vector of the columns. */
function boxVector(columns) {
  const n = columns.length;
  const names = ["x_min", "y_min", "x_max", "y_max"];
  const fields = [...names.map((name) => new Field(name, new Float64(), false)), new Field("label", new Int32(), false)];
  const children = [
    ...names.map((name) => makeData({ type: new Float64(), length: n, data: columns[name].subarray(0, n) })),
    makeData({ type: new Int32(), length: n, data: columns.label.subarray(0, n) }),
  ];
  if (columns.score) {
    fields.push(new Field("score", new Float64(), false));
    children.push(makeData({ type: new Float64(), length: n, data: columns.score.subarray(0, n) }));
  }
  const struct = makeData({ type: new Struct(fields), length: n, nullCount: 0, children });
  const offsets = Int32Array.from(columns.offsets);
  const type = new List(new Field("item", struct.type, false));
  return makeData({ type, length: offsets.length - 1, nullCount: 0, valueOffsets: offsets, child: struct });
}

function generate(options) {
  const random = createRandom(options.seed);
  const integer = (low, high) => low + Math.floor(random() * (high - low + 1));
  const n = options.images;
  const truth = boxColumns(n * 8, false);
  const predicted = models.map(() => boxColumns(n * (options.predictions + 15), true));
  const group = [];
  const density = [];
  const brightness = new Float64Array(n);
  const sizedBox = () => {
    const side = random() < 0.4 ? integer(4, 40) : random() < 0.67 ? integer(24, 120) : integer(90, 260);
    const w = Math.max(2, Math.round(side * (0.6 + 0.8 * random())));
    const h = Math.max(2, Math.round(side * (0.6 + 0.8 * random())));
    return [integer(0, 640 - Math.min(w, 639)), integer(0, 480 - Math.min(h, 479)), w, h];
  };
  const nearBox = ([x, y, w, h]) => {
    const jitter = (size) => Math.round(size * 0.25);
    return [
      x + integer(-jitter(w), jitter(w)),
      y + integer(-jitter(h), jitter(h)),
      Math.max(1, w + integer(-jitter(w), jitter(w))),
      Math.max(1, h + integer(-jitter(h), jitter(h))),
    ];
  };
  for (let i = 0; i < n; i++) {
    const objects = integer(0, 14);
    group.push(groups[integer(0, groups.length - 1)]);
    density.push(objects <= 3 ? "sparse" : objects <= 7 ? "normal" : objects <= 11 ? "dense" : "crowded");
    brightness[i] = random();
    const boxes = [];
    for (let o = 0; o < objects; o++) {
      const box = sizedBox();
      const label = integer(1, classes);
      boxes.push({ box, label });
      push(truth, box, label, 0);
    }
    truth.offsets.push(truth.length);
    models.forEach((model, m) => {
      const columns = predicted[m];
      const start = columns.length;
      // Darker images are harder for every model.
      const found = model.found - 0.1 * (1 - brightness[i]);
      for (const { box, label } of boxes)
        if (random() < found) push(columns, nearBox(box), random() < 0.92 ? label : integer(1, classes), 0.3 + 0.7 * random());
      const clutter = Math.max(0, integer(options.predictions - 10, options.predictions + 10) - (columns.length - start));
      for (let c = 0; c < clutter; c++) {
        const box = boxes.length > 0 && random() < 0.5 ? nearBox(boxes[integer(0, boxes.length - 1)].box) : sizedBox();
        push(columns, box, integer(1, classes), 0.6 * random());
      }
      columns.offsets.push(columns.length);
    });
  }
  const ids = Int32Array.from({ length: n }, (_, i) => i + 1);
  const dataset = tableOf({
    id: makeData({ type: new Int32(), length: n, data: ids }),
    group: vectorFromArray(group, new Utf8()).data[0],
    density: vectorFromArray(density, new Utf8()).data[0],
    brightness: makeData({ type: new Float64(), length: n, data: brightness }),
    gt: boxVector(truth),
  });
  const results = models.map((_, m) => tableOf({ id: makeData({ type: new Int32(), length: n, data: ids }), pred: boxVector(predicted[m]) }));
  return { dataset, results, truth, predicted, boxes: { truth: truth.length, predictions: predicted.map((columns) => columns.length) } };
}

/**
 * Matching alone, in this process on the generated columns, as the evaluation matches them: once a
 * model, at AP@[.50:.95]'s 10 IoU thresholds (AP50 and F1 read its IoU 0.5) and the one area range
 * the standard names. One model's matches at a time, dropped after.
 */
function timeMatching(data, images) {
  const labels = detectionCore.createLabels();
  const boxSet = (columns, role) => {
    const n = columns.length;
    const area = new Float64Array(n);
    for (let i = 0; i < n; i++) area[i] = (columns.x_max[i] - columns.x_min[i]) * (columns.y_max[i] - columns.y_min[i]);
    return {
      role,
      images,
      start: Int32Array.from(columns.offsets),
      xMin: columns.x_min.subarray(0, n),
      yMin: columns.y_min.subarray(0, n),
      xMax: columns.x_max.subarray(0, n),
      yMax: columns.y_max.subarray(0, n),
      area,
      label: Int32Array.from(columns.label.subarray(0, n), (label) => detectionCore.labelIndex(labels, String(label))),
      score: columns.score ? columns.score.subarray(0, n) : new Float64Array(0),
      ignore: columns.score ? new Uint8Array(0) : new Uint8Array(n),
    };
  };
  const truth = boxSet(data.truth, "ground_truth");
  const rule = detectionCore.resolveMatchingOptions({ matching: "coco", iou: "0.50:0.05:0.95" });
  // One model is enough for the figure: the evaluation matches all three on the worker pool.
  return data.predicted.slice(0, 1).map((columns) => {
    const predictions = boxSet(columns, "predictions");
    const at = performance.now();
    detectionCore.matchDetections(truth, predictions, rule);
    return (performance.now() - at) / 1000;
  });
}

function tableOf(columns) {
  const fields = Object.entries(columns).map(([name, data]) => new Field(name, data.type, true));
  const schema = new Schema(fields);
  const length = Object.values(columns)[0].length;
  return new Table([new RecordBatch(schema, makeData({ type: new Struct(fields), length, nullCount: 0, children: Object.values(columns) }))]);
}

const detection = { kind: "detection", gt: "gt", pred: "pred", matching: "coco", higher_is_better: true };
const standard = {
  stratifications: [
    { name: "group", field: "group" },
    { name: "density", field: "density" },
  ],
  test_cases: [0, 1, 2, 3, 4].map((k) => ({
    name: `brightness ${k / 5}–${(k + 1) / 5}`,
    where: { field: "brightness", op: "between", value: [k / 5, (k + 1) / 5] },
  })),
  metric_groups: [
    {
      name: "detection",
      metrics: [
        { label: "AP@[.50:.95]", measure: "ap", iou: "0.50:0.05:0.95", ...detection },
        { label: "AP50", measure: "ap", iou: 0.5, ...detection },
        { label: "F1", measure: "f1", iou: 0.5, threshold: "f1-optimal", ...detection },
      ],
    },
  ],
};

/** Generates the boxes, times matching alone, and uploads the dataset and each model's results. */
async function generateAndUpload(platform, options, figures, seconds) {
  let at = performance.now();
  const data = generate(options);
  console.log(
    `${options.images} images, ${data.boxes.truth} ground truths, ${models.length} models × ` +
      `${data.boxes.predictions.map((count) => (count / options.images).toFixed(1)).join(" / ")} predictions an image (generated in ${seconds(at)} s)`,
  );
  const matching = timeMatching(data, options.images);
  data.truth = data.predicted = null;
  at = performance.now();
  await platform.uploadDataset("scale", { format: "table", table: data.dataset });
  const datasetUpload = seconds(at);
  const modelUploads = [];
  for (let m = 0; m < models.length; m++) {
    const started = performance.now();
    await platform.uploadResults("scale", models[m].name, { format: "table", table: data.results[m] });
    modelUploads.push(seconds(started));
  }
  figures.push(["matching alone (in this process, before upload; the first model), 10 IoU thresholds", `${matching[0].toFixed(1)} s`]);
  process.stderr.write(`  uploaded: dataset ${datasetUpload} s, results ${modelUploads.join(" / ")} s\n`);
  figures.push(["upload dataset (gt boxes)", `${datasetUpload} s`], ["upload results, per model (incl. the tp/fp/fn counts)", `${modelUploads.join(" / ")} s`]);
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  const delay = monitorEventLoopDelay({ resolution: 10 });
  const seconds = (from) => ((performance.now() - from) / 1000).toFixed(1);
  let at;
  const directory = options.keep || join(tmpdir(), `slicewise-detection-scale-${process.pid}`);
  const uploaded = join(directory, "uploaded.json");
  const size = { images: options.images, predictions: options.predictions, seed: options.seed };
  const kept = options.keep && existsSync(uploaded) ? JSON.parse(readFileSync(uploaded, "utf8")) : null;
  if (kept && JSON.stringify(kept) !== JSON.stringify(size))
    throw new Error(`${directory} holds ${JSON.stringify(kept)}, not ${JSON.stringify(size)}; give another --keep directory`);
  if (!kept) rmSync(directory, { recursive: true, force: true });
  const platform = await Platform.open({ data: directory });
  const figures = [];
  let rows;
  try {
    if (kept) process.stderr.write(`  evaluating the store kept in ${directory}\n`);
    else await generateAndUpload(platform, options, figures, seconds);
    if (options.keep) writeFileSync(uploaded, JSON.stringify(size));
    await platform.setQualityStandard("scale", standard);
    // The event loop while evaluating: how long a request arriving meanwhile would wait.
    delay.enable();
    let longestTick = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      longestTick = Math.max(longestTick, now - last);
      last = now;
    }, 20);
    at = performance.now();
    const evaluation = await platform.evaluate("scale", { models: models.map((model) => model.name), reference: "baseline", resamples: options.resamples });
    const evaluate = seconds(at);
    clearInterval(ticker);
    delay.disable();
    figures.push(
      ["evaluate: 3 metrics × 20 test cases × 3 models, intervals included", `${evaluate} s`],
      ["longest the event loop was held during evaluate", `${(longestTick / 1000).toFixed(2)} s`],
      ["event-loop delay p99 during evaluate", `${(delay.percentile(99) / 1e9).toFixed(2)} s`],
    );
    rows = evaluation.rows;
    const all = rows.filter((row) => row.test_case === "all");
    printTable("whole dataset", [
      ["model", "metric", "value", "95% interval", "delta", "p", "verdict"],
      ...all.map((row) => [
        row.model,
        row.metric,
        row.value?.toFixed(4),
        `[${row.ci_low?.toFixed(4)}, ${row.ci_high?.toFixed(4)}]`,
        row.delta === null ? "" : row.delta.toFixed(4),
        row.p_value === null ? "" : row.p_value.toPrecision(3),
        row.verdict,
      ]),
    ]);
    const testCases = new Set(rows.map((row) => `${row.stratification}/${row.test_case}`));
    figures.push(["rows / test cases", `${rows.length} / ${testCases.size}`]);
  } finally {
    platform.close();
    if (!options.keep) rmSync(directory, { recursive: true, force: true });
    clearInterval(sampler);
  }
  peak = Math.max(peak, process.memoryUsage().rss);
  figures.push(["peak RSS (sampled every 0.1 s)", `${(peak / 2 ** 30).toFixed(2)} GiB`]);
  printTable(`detection at scale (${options.images} images, resamples ${options.resamples})`, [["", ""], ...figures]);
  const out = join(__dirname, "out");
  mkdirSync(out, { recursive: true });
  // The rows too, so that two builds' evaluations can be compared value for value.
  writeFileSync(join(out, "detection-scale.json"), `${JSON.stringify({ options, figures, rows }, null, 2)}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
