// The coverage study of issue 14: how often each interval method's 95% interval holds a known
// truth, and how often a verdict calls two equally good models different. Figures only, never assertions.
//
//   npx tsc -p tsconfig.json && node bench/coverage.js
//     --runs 1000        simulated datasets per (metric, n)
//     --resamples 1000   bootstrap resamples per summary
//     --seed 1           seed of the simulations and of the bootstraps
//     --quick            100 runs, for a fast look
//     --lib lib          the compiled library to study (another build's lib/ gives the "before")
//     --sizes 30,300     the datasets' sizes (default 30,300,3000)
//     --metrics macroF1  only these metrics (accuracy, macroF1, r2)
//
// Each simulated dataset becomes sufficient statistics in the platform's shapes (binary: n and
// successes, with discordant counts when paired; cells: distinct outcome tuples and their counts)
// and goes through the library's summarizeMetric. Truths, per datapoint:
// - accuracy: a binary label, right with probability 0.8 (truth 0.8); summarised both as a
//   boolean mean (Wilson, McNemar) and as classification accuracy over (label, prediction) cells
//   (Poisson bootstrap);
// - macro F1: 10 classes, each true class equally likely, right with probability 0.75, else one
//   of the 9 others at random; the truth is the macro F1 of the population's confusion (0.75);
// - R²: x ~ N(0, 1), y = x + ε, prediction x + η, ε ~ N(0, 1/2), η ~ N(0, 1/4); the library's
//   R² = 1 − SSE/SST has the population value 1 − E(y − p)²/Var(y) = 1 − (1/2 + 1/4)/(3/2) = 1/2.
// No difference: a reference drawn from the same distribution as the model given the same truth,
// either independently per datapoint or ("correlated") copying the model's outcome on 90% of
// datapoints and drawing afresh on the rest. A false positive is a verdict other than "similar"
// or "unknown" (verdictOf with q = p: one test case, the whole dataset, is a family of one).
"use strict";

const { writeFileSync, mkdirSync } = require("node:fs");
const { join, resolve } = require("node:path");
const { performance } = require("node:perf_hooks");
const { printTable } = require("./printTable");

const defaultSizes = [30, 300, 3000];
const confidence = 0.95;
const alpha = 1 - confidence;
const accuracyTruth = 0.8;
const classes = 10;
const classRight = 0.75;
const noiseVariance = 0.5;
const predictionNoiseVariance = 0.25;
const agreement = 0.9;

function parseArguments(argv) {
  const options = { runs: 1000, resamples: 1000, seed: 1, lib: join(__dirname, "..", "lib"), sizes: defaultSizes, metrics: null };
  for (let i = 0; i < argv.length; i++) {
    const argument = argv[i];
    if (argument === "--runs") options.runs = Number(argv[++i]);
    else if (argument === "--resamples") options.resamples = Number(argv[++i]);
    else if (argument === "--seed") options.seed = Number(argv[++i]);
    else if (argument === "--quick") options.runs = 100;
    else if (argument === "--lib") options.lib = resolve(argv[++i]);
    else if (argument === "--sizes") options.sizes = argv[++i].split(",").map(Number);
    else if (argument === "--metrics") options.metrics = argv[++i].split(",");
    else throw new Error(`unknown argument ${argument}; see the top of bench/coverage.js`);
  }
  for (const name of ["runs", "resamples"]) {
    if (!Number.isInteger(options[name]) || options[name] < 1) throw new Error(`--${name} takes a whole number ≥ 1`);
  }
  if (!Number.isInteger(options.seed)) throw new Error("--seed takes a whole number");
  return options;
}

