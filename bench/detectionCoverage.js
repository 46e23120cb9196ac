// The coverage study of issue 17: how often a detection measure's 95% interval holds the truth, and
// how often the paired test calls two equally good detectors different — the image bootstrap
// (percentile, and the basic interval from the same resamples) against the delete-a-group jackknife.
// Figures only, never assertions.
//
//   npx tsc -p tsconfig.json && node bench/detectionCoverage.js
//     --measure ap        ap (AP@[.50:.95], coco matching) or f1 (F1 at the F1-optimal threshold per class, IoU 0.5)
//     --sizes 300,3000,30000   images per simulated test case
//     --runs 400          simulated test cases per size (jackknife)
//     --bootstrap-runs 200,100,20   the bootstrap's, per size (it is slow at 30,000)
//     --resamples 1000    bootstrap resamples
//     --population 50000  images generated (doubled below)
//     --seed 1
//
// The population: test/helpers/cocoData.js's generator (5 classes, 0–8 objects an image, ~6 clutter
// boxes, crowds; scores not rounded, so no ties, which would rank a's and b's boxes apart) for two models a and b, then every image again with a's and b's predictions
// swapped. So a and b have exactly the same population AP and F1 (no difference, by symmetry), while
// on any one image they differ as two detectors do. The truth is the measure over the whole
// population. A simulated test case draws n images from it with replacement — an independent sample
// of the population, so its interval should hold the truth 95% of the time — scored with each drawn
// image counted as often as drawn; both methods treat each draw as one image, as the platform does.
"use strict";

const { mkdirSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");
const { performance } = require("node:perf_hooks");
const library = require("../lib/src/metrics");
const { generateCocoData, cocoToRows } = require("../test/helpers/cocoData");
const { printTable } = require("./printTable");

const confidence = 0.95;

function parseArguments(argv) {
  const options = { measure: "ap", sizes: [300, 3000, 30000], runs: 400, bootstrapRuns: [200, 100, 20], resamples: 1000, population: 50000, seed: 1 };
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i].replace(/^--/, "").replace(/-(\w)/g, (_, letter) => letter.toUpperCase());
    if (!(name in options) || i + 1 >= argv.length) throw new Error(`unknown or incomplete option ${argv[i]}; see the top of bench/detectionCoverage.js`);
    const value = argv[i + 1];
    options[name] = name === "measure" ? value : name === "sizes" || name === "bootstrapRuns" ? value.split(",").map(Number) : Number(value);
  }
  return options;
}

/** The symmetric population: each generated image twice, a's and b's predictions swapped the second time. */
function population(options) {
  const data = generateCocoData({
    seed: options.seed,
    images: options.population,
    classes: 5,
    models: ["a", "b"],
    objectsPerImage: 4,
    clutterPerImage: 6,
    scoreStep: 1e-9,
  });
  const rows = cocoToRows(data);
  const labels = library.createLabels();
  const parse = (list, role) => library.parseBoxes(list, { role, labels });
  const truth = parse([...rows.truth, ...rows.truth], "ground_truth");
  const a = parse([...rows.predictions.a, ...rows.predictions.b], "predictions");
  const b = parse([...rows.predictions.b, ...rows.predictions.a], "predictions");
  const matching =
    options.measure === "ap"
      ? library.resolveMatchingOptions({ matching: "coco", iou: "0.50:0.05:0.95", maxDetections: 100 })
      : library.resolveMatchingOptions({ matching: "coco", iou: 0.5, maxDetections: 100 });
  const matches = [library.matchDetections(truth, a, matching), library.matchDetections(truth, b, matching)];
  const measures = matches.map((m) => library.resolveDetectionMeasure({ measure: options.measure, threshold: "f1-optimal" }, m, labels));
  return { images: truth.images, matches, measures };
}

/**
 * A test case of `n` draws with replacement: the distinct images drawn (in image order) and each
 * draw's place among them, so a weighting of the draws is a weighting of the images.
 */
function drawTestCase(images, n, random) {
  const draws = Int32Array.from({ length: n }, () => Math.floor(random() * images));
  const distinct = Int32Array.from(new Set(draws)).sort();
  const place = new Map(Array.from(distinct, (image, i) => [image, i]));
  return { distinct, drawPlace: Int32Array.from(draws, (image) => place.get(image)) };
}

/** A measure over the distinct images as a measure over the draws: a draw's weight adds to its image's. */
function overDraws(measure, testCase) {
  const imageWeights = new Float64Array(testCase.distinct.length);
  return (weights) => {
    imageWeights.fill(0);
    for (let d = 0; d < weights.length; d++) imageWeights[testCase.drawPlace[d]] += weights[d];
    return measure(imageWeights);
  };
}

function tally() {
  return { runs: 0, covered: 0, below: 0, above: 0, undefined: 0, width: 0, tested: 0, positives: 0, seconds: 0 };
}

function record(t, truth, low, high, pValue, seconds) {
  t.runs++;
  t.seconds += seconds;
  if (!(Number.isFinite(low) && Number.isFinite(high))) t.undefined++;
  else {
    t.width += high - low;
    if (truth < low) t.below++;
    else if (truth > high) t.above++;
    else t.covered++;
  }
  if (Number.isFinite(pValue)) {
    t.tested++;
    if (pValue < 1 - confidence) t.positives++;
  }
}

