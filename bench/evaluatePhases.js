// Where one evaluation's time goes, phase by phase, at one size: the benchmark's data and
// quality standard (syntheticData.js, qualityStandard.js) ingested once, then evaluate and the
// hand-written SQL run in turn, the evaluation with its phases timed from outside (lib/ modules
// wrapped; src/ untouched). Prints medians; figures only, never assertions.
//
//   node bench/evaluatePhases.js --rows 100k --repeat 5 [--threads N]
//   node bench/evaluatePhases.js --digits --repeat 15      the digits example (1,797 rows, 3 models; needs lib/examples)
"use strict";

const { mkdtempSync, rmSync } = require("node:fs");
const { loadavg, tmpdir } = require("node:os");
const { join } = require("node:path");
const { performance } = require("node:perf_hooks");
const { DuckDBConnection, DuckDBResult } = require("@duckdb/node-api");
const { Platform } = require("../lib/src/platform");
const { generateData } = require("../test/helpers/syntheticData");
const { qualityStandard } = require("../test/helpers/syntheticQualityStandard");
const { handSqlStatistics, storedTables } = require("./handSql");

function parseCount(text) {
  const match = /^(\d+(?:\.\d+)?)([kKmM])?$/.exec(String(text));
  if (!match) throw new Error(`expected a count such as 100k or 1M; got ${text}`);
  return Math.round(Number(match[1]) * ({ k: 1e3, m: 1e6 }[match[2]?.toLowerCase()] ?? 1));
}

function parseArguments(argv) {
  const options = { rows: 1e5, repeat: 5, threads: undefined, digits: false };
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i].replace(/^--/, "");
    if (name === "digits") {
      options.digits = true;
      i -= 1;
      continue;
    }
    if (!(name in options)) throw new Error(`unknown option ${argv[i]}; use --rows, --repeat, --threads or --digits`);
    options[name] = parseCount(argv[i + 1]);
  }
  return options;
}

/** Wraps `module[name]` (a function, sync or async) so that every call adds its wall time to `phase`. */
function timePhase(restore, record, module, name, phase, wrapResult) {
  const original = module[name];
  module[name] = function timed(...args) {
    const start = performance.now();
    const result = original.apply(this, args);
    const done = (value) => {
      record(phase, performance.now() - start);
      return wrapResult ? wrapResult(value) : value;
    };
    return result && typeof result.then === "function" ? result.then(done) : done(result);
  };
  restore.push(() => (module[name] = original));
}