/** A standard normal from two uniforms (Box–Muller; the second of the pair is not kept). */
function normal(random) {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/**
 * Macro F1 of a population confusion: joint[t][p] = P(truth t, prediction p). Per class,
 * F1 = 2·TP / (2·TP + FP + FN) in probabilities, the limit of the sample's as n grows.
 */
function populationMacroF1(joint) {
  let sum = 0;
  for (let k = 0; k < joint.length; k++) {
    let truthMass = 0;
    let predictedMass = 0;
    for (let j = 0; j < joint.length; j++) {
      truthMass += joint[k][j];
      predictedMass += joint[j][k];
    }
    const truePositive = joint[k][k];
    sum += (2 * truePositive) / (2 * truePositive + (predictedMass - truePositive) + (truthMass - truePositive));
  }
  return sum / joint.length;
}

function classJoint() {
  return Array.from({ length: classes }, (_, t) =>
    Array.from({ length: classes }, (_, p) => (t === p ? classRight : (1 - classRight) / (classes - 1)) / classes),
  );
}

/** Cells from per-datapoint outcome tuples: the distinct tuples and how many datapoints share each. */
function toCells(tuples, width, paired) {
  const index = new Map();
  const values = [];
  const counts = [];
  for (const tuple of tuples) {
    const key = tuple.join("\u001f");
    let cell = index.get(key);
    if (cell === undefined) {
      index.set(key, (cell = values.length));
      values.push(tuple);
      counts.push(0);
    }
    counts[cell]++;
  }
  return { shape: "cells", n: tuples.length, width, values, counts, paired };
}

/**
 * Draws one dataset of n datapoints: the model's outcomes and two references with no difference
 * (independent, correlated). Each is a per-datapoint (truth, prediction) pair.
 */
function simulate(metric, n, random) {
  // A prediction given the truth, as the model (or an equally good reference) makes it.
  const predict = {
    accuracy: (truth) => (random() < accuracyTruth ? truth : 1 - truth),
    macroF1: (truth) => {
      if (random() < classRight) return truth;
      const other = Math.floor(random() * (classes - 1));
      return other < truth ? other : other + 1;
    },
    r2: (truth, signal) => signal + Math.sqrt(predictionNoiseVariance) * normal(random),
  }[metric];
  const data = { truth: [], model: [], independent: [], correlated: [] };
  for (let i = 0; i < n; i++) {
    let truth;
    let signal = 0;
    if (metric === "accuracy") truth = random() < 0.5 ? 1 : 0;
    else if (metric === "macroF1") truth = Math.floor(random() * classes);
    else {
      signal = normal(random);
      truth = signal + Math.sqrt(noiseVariance) * normal(random);
    }
    const model = predict(truth, signal);
    data.truth.push(truth);
    data.model.push(model);
    data.independent.push(predict(truth, signal));
    data.correlated.push(random() < agreement ? model : predict(truth, signal));
  }
  return data;
}

/** The statistics a method summarises: unpaired for the interval, paired with a reference for the test. */
function statistics(method, data, reference) {
  const n = data.truth.length;
  if (method === "wilson") {
    const right = (predictions, i) => predictions[i] === data.truth[i];
    let successes = 0;
    let modelOnly = 0;
    let referenceOnly = 0;
    for (let i = 0; i < n; i++) {
      const model = right(data.model, i);
      if (model) successes++;
      if (reference) {
        const other = right(reference, i);
        if (model && !other) modelOnly++;
        if (other && !model) referenceOnly++;
      }
    }
    return reference ? { shape: "binary", n, successes, paired: { n, modelOnly, referenceOnly } } : { shape: "binary", n, successes };
  }
  const tuples = data.truth.map((truth, i) => (reference ? [truth, data.model[i], truth, reference[i]] : [truth, data.model[i]]));
  return toCells(tuples, 2, Boolean(reference));
}

function referenceValue(library, plan, stats) {
  if (stats.shape === "binary") return (stats.successes - stats.paired.modelOnly + stats.paired.referenceOnly) / stats.n;
  return library.prepareCellMetric(plan, stats, 1)(stats.counts);
}

/** The study's rows: a metric, its truth, and the methods that summarise it. */
function studyRows(library) {
  const fieldKind = (field) => (field === "correct" ? "boolean" : field === "y" || field === "p" ? "numeric" : "string");
  const plan = (metric) => library.planMetric(metric, fieldKind);
  return [
    { metric: "accuracy", truth: accuracyTruth, method: "wilson", plan: plan({ kind: "mean", field: "correct", label: "Accuracy" }) },
    {
      metric: "accuracy",
      truth: accuracyTruth,
      method: "bootstrap",
      plan: plan({ kind: "classification", measure: "accuracy", gt: "label", pred: "pred", label: "Accuracy" }),
    },
    {
      metric: "macroF1",
      truth: populationMacroF1(classJoint()),
      method: "bootstrap",
      plan: plan({ kind: "classification", measure: "f1", average: "macro", gt: "label", pred: "pred", label: "Macro F1" }),
    },
    {
      metric: "r2",
      truth: 1 - (noiseVariance + predictionNoiseVariance) / (1 + noiseVariance),
      method: "bootstrap",
      plan: plan({ kind: "regression", measure: "r2", gt: "y", pred: "p", label: "R²" }),
    },
  ];
}

function study(library, row, n, options) {
  const tally = { covered: 0, below: 0, above: 0, undefined: 0, width: 0, independent: falsePositives(), correlated: falsePositives() };
  for (let run = 0; run < options.runs; run++) {
    // Datasets depend on (seed, metric, n, run) only: both methods of a metric see the same data.
    const data = simulate(row.metric, n, library.createRandom(library.hashSeed(options.seed, row.metric, n, run, "data")));
    const summaryOptions = { confidence, resamples: options.resamples, seed: library.hashSeed(options.seed, row.metric, row.method, n, run, "bootstrap") };
    const summary = library.summarizeMetric(row.plan, statistics(row.method, data, null), summaryOptions);
    if (!(Number.isFinite(summary.ciLow) && Number.isFinite(summary.ciHigh))) tally.undefined++;
    else {
      tally.width += summary.ciHigh - summary.ciLow;
      if (row.truth < summary.ciLow) tally.below++;
      else if (row.truth > summary.ciHigh) tally.above++;
      else tally.covered++;
    }
    for (const variant of ["independent", "correlated"]) {
      const paired = statistics(row.method, data, data[variant]);
      const result = library.summarizeMetric(row.plan, paired, summaryOptions);
      const delta = result.value - referenceValue(library, row.plan, paired);
      const pValue = Number.isFinite(delta) && Number.isFinite(result.pValue) ? result.pValue : null;
      const verdict = library.verdictOf({ delta: Number.isFinite(delta) ? delta : null, q_value: pValue, higher_is_better: true }, alpha);
      tally[variant][verdict]++;
    }
  }
  const runs = options.runs;
  const coverage = tally.covered / runs;
  const defined = runs - tally.undefined;
  const rate = (counts) => {
    const positives = counts.improved + counts.regressed;
    const tested = runs - counts.unknown;
    const value = tested === 0 ? NaN : positives / tested;
    return { rate: value, standard_error: Math.sqrt((value * (1 - value)) / tested), ...counts };
  };
  return {
    metric: row.metric,
    method: row.method,
    n,
    truth: row.truth,
    runs,
    coverage,
    coverage_standard_error: Math.sqrt((coverage * (1 - coverage)) / runs),
    truth_below_interval: tally.below / runs,
    truth_above_interval: tally.above / runs,
    undefined_intervals: tally.undefined,
    mean_width: defined === 0 ? NaN : tally.width / defined,
    false_positive_rate: { independent: rate(tally.independent), correlated: rate(tally.correlated) },
  };
}

/** A cell metric's method as the library chose it: the delta method from its threshold on (where the library has one), else the bootstrap. */
function methodName(library, result) {
  if (result.method !== "bootstrap" || result.metric === "r2" || !library.deltaMethodFrom) return result.method;
  return result.n >= library.deltaMethodFrom.datapoints ? "delta" : "bootstrap";
}

function falsePositives() {
  return { improved: 0, regressed: 0, similar: 0, unknown: 0 };
}

function main() {
  const options = parseArguments(process.argv.slice(2));
  const library = require(join(options.lib, "src", "metrics"));
  const start = performance.now();
  const cpu = process.cpuUsage();
  console.log(
    `coverage of ${confidence * 100}% intervals and false-positive rate of verdicts (p < ${alpha.toFixed(2)}) under no difference; ` +
      `${options.runs} datasets per cell, ${options.resamples} resamples, seed ${options.seed}, library ${options.lib}`,
  );
  const results = [];
  for (const row of studyRows(library).filter((row) => !options.metrics || options.metrics.includes(row.metric))) {
    for (const n of options.sizes) {
      const cellStart = performance.now();
      const result = study(library, row, n, options);
      result.seconds = (performance.now() - cellStart) / 1000;
      results.push(result);
      process.stderr.write(`  ${row.metric} ${row.method} n = ${n}: ${result.seconds.toFixed(1)} s\n`);
    }
  }
  const fixed = (x, digits = 3) => (Number.isFinite(x) ? x.toFixed(digits) : "—");
  const share = ({ rate, standard_error }) => `${fixed(rate)} ± ${fixed(standard_error)}`;
  printTable("metric × n × method (truth; coverage ± Monte-Carlo s.e.; truth below / above the interval; FPR ± s.e.)", [
    ["metric", "truth", "n", "method", "coverage", "below", "above", "mean width", "FPR independent", "FPR correlated"],
    ...results.map((result) => [
      result.metric,
      fixed(result.truth, 4),
      result.n,
      methodName(library, result),
      `${fixed(result.coverage)} ± ${fixed(result.coverage_standard_error)}`,
      fixed(result.truth_below_interval),
      fixed(result.truth_above_interval),
      fixed(result.mean_width, 4),
      share(result.false_positive_rate.independent),
      share(result.false_positive_rate.correlated),
    ]),
  ]);
  const used = process.cpuUsage(cpu);
  const seconds = (performance.now() - start) / 1000;
  const out = join(__dirname, "out");
  mkdirSync(out, { recursive: true });
  const file = join(out, "coverage.json");
  const settings = { runs: options.runs, resamples: options.resamples, seed: options.seed, confidence, lib: options.lib, sizes: options.sizes };
  writeFileSync(file, `${JSON.stringify({ settings, seconds, cpu_seconds: (used.user + used.system) / 1e6, results }, null, 2)}\n`);
  console.log(`\ntotal ${seconds.toFixed(1)} s (CPU ${((used.user + used.system) / 1e6).toFixed(1)} s); figures in ${file}`);
}

main();
