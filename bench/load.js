// Load test of the platform server (issue 12): a `slicewise serve` child process on a fresh data
// directory, N concurrent clients mixing uploads, evaluations, samples and describes for S seconds per
// round; per-kind latency, errors and the server's RSS over time; then a check, before and after a
// restart on the same data, that every upload the server acknowledged (201) holds all its rows.
//
//   node bench/load.js                                      2 rounds × 60 s, 50 clients
//   node bench/load.js --seconds 5 --clients 8 --rounds 1   a quick look
//   options: --seconds 60  --clients 50  --rounds 2  --seed 1  --keep (keep the data directory)
//
// Prints a report and writes its figures to bench/out/load.json (gitignored).
// Figures, not assertions: exits 0 whatever the latencies, non-zero only when the script failed or
// an acknowledged upload lost rows.
"use strict";

const { spawn } = require("node:child_process");
const { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } = require("node:fs");
const { loadavg, tmpdir } = require("node:os");
const { join } = require("node:path");
const { performance } = require("node:perf_hooks");
const { Table, makeVector, tableFromIPC, tableToIPC } = require("apache-arrow");
const { buildDigitsExample } = require("../lib/examples/digits");
const { createRandom, utf8Vector, boolVector } = require("../test/helpers/syntheticData");
const { cpuBetween, cpuSnapshot } = require("./processCpu");
const { percentile } = require("./statistics");
const { printTable } = require("./printTable");
const { measuredSource } = require("./sourceVersion");

const cli = join(__dirname, "..", "lib", "src", "cli", "main.js");

/**
 * The mix is of clients, not of requests: each client repeats one kind of request, so five
 * evaluation clients keep about five evaluations running all the time, and how many requests of
 * each kind get done is itself a figure (slow kinds finish fewer).
 */
const clientShares = { upload: 0.1, evaluate: 0.1, samples: 0.3, describe: 0.5 };
const kinds = Object.keys(clientShares);

const targets = { describeP99Ms: 200, errors: 0, lostRows: 0, rssGrowth: 0.1 };
const requestTimeoutMs = 120_000;
/** GET /health touches no database: its latency is the server's event loop and HTTP alone. */
const healthProbeIntervalMs = 500;
const uploadRows = { min: 200, max: 500 };
const groups = ["north", "south", "east", "west"];
const samplesWhere = { field: "ink", op: "lt", value: 280 };
const samplesLimit = 50;

// ---------------------------------------------------------------------------------------------
// Options

function defaultOptions() {
  return { seconds: 60, clients: 50, rounds: 2, seed: 1, keep: false };
}

function parseArguments(argv) {
  const options = defaultOptions();
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].replace(/^--/, "");
    const number = () => {
      if (i + 1 >= argv.length) throw new Error(`--${name} needs a value`);
      const value = Number(argv[++i]);
      if (!(value > 0)) throw new Error(`--${name} expects a positive number; got ${JSON.stringify(argv[i])}`);
      return value;
    };
    if (name === "seconds") options.seconds = number();
    else if (name === "clients") options.clients = Math.round(number());
    else if (name === "rounds") options.rounds = Math.round(number());
    else if (name === "seed") options.seed = Math.round(number());
    else if (name === "keep") options.keep = true;
    else throw new Error(`unknown option ${argv[i]}; use --seconds, --clients, --rounds, --seed or --keep`);
  }
  return options;
}

/** Clients per kind by the shares, at least one of each; describes take what rounding leaves. */
function clientCounts(clients) {
  const counts = {};
  for (const kind of kinds) if (kind !== "describe") counts[kind] = Math.max(1, Math.round(clientShares[kind] * clients));
  counts.describe = clients - Object.values(counts).reduce((sum, count) => sum + count, 0);
  if (counts.describe < 1) throw new Error(`--clients must be at least ${kinds.length}, one client of each kind; got ${clients}`);
  return counts;
}

// ---------------------------------------------------------------------------------------------
// The server: a child process, stopped by its pid

