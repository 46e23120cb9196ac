// Runs in the benchmark page (bundled by bench/slicer.js with esbuild): `window.slicerBench` times a
// live-slicing update of slicewise, the same group-by in arquero and in DuckDB-WASM over the same
// Arrow IPC bytes, the deferred bootstrap, and the worst-slice search.
import * as duckdb from "@duckdb/duckdb-wasm";
import * as aq from "arquero";
import { tableFromIPC } from "apache-arrow";
import type { MetricGroup } from "../src/core";
import { SliceEvaluation, SliceEvaluator, buildAxis, planSlices } from "../src/metrics";
import { mountSlicer } from "../src/widgets/slicerPanel";
import type { Panel } from "../src/widgets/panels";
// Resolved by bench/slicer.js: the real search modules when they exist and bundle, else stubs (undefined).
import { runSliceSearch, searchSlices } from "slicer-bench:search";

const { op } = aq;
const now = () => performance.now();

export const metricGroups: MetricGroup[] = [
  {
    name: "quality",
    metrics: [
      { label: "Accuracy", kind: "mean", field: "correct", higher_is_better: true },
      { label: "Mean score", kind: "mean", field: "score", higher_is_better: true },
      { label: "Macro F1", kind: "classification", measure: "f1", average: "macro", gt: "label", pred: "pred", higher_is_better: true },
    ],
  },
] as MetricGroup[];

interface State {
  bytes?: Uint8Array;
  widget?: { panel: Panel; host: HTMLElement };
  models: string[];
  reference: string;
  evaluator?: SliceEvaluator;
  lastEvaluation?: SliceEvaluation;
  arquero?: ReturnType<typeof aq.fromArrow>;
  duckdb?: { db: duckdb.AsyncDuckDB; connection: duckdb.AsyncDuckDBConnection; worker: Worker };
}

const state: State = { models: ["a", "b", "c"], reference: "a" };

/** Per-bin counts every engine reports, so the report can say whether they agree. */
interface BinCounts {
  n: number[];
  referenceCorrect: number[];
}

async function load(url: string): Promise<{ bytes: number; fetch_ms: number }> {
  const started = now();
  state.bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
  return { bytes: state.bytes.byteLength, fetch_ms: now() - started };
}

/** Drops every engine's copy of the data (before the next size is loaded). */
async function reset(): Promise<void> {
  state.widget?.panel.destroy();
  state.widget?.host.remove();
  state.widget = undefined;
  state.bytes = undefined;
  state.evaluator = undefined;
  state.lastEvaluation = undefined;
  state.arquero = undefined;
  if (state.duckdb) {
    await state.duckdb.connection.close();
    await state.duckdb.db.terminate();
    state.duckdb = undefined;
  }
}

// ---- slicewise ------------------------------------------------------------------------------

/** One-time: decode the IPC bytes (views) and read the metrics' columns into typed arrays. */
function slicewiseSetup(): { table_from_ipc_ms: number; evaluator_ms: number } {
  const started = now();
  const table = tableFromIPC(state.bytes!);
  const decoded = now();
  state.evaluator = new SliceEvaluator(table, { models: state.models, reference: state.reference, metricGroups });
  return { table_from_ipc_ms: decoded - started, evaluator_ms: now() - decoded };
}

/** Reading the sliced field's column (cached by the evaluator after the first call). */
function slicewiseReadField(field: string): number {
  const started = now();
  state.evaluator!.columns.read(field);
  return now() - started;
}

/** One slicing update, as a drag of the bin slider makes it; each step timed. */
function slicewiseUpdate(field: string, bins: number) {
  const evaluator = state.evaluator!;
  performance.mark("slicer-update-start");
  const t0 = now();
  const axis = buildAxis(evaluator.columns.read(field), { field, method: "equal-width", bins });
  const t1 = now();
  const plan = planSlices([axis], null, { stratifications: [], test_cases: [] }, evaluator.columns.rows);
  const t2 = now();
  const evaluation = evaluator.evaluate(plan);
  const t3 = now();
  const { rows } = evaluation.rows(0);
  const t4 = now();
  const table = evaluation.table(rows);
  const t5 = now();
  performance.mark("slicer-update-end");
  state.lastEvaluation = evaluation;
  return {
    total_ms: t5 - t0,
    build_axis_ms: t1 - t0,
    plan_slices_ms: t2 - t1,
    evaluate_ms: t3 - t2,
    rows_ms: t4 - t3,
    table_ms: t5 - t4,
    test_cases: plan.testCases.length,
    evaluation_rows: table.numRows,
    counts: slicewiseCounts(
      rows,
      plan.testCases.map((testCase) => testCase.name),
    ),
  };
}

