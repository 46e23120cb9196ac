// Where the platform's time goes, measured from outside: wraps the DuckDB connection's `run`
// (which `runAndReadAll` also goes through), the reading of results into row objects, and the
// metrics functions the evaluation calls; records their times and puts everything back on
// `stop()`. src/ is not touched.
"use strict";

const { performance } = require("node:perf_hooks");
const { DuckDBConnection, DuckDBResultReader } = require("@duckdb/node-api");
const summarizeModule = require("../lib/src/metrics/summarizeMetric");
const assembleModule = require("../lib/src/metrics/assembleEvaluation");
const poissonModule = require("../lib/src/metrics/poissonResample");
const cellMetricModule = require("../lib/src/metrics/cellMetric");
const evaluationTableModule = require("../lib/src/core/evaluationTable");

/** What kind of statement a SQL text is, for grouping the times. */
function classifyStatement(sql) {
  const text = sql.replace(/\s+/g, " ").trim();
  if (/^CREATE TEMP TABLE/i.test(text)) return "temp table (join + per-row outcomes)";
  if (/^CREATE TABLE/i.test(text)) return "create table";
  if (/^(BEGIN|COMMIT|ROLLBACK)/i.test(text)) return text.split(" ")[0].toLowerCase();
  if (/^DROP TABLE IF EXISTS sw_evaluation/i.test(text)) return "drop temp table";
  if (/quantile_cont/i.test(text)) return "quantile edges";
  if (/GROUPING SETS/i.test(text) && /cell_count/.test(text)) return "cells query (GROUPING SETS)";
  if (/GROUPING SETS/i.test(text)) return "main aggregates (GROUPING SETS)";
  if (/HAVING count\(\*\) > 1/i.test(text)) return "duplicate-id check";
  if (/\bIS NULL\b/i.test(text)) return "null-id check";
  if (/\bEXCEPT\b/i.test(text)) return "unknown-id check";
  if (/count\(\*\)/i.test(text) && /AS total/i.test(text)) return "row totals";
  return "catalog and small statements";
}

function startProbe() {
  const statements = [];
  const calls = [];
  // Every connection's statements: evaluate runs on a reader connection of the pool, not the writer.
  const connection = DuckDBConnection.prototype;
  const originalRun = connection.run;
  connection.run = async function timedRun(sql, ...rest) {
    const start = performance.now();
    try {
      return await originalRun.call(this, sql, ...rest);
    } finally {
      statements.push({ kind: classifyStatement(sql), ms: performance.now() - start, sql });
    }
  };

  const restore = [];
  const wrap = (module, name, describe) => {
    const original = module[name];
    module[name] = function timed(...args) {
      const start = performance.now();
      const result = original.apply(this, args);
      calls.push({ name, ms: performance.now() - start, ...(describe ? describe(...args) : {}) });
      return result;
    };
    restore.push(() => (module[name] = original));
  };
  wrap(assembleModule, "assembleEvaluation");
  wrap(summarizeModule, "summarizeMetric", (plan, statistics) => ({
    shape: statistics.shape,
    metric: plan.metric.label,
    cells: statistics.shape === "cells" ? statistics.counts.length : undefined,
    paired: statistics.shape === "cells" ? statistics.paired : Boolean(statistics.paired),
  }));
  wrap(evaluationTableModule, "evaluationTableFromRows");

  // Inside the bootstrap, called once or twice per resample: totals only.
  const bootstrap = { resample: { calls: 0, ms: 0 }, cellMetric: { calls: 0, ms: 0 } };
  const rowObjects = { calls: 0, ms: 0, rows: 0 };
  const total = (module, name, totals, wrapResult) => {
    const original = module[name];
    module[name] = function timed(...args) {
      const start = performance.now();
      const result = original.apply(this, args);
      totals.calls++;
      totals.ms += performance.now() - start;
      return wrapResult ? wrapResult(result) : result;
    };
    restore.push(() => (module[name] = original));
  };
  // poissonResampler prepares a resampler per cell table; time every resample it then draws.
  total(poissonModule, "poissonResampler", { calls: 0, ms: 0 }, (resample) => (random, out) => {
    const start = performance.now();
    const result = resample(random, out);
    bootstrap.resample.calls++;
    bootstrap.resample.ms += performance.now() - start;
    return result;
  });
  // Query results become row objects in JS after the statement ran: count that apart from SQL.
  total(DuckDBResultReader.prototype, "getRowObjectsJS", rowObjects, (rows) => {
    rowObjects.rows += rows.length;
    return rows;
  });
  // prepareCellMetric returns the per-resample metric; time the calls of that function.
  total(cellMetricModule, "prepareCellMetric", { calls: 0, ms: 0 }, (metric) => (weights) => {
    const start = performance.now();
    const value = metric(weights);
    bootstrap.cellMetric.calls++;
    bootstrap.cellMetric.ms += performance.now() - start;
    return value;
  });

  return {
    /** Restores everything; returns the recorded statements and calls. */
    stop() {
      connection.run = originalRun;
      restore.forEach((undo) => undo());
      return { statements, calls, bootstrap, rowObjects };
    },
  };
}

/** Sums statement times by kind, in the order each kind first ran. */
function statementTotals(statements) {
  const totals = new Map();
  for (const { kind, ms } of statements) {
    const entry = totals.get(kind) ?? { kind, count: 0, ms: 0 };
    entry.count++;
    entry.ms += ms;
    totals.set(kind, entry);
  }
  return [...totals.values()];
}

/** The summarizeMetric calls grouped by metric and pairing, with the cells they bootstrapped. */
function summaryTotals(calls) {
  const totals = new Map();
  for (const call of calls) {
    if (call.name !== "summarizeMetric") continue;
    const key = `${call.metric} (${call.shape}${call.paired ? ", paired" : ""})`;
    const entry = totals.get(key) ?? { what: key, count: 0, ms: 0, cells: 0 };
    entry.count++;
    entry.ms += call.ms;
    entry.cells += call.cells ?? 0;
    totals.set(key, entry);
  }
  return [...totals.values()].map((entry) => ({ ...entry, meanCells: entry.cells ? Math.round(entry.cells / entry.count) : undefined }));
}

module.exports = { startProbe, statementTotals, summaryTotals };