/** Starts `slicewise serve` on a free port; resolves once it has printed its address and token. */
function startServer(data) {
  const child = spawn(process.execPath, [cli, "serve", "--data", data, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
  const server = { child, pid: child.pid, url: null, token: null, exited: null, log: [] };
  let stdout = "";
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk) => {
    stderr += chunk;
    const lines = stderr.split("\n");
    stderr = lines.pop();
    server.log.push(...lines.filter(Boolean));
  });
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve((server.exited = { code, signal }))));
  server.whenExited = exited;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error("the server printed no address within 60 s")), 60_000);
    function fail(error) {
      clearTimeout(timer);
      stopServer(server).finally(() => reject(error));
    }
    child.once("error", fail);
    exited.then(({ code, signal }) => {
      if (server.url === null) fail(new Error(`the server exited (${signal ?? `code ${code}`}) before listening: ${server.log.join("\n") || stderr}`));
    });
    child.stdout.setEncoding("utf8").on("data", (chunk) => {
      stdout += chunk;
      const url = /slicewise listening on (\S+)/.exec(stdout);
      const token = /\?token=([^\s&]+)/.exec(stdout);
      if (server.url === null && url && token) {
        clearTimeout(timer);
        server.url = url[1];
        server.token = token[1];
        resolve(server);
      }
    });
  });
}

/** SIGTERM by pid (the server closes its store and exits), SIGKILL after 30 s; resolves once it has exited. */
async function stopServer(server) {
  if (server.exited) return server.exited;
  try {
    process.kill(server.pid, "SIGTERM");
  } catch {
    return server.whenExited;
  }
  const timer = setTimeout(() => {
    if (!server.exited) {
      server.log.push(`load.js: the server did not exit within 30 s of SIGTERM; sent SIGKILL to ${server.pid}`);
      process.kill(server.pid, "SIGKILL");
    }
  }, 30_000);
  const result = await server.whenExited;
  clearTimeout(timer);
  return result;
}

