// Notebook figures for the widgets: a real JupyterLab (the pinned one in .venv) with Deno's kernel,
// driven in Debian's Chromium. For a MetricsTable of 1,000 test cases and a SampleGallery of 10,000
// samples with thumbnails, each built and displayed by one cell: Shift+Enter → first widget element in
// that cell's output (MutationObserver + performance.now() in the page), with the kernel's messages on
// the way; and the bytes on the wire (Arrow IPC in the comm vs the same data as JSON, computed in Node).
// Prints a compact table and writes bench/out/notebook.json.
//
//   node bench/notebook.js
//   options: --runs 7 (timed runs of each cell, after one cold run)  --keep (keep the notebook folder)
"use strict";

const { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } = require("node:fs");
const { loadavg } = require("node:os");
const { join } = require("node:path");
const { tableToIPC } = require("apache-arrow");
const { launchChromium, watchPage } = require("./chromium");
const { installIntoPrefix, startJupyterLab } = require("./jupyterLab");
const { printTable } = require("./printTable");
const { measuredSource } = require("./sourceVersion");
const { cpuBetween, cpuSnapshot } = require("./processCpu");
const { profiled, topFunctions } = require("./cpuProfile");
const { median } = require("./statistics");
const { WidgetHandle } = require("../lib/src/notebook/widgetHandle");
const { digitThumbnails, evaluationRows, evaluationTable, samplesData } = require("./widgetData");

const root = join(__dirname, "..");
const outDirectory = join(__dirname, "out");
const testCaseCount = 1000;
const sampleCount = 10_000;
/** What the Jupyter host notes measured on this kind of machine with a plain jupyter-server page (not a target). */
const reference = {
  execute_to_widget_visible_ms: "170–250 ms with a plain jupyter-server + html-manager page and small tables (shared notes, jupyter-hosts.md)",
};

function parseArguments(argv) {
  const options = { runs: 7, keep: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--keep") options.keep = true;
    else if (argv[i] === "--runs" && Number.isInteger(Number(argv[i + 1]))) options.runs = Number(argv[++i]);
    else throw new Error(`unknown option ${argv[i]}; use --runs N or --keep`);
  }
  return options;
}

