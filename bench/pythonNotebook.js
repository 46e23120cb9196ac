// The Python kernel's notebook figure: a real JupyterLab (the pinned one in the test venv, where
// test/setup.js installed the slicewise wheel and with it the labextension) with ipykernel, driven in
// Debian's Chromium with bench/notebook.js's page instruments. A MetricsTable of 1,000 test cases
// (4 models × 5 metrics, the same seeded table as bench/notebook.js's Deno figure) shown by one
// Python cell: Shift+Enter → the first tr[data-test-case] in that cell's output; target ≤ 300 ms.
// Prints a compact table and writes bench/out/python-notebook.json.
//
//   node bench/pythonNotebook.js [--runs 7] [--keep]
"use strict";

const { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } = require("node:fs");
const { loadavg } = require("node:os");
const { join } = require("node:path");
const { tableToIPC } = require("apache-arrow");
const { launchChromium, watchPage } = require("./chromium");
const { explainFailure, focusFirstCell, runSummary, runTextCell, runWidgetCell, startQuietJupyterLab } = require("./notebook");
const { printTable } = require("./printTable");
const { measuredSource } = require("./sourceVersion");
const { evaluationTable } = require("./widgetData");

const root = join(__dirname, "..");
const outDirectory = join(__dirname, "out");
const testCaseCount = 1000;
const round = (x, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
const milliseconds = (x) => (x === null || x === undefined ? "—" : `${Math.round(x)} ms`);
const startedAt = Date.now();
const progress = (text) => process.stderr.write(`[python notebook bench ${((Date.now() - startedAt) / 1000).toFixed(1)} s] ${text}\n`);

function parseArguments(argv) {
  const options = { runs: 7, keep: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--keep") options.keep = true;
    else if (argv[i] === "--runs" && Number.isInteger(Number(argv[i + 1]))) options.runs = Number(argv[++i]);
    else throw new Error(`unknown option ${argv[i]}; use --runs N or --keep`);
  }
  return options;
}

// The evaluation table comes from Node (bench/widgetData.js) as an Arrow IPC file beside the notebook;
// `connect()` starts the embedded platform, which the widgets' static copies are drawn by, as in a user's notebook.
const setupSource = `import time
import pyarrow as pa
import slicewise
from slicewise import MetricsTable

sw = slicewise.connect(data=".slicewise-bench")
with pa.OSFile("evaluation.arrow", "rb") as source:
    results = pa.ipc.open_stream(source).read_all()
"ready"`;

const variants = {
  table: {
    label: `MetricsTable, ${testCaseCount.toLocaleString("en-US")} test cases × 4 models × 5 metrics: read the Arrow file + display`,
    source: `with pa.OSFile("evaluation.arrow", "rb") as source:\n    fresh = pa.ipc.open_stream(source).read_all()\nMetricsTable(fresh)`,
  },
  tableDisplay: { label: "  display only (table read in an earlier cell)", source: "MetricsTable(results)" },
  tableDisplayWithoutFallback: { label: "  display only, fallback=False (no static HTML in the display)", source: "MetricsTable(results, fallback=False)" },
};

function notebookCells(runs) {
  const cells = [
    { kind: "setup", source: setupSource },
    { kind: "table", cold: true },
  ];
  for (let run = 0; run < runs; run++) for (const kind of Object.keys(variants)) cells.push({ kind });
  return cells.map((cell) => ({ ...cell, source: cell.source ?? variants[cell.kind].source }));
}

function notebookJson(cells) {
  return {
    cells: cells.map((cell) => ({ cell_type: "code", metadata: {}, outputs: [], execution_count: null, source: cell.source })),
    metadata: { kernelspec: { name: "python3", display_name: "Python 3 (ipykernel)", language: "python" } },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

/** The ipykernel's pid, once the server has started it and reports it idle. */
async function pythonKernel(lab) {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    const pid = lab.kernelPids().find((candidate) => {
      try {
        return readFileSync(`/proc/${candidate}/cmdline`, "utf8").includes("ipykernel");
      } catch {
        return false;
      }
    });
    const kernels = await lab.api("/api/kernels").catch(() => []);
    if (pid && kernels.some((kernel) => kernel.name === "python3" && kernel.execution_state === "idle")) return pid;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the Python kernel did not start (or not go idle) within 90 s");
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  mkdirSync(outDirectory, { recursive: true });
  const figures = {
    generated_at: new Date().toISOString(),
    source: measuredSource(),
    runs: options.runs,
    load_average_before: loadavg().map((x) => round(x, 2)),
  };
  mkdirSync(join(root, "test", "out"), { recursive: true });
  const directory = mkdtempSync(join(root, "test", "out", "bench-python-notebook-"));
  const table = evaluationTable({ testCaseCount });
  writeFileSync(join(directory, "evaluation.arrow"), tableToIPC(table, "stream"));
  figures.evaluation_rows = table.numRows;
  const cells = notebookCells(options.runs);
  writeFileSync(join(directory, "bench.ipynb"), JSON.stringify(notebookJson(cells), null, 1));

  progress("starting JupyterLab");
  const lab = await startQuietJupyterLab(directory);
  let chromium = null;
  try {
    figures.versions = lab.versions;
    chromium = await launchChromium({ width: 1280, height: 1000 });
    figures.chromium = chromium.version;
    const page = await chromium.browser.newPage();
    const errors = watchPage(page);
    await page.evaluateOnNewDocument(readFileSync(join(__dirname, "notebookPage.js"), "utf8"));
    const opened = Date.now();
    await page.goto(`${lab.url}/lab/tree/bench.ipynb?token=${lab.token}`);
    const kernelPid = await pythonKernel(lab);
    await page.waitForSelector('.jp-Notebook-ExecutionIndicator[data-status="idle"]', { timeout: 90_000 });
    figures.kernel_ready_ms = Date.now() - opened;
    const processes = {
      kernel: { pid: kernelPid, withDescendants: true },
      jupyter_server: { pid: lab.pid },
      chromium: { pid: chromium.browser.process().pid, withDescendants: true },
    };
    await focusFirstCell(page);
    const runs = Object.fromEntries(Object.keys(variants).map((kind) => [kind, []]));
    try {
      for (const [index, cell] of cells.entries()) {
        progress(`cell ${index + 1}/${cells.length}: ${cell.kind}${cell.cold ? " (cold)" : ""}`);
        if (cell.kind === "setup") await runTextCell(page, /ready/, 120_000);
        else {
          const result = await runWidgetCell(page, "tr[data-test-case]", processes);
          if (cell.cold) figures.cold = result;
          else runs[cell.kind].push(result);
        }
      }
    } catch (error) {
      throw await explainFailure(error, page, errors, lab, join(outDirectory, "python-notebook-failure.png"));
    }
    await page.screenshot({ path: join(outDirectory, "python-notebook.png") });
    figures.variants = Object.fromEntries(
      Object.entries(variants).map(([kind, variant]) => [kind, { label: variant.label.trim(), source: variant.source, ...runSummary(runs[kind]) }]),
    );
    figures.runs_detail = runs;
    figures.page_errors = errors;
  } finally {
    if (chromium) await chromium.close();
    figures.stopped = await lab.stop();
    if (!options.keep) rmSync(directory, { recursive: true, force: true });
  }
  figures.load_average_after = loadavg().map((x) => round(x, 2));
  figures.seconds = round((Date.now() - startedAt) / 1000);

  console.log(
    `\n=== slicewise Python notebook bench: JupyterLab ${figures.versions.jupyterlab}, ipykernel, ${figures.chromium}; medians of ${figures.runs} runs after a cold one ===`,
  );
  console.log(`load average before ${figures.load_average_before.join(" ")}, after ${figures.load_average_after.join(" ")} (2 cores)`);
  const row = (entry) => [
    entry.label,
    milliseconds(entry.median_in_dom_ms),
    milliseconds(entry.median_painted_ms),
    `${milliseconds(entry.median_kernel.execute_input_ms)} / ${milliseconds(entry.median_kernel.comm_open_ms)} / ${milliseconds(entry.median_kernel.idle_ms)}`,
    milliseconds(entry.median_process_cpu_ms.kernel),
  ];
  printTable("Shift+Enter → widget (times from the keypress; target ≤ 300 ms to the first tr[data-test-case]; the Deno kernel: 201–321 ms)", [
    ["cell", "first row in DOM", "painted", "kernel: execute_input / comm_open / idle", "kernel CPU"],
    row(figures.variants.table),
    ["  cold: the notebook's first widget", milliseconds(figures.cold.in_dom_ms), milliseconds(figures.cold.painted_ms), "", ""],
    row(figures.variants.tableDisplay),
    row(figures.variants.tableDisplayWithoutFallback),
  ]);
  console.log(`  (opening the notebook until its kernel was idle: ${milliseconds(figures.kernel_ready_ms)})`);
  if (figures.page_errors.length > 0)
    console.log(`\npage errors (${figures.page_errors.length}): ${figures.page_errors.slice(0, 5).join(" | ").slice(0, 1500)}`);
  const file = join(outDirectory, "python-notebook.json");
  writeFileSync(file, JSON.stringify(figures, null, 2) + "\n");
  console.log(`\nfigures written to ${file} (${figures.seconds} s)`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
