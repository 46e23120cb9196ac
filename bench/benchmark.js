// One benchmark run at one size: generate the data, ingest it through the platform, evaluate,
// compute the same values by hand-written SQL and by a typed-array loop, profile the
// evaluation, and return every figure (timings are reported, never asserted).
"use strict";

const { mkdtempSync, readdirSync, rmSync, statSync } = require("node:fs");
const { execFileSync } = require("node:child_process");
const { loadavg, tmpdir } = require("node:os");
const { join } = require("node:path");
const { performance } = require("node:perf_hooks");
const { Platform } = require("../lib/src/platform");
const { generateData } = require("../test/helpers/syntheticData");
const { qualityStandard } = require("../test/helpers/syntheticQualityStandard");
const { handSqlStatistics, storedTables } = require("./handSql");
const { loopStatistics } = require("./typedArrayLoop");
const { startProbe, statementTotals, summaryTotals } = require("./probe");
const { startMemoryWatch } = require("./memory");
const { compareStatistics, evaluationStatistics, verdictCounts } = require("./compareValues");

const datasetName = "bench";

/**
 * Wall time, and the process's CPU time (all threads, DuckDB's included), which a shared machine
 * disturbs less: when other work competes for the cores, wall time grows and CPU time mostly not.
 */
async function timed(work) {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = await work();
  const used = process.cpuUsage(cpu);
  return { value, seconds: (performance.now() - start) / 1000, cpuSeconds: (used.user + used.system) / 1e6 };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const tableBytes = (table) => table.data.reduce((sum, data) => sum + data.byteLength, 0);

function directoryBytes(directory) {
  return readdirSync(directory).reduce((sum, name) => sum + statSync(join(directory, name)).size, 0);
}

/** Which code was measured: the commit, and the files under src/ changed since it. */
function sourceVersion() {
  const git = (...args) => execFileSync("git", args, { cwd: join(__dirname, ".."), encoding: "utf8" }).trim();
  try {
    return { commit: git("rev-parse", "HEAD"), changed_in_src: git("status", "--porcelain", "--", "src").split("\n").filter(Boolean) };
  } catch {
    return null;
  }
}

/** Times one upload and splits it into the SQL statements it ran and the rest (the Arrow append). */
async function timedUpload(platform, what, rows, upload) {
  const probe = startProbe();
  let seconds;
  let recorded;
  try {
    seconds = (await timed(upload)).seconds;
  } finally {
    recorded = probe.stop();
  }
  const breakdown = statementTotals(recorded.statements);
  const sqlMs = breakdown.reduce((sum, entry) => sum + entry.ms, 0);
  return { what, rows, seconds, rows_per_second: rows / seconds, append_ms: seconds * 1000 - sqlMs, statements: breakdown };
}

async function runBenchmark(options) {
  const { rows, seed, repeat, resamples, threads, keep } = options;
  const memory = startMemoryWatch();
  const figures = { rows, seed, repeat, resamples: resamples ?? 1000, node: process.version, source: sourceVersion(), load_average_before: loadavg() };

  const generated = await timed(() => generateData({ rows, seed }));
  const { dataset, results, models } = generated.value;
  const reference = models[0];
  figures.models = models;
  figures.reference = reference;
  figures.data = {
    generate_seconds: generated.seconds,
    dataset_arrow_mb: tableBytes(dataset) / 2 ** 20,
    results_arrow_mb: results.reduce((sum, table) => sum + tableBytes(table), 0) / 2 ** 20,
  };
  memory.mark("generate");

  const directory = mkdtempSync(join(tmpdir(), "slicewise-bench-"));
  const platform = await Platform.open({ data: directory, threads });
  try {
    const [{ threads: duckdbThreads }] = await platform.database.rows("SELECT current_setting('threads')::INTEGER AS threads");
    figures.duckdb_threads = duckdbThreads;

    const uploads = [];
    uploads.push(await timedUpload(platform, "dataset", rows, () => platform.uploadDataset(datasetName, { format: "table", table: dataset })));
    for (const [m, model] of models.entries())
      uploads.push(
        await timedUpload(platform, `results ${model}`, rows, () => platform.uploadResults(datasetName, model, { format: "table", table: results[m] })),
      );
    const ingestSeconds = uploads.reduce((sum, upload) => sum + upload.seconds, 0);
    figures.ingest = {
      uploads,
      total_rows: rows * uploads.length,
      total_seconds: ingestSeconds,
      rows_per_second: (rows * uploads.length) / ingestSeconds,
      store_mb: directoryBytes(directory) / 2 ** 20,
    };
    memory.mark("ingest");

    await platform.setQualityStandard(datasetName, qualityStandard);
    const evaluateOptions = { models, reference, ...(resamples ? { resamples } : {}) };
    const tables = await storedTables(platform.database, datasetName, models);

    // The three ways, interleaved so that drift on a shared machine hits all of them alike.
    const runs = { evaluate: [], hand_sql: [], loop: [] };
    const cpuRuns = { evaluate: [], hand_sql: [], loop: [] };
    let evaluation;
    let sqlStatistics;
    let loopResult;
    for (let r = 0; r < repeat; r++) {
      const evaluated = await timed(() => platform.evaluate(datasetName, evaluateOptions));
      evaluation = evaluated.value;
      runs.evaluate.push(evaluated.seconds);
      cpuRuns.evaluate.push(evaluated.cpuSeconds);
      if (r === 0) memory.mark("evaluate");
      const sql = await timed(() => handSqlStatistics(platform.database, { models, tables }));
      sqlStatistics = sql.value.statistics;
      runs.hand_sql.push(sql.seconds);
      cpuRuns.hand_sql.push(sql.cpuSeconds);
      if (r === 0) memory.mark("hand SQL");
      const loop = await timed(() => loopStatistics({ dataset, results }));
      loopResult = loop.value;
      runs.loop.push(loop.seconds);
      cpuRuns.loop.push(loop.cpuSeconds);
      if (r === 0) memory.mark("loop");
    }
    const medians = Object.fromEntries(Object.entries(runs).map(([name, seconds]) => [name, median(seconds)]));
    const cpuMedians = Object.fromEntries(Object.entries(cpuRuns).map(([name, seconds]) => [name, median(seconds)]));
    figures.evaluation = {
      runs_seconds: runs.evaluate,
      median_seconds: medians.evaluate,
      cpu_runs_seconds: cpuRuns.evaluate,
      cpu_median_seconds: cpuMedians.evaluate,
      test_cases: new Set(evaluation.rows.map((row) => `${row.stratification}\u0000${row.test_case}`)).size,
      table_rows: evaluation.rows.length,
      datapoints: evaluation.info.datapoints,
    };
    figures.hand_sql = {
      runs_seconds: runs.hand_sql,
      median_seconds: medians.hand_sql,
      cpu_runs_seconds: cpuRuns.hand_sql,
      cpu_median_seconds: cpuMedians.hand_sql,
    };
    figures.loop = {
      runs_seconds: runs.loop,
      median_seconds: medians.loop,
      cpu_runs_seconds: cpuRuns.loop,
      cpu_median_seconds: cpuMedians.loop,
      size_edges: loopResult.sizeEdges,
    };
    figures.ratios = {
      evaluate_over_hand_sql: medians.evaluate / medians.hand_sql,
      evaluate_over_loop: medians.evaluate / medians.loop,
      hand_sql_over_loop: medians.hand_sql / medians.loop,
      cpu_evaluate_over_hand_sql: cpuMedians.evaluate / cpuMedians.hand_sql,
      cpu_evaluate_over_loop: cpuMedians.evaluate / cpuMedians.loop,
    };
    figures.targets = {
      ingest_rows_per_second_at_10m: { target: 1e6, measured: figures.ingest.rows_per_second, met: figures.ingest.rows_per_second >= 1e6 },
      evaluate_over_hand_sql: { target: 2, measured: figures.ratios.evaluate_over_hand_sql, met: figures.ratios.evaluate_over_hand_sql <= 2 },
    };

    const fromEvaluation = evaluationStatistics(evaluation.rows, models);
    figures.agreement = { hand_sql: compareStatistics(fromEvaluation, sqlStatistics), loop: compareStatistics(fromEvaluation, loopResult.statistics) };
    figures.verdicts = verdictCounts(evaluation.rows, reference);

    figures.evaluation.profile = await profileEvaluation(platform, evaluateOptions);
    memory.mark("profiled evaluate");
  } finally {
    platform.close();
    if (keep) figures.data_directory = directory;
    else rmSync(directory, { recursive: true, force: true });
  }
  figures.memory = memory.stop();
  figures.load_average_after = loadavg();
  return figures;
}

/** One more evaluation, with the probe on: SQL statements by kind, the bootstrap by metric, and the rest. */
async function profileEvaluation(platform, evaluateOptions) {
  const probe = startProbe();
  // The cells' bootstraps run on worker threads, out of the probe's sight: time them as a whole.
  const pool = require("../lib/src/platform/bootstrapPool");
  const summarizeTasks = pool.summarizeTasks;
  const workers = { ms: 0, tasks: 0, cpu_ms: 0 };
  pool.summarizeTasks = async (tasks, ...rest) => {
    const cpu = process.cpuUsage();
    const start = performance.now();
    try {
      return await summarizeTasks(tasks, ...rest);
    } finally {
      workers.ms += performance.now() - start;
      const used = process.cpuUsage(cpu);
      workers.cpu_ms += (used.user + used.system) / 1000;
      workers.tasks += tasks.length;
    }
  };
  let seconds;
  let recorded;
  try {
    seconds = (await timed(() => platform.evaluate(datasetName, evaluateOptions))).seconds;
  } finally {
    recorded = probe.stop();
    pool.summarizeTasks = summarizeTasks;
  }
  const { calls, bootstrap, rowObjects } = recorded;
  // The evaluation's one aggregation statement (the join materialized once, read by the main
  // aggregates and the cells) is named here, since the probe would file it under the cells query.
  const statements = recorded.statements.map((statement) =>
    /^WITH datapoints AS/.test(statement.sql) ? { ...statement, kind: "one pass: join, main aggregates and cells" } : statement,
  );
  const sqlMs = statements.reduce((sum, statement) => sum + statement.ms, 0);
  const callMs = (name) => calls.filter((call) => call.name === name).reduce((sum, call) => sum + call.ms, 0);
  const summaries = summaryTotals(calls);
  const assembleMs = callMs("assembleEvaluation");
  const summarizeMs = summaries.reduce((sum, entry) => sum + entry.ms, 0);
  const tableMs = callMs("evaluationTableFromRows");
  return {
    total_ms: seconds * 1000,
    sql_ms: sqlMs,
    statements: statementTotals(statements),
    bootstrap_pool: workers,
    assemble_ms: assembleMs,
    summarize_ms: summarizeMs,
    summaries,
    // Inside the cells' bootstrap: drawing the Poisson resamples, and the metric on each.
    bootstrap_resample: bootstrap.resample,
    bootstrap_cell_metric: bootstrap.cellMetric,
    evaluation_table_ms: tableMs,
    row_objects: rowObjects,
    // Building test-case keys and statistics from the rows, planning, etc.
    other_js_ms: seconds * 1000 - sqlMs - workers.ms - assembleMs - tableMs - rowObjects.ms,
  };
}

module.exports = { runBenchmark };