function slicewiseCounts(rows: { test_case: string; model: string; metric: string; n: number; value: number | null }[], testCases: string[]): BinCounts {
  const accuracy = new Map(rows.filter((row) => row.model === state.reference && row.metric === "Accuracy").map((row) => [row.test_case, row]));
  return {
    n: testCases.map((name) => accuracy.get(name)?.n ?? 0),
    referenceCorrect: testCases.map((name) => {
      const row = accuracy.get(name);
      return row && row.value !== null ? Math.round(row.n * row.value) : 0;
    }),
  };
}

/** The deferred part: every bootstrap of the last slicing (Macro F1's intervals and p-values). */
function slicewiseBootstrap(): { ms: number; done: number; total: number; complete: boolean } {
  const evaluation = state.lastEvaluation!;
  const started = now();
  const result = evaluation.rows();
  return { ms: now() - started, done: result.done, total: result.total, complete: result.complete };
}

// ---- arquero ------------------------------------------------------------------------------

function arqueroSetup(): { from_arrow_ms: number } {
  const started = now();
  state.arquero = aq.fromArrow(state.bytes!);
  return { from_arrow_ms: now() - started };
}

/** Equal-width bins of `field`, then per bin: count, each model's correct, Σ score, Σ score², and the discordant pairs vs the reference. */
function arqueroUpdate(field: string, bins: number) {
  const table = state.arquero!;
  performance.mark("slicer-update-start");
  const started = now();
  const { lo, hi } = table.rollup({ lo: op.min(field), hi: op.max(field) }).object() as { lo: number; hi: number };
  const rollup: Record<string, unknown> = { n: op.count() };
  const reference = state.reference;
  for (const model of state.models) {
    rollup[`${model}_correct`] = `d => op.sum(d["${model}.correct"] ? 1 : 0)`;
    rollup[`${model}_score`] = `d => op.sum(d["${model}.score"])`;
    rollup[`${model}_score2`] = `d => op.sum(d["${model}.score"] * d["${model}.score"])`;
    if (model === reference) continue;
    rollup[`${model}_only`] = `d => op.sum(d["${model}.correct"] && !d["${reference}.correct"] ? 1 : 0)`;
    rollup[`${model}_reference_only`] = `d => op.sum(!d["${model}.correct"] && d["${reference}.correct"] ? 1 : 0)`;
  }
  const result = table
    .params({ lo, width: (hi - lo) / bins, last: bins - 1 })
    .derive({ bin: `(d, $) => op.least(op.floor((d["${field}"] - $.lo) / $.width), $.last)` })
    .groupby("bin")
    .rollup(rollup as Parameters<typeof table.rollup>[0])
    .orderby("bin");
  // Read the result as a widget would: every column as an array.
  const columns = Object.fromEntries(result.columnNames().map((name: string) => [name, Array.from(result.array(name) as ArrayLike<number>)]));
  const ms = now() - started;
  performance.mark("slicer-update-end");
  return { total_ms: ms, groups: result.numRows(), counts: countsByBin(columns.bin, columns.n, columns[`${reference}_correct`], bins) };
}

function countsByBin(bin: ArrayLike<number | bigint>, n: ArrayLike<number | bigint>, correct: ArrayLike<number | bigint>, bins: number): BinCounts {
  const counts = { n: new Array(bins).fill(0), referenceCorrect: new Array(bins).fill(0) };
  for (let i = 0; i < bin.length; i++) {
    counts.n[Number(bin[i])] = Number(n[i]);
    counts.referenceCorrect[Number(bin[i])] = Number(correct[i]);
  }
  return counts;
}

// ---- DuckDB-WASM ----------------------------------------------------------------------------

