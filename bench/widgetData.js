// Seeded data for the widget benchmarks, shaped like what the platform hands the widgets: an
// evaluation table (test case × model × metric, through the library's evaluationTableFromRows) and
// a samples table (dataset columns, real 32×32 digit thumbnails as PNG bytes, `<model>.pred/score/correct`).
// Also each table's JSON twin (an array of row objects), for the Arrow-vs-JSON figures.
"use strict";

const { Binary, Bool, Table, Utf8, makeData, makeVector, tableToIPC } = require("apache-arrow");
const { evaluationTableFromRows } = require("../lib/src/core/evaluationTable");
const { digitImage } = require("../lib/examples/digits/png");
const { readDigits, pixelsPerImage } = require("../lib/examples/digits/readDigits");

/** mulberry32 (Tommy Ettinger): small seeded floats in [0, 1). */
function createRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const evaluationModels = ["baseline", "candidate", "compact", "distilled"];
const evaluationMetrics = [
  { group: "classification", metric: "Accuracy", higherIsBetter: true },
  { group: "classification", metric: "Macro F1", higherIsBetter: true },
  { group: "classification", metric: "Precision", higherIsBetter: true },
  { group: "classification", metric: "Recall", higherIsBetter: true },
  { group: "confidence", metric: "Mean score", higherIsBetter: null },
];
/** Small stratifications first (as a quality standard usually lists them), then one wide one that takes the rest. */
const smallStratifications = [
  { name: "region", values: ["north", "south", "east", "west", "central"] },
  { name: "device", values: ["phone", "tablet", "laptop", "camera"] },
  { name: "ink", values: ["< 270", "270–300", "300–330", "≥ 330"] },
];

/** `count` test cases: the whole dataset, the small stratifications, then `site` = site-0001 … for the rest. */
function testCases(count) {
  const keys = [{ stratification: "dataset", test_case: "all" }];
  for (const { name, values } of smallStratifications)
    for (const value of values) if (keys.length < count) keys.push({ stratification: name, test_case: value });
  for (let site = 1; keys.length < count; site++) keys.push({ stratification: "site", test_case: `site-${String(site).padStart(4, "0")}` });
  return keys;
}

/**
 * Evaluation rows for `testCaseCount` test cases × `models` (≤ 4, default 4) models × 5 metrics, the reference (`baseline`)
 * first in each test case with no delta, p, q or verdict, as assembleEvaluation writes them.
 */
function evaluationRows({ testCaseCount, models = evaluationModels.length, seed = 1 }) {
  const random = createRandom(seed);
  const rows = [];
  for (const key of testCases(testCaseCount)) {
    const n = key.stratification === "dataset" ? 100_000 : Math.floor(20 + 4000 * random() ** 2);
    const referenceValues = evaluationMetrics.map(() => 0.6 + 0.35 * random());
    evaluationModels.slice(0, models).forEach((model, m) => {
      evaluationMetrics.forEach((metric, k) => {
        const value = m === 0 ? referenceValues[k] : Math.min(1, Math.max(0, referenceValues[k] + 0.12 * (random() - 0.5)));
        const halfWidth = 1.96 * Math.sqrt((value * (1 - value)) / n);
        const row = {
          ...key,
          model,
          metric_group: metric.group,
          metric: metric.metric,
          n,
          value,
          ci_low: Math.max(0, value - halfWidth),
          ci_high: Math.min(1, value + halfWidth),
          delta: null,
          p_value: null,
          q_value: null,
          verdict: null,
          higher_is_better: metric.higherIsBetter,
        };
        if (m > 0) {
          row.delta = value - referenceValues[k];
          row.p_value = Math.min(1, Math.abs(row.delta) < 0.02 ? 0.2 + 0.8 * random() : 0.05 * random());
          row.q_value = Math.min(1, row.p_value * 1.8);
          const sure = row.q_value < 0.05;
          row.verdict = !sure || metric.higherIsBetter === null ? "similar" : row.delta > 0 === metric.higherIsBetter ? "improved" : "regressed";
        }
        rows.push(row);
      });
    });
  }
  return rows;
}

/** The evaluation table alone (what a notebook cell builds). */
function evaluationTable(options) {
  return evaluationTableFromRows(evaluationRows(options));
}

/** The table, its Arrow IPC stream, and its JSON twin: the rows as objects. */
function evaluationData(options) {
  const rows = evaluationRows(options);
  const table = evaluationTableFromRows(rows);
  return { rows, table, ipc: tableToIPC(table, "stream"), json: Buffer.from(JSON.stringify(rows)) };
}

/** A Utf8 column from strings, built as one offsets array and one byte buffer. */
function utf8Vector(strings) {
  const encoded = strings.map((text) => Buffer.from(text, "utf8"));
  return variableWidthVector(new Utf8(), encoded);
}