/** The server's resident set in MB, from /proc (VmRSS), or null once it is gone. */
function residentMegabytes(pid) {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Requests

/** One API call; the latency runs until the whole body is read. Global fetch keeps connections alive. */
async function call(server, method, path, { body, contentType } = {}) {
  const headers = { Authorization: `Bearer ${server.token}` };
  if (contentType) headers["Content-Type"] = contentType;
  const started = performance.now();
  const response = await fetch(`${server.url}/api/v1${path}`, { method, headers, body, signal: AbortSignal.timeout(requestTimeoutMs) });
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { status: response.status, bytes, ms: performance.now() - started };
}

const json = (bytes) => JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8"));
const datasetPath = (name) => `/datasets/${encodeURIComponent(name)}`;

/** A failed call's label for the error list: status and the server's error code, or the network error's code. */
class RequestFailure extends Error {
  constructor(label, message) {
    super(message);
    this.label = label;
  }
}

function httpFailure({ status, bytes }) {
  let code = "";
  let message;
  try {
    ({ code, message } = json(bytes).error ?? {});
  } catch {
    message = Buffer.from(bytes).toString("utf8").slice(0, 200);
  }
  return new RequestFailure(`${status}${code ? ` ${code}` : ""}`, message);
}

function networkFailure(error) {
  if (error instanceof RequestFailure) return error;
  const code = error?.name === "TimeoutError" ? "timeout" : (error?.cause?.code ?? error?.code ?? error?.name ?? "error");
  return new RequestFailure(code, error?.cause?.message ?? error?.message ?? String(error));
}

/** Calls, insists on `expected` status, and returns the reply; a wrong status throws a RequestFailure. */
async function expectStatus(server, expected, method, path, options) {
  const reply = await call(server, method, path, options);
  if (reply.status !== expected) {
    const failure = httpFailure(reply);
    failure.request = `${method} ${path}`;
    throw failure;
  }
  return reply;
}

// ---------------------------------------------------------------------------------------------
// Workloads: one request each, checked for what a person could check by hand

/** A small upload: ids 0…n−1, a group, a value and a flag; CSV and Arrow in turn. */
function uploadBody(random, number) {
  const rows = uploadRows.min + Math.floor(random() * (uploadRows.max - uploadRows.min + 1));
  const id = new Int32Array(rows);
  const group = new Uint8Array(rows);
  const value = new Float64Array(rows);
  const flag = new Uint8Array(rows);
  for (let row = 0; row < rows; row++) {
    id[row] = row;
    group[row] = Math.floor(random() * groups.length);
    value[row] = Math.round(random() * 1e6) / 1e3;
    flag[row] = random() < 0.5 ? 1 : 0;
  }
  if (number % 2 === 0) {
    const lines = ["id,group,value,flag"];
    for (let row = 0; row < rows; row++) lines.push(`${id[row]},${groups[group[row]]},${value[row]},${flag[row] ? "true" : "false"}`);
    return { rows, format: "csv", body: lines.join("\n") + "\n", contentType: "text/csv" };
  }
  const table = new Table({
    id: makeVector(id),
    group: utf8Vector(group, groups),
    value: makeVector(value),
    flag: boolVector(flag),
  });
  return { rows, format: "arrow", body: tableToIPC(table, "stream"), contentType: "application/vnd.apache.arrow.stream" };
}

function workloads(base) {
  return {
    async upload(server, client, state) {
      const number = state.uploads++;
      const name = `load-${client}-${number}`;
      const upload = uploadBody(state.random, number);
      const reply = await expectStatus(server, 201, "PUT", `${datasetPath(name)}?id_fields=id`, upload);
      const answer = json(reply.bytes);
      // Acknowledged is acknowledged: the check afterwards expects the rows the server said it stored.
      base.acknowledged.push({ name, rows: answer.rows, sent: upload.rows, format: upload.format });
      if (answer.rows !== upload.rows) throw new RequestFailure("rows_mismatch", `${name}: sent ${upload.rows} rows, the server acknowledged ${answer.rows}`);
      return reply;
    },
    async evaluate(server) {
      const reply = await expectStatus(server, 200, "POST", `${datasetPath("digits")}/evaluate`, {
        body: JSON.stringify({ models: base.models, reference: base.reference }),
        contentType: "application/json",
      });
      const rows = tableFromIPC(reply.bytes).numRows;
      if (rows !== base.evaluationRows) throw new RequestFailure("bad_body", `the evaluation has ${rows} rows; the first one had ${base.evaluationRows}`);
      return reply;
    },
    async samples(server, client, state) {
      const model = base.models[state.samples++ % base.models.length];
      const reply = await expectStatus(server, 200, "POST", `${datasetPath("digits")}/samples`, {
        body: JSON.stringify({ limit: samplesLimit, where: samplesWhere, models: [model] }),
        contentType: "application/json",
      });
      const rows = tableFromIPC(reply.bytes).numRows;
      if (rows !== base.samplesRows)
        throw new RequestFailure("bad_body", `samples answered ${rows} rows; ${base.samplesRows} match the filter within the limit`);
      return reply;
    },
    async describe(server) {
      const reply = await expectStatus(server, 200, "GET", datasetPath("digits"));
      const rows = json(reply.bytes).rows;
      if (rows !== base.datasetRows) throw new RequestFailure("bad_body", `describe says ${rows} rows; digits has ${base.datasetRows}`);
      return reply;
    },
  };
}

/** The digits example as the base every evaluation, sample and describe reads. */
async function loadBase(server) {
  const example = await buildDigitsExample();
  const arrow = { contentType: "application/vnd.apache.arrow.stream" };
  await expectStatus(server, 201, "PUT", `${datasetPath("digits")}?id_fields=image_id`, { ...arrow, body: tableToIPC(example.dataset, "stream") });
  for (const model of example.models)
    await expectStatus(server, 201, "PUT", `${datasetPath("digits")}/models/${encodeURIComponent(model)}/results`, {
      ...arrow,
      body: tableToIPC(example.results[model], "stream"),
    });
  await expectStatus(server, 200, "PUT", `${datasetPath("digits")}/quality-standard`, {
    body: JSON.stringify(example.qualityStandard),
    contentType: "application/json",
  });
  const ink = example.dataset.getChild("ink").toArray();
  const matching = ink.filter((value) => value < samplesWhere.value).length;
  const base = {
    models: example.models,
    reference: example.reference,
    datasetRows: example.dataset.numRows,
    samplesRows: Math.min(samplesLimit, matching),
    evaluationRows: 0,
    acknowledged: [],
  };
  // One evaluation before the clocks start: its row count is what every later one must match.
  const first = await expectStatus(server, 200, "POST", `${datasetPath("digits")}/evaluate`, {
    body: JSON.stringify({ models: base.models, reference: base.reference }),
    contentType: "application/json",
  });
  base.evaluationRows = tableFromIPC(first.bytes).numRows;
  base.firstEvaluationMs = first.ms;
  return base;
}

/**
 * Each kind of request alone on an idle server, median of a few: the service time that the loaded
 * latencies compare with (the difference is mostly waiting). The upload is acknowledged like any other.
 */
async function idleLatencies(server, base) {
  const work = workloads(base);
  const state = { random: createRandom(0), uploads: 0, samples: 0 };
  const medians = {};
  for (const kind of kinds) {
    const times = [];
    for (let run = 0; run < 3; run++) times.push((await work[kind](server, "idle", state)).ms);
    medians[kind] = percentile(times, 50);
  }
  return medians;
}

// ---------------------------------------------------------------------------------------------
// A round

function emptyKindFigures() {
  return { latencies: [], failures: new Map(), done: 0, inFlight: 0 };
}

function recordFailure(kindFigures, error) {
  const failure = networkFailure(error);
  const entry = kindFigures.failures.get(failure.label) ?? { count: 0, message: failure.message };
  entry.count++;
  kindFigures.failures.set(failure.label, entry);
}

const sleep = (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/**
 * Runs every client until the deadline, then waits for the requests in flight. A describe counts as
 * "while evaluations ran" when an evaluation was in flight at any moment of it: one was running when
 * it started, or one started before it ended.
 */
async function runRound({ server, base, counts, options, round, clientStates, rssSamples }) {
  const figures = Object.fromEntries(kinds.map((kind) => [kind, emptyKindFigures()]));
  const describeDuringEvaluation = [];
  let evaluationsStarted = 0;
  const work = workloads(base);
  const cpuBefore = cpuSnapshot({ server: { pid: server.pid } });
  const clientCpuBefore = process.cpuUsage();
  const loadBefore = loadavg()[0];
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  const rssStart = residentMegabytes(server.pid);
  const roundSamples = [{ second: 0, megabytes: rssStart }];

  let second = 0;
  const sampler = setInterval(() => {
    second++;
    const megabytes = residentMegabytes(server.pid);
    roundSamples.push({ second, megabytes });
    rssSamples.push({ round, second, megabytes });
    if (second % 5 === 0) {
      const done = kinds.reduce((sum, kind) => sum + figures[kind].done, 0);
      const failed = kinds.reduce((sum, kind) => sum + countFailures(figures[kind]), 0);
      const inFlight = kinds.map((kind) => figures[kind].inFlight).join("/");
      console.log(
        `  round ${round}  t=${String(second).padStart(3)} s   RSS ${format(megabytes, 0).padStart(5)} MB   requests ${done} (errors ${failed})   in flight u/e/s/d ${inFlight}`,
      );
    }
  }, 1000);

  async function runClient(kind, client, state) {
    const kindFigures = figures[kind];
    while (performance.now() < deadline) {
      if (server.exited)
        throw new Error(
          `the server exited during round ${round} (${server.exited.signal ?? `code ${server.exited.code}`}); its log:\n${server.log.slice(-20).join("\n")}`,
        );
      const evaluationsBefore = evaluationsStarted;
      const evaluationRunning = figures.evaluate.inFlight > 0;
      if (kind === "evaluate") evaluationsStarted++;
      kindFigures.inFlight++;
      const requestStarted = performance.now();
      try {
        const reply = await work[kind](server, client, state);
        kindFigures.latencies.push(reply.ms);
        if (kind === "describe" && (evaluationRunning || evaluationsStarted > evaluationsBefore)) describeDuringEvaluation.push(reply.ms);
      } catch (error) {
        recordFailure(kindFigures, error);
        // A refused connection fails at once; do not spin on it.
        if (performance.now() - requestStarted < 5) await sleep(50);
      } finally {
        kindFigures.inFlight--;
        kindFigures.done++;
      }
    }
  }

  const health = emptyKindFigures();
  async function probeHealth() {
    while (performance.now() < deadline && !server.exited) {
      try {
        health.latencies.push((await expectStatus(server, 200, "GET", "/health")).ms);
      } catch (error) {
        recordFailure(health, error);
      }
      health.done++;
      await sleep(healthProbeIntervalMs);
    }
  }

  let client = 0;
  const running = [probeHealth()];
  for (const kind of kinds)
    for (let index = 0; index < counts[kind]; index++, client++) running.push(runClient(kind, client, clientState(clientStates, client, options.seed)));
  try {
    await Promise.all(running);
  } finally {
    clearInterval(sampler);
  }
  const seconds = (performance.now() - started) / 1000;
  const rssEnd = residentMegabytes(server.pid);
  roundSamples.push({ second: null, megabytes: rssEnd });
  return {
    round,
    seconds,
    drainSeconds: seconds - options.seconds,
    figures,
    describeDuringEvaluation,
    health,
    rss: {
      start: rssStart,
      end: rssEnd,
      max: Math.max(...roundSamples.map((sample) => sample.megabytes ?? 0)),
      secondHalfMedian: percentile(
        roundSamples
          .filter((sample) => sample.second !== null && sample.second >= options.seconds / 2 && sample.megabytes !== null)
          .map((sample) => sample.megabytes),
        50,
      ),
      everyFiveSeconds: roundSamples.filter((sample) => sample.second !== null && sample.second % 5 === 0).map((sample) => sample.megabytes),
    },
    serverCpuSeconds: cpuBetween(cpuBefore, cpuSnapshot({ server: { pid: server.pid } })).server / 1000,
    clientCpuSeconds: (({ user, system }) => (user + system) / 1e6)(process.cpuUsage(clientCpuBefore)),
    load: [loadBefore, loadavg()[0]],
  };
}

/** Each client keeps its own seeded generator and counters across rounds (upload names stay unique). */
function clientState(clientStates, client, seed) {
  if (!clientStates.has(client)) clientStates.set(client, { random: createRandom(seed * 1_000_003 + client), uploads: 0, samples: 0 });
  return clientStates.get(client);
}

const countFailures = (kindFigures) => [...kindFigures.failures.values()].reduce((sum, entry) => sum + entry.count, 0);
const roundErrors = (report) => kinds.reduce((sum, kind) => sum + countFailures(report.figures[kind]), countFailures(report.health));

// ---------------------------------------------------------------------------------------------
// Afterwards: every acknowledged upload, all its rows

/**
 * Per acknowledged upload: describe's row count, and the ids 0…n−1 that samples (limit n + 1) gives
 * back. Rows found = the smaller of the two; lost = acknowledged − found.
 */
async function verifyUploads(server, acknowledged) {
  const result = { uploads: acknowledged.length, rows: 0, lostRows: 0, incomplete: [] };
  const queue = [...acknowledged];
  async function worker() {
    for (let upload = queue.shift(); upload; upload = queue.shift()) {
      result.rows += upload.rows;
      let found = 0;
      let problem = "";
      try {
        const described = json((await expectStatus(server, 200, "GET", datasetPath(upload.name))).bytes).rows;
        const reply = await expectStatus(server, 200, "POST", `${datasetPath(upload.name)}/samples`, {
          body: JSON.stringify({ limit: upload.rows + 1, order_by: "id" }),
          contentType: "application/json",
        });
        const ids = tableFromIPC(reply.bytes).getChild("id").toArray();
        const seen = new Uint8Array(upload.rows);
        for (const id of ids) if (Number(id) >= 0 && Number(id) < upload.rows) seen[Number(id)] = 1;
        const idsFound = seen.reduce((sum, bit) => sum + bit, 0);
        found = Math.min(described, idsFound);
        if (described !== upload.rows || ids.length !== upload.rows || idsFound !== upload.rows)
          problem = `describe ${described} rows, samples ${ids.length} rows with ${idsFound} of the ids`;
      } catch (error) {
        const failure = networkFailure(error);
        problem = `${failure.label}: ${failure.message}`;
      }
      result.lostRows += Math.max(0, upload.rows - found);
      if (problem) result.incomplete.push(`${upload.name} (${upload.format}, ${upload.rows} rows acknowledged): ${problem}`);
    }
  }
  await Promise.all(Array.from({ length: 4 }, worker));
  return result;
}

// ---------------------------------------------------------------------------------------------
// Report

function format(value, digits = 1) {
  if (value === null || value === undefined || Number.isNaN(value)) return "–";
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function printRound(report, counts, clients) {
  const requests = kinds.reduce((sum, kind) => sum + report.figures[kind].done, 0);
  const errors = roundErrors(report);
  console.log(
    `\nround ${report.round}: ${format(report.seconds)} s (${format(report.drainSeconds)} s of it waiting for the last requests), ${clients} clients, ` +
      `${requests.toLocaleString("en-US")} requests, ${format(requests / report.seconds)} req/s, ${errors} errors`,
  );
  console.log(
    `  CPU: server ${format(report.serverCpuSeconds)} s (${format(report.serverCpuSeconds / report.seconds, 2)} cores), ` +
      `load generator ${format(report.clientCpuSeconds)} s; load average ${format(report.load[0], 2)} → ${format(report.load[1], 2)}`,
  );
  const rows = [["kind", "clients", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors"]];
  const latencyRow = (label, clientCount, done, latencies, failed) => [
    label,
    clientCount,
    done,
    format(done / report.seconds, 2),
    format(percentile(latencies, 50)),
    format(percentile(latencies, 95)),
    format(percentile(latencies, 99)),
    format(latencies.length ? Math.max(...latencies) : NaN),
    failed,
  ];
  for (const kind of kinds) {
    const kindFigures = report.figures[kind];
    rows.push(latencyRow(kind, counts[kind], kindFigures.done, kindFigures.latencies, countFailures(kindFigures)));
  }
  const during = report.describeDuringEvaluation;
  rows.push(latencyRow("  describe while an evaluation ran", "", during.length, during, ""));
  rows.push(
    latencyRow(
      `health (no database; 1 probe, every ${healthProbeIntervalMs / 1000} s)`,
      "",
      report.health.done,
      report.health.latencies,
      countFailures(report.health),
    ),
  );
  printTable(`  latency of successful requests (request sent → body read)`, rows);
  for (const [kind, kindFigures] of [...kinds.map((kind) => [kind, report.figures[kind]]), ["health", report.health]])
    for (const [label, entry] of kindFigures.failures) console.log(`  error  ${kind} ${label} ×${entry.count}: ${entry.message}`);
  console.log(
    `  server RSS (MB): start ${format(report.rss.start, 0)}, end ${format(report.rss.end, 0)}, max ${format(report.rss.max, 0)}, ` +
      `median of the second half ${format(report.rss.secondHalfMedian, 0)}; ` +
      `every 5 s: ${report.rss.everyFiveSeconds.map((megabytes) => format(megabytes, 0)).join(" ")}`,
  );
}

/** The figures of a round for the JSON: percentiles, not every latency. */
function roundFigures(report, counts) {
  const latency = (values) => ({
    count: values.length,
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    p99: percentile(values, 99),
    max: values.length ? Math.max(...values) : null,
  });
  return {
    round: report.round,
    seconds: report.seconds,
    drain_seconds: report.drainSeconds,
    kinds: Object.fromEntries(
      kinds.map((kind) => {
        const figures = report.figures[kind];
        const errors = Object.fromEntries(figures.failures);
        return [
          kind,
          { clients: counts[kind], requests: figures.done, per_second: figures.done / report.seconds, latency_ms: latency(figures.latencies), errors },
        ];
      }),
    ),
    describe_while_evaluating_ms: latency(report.describeDuringEvaluation),
    health_probe: { latency_ms: latency(report.health.latencies), errors: Object.fromEntries(report.health.failures) },
    rss_mb: { start: report.rss.start, end: report.rss.end, max: report.rss.max, second_half_median: report.rss.secondHalfMedian },
    server_cpu_seconds: report.serverCpuSeconds,
    load_generator_cpu_seconds: report.clientCpuSeconds,
    load_average: report.load,
  };
}

/** The server's stderr, identical lines counted together (in order of first appearance). */
function printServerLog(log) {
  const counts = new Map();
  for (const line of log) {
    const key = line.replace(/^\(node:\d+\)/, "(node)");
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  if (log.length === 0) return console.log("\nserver log (stderr): empty");
  console.log(`\nserver log (stderr): ${log.length} lines, ${counts.size} distinct${counts.size > 15 ? "; the first 15:" : ":"}`);
  for (const [line, count] of [...counts].slice(0, 15)) console.log(`  ${count > 1 ? `×${count} ` : ""}${line.slice(0, 300)}`);
}

function targetLine(met, text) {
  console.log(`  ${met === null ? "—   " : met ? "PASS" : "MISS"}  ${text}`);
}

function printTargets(rounds, verifications) {
  console.log("\ntargets");
  const errors = rounds.reduce((sum, report) => sum + roundErrors(report), 0);
  targetLine(errors <= targets.errors, `errors: ${errors} over ${rounds.length} round(s) (target ${targets.errors})`);
  const p99s = rounds.map((report) => percentile(report.describeDuringEvaluation, 99));
  const worst = Math.max(...p99s.filter((value) => !Number.isNaN(value)));
  targetLine(
    p99s.some((value) => Number.isNaN(value)) ? null : worst <= targets.describeP99Ms,
    `describe p99 while evaluations ran: ${p99s.map((value, index) => `round ${index + 1} ${format(value, 0)} ms`).join(", ")} (target ≤ ${targets.describeP99Ms} ms)`,
  );
  const lost = Math.max(...verifications.map((verification) => verification.result.lostRows));
  targetLine(
    lost <= targets.lostRows,
    `lost rows: ${lost} of ${verifications[0].result.rows.toLocaleString("en-US")} acknowledged (target ${targets.lostRows})`,
  );
  if (rounds.length < 2) {
    targetLine(null, "RSS growth over round 2: not measured (one round; use --rounds 2)");
  } else {
    const [first, second] = [rounds[rounds.length - 2], rounds[rounds.length - 1]];
    // RSS swings by tens of MB within a second; the median over each round's second half is the level.
    const growth = (second.rss.secondHalfMedian - first.rss.secondHalfMedian) / first.rss.secondHalfMedian;
    targetLine(
      growth <= targets.rssGrowth,
      `RSS growth over round ${second.round}: median of the second half ${format(first.rss.secondHalfMedian, 0)} → ${format(second.rss.secondHalfMedian, 0)} MB, ` +
        `${growth >= 0 ? "+" : ""}${format(growth * 100)} % (target ≤ +${targets.rssGrowth * 100} %); ` +
        `end ${format(first.rss.end, 0)} → ${format(second.rss.end, 0)} MB, max ${format(first.rss.max, 0)} → ${format(second.rss.max, 0)} MB`,
    );
  }
  return lost;
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const options = parseArguments(process.argv.slice(2));
  const counts = clientCounts(options.clients);
  const data = mkdtempSync(join(tmpdir(), "slicewise-load-"));
  let server = null;
  const stopOnSignal = () => {
    console.error("\nload.js: interrupted; stopping the server");
    (server ? stopServer(server) : Promise.resolve()).finally(() => {
      if (!options.keep) rmSync(data, { recursive: true, force: true });
      process.exit(130);
    });
  };
  process.once("SIGINT", stopOnSignal);
  process.once("SIGTERM", stopOnSignal);
  try {
    server = await startServer(data);
    const source = measuredSource();
    console.log(`slicewise load test: server pid ${server.pid} at ${server.url}, data in ${data}`);
    console.log(
      `  code: commit ${source.commit?.slice(0, 7) ?? "?"}, ${source.changed_in_src?.length ?? "?"} files changed under src/, lib/ built ${source.built["lib/src/index.js"] ?? "never"}`,
    );
    console.log(
      `  ${options.rounds} round(s) × ${options.seconds} s, ${options.clients} clients: ` +
        kinds.map((kind) => `${counts[kind]} ${kind}`).join(", ") +
        ` (each client loops one kind of request)`,
    );
    const setupStarted = performance.now();
    const base = await loadBase(server);
    console.log(
      `  base: digits (${base.datasetRows} rows, models ${base.models.join(", ")}, reference ${base.reference}) uploaded with its quality standard ` +
        `in ${format((performance.now() - setupStarted) / 1000)} s; one evaluation alone: ${format(base.firstEvaluationMs, 0)} ms, ${base.evaluationRows} rows`,
    );
    const idle = await idleLatencies(server, base);
    console.log(`  each kind alone on the idle server (median of 3): ${kinds.map((kind) => `${kind} ${format(idle[kind], 0)} ms`).join(", ")}`);
    console.log(
      `  uploads: ${uploadRows.min}–${uploadRows.max} rows each, CSV and Arrow in turn; samples: limit ${samplesLimit}, ink < ${samplesWhere.value}, one model's columns`,
    );
    console.log(
      `  server RSS before round 1: ${format(residentMegabytes(server.pid), 0)} MB; load average ${loadavg()
        .map((value) => format(value, 2))
        .join(" ")}\n`,
    );

    const rounds = [];
    const clientStates = new Map();
    const rssSamples = [];
    for (let round = 1; round <= options.rounds; round++) {
      const report = await runRound({ server, base, counts, options, round, clientStates, rssSamples });
      rounds.push(report);
      printRound(report, counts, options.clients);
      if (round < options.rounds) console.log("");
    }

    const verifications = [];
    const formats = base.acknowledged.reduce((tally, upload) => ({ ...tally, [upload.format]: (tally[upload.format] ?? 0) + 1 }), {});
    console.log(
      `\nverification: ${base.acknowledged.length} acknowledged uploads (${
        Object.entries(formats)
          .map(([name, count]) => `${count} ${name}`)
          .join(", ") || "none"
      }), ` + `${base.acknowledged.reduce((sum, upload) => sum + upload.rows, 0).toLocaleString("en-US")} rows`,
    );
    verifications.push({ when: "on the running server", result: await verifyUploads(server, base.acknowledged) });
    const stopped = await stopServer(server);
    const log = server.log;
    server = await startServer(data);
    server.log.unshift(...log);
    verifications.push({
      when: `after a restart on the same data (the first server exited with ${stopped.signal ?? `code ${stopped.code}`})`,
      result: await verifyUploads(server, base.acknowledged),
    });
    for (const { when, result } of verifications) {
      console.log(`  ${when}: lost rows: ${result.lostRows}; uploads not whole: ${result.incomplete.length}`);
      for (const line of result.incomplete.slice(0, 10)) console.log(`    ${line}`);
      if (result.incomplete.length > 10) console.log(`    … and ${result.incomplete.length - 10} more`);
    }

    const lost = printTargets(rounds, verifications);
    printServerLog(server.log);

    const directory = join(__dirname, "out");
    mkdirSync(directory, { recursive: true });
    const file = join(directory, "load.json");
    const figures = {
      options,
      clients: counts,
      source: measuredSource(),
      base: {
        dataset_rows: base.datasetRows,
        models: base.models,
        evaluation_rows: base.evaluationRows,
        first_evaluation_ms: base.firstEvaluationMs,
        idle_latency_ms: idle,
      },
      rounds: rounds.map((report) => roundFigures(report, counts)),
      rss_mb_every_second: rssSamples,
      verification: verifications.map(({ when, result }) => ({
        when,
        uploads: result.uploads,
        rows: result.rows,
        lost_rows: result.lostRows,
        incomplete: result.incomplete,
      })),
      server_log: server.log,
    };
    writeFileSync(file, JSON.stringify(figures, null, 2) + "\n");
    console.log(`\nfigures written to ${file}`);
    if (lost > 0) process.exitCode = 1;
  } catch (error) {
    if (error instanceof RequestFailure && error.request) error.message = `${error.request} answered ${error.label}: ${error.message}`;
    if (server?.log.length) console.error(`the server's log (stderr), last 20 lines:\n${server.log.slice(-20).join("\n")}\n`);
    throw error;
  } finally {
    if (server) await stopServer(server);
    if (options.keep) console.log(`\ndata directory kept: ${data}`);
    else rmSync(data, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