/** Starts DuckDB-WASM (EH bundle, else MVP) from the local server and inserts the same IPC bytes once (a copy: the insert transfers its buffer). */
async function duckdbSetup(baseUrl: string) {
  const bundles = {
    mvp: { mainModule: `${baseUrl}/duckdb/duckdb-mvp.wasm`, mainWorker: `${baseUrl}/duckdb/duckdb-browser-mvp.worker.js` },
    eh: { mainModule: `${baseUrl}/duckdb/duckdb-eh.wasm`, mainWorker: `${baseUrl}/duckdb/duckdb-browser-eh.worker.js` },
  };
  const bundle = await duckdb.selectBundle(bundles);
  const started = now();
  const worker = new Worker(bundle.mainWorker!);
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await db.instantiate(bundle.mainModule, bundle.pthreadWorker);
  const connection = await db.connect();
  const instantiated = now();
  await connection.insertArrowFromIPCStream(state.bytes!.slice(), { name: "samples", create: true });
  const inserted = now();
  state.duckdb = { db, connection, worker };
  const threads = (await connection.query("SELECT current_setting('threads') AS threads")).getChildAt(0)?.get(0);
  return {
    bundle: bundle.mainModule.endsWith("eh.wasm") ? "eh" : "mvp",
    version: await db.getVersion(),
    threads: Number(threads),
    instantiate_ms: instantiated - started,
    insert_ms: inserted - instantiated,
  };
}

function duckdbQuery(field: string, bins: number): string {
  const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
  const reference = state.reference;
  const parts = ["count(*) AS n"];
  for (const model of state.models) {
    const correct = quote(`${model}.correct`);
    const score = quote(`${model}.score`);
    parts.push(`count(*) FILTER (WHERE ${correct}) AS ${model}_correct`, `sum(${score}) AS ${model}_score`, `sum(${score} * ${score}) AS ${model}_score2`);
    if (model === reference) continue;
    const referenceCorrect = quote(`${reference}.correct`);
    parts.push(
      `count(*) FILTER (WHERE ${correct} AND NOT ${referenceCorrect}) AS ${model}_only`,
      `count(*) FILTER (WHERE NOT ${correct} AND ${referenceCorrect}) AS ${model}_reference_only`,
    );
  }
  const x = quote(field);
  return `WITH bounds AS (SELECT min(${x}) AS lo, max(${x}) AS hi FROM samples)
SELECT least(CAST(floor((${x} - lo) / ((hi - lo) / ${bins})) AS INTEGER), ${bins - 1}) AS bin, ${parts.join(", ")}
FROM samples, bounds GROUP BY bin ORDER BY bin`;
}

/** The same group-by in SQL, timed from the query to every result column read into an array. */
async function duckdbUpdate(field: string, bins: number) {
  const sql = duckdbQuery(field, bins);
  const started = now();
  const result = await state.duckdb!.connection.query(sql);
  const columns: Record<string, ArrayLike<number | bigint>> = {};
  for (const fieldOfResult of result.schema.fields) columns[fieldOfResult.name] = result.getChild(fieldOfResult.name)!.toArray();
  const ms = now() - started;
  return { total_ms: ms, groups: result.numRows, counts: countsByBin(columns.bin, columns.n, columns[`${state.reference}_correct`], bins) };
}

// ---- worst-slice search ---------------------------------------------------------------------

/** Ten fields, each cut into ~8 levels by buildAxis, and model b's 0/1 errors (and a's, for "regresses"). */
function searchInput(fields: string[], bins: number, maxDepth: 1 | 2 | 3, mode: "underperforms" | "regresses") {
  const evaluator = state.evaluator!;
  const features = fields.map((field) => {
    const column = evaluator.columns.read(field);
    const axis = buildAxis(column, column.kind === "numeric" ? { field, method: "quantile", bins } : { field, top: bins });
    return { name: field, codes: axis.codes, levels: axis.levels.map((level) => ({ label: level.phrase, predicate: level.predicate })) };
  });
  const errorsOf = (model: string) => Float64Array.from(evaluator.columns.readNumeric(`${model}.correct`).values, (x) => (x !== x ? NaN : 1 - x));
  return {
    features,
    errors: errorsOf("b"),
    referenceErrors: mode === "regresses" ? errorsOf(state.reference) : undefined,
    binary: true,
    mode,
    maxDepth,
  };
}

/** Workers the page starts (runSliceSearch falls back to this thread, silently, when it cannot start one). */
let workersStarted = 0;
const PageWorker = window.Worker;
window.Worker = class extends PageWorker {
  constructor(url: string | URL, options?: WorkerOptions) {
    super(url, options);
    workersStarted++;
  }
};

