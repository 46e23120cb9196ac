// Seeded synthetic object-detection data in COCO's format (images, categories, annotations,
// and per model a list of bbox results), made to stress the matching rules: crowd regions,
// ties in score and in IoU, IoUs exactly on thresholds, areas exactly on COCO's size edges,
// empty images and images without predictions. Used by the pycocotools parity test and the bench.
"use strict";

const { createRandom } = require("./syntheticData");

const defaults = {
  seed: 1,
  images: 300,
  classes: 5,
  width: 640,
  height: 480,
  /** Mean ground truths per image (0 to twice this, uniformly). */
  objectsPerImage: 7,
  models: ["model"],
  /** Predictions per image beyond those aimed at ground truths: clutter with low scores. */
  clutterPerImage: 6,
  /** Share of the clutter drawn near a ground truth of the image (a detector's duplicates and near misses). */
  clutterNearObjects: 0,
  emptyShare: 0.08,
  noPredictionShare: 0.08,
  crowdShare: 0.05,
  /** Scores on a grid of this step, so many tie. */
  scoreStep: 0.05,
};

/**
 * { images: [{id, width, height}], categories: [{id, name}], annotations: [{id, image_id,
 * category_id, bbox: [x, y, w, h], area: w·h, iscrowd}], results: {model: [{image_id,
 * category_id, bbox, score}]} }, image ids 1…n in order, boxes on whole pixels.
 */
function generateCocoData(options = {}) {
  const settings = { ...defaults, ...options };
  const random = createRandom(settings.seed);
  const integer = (low, high) => low + Math.floor(random() * (high - low + 1));
  const images = [];
  const annotations = [];
  const results = Object.fromEntries(settings.models.map((model) => [model, []]));
  const categories = Array.from({ length: settings.classes }, (_, k) => ({ id: k + 1, name: `class ${k + 1}` }));
  const score = (low, high) => Math.round((low + random() * (high - low)) / settings.scoreStep) * settings.scoreStep;

  for (let id = 1; id <= settings.images; id++) {
    images.push({ id, width: settings.width, height: settings.height });
    const objects = random() < settings.emptyShare ? 0 : integer(0, 2 * settings.objectsPerImage);
    const truths = [];
    for (let o = 0; o < objects; o++) {
      const category = integer(1, settings.classes);
      const crowd = random() < settings.crowdShare;
      const bbox = crowd ? randomBox(integer, settings, 120, 300) : sizedBox(integer, random, settings);
      truths.push({ category, bbox, crowd });
      annotations.push({ id: annotations.length + 1, image_id: id, category_id: category, bbox, area: bbox[2] * bbox[3], iscrowd: crowd ? 1 : 0 });
      // A duplicate now and then: two ground truths tie in IoU with every prediction.
      if (!crowd && random() < 0.05) {
        truths.push({ category, bbox: [...bbox], crowd });
        annotations.push({ id: annotations.length + 1, image_id: id, category_id: category, bbox: [...bbox], area: bbox[2] * bbox[3], iscrowd: 0 });
      }
    }
    for (const model of settings.models) {
      if (random() < settings.noPredictionShare) continue;
      const predictions = results[model];
      for (const truth of truths) {
        const aimed = truth.crowd ? integer(0, 3) : random() < 0.8 ? 1 : 0;
        for (let copy = 0; copy < aimed; copy++) {
          const category = random() < 0.9 ? truth.category : integer(1, settings.classes);
          const bbox = truth.crowd ? insideBox(integer, truth.bbox) : nearBox(integer, random, truth.bbox);
          predictions.push({ image_id: id, category_id: category, bbox, score: score(0.3, 1) });
          // A duplicate detection with the same or a lower score: taken matches and score ties.
          if (random() < 0.15) predictions.push({ image_id: id, category_id: category, bbox: nearBox(integer, random, truth.bbox), score: score(0.1, 0.9) });
        }
      }
      const clutter = integer(0, 2 * settings.clutterPerImage);
      for (let c = 0; c < clutter; c++) {
        const near = truths.length > 0 && settings.clutterNearObjects > 0 && random() < settings.clutterNearObjects;
        const bbox = near ? nearBox(integer, random, truths[integer(0, truths.length - 1)].bbox) : sizedBox(integer, random, settings);
        predictions.push({ image_id: id, category_id: integer(1, settings.classes), bbox, score: score(0, 0.6) });
      }
    }
  }
  return { images, categories, annotations, results };
}

/** A box of whole pixels whose side lies in [low, high], inside the image. */
function randomBox(integer, settings, low, high) {
  const w = integer(low, Math.min(high, settings.width - 1));
  const h = integer(low, Math.min(high, settings.height - 1));
  return [integer(0, settings.width - w), integer(0, settings.height - h), w, h];
}

/** Small, medium and large objects, some exactly 32×32 or 96×96 (on COCO's size edges), sides multiples of 12 now and then. */
function sizedBox(integer, random, settings) {
  const kind = random();
  if (kind < 0.05) return randomBox(integer, settings, 32, 32);
  if (kind < 0.1) return randomBox(integer, settings, 96, 96);
  if (kind < 0.4) return randomBox(integer, settings, 4, 40);
  if (kind < 0.8) {
    const box = randomBox(integer, settings, 24, 120);
    return [box[0], box[1], Math.max(12, box[2] - (box[2] % 12)), Math.max(12, box[3] - (box[3] % 12))];
  }
  return randomBox(integer, settings, 90, 260);
}

/**
 * A prediction near a ground truth: often exactly on an IoU threshold (0.5 by doubling the
 * height, 0.75 by adding a third of a height that is a multiple of 3), else jittered.
 */
function nearBox(integer, random, [x, y, w, h]) {
  const kind = random();
  if (kind < 0.1) return [x, y, w, 2 * h];
  if (kind < 0.2 && h % 3 === 0) return [x, y, w, h + h / 3];
  if (kind < 0.25) return [x, y, w, h];
  const jitter = (size) => Math.round(size * 0.25);
  return [
    x + integer(-jitter(w), jitter(w)),
    y + integer(-jitter(h), jitter(h)),
    Math.max(1, w + integer(-jitter(w), jitter(w))),
    Math.max(1, h + integer(-jitter(h), jitter(h))),
  ];
}

/** A box inside a crowd region, as a detector finds one person in a crowd. */
function insideBox(integer, [x, y, w, h]) {
  const bw = integer(10, Math.max(10, Math.floor(w / 3)));
  const bh = integer(10, Math.max(10, Math.floor(h / 3)));
  return [x + integer(0, w - bw), y + integer(0, h - bh), bw, bh];
}

/**
 * The data as slicewise's box rows, one list per image in image order: ground truth
 * `{x, y, w, h, label, iscrowd}` and per model `{x, y, w, h, label, score}`.
 */
function cocoToRows(data) {
  const position = new Map(data.images.map((image, index) => [image.id, index]));
  const empty = () => data.images.map(() => []);
  const truth = empty();
  for (const { image_id, category_id, bbox, iscrowd } of data.annotations) {
    truth[position.get(image_id)].push({ x: bbox[0], y: bbox[1], w: bbox[2], h: bbox[3], label: category_id, iscrowd: iscrowd === 1 });
  }
  const predictions = {};
  for (const [model, results] of Object.entries(data.results)) {
    const rows = (predictions[model] = empty());
    for (const { image_id, category_id, bbox, score } of results)
      rows[position.get(image_id)].push({ x: bbox[0], y: bbox[1], w: bbox[2], h: bbox[3], label: category_id, score });
  }
  return { truth, predictions };
}

module.exports = { generateCocoData, cocoToRows };