const round = (x, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
const megabytes = (bytes) => `${(bytes / 1e6).toFixed(2)} MB`;
const milliseconds = (x) => (x === null || x === undefined ? "—" : `${Math.round(x)} ms`);
const sleep = (time) => new Promise((resolve) => setTimeout(resolve, time));
const startedAt = Date.now();
/** Progress on stderr, so a slow or stuck step shows where it is. */
const progress = (text) => process.stderr.write(`[notebook bench ${((Date.now() - startedAt) / 1000).toFixed(1)} s] ${text}\n`);

// ---- the notebook ---------------------------------------------------------------------------

const setupSource = `import { metricsTable, sampleGallery } from "slicewise";
// The benchmark's own data builders (CommonJS), the same code bench/notebook.js sizes the wire with.
import widgetData from "../../../bench/widgetData.js";
const thumbnails = widgetData.digitThumbnails();
const kernelTimings: Record<string, number[]> = { evaluation_table_build_ms: [], samples_table_build_ms: [] };
function timed<T>(name: string, build: () => T): T {
  const start = performance.now();
  const value = build();
  kernelTimings[name].push(performance.now() - start);
  return value;
}
// Tables built once, for the cells that only display (what a notebook does with evaluate()'s result).
const builtResults = widgetData.evaluationTable({ testCaseCount: ${testCaseCount} });
const builtSamples = widgetData.samplesTable({ count: ${sampleCount}, thumbnails });
"ready"`;
const reportSource = `console.log(JSON.stringify(kernelTimings))`;

/** What is timed: each variant is one cell's source, run `runs` times, interleaved with the others. */
const variants = {
  table: {
    label: `metricsTable, ${testCaseCount.toLocaleString("en-US")} test cases × 4 models × 5 metrics: build + display`,
    selector: "tr[data-test-case]",
    source: `metricsTable(timed("evaluation_table_build_ms", () => widgetData.evaluationTable({ testCaseCount: ${testCaseCount} })))`,
  },
  tableDisplay: { label: "  display only (table built in an earlier cell)", selector: "tr[data-test-case]", source: "metricsTable(builtResults)" },
  tableDisplayWithoutFallback: {
    label: "  display only, { fallback: false } (no static HTML in the display)",
    selector: "tr[data-test-case]",
    source: "metricsTable(builtResults, { fallback: false })",
  },
  gallery: {
    label: `sampleGallery, ${sampleCount.toLocaleString("en-US")} samples with 32×32 PNG thumbnails: build + display`,
    selector: "[data-sample-id]",
    source: `sampleGallery(timed("samples_table_build_ms", () => widgetData.samplesTable({ count: ${sampleCount}, thumbnails })))`,
  },
  galleryDisplay: { label: "  display only (samples built in an earlier cell)", selector: "[data-sample-id]", source: "sampleGallery(builtSamples)" },
};

/**
 * Cells in run order: setup, a cold table and gallery (the first widgets of the notebook), `runs` rounds of
 * every variant, one table and one gallery under the page's CPU profiler, then the kernel's own timings.
 */
function notebookCells(runs) {
  const cells = [
    { kind: "setup", source: setupSource },
    { kind: "table", cold: true },
    { kind: "gallery", cold: true },
  ];
  for (let run = 0; run < runs; run++) for (const kind of Object.keys(variants)) cells.push({ kind });
  cells.push({ kind: "table", profiled: true }, { kind: "gallery", profiled: true }, { kind: "report", source: reportSource });
  return cells.map((cell) => ({ ...cell, source: cell.source ?? variants[cell.kind].source }));
}

function notebookJson(cells) {
  return {
    cells: cells.map((cell) => ({ cell_type: "code", metadata: {}, outputs: [], execution_count: null, source: cell.source })),
    metadata: { kernelspec: { name: "deno", display_name: "Deno", language: "typescript" } },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

// ---- bytes on the wire, computed in Node ------------------------------------------------------

function timedMs(work) {
  const start = performance.now();
  const value = work();
  return [value, performance.now() - start];
}

/** Arrow IPC (what the comm carries) vs JSON row objects, and the static HTML fallback every display also carries. */
function wireFigures(thumbnails) {
  const rows = evaluationRows({ testCaseCount });
  const table = evaluationTable({ testCaseCount });
  const [ipc, ipcMs] = timedMs(() => tableToIPC(table, "stream"));
  const [html, htmlMs] = timedMs(() => new WidgetHandle("MetricsTable", { results: table }).toHTML());
  const samples = samplesData({ count: sampleCount, thumbnails });
  const [samplesIpc, samplesIpcMs] = timedMs(() => tableToIPC(samples.table, "stream"));
  const [samplesHtml, samplesHtmlMs] = timedMs(() => new WidgetHandle("SampleGallery", { samples: samples.table }).toHTML());
  return {
    metrics_table: {
      rows: table.numRows,
      arrow_ipc_bytes: ipc.byteLength,
      json_row_objects_bytes: Buffer.byteLength(JSON.stringify(rows)),
      static_html_fallback_bytes: Buffer.byteLength(html),
      node_table_to_ipc_ms: round(ipcMs),
      node_static_html_ms: round(htmlMs),
    },
    sample_gallery: {
      rows: samples.table.numRows,
      arrow_ipc_bytes: samplesIpc.byteLength,
      json_row_objects_bytes: samples.json().length,
      json_note: "images as base64 strings",
      static_html_fallback_bytes: Buffer.byteLength(samplesHtml),
      node_table_to_ipc_ms: round(samplesIpcMs),
      node_static_html_ms: round(samplesHtmlMs),
    },
  };
}

// ---- driving JupyterLab -----------------------------------------------------------------------

/** The Deno kernel's pid, once the server has started it and reports it idle. */
async function denoKernel(lab) {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    const pid = lab.kernelPids().find((candidate) => {
      try {
        return readFileSync(`/proc/${candidate}/cmdline`, "utf8").includes("deno");
      } catch {
        return false;
      }
    });
    const kernels = await lab.api("/api/kernels").catch(() => []);
    if (pid && kernels.some((kernel) => kernel.name === "deno" && kernel.execution_state === "idle")) return pid;
    await sleep(100);
  }
  throw new Error("the Deno kernel did not start (or not go idle) within 90 s");
}

/** Clicks into the first cell's editor until the notebook has the keyboard focus (a click while it still lays out is lost). */
async function focusFirstCell(page) {
  for (let attempt = 0; attempt < 20; attempt++) {
    // The notebook may still re-render the cell under the pointer: a detached node is simply tried again.
    await page.click(".jp-Notebook .jp-Cell .jp-InputArea-editor .cm-content").catch(() => undefined);
    await sleep(250);
    const focused = await page.evaluate(() => Boolean(document.activeElement?.closest(".jp-Notebook .jp-Cell.jp-mod-active")));
    if (focused) return;
  }
  throw new Error("could not put the keyboard focus in the notebook's first cell");
}

async function pressShiftEnter(page) {
  await page.keyboard.down("Shift");
  await page.keyboard.press("Enter");
  await page.keyboard.up("Shift");
}

const activeCellIndex = (page) =>
  page.evaluate(() => [...document.querySelectorAll(".jp-Notebook .jp-Cell")].findIndex((cell) => cell.classList.contains("jp-mod-active")));
const sentRequests = (page) => page.evaluate(() => window.notebookBench.sentCount("execute_request"));

/**
 * Shift+Enter on the active cell. A keypress the notebook did not take (the active cell did not move on and
 * no execute_request went out within 3 s) is repeated after clicking into the cell; one it took is waited for.
 */
async function shiftEnter(page) {
  for (let attempt = 0; attempt < 3; attempt++) {
    const before = await sentRequests(page);
    const cell = await activeCellIndex(page);
    await pressShiftEnter(page);
    let deadline = Date.now() + 3000;
    while (Date.now() < deadline) {
      if ((await sentRequests(page)) > before) return attempt;
      if ((await activeCellIndex(page)) !== cell) deadline = Math.max(deadline, Date.now() + 30_000);
      await sleep(25);
    }
    if ((await activeCellIndex(page)) !== cell) throw new Error("the cell was run but no execute_request went out within 30 s");
    await page.click(".jp-Notebook .jp-Cell.jp-mod-active .jp-InputArea-editor .cm-content").catch(() => undefined);
  }
  throw new Error("Shift+Enter did not run the active cell (no execute_request was sent)");
}

/** The kernel's messages for the execution a Shift+Enter started, as times from the keypress. */
function executionTimeline(messages) {
  const request = messages.find((message) => message.sent && message.type === "execute_request");
  if (!request) return { problem: "no execute_request was sent" };
  const own = messages.filter((message) => !message.sent && message.parent === request.id);
  const first = (type, test = () => true) => own.find((message) => message.type === type && test(message)) ?? null;
  const at = (message) => (message ? round(message.time) : null);
  // The widget's comm_open is the one with the Arrow buffer; the first widget also opens the shared selection's.
  const commOpen = own.filter((message) => message.type === "comm_open").sort((a, b) => b.bytes - a.bytes)[0] ?? null;
  const result = first("execute_result") ?? first("display_data");
  return {
    execute_request_sent: at(request),
    execute_input: at(first("execute_input")),
    comm_open: at(commOpen),
    execute_result: at(result),
    idle: at(first("status", (message) => message.state === "idle")),
    comm_open_bytes: commOpen?.bytes ?? null,
    execute_result_bytes: result?.bytes ?? null,
    iopub_messages: own.length,
  };
}

async function waitForIdle(page, trigger, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const messages = await page.evaluate((since) => window.notebookBench.messagesSince(since), trigger);
    const request = messages.find((message) => message.sent && message.type === "execute_request");
    if (request && messages.some((message) => !message.sent && message.type === "status" && message.parent === request.id && message.state === "idle"))
      return messages;
    if (Date.now() > deadline) throw new Error("the kernel did not go idle after the cell");
    await sleep(50);
  }
}

/** Runs the active cell with Shift+Enter and times its widget; the next cell becomes active. */
async function runWidgetCell(page, selector, processes) {
  await page.evaluate((watched) => window.notebookBench.watchActiveCell(watched, 120_000), selector);
  const before = cpuSnapshot(processes);
  await shiftEnter(page);
  const watch = await page.evaluate(() => window.__notebookBenchWatch);
  const messages = await waitForIdle(page, watch.trigger, 60_000);
  const cpu = cpuBetween(before, cpuSnapshot(processes));
  return {
    process_cpu_ms: cpu,
    in_dom_ms: round(watch.inDom),
    laid_out_ms: round(watch.laidOut),
    painted_ms: round(watch.painted),
    widget_height_px: Math.round(watch.height),
    kernel: executionTimeline(messages),
  };
}

/** Runs the active cell and waits for its output text to match. */
async function runTextCell(page, pattern, timeoutMs) {
  const cellIndex = await page.evaluate(() =>
    [...document.querySelectorAll(".jp-Notebook .jp-Cell")].findIndex((cell) => cell.classList.contains("jp-mod-active")),
  );
  await shiftEnter(page);
  const handle = await page.waitForFunction(
    (index, source) => {
      const text = document.querySelectorAll(".jp-Notebook .jp-Cell")[index]?.querySelector(".jp-OutputArea")?.textContent ?? "";
      return new RegExp(source).test(text) ? text : null;
    },
    { timeout: timeoutMs, polling: 100 },
    cellIndex,
    pattern.source,
  );
  return handle.jsonValue();
}

function runSummary(runs) {
  const pick = (read) => {
    const values = runs.map(read).filter((value) => typeof value === "number");
    return values.length ? round(median(values)) : null;
  };
  return {
    runs: runs.length,
    median_in_dom_ms: pick((run) => run.in_dom_ms),
    median_painted_ms: pick((run) => run.painted_ms),
    median_kernel: {
      execute_input_ms: pick((run) => run.kernel.execute_input),
      comm_open_ms: pick((run) => run.kernel.comm_open),
      execute_result_ms: pick((run) => run.kernel.execute_result),
      idle_ms: pick((run) => run.kernel.idle),
    },
    in_dom_runs_ms: runs.map((run) => run.in_dom_ms),
    median_process_cpu_ms: Object.fromEntries(Object.keys(runs[0]?.process_cpu_ms ?? {}).map((name) => [name, pick((run) => run.process_cpu_ms[name])])),
    comm_open_bytes: runs[0]?.kernel.comm_open_bytes ?? null,
    execute_result_bytes: runs[0]?.kernel.execute_result_bytes ?? null,
  };
}

function printReport(figures) {
  const { variants: measured, wire } = figures;
  console.log(
    `\n=== slicewise notebook bench: JupyterLab ${figures.versions.jupyterlab} (jupyter_server ${figures.versions.jupyter_server}), Deno kernel, ${figures.chromium}; medians of ${figures.runs} runs after a cold one ===`,
  );
  console.log(
    `load average before ${figures.load_average_before.join(" ")}, after ${figures.load_average_after.join(" ")} (2 cores; a busy machine stretches wall times)`,
  );
  const row = (entry) => [
    entry.label.startsWith("display") ? `  ${entry.label}` : entry.label,
    milliseconds(entry.median_in_dom_ms),
    milliseconds(entry.median_painted_ms),
    `${milliseconds(entry.median_kernel.execute_input_ms)} / ${milliseconds(entry.median_kernel.comm_open_ms)} / ${milliseconds(entry.median_kernel.execute_result_ms)}`,
  ];
  printTable("Shift+Enter → widget (times from the keypress; first element = first tr[data-test-case] / [data-sample-id] in the cell's output)", [
    ["cell", "first element in DOM", "painted", "kernel: execute_input / comm_open / execute_result arrive"],
    row(measured.table),
    ["  cold: the notebook's first widget (build + display)", milliseconds(figures.cold.table.in_dom_ms), milliseconds(figures.cold.table.painted_ms), ""],
    row(measured.tableDisplay),
    row(measured.tableDisplayWithoutFallback),
    row(measured.gallery),
    ["  cold: the notebook's first gallery (build + display)", milliseconds(figures.cold.gallery.in_dom_ms), milliseconds(figures.cold.gallery.painted_ms), ""],
    row(measured.galleryDisplay),
  ]);
  console.log(
    `  (opening the notebook until its kernel was idle: ${milliseconds(figures.kernel_ready_ms)}; for comparison, ${reference.execute_to_widget_visible_ms})`,
  );
  printTable("CPU time used from Shift+Enter to kernel idle (all threads, /proc, 10 ms ticks; medians)", [
    ["cell", "kernel (deno)", "jupyter server", "Chromium (all processes)"],
    ...Object.values(measured).map((entry) => [
      entry.label.startsWith("display") ? `  ${entry.label}` : entry.label,
      milliseconds(entry.median_process_cpu_ms.kernel),
      milliseconds(entry.median_process_cpu_ms.jupyter_server),
      milliseconds(entry.median_process_cpu_ms.chromium),
    ]),
  ]);
  const kernelBuild = figures.kernel_timings ?? {};
  printTable("bytes on the wire (per display)", [
    ["widget", "Arrow IPC in comm_open", "JSON row objects", "static HTML fallback", "comm_open / execute_result frames seen"],
    ...[
      ["metricsTable", wire.metrics_table, measured.table],
      ["sampleGallery", wire.sample_gallery, measured.gallery],
    ].map(([label, entry, runs]) => [
      label,
      megabytes(entry.arrow_ipc_bytes),
      megabytes(entry.json_row_objects_bytes),
      megabytes(entry.static_html_fallback_bytes),
      `${runs.comm_open_bytes === null ? "—" : megabytes(runs.comm_open_bytes)} / ${runs.execute_result_bytes === null ? "—" : megabytes(runs.execute_result_bytes)}`,
    ]),
  ]);
  printTable("kernel and Node-side costs inside those times", [
    ["step", "median"],
    [`build the evaluation table in the kernel (${wire.metrics_table.rows.toLocaleString("en-US")} rows)`, milliseconds(kernelBuild.evaluation_table_build_ms)],
    [`build the samples table in the kernel`, milliseconds(kernelBuild.samples_table_build_ms)],
    [
      "tableToIPC, evaluation / samples (Node)",
      `${milliseconds(wire.metrics_table.node_table_to_ipc_ms)} / ${milliseconds(wire.sample_gallery.node_table_to_ipc_ms)}`,
    ],
    [
      "static HTML fallback, evaluation / samples (Node)",
      `${milliseconds(wire.metrics_table.node_static_html_ms)} / ${milliseconds(wire.sample_gallery.node_static_html_ms)}`,
    ],
  ]);
  for (const [kind, entry] of Object.entries(figures.page_profiles ?? {})) {
    printTable(
      `page CPU profile, one ${kind} cell (${entry.busy_ms} ms busy, Shift+Enter to idle): scripts`,
      entry.top_scripts.map((row) => [row.script, `${row.self_ms} ms`, `${(row.share * 100).toFixed(0)}%`]),
    );
    printTable(
      `  … functions`,
      entry.top_self_time.slice(0, 8).map((row) => [row.function, `${row.self_ms} ms`, `${(row.share * 100).toFixed(0)}%`]),
    );
  }
  if (figures.page_errors.length > 0)
    console.log(`\npage errors (${figures.page_errors.length}): ${figures.page_errors.slice(0, 5).join(" | ").slice(0, 1500)}`);
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  const started = Date.now();
  mkdirSync(outDirectory, { recursive: true });
  const figures = {
    generated_at: new Date().toISOString(),
    node: process.version,
    source: measuredSource(),
    runs: options.runs,
    load_average_before: loadavg().map((x) => round(x, 2)),
  };
  figures.prefix_install = await installIntoPrefix();
  const thumbnails = digitThumbnails();
  figures.wire = wireFigures(thumbnails);

  mkdirSync(join(root, "test", "out"), { recursive: true });
  const directory = mkdtempSync(join(root, "test", "out", "bench-notebook-"));
  const cells = notebookCells(options.runs);
  writeFileSync(join(directory, "bench.ipynb"), JSON.stringify(notebookJson(cells), null, 1));

  progress("starting JupyterLab");
  const lab = await startQuietJupyterLab(directory);
  let chromium = null;
  try {
    figures.versions = lab.versions;
    figures.server_startup_ms = lab.startup_ms;
    chromium = await launchChromium({ width: 1280, height: 1000 });
    figures.chromium = chromium.version;
    const page = await chromium.browser.newPage();
    const errors = watchPage(page);
    await page.evaluateOnNewDocument(readFileSync(join(__dirname, "notebookPage.js"), "utf8"));
    progress(`JupyterLab up (${lab.startup_ms} ms); opening the notebook`);
    const opened = Date.now();
    await page.goto(`${lab.url}/lab/tree/bench.ipynb?token=${lab.token}`);
    const kernelPid = await denoKernel(lab);
    await page.waitForSelector('.jp-Notebook-ExecutionIndicator[data-status="idle"]', { timeout: 90_000 });
    figures.kernel_ready_ms = Date.now() - opened;
    const processes = {
      kernel: { pid: kernelPid, withDescendants: true },
      jupyter_server: { pid: lab.pid },
      chromium: { pid: chromium.browser.process().pid, withDescendants: true },
    };
    await focusFirstCell(page);

    const runs = Object.fromEntries(Object.keys(variants).map((kind) => [kind, []]));
    figures.cold = {};
    figures.page_profiles = {};
    try {
      for (const [index, cell] of cells.entries()) {
        progress(`cell ${index + 1}/${cells.length}: ${cell.kind}${cell.cold ? " (cold)" : ""}`);
        if (cell.kind === "setup") await runTextCell(page, /ready/, 90_000);
        else if (cell.kind === "report") figures.kernel_timings_raw = JSON.parse((await runTextCell(page, /\{.*\}/, 30_000)).match(/\{.*\}/)[0]);
        else {
          if (cell.profiled) {
            const { result, profile } = await profiled(page, () => runWidgetCell(page, variants[cell.kind].selector, processes));
            figures.page_profiles[cell.kind] = { in_dom_ms_while_profiled: result.in_dom_ms, ...topFunctions(profile, 12) };
            continue;
          }
          const result = await runWidgetCell(page, variants[cell.kind].selector, processes);
          if (cell.cold) figures.cold[cell.kind] = result;
          else runs[cell.kind].push(result);
        }
      }
    } catch (error) {
      throw await explainFailure(error, page, errors, lab, join(outDirectory, "notebook-failure.png"));
    }
    await page.screenshot({ path: join(outDirectory, "notebook.png") });
    figures.variants = Object.fromEntries(
      Object.entries(variants).map(([kind, variant]) => [kind, { label: variant.label.trim(), source: variant.source, ...runSummary(runs[kind]) }]),
    );
    figures.runs_detail = runs;
    // The kernel timed every build, the cold ones first: report the median of the timed runs.
    figures.kernel_timings = Object.fromEntries(Object.entries(figures.kernel_timings_raw).map(([name, values]) => [name, round(median(values.slice(1)))]));
    figures.page_errors = errors;
  } finally {
    if (chromium) await chromium.close();
    figures.stopped = await lab.stop();
    if (!options.keep) rmSync(directory, { recursive: true, force: true });
  }
  figures.notebook_folder = options.keep ? directory : `${directory} (removed; --keep keeps it)`;
  figures.reference = reference;
  figures.load_average_after = loadavg().map((x) => round(x, 2));
  figures.seconds = round((Date.now() - started) / 1000);
  printReport(figures);
  const file = join(outDirectory, "notebook.json");
  writeFileSync(file, JSON.stringify(figures, null, 2) + "\n");
  console.log(`\nfigures written to ${file} (${figures.seconds} s)`);
}

// bench/pythonNotebook.js times the Python kernel's cells with the same page instruments.
/** JupyterLab on `directory` with its own state folder, which turns off the news and update checks that would pop up over the notebook. */
async function startQuietJupyterLab(directory) {
  const stateDirectory = join(directory, ".jupyter-state");
  const notificationSettings = join(stateDirectory, "settings", "@jupyterlab", "apputils-extension");
  mkdirSync(notificationSettings, { recursive: true });
  writeFileSync(join(notificationSettings, "notification.jupyterlab-settings"), JSON.stringify({ fetchNews: "false", checkForUpdates: false }));
  return startJupyterLab(directory, { stateDirectory });
}

/**
 * A failed run's error with what the notebook showed (cell outputs, page errors, the server's log)
 * and a screenshot, to tell a kernel error from a slow machine.
 */
async function explainFailure(error, page, errors, lab, screenshotPath) {
  await page.screenshot({ path: screenshotPath }).catch(() => undefined);
  const outputs = await page
    .evaluate(() =>
      [...document.querySelectorAll(".jp-Notebook .jp-Cell")]
        .map((cell) => (cell.querySelector(".jp-OutputArea")?.textContent ?? "").slice(0, 300))
        .filter(Boolean),
    )
    .catch(() => []);
  error.message += `\ncell outputs: ${JSON.stringify(outputs).slice(0, 2000)}\npage errors: ${errors.slice(0, 5).join(" | ").slice(0, 1500)}\nserver log: ${lab.log().slice(-2000)}`;
  return error;
}

module.exports = { explainFailure, focusFirstCell, runWidgetCell, runTextCell, runSummary, startQuietJupyterLab };

if (require.main === module)
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
