// Hidden-subclass discovery at the size: 100,000 samples × 64-dimension embeddings × 10
// classes through the pure core (src/metrics/discovery), with a subclass of 5% of one class planted
// where the model is right 40% of the time (95% elsewhere). Prints the time and whether the
// planted subclass came first; asserts nothing. Run after `npx tsc -p tsconfig.json`.
"use strict";

const { performance } = require("node:perf_hooks");
const { createRandom, discoverSubclasses } = require("../lib/src/metrics");

const classes = 10;
const perClass = 10_000;
const dimension = 64;
const subclassOf = 3;
const subclassRows = 0.05 * perClass;

/** Class centres N(0, 3²) per coordinate, N(0, 1) noise; the subclass's centre moved by N(0, 3²). */
function generate(seed) {
  const random = createRandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const rows = classes * perClass;
  const embeddings = new Float32Array(rows * dimension);
  const labels = new Int32Array(rows);
  const errors = new Float64Array(rows);
  const planted = new Set();
  for (let label = 0; label < classes; label++) {
    const centre = Float64Array.from({ length: dimension }, () => 3 * normal());
    const offset = Float64Array.from({ length: dimension }, () => 3 * normal());
    for (let index = 0; index < perClass; index++) {
      const row = label * perClass + index;
      const inSubclass = label === subclassOf && index < subclassRows;
      labels[row] = label;
      for (let column = 0; column < dimension; column++) embeddings[row * dimension + column] = centre[column] + (inSubclass ? offset[column] : 0) + normal();
      if (inSubclass) planted.add(row);
      errors[row] = random() < (inSubclass ? 0.6 : 0.05) ? 1 : 0;
    }
  }
  return { embeddings, labels, errors, planted };
}

const data = generate(1);
const start = performance.now();
const result = discoverSubclasses({
  embeddings: data.embeddings,
  dimension,
  classes: data.labels,
  classNames: Array.from({ length: classes }, (_, label) => String(label)),
  models: [{ name: "model", errors: data.errors }],
  per: "label",
});
const seconds = (performance.now() - start) / 1000;
const [first] = result.candidates;
const overlap = Array.from(first.ids).filter((row) => data.planted.has(row)).length;
console.log(`discovery: ${classes * perClass} samples × ${dimension} dimensions × ${classes} classes in ${seconds.toFixed(2)} s (target ≤ 10 s)`);
console.log(`k per class: ${result.classes.map((entry) => entry.k).join(", ")}; ${result.tested} clusters tested`);
console.log(
  `first candidate: ${first.name}, ${first.size} rows (${overlap} of the ${subclassRows} planted), error ${first.error.toFixed(3)} vs ${first.restError.toFixed(3)}, q = ${first.qValue.toExponential(2)}`,
);
console.log(`planted subclass ${first.class === String(subclassOf) && overlap >= 0.9 * subclassRows ? "FOUND first" : "NOT found first"}`);