function main() {
  const options = parseArguments(process.argv.slice(2));
  const started = performance.now();
  const pop = population(options);
  const all = Int32Array.from({ length: pop.images }, (_, i) => i);
  const truth = library.prepareDetectionMeasure(pop.matches[0], all, pop.measures[0]).measure(new Float64Array(pop.images).fill(1));
  const truthB = library.prepareDetectionMeasure(pop.matches[1], all, pop.measures[1]).measure(new Float64Array(pop.images).fill(1));
  const predictions = pop.matches[0].predictions.index.length / pop.images;
  console.log(
    `${options.measure === "ap" ? "AP@[.50:.95]" : "F1 (F1-optimal per class, IoU 0.5)"}: population of ${pop.images} images, ` +
      `${predictions.toFixed(1)} predictions an image a model; truth ${truth.toFixed(6)} (b: ${truthB.toFixed(6)}); ` +
      `built in ${((performance.now() - started) / 1000).toFixed(1)} s; ${options.runs} runs (bootstrap ${options.bootstrapRuns.join(", ")}), ${options.resamples} resamples`,
  );
  const results = [];
  for (const n of options.sizes) {
    const groups = library.detectionJackknifeFrom.groups;
    const jackknifeName = `jackknife, G = ${groups}`;
    const methods = {
      "bootstrap, percentile": tally(),
      "bootstrap, basic": tally(),
      [jackknifeName]: tally(),
      [`${jackknifeName}, bias-corrected centre`]: tally(),
    };
    for (let run = 0; run < options.runs; run++) {
      const random = library.createRandom(library.hashSeed(options.seed, options.measure, n, run, "draws"));
      const testCase = drawTestCase(pop.images, n, random);
      const [a, b] = pop.matches.map((m, side) => overDraws(library.prepareDetectionMeasure(m, testCase.distinct, pop.measures[side]).measure, testCase));
      const seed = library.hashSeed(options.seed, options.measure, n, run, "intervals");
      let at = performance.now();
      const jackknife = library.summarizeDetection(a, b, n, { confidence, resamples: options.resamples, seed, jackknifeFrom: 0, range: [0, 1] });
      record(methods[jackknifeName], truth, jackknife.ciLow, jackknife.ciHigh, jackknife.pValue, (performance.now() - at) / 1000);
      // The same replicates, the interval moved by the jackknife's bias estimate (G − 1)(θ̄ − θ̂).
      const corrected = library.groupedJackknife(a, null, library.jackknifeGroups(n, groups, seed), groups, confidence);
      if (corrected) {
        const shift = corrected.biasCorrected - corrected.value;
        record(methods[`${jackknifeName}, bias-corrected centre`], truth, jackknife.ciLow + shift, jackknife.ciHigh + shift, NaN, 0);
      }
      if (run >= options.bootstrapRuns[options.sizes.indexOf(n)]) continue;
      at = performance.now();
      const bootstrap = library.summarizeDetection(a, b, n, { confidence, resamples: options.resamples, seed, jackknifeFrom: Infinity });
      const seconds = (performance.now() - at) / 1000;
      // The library's basic interval 2θ̂ − q(1 − α/2) … 2θ̂ − q(α/2) (no range given: not clipped), and
      // mirrored back the percentile interval q(α/2) … q(1 − α/2) of the same resamples.
      record(methods["bootstrap, basic"], truth, bootstrap.ciLow, bootstrap.ciHigh, bootstrap.pValue, seconds);
      record(methods["bootstrap, percentile"], truth, 2 * bootstrap.value - bootstrap.ciHigh, 2 * bootstrap.value - bootstrap.ciLow, NaN, 0);
    }
    for (const [method, t] of Object.entries(methods)) {
      const coverage = t.covered / t.runs;
      const rate = t.tested ? t.positives / t.tested : NaN;
      results.push({
        n,
        method,
        runs: t.runs,
        coverage,
        coverage_standard_error: Math.sqrt((coverage * (1 - coverage)) / t.runs),
        truth_below: t.below / t.runs,
        truth_above: t.above / t.runs,
        undefined: t.undefined,
        mean_width: t.width / (t.runs - t.undefined),
        false_positive_rate: rate,
        false_positive_standard_error: Math.sqrt((rate * (1 - rate)) / t.tested),
        seconds_per_summary: t.seconds / t.runs,
      });
    }
    process.stderr.write(`  n = ${n}: ${((performance.now() - started) / 1000).toFixed(0)} s so far\n`);
  }
  const fixed = (x, digits = 3) => (Number.isFinite(x) ? x.toFixed(digits) : "—");
  printTable(`${options.measure}: coverage of ${confidence * 100}% intervals (truth ${fixed(truth, 4)}) and FPR of p < 0.05 under no difference`, [
    ["n", "method", "runs", "coverage ± s.e.", "below", "above", "mean width", "FPR ± s.e.", "time per summary"],
    ...results.map((r) => [
      r.n,
      r.method,
      r.runs,
      `${fixed(r.coverage)} ± ${fixed(r.coverage_standard_error)}`,
      fixed(r.truth_below),
      fixed(r.truth_above),
      fixed(r.mean_width, 4),
      r.method.endsWith("percentile") || r.method.endsWith("centre")
        ? "(same test)"
        : `${fixed(r.false_positive_rate)} ± ${fixed(r.false_positive_standard_error)}`,
      r.seconds_per_summary ? `${(1000 * r.seconds_per_summary).toFixed(1)} ms` : "",
    ]),
  ]);
  const out = join(__dirname, "out");
  mkdirSync(out, { recursive: true });
  const file = join(out, `detection-coverage-${options.measure}.json`);
  writeFileSync(file, `${JSON.stringify({ options, truth, truth_b: truthB, results, seconds: (performance.now() - started) / 1000 }, null, 2)}\n`);
  console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(0)} s; figures in ${file}`);
}

main();