const searchAvailable = () => ({ searchSlices: typeof searchSlices === "function", runSliceSearch: typeof runSliceSearch === "function" });

/** Times one search: in a Web Worker through runSliceSearch when it exists, else searchSlices on the main thread. */
async function search(fields: string[], bins: number, maxDepth: 1 | 2 | 3, mode: "underperforms" | "regresses", where: "worker" | "main") {
  const prepared = now();
  const input = searchInput(fields, bins, maxDepth, mode);
  const workersBefore = workersStarted;
  // A heartbeat: the longest gap between its ticks is the longest the main thread was held by the search.
  let lastTick = now();
  let longestGap = 0;
  const tick = () => {
    const at = now();
    longestGap = Math.max(longestGap, at - lastTick);
    lastTick = at;
  };
  const heartbeat = setInterval(tick, 4);
  const started = now();
  type Result = { slices: { label: string; size: number; error: number; qValue: number }[]; tested: number; pruned: number; candidates: number; rows: number };
  let result: Result;
  if (where === "worker") {
    if (typeof runSliceSearch !== "function") return { unavailable: "src/widgets/sliceSearchWorker.ts (runSliceSearch) is not there or does not bundle" };
    result = (await (runSliceSearch as (input: unknown) => Promise<Result>)(input)) as Result;
  } else {
    if (typeof searchSlices !== "function") return { unavailable: "src/metrics/slicing/sliceSearch.ts (searchSlices) is not there or does not bundle" };
    result = (searchSlices as (input: unknown) => Result)(input);
  }
  const ms = now() - started;
  tick();
  clearInterval(heartbeat);
  return {
    ms,
    workers_started: workersStarted - workersBefore,
    main_thread_longest_block_ms: longestGap,
    features_ms: started - prepared,
    levels: input.features.map((feature) => feature.levels.length),
    tested: result.tested,
    pruned: result.pruned,
    candidates: result.candidates,
    top: result.slices.slice(0, 3).map((slice) => ({ label: slice.label, size: slice.size, error: slice.error, q_value: slice.qValue })),
  };
}

declare global {
  interface Window {
    slicerBench: unknown;
  }
}

// ---- the Slicer widget itself: what a person waits for while dragging -------------------------

/** Mounts the Slicer (as the dashboard does) on the same samples, sliced by `field` in equal-width bins. */
function widgetSetup(field: string): number {
  const started = now();
  const host = document.createElement("div");
  host.className = "slicewise";
  host.style.width = "1300px";
  document.body.append(host);
  const table = tableFromIPC(state.bytes!);
  const panel = mountSlicer(host, table, {
    models: state.models,
    reference: state.reference,
    standard: { metric_groups: metricGroups },
    fields: [field],
    field,
    method: "equal-width",
    bins: 5,
  });
  state.widget = { panel, host };
  return now() - started;
}

/**
 * Moves the bins slider to `bins` as a drag does (an input event), then reads the update's own
 * timing after the frame that ran it: computing (bins, statistics, the evaluation table) and
 * drawing (metrics table, delta chart, gallery filter).
 */
async function widgetUpdate(bins: number): Promise<{ update_ms: number; compute_ms: number; draw_ms: number }> {
  const host = state.widget!.host;
  const slider = host.querySelector<HTMLInputElement>('input[data-role="slice-bins"]')!;
  const slicer = host.querySelector<HTMLElement>(".sw-slicer")!;
  const before = slicer.dataset.updateMs;
  slider.value = String(bins);
  slider.dispatchEvent(new Event("input", { bubbles: true }));
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  if (slicer.dataset.updateMs === before && host.querySelectorAll(".sw-slicer-table tr[data-test-case]").length !== bins + 1)
    throw new Error(`the slicer did not update to ${bins} bins`);
  return { update_ms: Number(slicer.dataset.updateMs), compute_ms: Number(slicer.dataset.computeMs), draw_ms: Number(slicer.dataset.drawMs) };
}

window.slicerBench = {
  widgetSetup,
  widgetUpdate,
  load,
  reset,
  slicewiseSetup,
  slicewiseReadField,
  slicewiseUpdate,
  slicewiseBootstrap,
  arqueroSetup,
  arqueroUpdate,
  duckdbSetup,
  duckdbUpdate,
  duckdbQuery,
  searchAvailable,
  search,
};