/** Utf8 or Binary: offsets into one concatenated byte buffer. */
function variableWidthVector(type, parts) {
  const offsets = new Int32Array(parts.length + 1);
  for (let row = 0; row < parts.length; row++) offsets[row + 1] = offsets[row] + parts[row].length;
  const bytes = new Uint8Array(offsets[parts.length]);
  for (let row = 0; row < parts.length; row++) bytes.set(parts[row], offsets[row]);
  return makeVector(makeData({ type, length: parts.length, nullCount: 0, valueOffsets: offsets, data: bytes }));
}

function boolVector(values) {
  const bits = new Uint8Array(Math.ceil(values.length / 8));
  for (let row = 0; row < values.length; row++) if (values[row]) bits[row >> 3] |= 1 << (row & 7);
  return makeVector(makeData({ type: new Bool(), length: values.length, nullCount: 0, data: bits }));
}

const sampleModels = ["logistic", "knn", "centroid"];
const modelAccuracy = { logistic: 0.95, knn: 0.98, centroid: 0.9 };

/** The real UCI digits (1,797 images) as 32×32 grayscale PNGs, with their labels; sample i shows digit i mod 1,797. */
function digitThumbnails() {
  const digits = readDigits();
  const images = [];
  for (let index = 0; index < digits.count; index++)
    images.push(Buffer.from(digitImage(digits.pixels.subarray(index * pixelsPerImage, (index + 1) * pixelsPerImage), 4)));
  return { images, labels: digits.labels };
}

/**
 * A samples table of `count` rows as the platform's samples() returns it: image_id, label, parity, ink,
 * area, fold, image (PNG bytes, unless `images` is false), then per model pred, score, correct.
 * Returns the table and the columns it was built from.
 */
function samplesColumns({ count, seed = 2, images = true, thumbnails = digitThumbnails() }) {
  const random = createRandom(seed);
  const ids = [];
  const label = new Int32Array(count);
  const parity = [];
  const ink = new Int32Array(count);
  const area = new Int32Array(count);
  const fold = new Int32Array(count);
  const pictures = [];
  for (let row = 0; row < count; row++) {
    const digit = row % thumbnails.images.length;
    ids.push(`digit-${String(row).padStart(6, "0")}`);
    label[row] = thumbnails.labels[digit];
    parity.push(label[row] % 2 === 0 ? "even" : "odd");
    ink[row] = 185 + Math.floor(248 * random());
    area[row] = 16 + Math.floor(26 * random());
    fold[row] = row % 5;
    pictures.push(thumbnails.images[digit]);
  }
  const columns = {
    image_id: utf8Vector(ids),
    label: makeVector(label),
    parity: utf8Vector(parity),
    ink: makeVector(ink),
    area: makeVector(area),
    fold: makeVector(fold),
  };
  if (images) columns.image = variableWidthVector(new Binary(), pictures);
  const modelColumns = {};
  for (const model of sampleModels) {
    const pred = new Int32Array(count);
    const score = new Float64Array(count);
    const correct = new Uint8Array(count);
    for (let row = 0; row < count; row++) {
      const right = random() < modelAccuracy[model];
      correct[row] = right ? 1 : 0;
      pred[row] = right ? label[row] : (label[row] + 1 + Math.floor(random() * 9)) % 10;
      score[row] = right ? 0.55 + 0.45 * random() : 0.2 + 0.6 * random();
    }
    columns[`${model}.pred`] = makeVector(pred);
    columns[`${model}.score`] = makeVector(score);
    columns[`${model}.correct`] = boolVector(correct);
    modelColumns[model] = { pred, score, correct };
  }
  return { table: new Table(columns), source: { ids, label, parity, ink, area, fold, pictures: images ? pictures : null, modelColumns } };
}

/** The samples table alone (what a notebook cell builds). */
function samplesTable(options) {
  return samplesColumns(options).table;
}

/** The table, its Arrow IPC stream, and (on demand) its JSON twin: row objects, images as base64. */
function samplesData(options) {
  const { table, source } = samplesColumns(options);
  return { table, ipc: tableToIPC(table, "stream"), json: () => Buffer.from(JSON.stringify(sampleRows(source))) };
}

/** The samples as row objects, images as base64 strings (how JSON carries bytes). */
function sampleRows({ ids, label, parity, ink, area, fold, pictures, modelColumns }) {
  return ids.map((image_id, row) => {
    const object = { image_id, label: label[row], parity: parity[row], ink: ink[row], area: area[row], fold: fold[row] };
    if (pictures) object.image = pictures[row].toString("base64");
    for (const model of sampleModels) {
      object[`${model}.pred`] = modelColumns[model].pred[row];
      object[`${model}.score`] = modelColumns[model].score[row];
      object[`${model}.correct`] = modelColumns[model].correct[row] === 1;
    }
    return object;
  });
}

module.exports = {
  createRandom,
  evaluationRows,
  evaluationTable,
  evaluationData,
  samplesTable,
  samplesData,
  digitThumbnails,
  evaluationModels,
  evaluationMetrics,
  sampleModels,
};