/** Times the phases of evaluate while `run` runs; returns { phase: ms }. */
async function phasesOf(run) {
  const times = {};
  const record = (phase, ms) => (times[phase] = (times[phase] ?? 0) + ms);
  const restore = [];
  const lib = (path) => require(`../lib/src/${path}`);
  timePhase(restore, record, lib("platform/evaluationSetup"), "evaluationSetup", "setup: catalog, standard, test-case groups");
  timePhase(restore, record, lib("platform/statistics/statisticsPlan"), "planStatistics", "plan the statistics statement");
  timePhase(restore, record, lib("platform/statistics/decodeStatistics"), "decodeStatistics", "decode: statistics from the columns");
  timePhase(restore, record, lib("platform/bootstrapCells"), "bootstrapCells", "cell metrics: delta method / bootstraps");
  timePhase(restore, record, lib("platform/statistics/detectionStatistics"), "detectionSummaries", "detection (none here)");
  timePhase(restore, record, lib("metrics/assembleEvaluation"), "assembleEvaluation", "assemble: summaries, q-values, verdicts");
  timePhase(restore, record, lib("core/evaluationTable"), "evaluationTableFromRows", "evaluation table (Arrow)");
  // Inside the engine's readColumns: the statement's execution, fetching its chunks, and the rest (values to JS).
  let inReadColumns = false;
  const engineModule = lib("platform/engines/duckdbEngine");
  const originalEngine = engineModule.duckdbEngine;
  engineModule.duckdbEngine = (connection) => {
    const engine = originalEngine(connection);
    return {
      ...engine,
      readRows: async (...args) => {
        const start = performance.now();
        try {
          return await engine.readRows(...args);
        } finally {
          record("  engine.readRows (in setup, and the row total)", performance.now() - start);
        }
      },
      readColumns: async (...args) => {
        const start = performance.now();
        inReadColumns = true;
        try {
          return await engine.readColumns(...args);
        } finally {
          inReadColumns = false;
          record("statistics statement: all of readColumns", performance.now() - start);
        }
      },
    };
  };
  restore.push(() => (engineModule.duckdbEngine = originalEngine));
  for (const [prototype, name, phase] of [
    [DuckDBConnection.prototype, "run", "  of which: run (execute)"],
    [DuckDBResult.prototype, "fetchAllChunks", "  of which: fetch chunks"],
  ]) {
    const original = prototype[name];
    prototype[name] = async function timed(...args) {
      const start = performance.now();
      try {
        return await original.apply(this, args);
      } finally {
        if (inReadColumns) record(phase, performance.now() - start);
      }
    };
    restore.push(() => (prototype[name] = original));
  }
  const start = performance.now();
  const cpu = process.cpuUsage();
  try {
    await run();
  } finally {
    restore.forEach((undo) => undo());
  }
  times.total = performance.now() - start;
  const used = process.cpuUsage(cpu);
  times.cpu = (used.user + used.system) / 1000;
  return times;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function syntheticInput(rows) {
  const { dataset, results, models } = await generateData({ rows, seed: 1 });
  return { dataset, results, models, standard: qualityStandard, reference: models[0] };
}

function digitsInput() {
  const example = require("../lib/examples/digits").buildDigitsExample();
  return {
    dataset: example.dataset,
    results: example.models.map((model) => example.results[model]),
    models: example.models,
    standard: example.qualityStandard,
    reference: example.reference,
  };
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  const input = options.digits ? digitsInput() : await syntheticInput(options.rows);
  const { dataset, results, models, standard, reference } = input;
  const directory = mkdtempSync(join(tmpdir(), "slicewise-phases-"));
  const platform = await Platform.open({ data: directory, threads: options.threads });
  try {
    await platform.uploadDataset("bench", { format: "table", table: dataset });
    for (const [m, model] of models.entries()) await platform.uploadResults("bench", model, { format: "table", table: results[m] });
    await platform.setQualityStandard("bench", standard);
    const tables = options.digits ? null : await storedTables(platform.database, "bench", models);
    const evaluateOptions = { models, reference };
    await platform.evaluate("bench", evaluateOptions); // warm-up
    const load = loadavg();
    const runs = [];
    const hand = [];
    for (let r = 0; r < options.repeat; r++) {
      runs.push(await phasesOf(() => platform.evaluate("bench", evaluateOptions)));
      const start = performance.now();
      if (tables) await handSqlStatistics(platform.database, { models, tables });
      hand.push(performance.now() - start);
    }
    const phases = [...new Set(runs.flatMap((run) => Object.keys(run)))];
    const accounted = ["  ", "total", "cpu"];
    console.log(
      `evaluate ${options.digits ? "of the digits (1,797 rows)" : `at ${options.rows.toLocaleString("en-US")} rows`}, median of ${options.repeat} (load ${load.map((x) => x.toFixed(1)).join(" ")})`,
    );
    let sum = 0;
    for (const phase of phases) {
      const value = median(runs.map((run) => run[phase] ?? 0));
      if (!accounted.some((prefix) => phase.startsWith(prefix))) sum += value;
      if (phase !== "total" && phase !== "cpu") console.log(`  ${phase.padEnd(48)} ${value.toFixed(0).padStart(6)} ms`);
    }
    const total = median(runs.map((run) => run.total));
    console.log(`  ${"other (between the phases)".padEnd(48)} ${(total - sum).toFixed(0).padStart(6)} ms`);
    console.log(`  ${"evaluate, total".padEnd(48)} ${total.toFixed(0).padStart(6)} ms   CPU ${median(runs.map((run) => run.cpu)).toFixed(0)} ms (all threads)`);
    if (tables) console.log(`  ${"hand-written SQL".padEnd(48)} ${median(hand).toFixed(0).padStart(6)} ms   ratio ${(total / median(hand)).toFixed(1)}×`);
  } finally {
    platform.close();
    rmSync(directory, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
