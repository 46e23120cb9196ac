// Live slicing in Debian's Chromium (issue 5): a slicing update of slicewise (buildAxis → planSlices →
// evaluate → rows(0) → table) at 100k / 1M / 5M samples × 3 models, against the same group-by done by
// arquero and by DuckDB-WASM in the same page over the same Arrow IPC bytes; the evaluator's one-time
// setup, the deferred bootstrap, the worst-slice search, and a CPU profile of the updates.
// Prints a table with the ratios and writes bench/out/slicer.json. Figures only: nothing is asserted.
//
//   node bench/slicer.js
//   options: --sizes 100000,1000000,5000000   --updates 19 (bin counts 2, 3, … cycling to 20)
//            --arquero-updates-5m 8 (arquero takes seconds per update at 5M)   --seed 1
//            --search 1 (worst-slice search at 100k)   --profile 1 (CPU profile of updates at 1M)
//            --widget 1 (the Slicer widget mounted on the same data: slider moves computed and drawn)
"use strict";

const { existsSync, mkdirSync, readFileSync, writeFileSync } = require("node:fs");
const { execFileSync } = require("node:child_process");
const { loadavg } = require("node:os");
const { join } = require("node:path");
const esbuild = require("esbuild");
const { launchChromium, watchPage } = require("./chromium");
const { profiled, topFunctions } = require("./cpuProfile");
const { printTable } = require("./printTable");
const { slicerSamples, searchFieldNames } = require("./slicerData");
const { measuredSource } = require("./sourceVersion");
const { startStaticServer } = require("./staticServer");
const { median, percentile } = require("./statistics");
const { markedTasks } = require("./traceTasks");

const root = join(__dirname, "..");
const outDirectory = join(__dirname, "out");
const duckdbDist = join(root, "node_modules/@duckdb/duckdb-wasm/dist");
const targets = { update_ms_at_1m_3_models: 50, worst_slice_search_ms_100k_10_fields: 2000 };
const field = "ink";
const bootstrapBins = 8;
/** The files another engineer is writing; the bench uses them when they exist and bundle. */
const searchModules = {
  searchSlices: join(root, "src/metrics/slicing/sliceSearch.ts"),
  runSliceSearch: join(root, "src/widgets/sliceSearchWorker.ts"),
};

function parseArguments(argv) {
  const options = { sizes: [100_000, 1_000_000, 5_000_000], updates: 19, "arquero-updates-5m": 8, seed: 1, search: 1, profile: 1, widget: 1 };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].replace(/^--/, "");
    const value = argv[i + 1];
    if (!(name in options) || value === undefined)
      throw new Error(`unknown option or missing value: ${argv[i]}; see the options at the top of bench/slicer.js`);
    options[name] = name === "sizes" ? value.split(",").map((size) => Number(size.replace(/m$/i, "e6").replace(/k$/i, "e3"))) : Number(value);
    i++;
  }
  return options;
}

const round = (x, digits = 1) => (x === null || x === undefined || Number.isNaN(x) ? null : Math.round(x * 10 ** digits) / 10 ** digits);
const label = (rows) => (rows >= 1e6 ? `${rows / 1e6}M` : `${rows / 1e3}k`);
const load = () => loadavg().map((x) => round(x, 2));
const spread = (values) => ({
  median: round(median(values), 2),
  p95: round(percentile(values, 95), 2),
  min: round(Math.min(...values), 2),
  max: round(Math.max(...values), 2),
  count: values.length,
});

/**
 * The page bundle (esbuild, unminified so profiles name functions). "slicer-bench:search" becomes the
 * search modules that exist and bundle; what is missing becomes `undefined`, and the report says so.
 */
async function bundlePage() {
  const outfile = join(outDirectory, "slicer-page.js");
  const attempt = (use) =>
    esbuild.build({
      entryPoints: [join(__dirname, "slicerPage.ts")],
      bundle: true,
      format: "iife",
      platform: "browser",
      target: "chrome120",
      outfile,
      // The widget's stylesheet is imported as text, as webpack does for the product bundles.
      loader: { ".css": "text" },
      logLevel: "silent",
      plugins: [
        {
          name: "slicer-bench-search",
          setup(build) {
            build.onResolve({ filter: /^slicer-bench:search$/ }, () => ({ path: "search", namespace: "slicer-bench" }));
            build.onLoad({ filter: /.*/, namespace: "slicer-bench" }, () => ({
              resolveDir: root,
              loader: "ts",
              contents: Object.entries(searchModules)
                .map(([name, path]) => (use[name] ? `export { ${name} } from ${JSON.stringify(path)};` : `export const ${name}: unknown = undefined;`))
                .join("\n"),
            }));
          },
        },
      ],
    });
  const status = {};
  const use = {};
  for (const [name, path] of Object.entries(searchModules)) {
    use[name] = existsSync(path);
    status[name] = use[name] ? "bundled" : `missing: ${path.slice(root.length + 1)}`;
  }
  const started = Date.now();
  try {
    await attempt(use);
  } catch {
    // Try each search module alone, so one that does not bundle yet does not take the other with it.
    for (const name of Object.keys(searchModules).filter((key) => use[key])) {
      try {
        await attempt({
          ...use,
          [name]: true,
          ...Object.fromEntries(
            Object.keys(searchModules)
              .filter((key) => key !== name)
              .map((key) => [key, false]),
          ),
        });
      } catch (alone) {
        use[name] = false;
        status[name] = `does not bundle: ${String(alone.message ?? alone)
          .split("\n")
          .slice(0, 3)
          .join(" ")}`;
      }
    }
    await attempt(use);
  }
  return { outfile, ms: Date.now() - started, search: status };
}

/** Bin counts 2 … 20 in order, as a slider dragged back and forth, `count` of them. */
function binSequence(count) {
  return Array.from({ length: count }, (_, index) => {
    const cycle = index % 38;
    return cycle < 19 ? 2 + cycle : 20 - (cycle - 19);
  });
}

/** Largest difference in per-bin counts between two engines (bin edges are rounded differently: slicewise names edges to six digits). */
function countDifference(a, b) {
  let largest = 0;
  for (const key of ["n", "referenceCorrect"]) {
    const length = Math.max(a[key].length, b[key].length);
    for (let bin = 0; bin < length; bin++) largest = Math.max(largest, Math.abs((a[key][bin] ?? 0) - (b[key][bin] ?? 0)));
  }
  return largest;
}

async function measureSize(page, server, routes, rows, options) {
  const withSearch = rows === 100_000 && options.search;
  const generatedAt = Date.now();
  const { ipc, accuracy } = slicerSamples({ rows, seed: options.seed, searchFields: withSearch });
  const path = `/data/samples-${rows}.arrow`;
  routes[path] = { type: "application/vnd.apache.arrow.stream", body: Buffer.from(ipc.buffer, ipc.byteOffset, ipc.byteLength) };
  const result = { rows, models: 3, arrow_ipc_bytes: ipc.byteLength, accuracy, data_generation_ms: Date.now() - generatedAt, load_average_before: load() };
  const call = (name, ...args) => page.evaluate((fn, list) => window.slicerBench[fn](...list), name, args);

  result.fetch = await call("load", path);
  result.slicewise_setup = await call("slicewiseSetup");
  result.slicewise_first_read_of_field_ms = await call("slicewiseReadField", field);
  const cold = await call("slicewiseUpdate", field, 5);
  result.slicewise_first_update_ms = cold.total_ms;
  result.arquero_setup = await call("arqueroSetup");
  result.duckdb_setup = await call("duckdbSetup", server.url);

  // Warm-up: each engine's code compiled (and DuckDB's caches filled) before the timed updates.
  for (const bins of [7, 11, 16]) {
    await call("slicewiseUpdate", field, bins);
    await call("duckdbUpdate", field, bins);
    if (rows < 5e6 || bins === 7) await call("arqueroUpdate", field, bins);
  }

  // Timed updates, the engines interleaved per bin count so that a change in the machine's load falls on all three.
  const sequence = binSequence(options.updates);
  const arqueroEvery = rows >= 5e6 ? Math.max(1, Math.ceil(sequence.length / options["arquero-updates-5m"])) : 1;
  const runs = { slicewise: [], arquero: [], duckdb: [] };
  for (let index = 0; index < sequence.length; index++) {
    const bins = sequence[index];
    runs.slicewise.push({ bins, ...(await call("slicewiseUpdate", field, bins)) });
    runs.duckdb.push({ bins, ...(await call("duckdbUpdate", field, bins)) });
    if (index % arqueroEvery === 0) runs.arquero.push({ bins, ...(await call("arqueroUpdate", field, bins)) });
  }
  const steps = ["build_axis_ms", "plan_slices_ms", "evaluate_ms", "rows_ms", "table_ms"];
  result.slicewise_update = {
    ...spread(runs.slicewise.map((run) => run.total_ms)),
    steps_median_ms: Object.fromEntries(steps.map((step) => [step, round(median(runs.slicewise.map((run) => run[step])), 2)])),
  };
  result.arquero_update = spread(runs.arquero.map((run) => run.total_ms));
  result.duckdb_update = spread(runs.duckdb.map((run) => run.total_ms));
  result.bins = sequence;
  result.runs_ms = Object.fromEntries(
    Object.entries(runs).map(([engine, list]) => [engine, list.map((run) => ({ bins: run.bins, ms: round(run.total_ms, 2) }))]),
  );

  // The Slicer widget itself on the same data: slider moves, each update computed and drawn.
  if (options.widget) {
    result.widget_setup_ms = round(await call("widgetSetup", field), 1);
    for (const bins of [7, 11]) await call("widgetUpdate", bins);
    const moves = [];
    for (const bins of binSequence(options.updates)) moves.push({ bins, ...(await call("widgetUpdate", bins)) });
    result.widget_update = {
      ...spread(moves.map((move) => move.update_ms)),
      compute: spread(moves.map((move) => move.compute_ms)),
      draw: spread(moves.map((move) => move.draw_ms)),
    };
  }

  // The same slicing in each engine: do they count the same rows per bin?
  const slicewise = await call("slicewiseUpdate", field, bootstrapBins);
  const arquero = await call("arqueroUpdate", field, bootstrapBins);
  const duckdb = await call("duckdbUpdate", field, bootstrapBins);
  result.agreement = {
    bins: bootstrapBins,
    slicewise_test_cases: slicewise.test_cases,
    evaluation_rows: slicewise.evaluation_rows,
    largest_count_difference_vs_arquero: countDifference(slicewise.counts, arquero.counts),
    largest_count_difference_vs_duckdb: countDifference(slicewise.counts, duckdb.counts),
    largest_count_difference_arquero_vs_duckdb: countDifference(arquero.counts, duckdb.counts),
    n_per_bin: slicewise.counts.n,
  };
  result.bootstrap = { bins: bootstrapBins, ...(await call("slicewiseBootstrap")) };

  // Main-thread CPU of the same updates under a light trace: on a loaded machine the steadier figure.
  // (DuckDB's work runs in its worker thread, so it has no figure here.)
  for (const engine of rows >= 5e6 ? ["slicewise"] : ["slicewise", "arquero"]) {
    await page.tracing.start({ categories: ["-*", "toplevel", "blink.user_timing"] });
    for (const bins of binSequence(rows >= 5e6 ? 6 : 10)) await call(`${engine}Update`, field, bins);
    const tasks = markedTasks(JSON.parse(Buffer.from(await page.tracing.stop()).toString("utf8")), {
      startMark: "slicer-update-start",
      endMark: "slicer-update-end",
    });
    result[`${engine}_update_cpu`] = spread(tasks.map((task) => task.task_cpu_ms).filter((value) => value !== null));
  }

  if (rows === 1_000_000 && options.profile) {
    await call("reset");
    await call("load", path);
    const setup = await profiled(page, () => call("slicewiseSetup"));
    result.slicewise_setup_profile = {
      what: "new SliceEvaluator at 1M under the sampling profiler (100 µs), a second time in the page (its code already compiled once)",
      ...setup.result,
      ...topFunctions(setup.profile, 10),
    };
    await call("slicewiseUpdate", field, 5);

    const { profile } = await profiled(page, async () => {
      for (const bins of binSequence(10)) await call("slicewiseUpdate", field, bins);
    });
    result.slicewise_update_profile = {
      what: "10 slicing updates (bins 2…11) under the sampling profiler (100 µs), self time per function",
      ...topFunctions(profile, 14),
    };
  }

  delete routes[path];
  if (withSearch) result.worst_slice_search = await measureSearch(call);
  result.load_average_after = load();
  await call("reset");
  return result;
}

async function measureSearch(call) {
  const available = await call("searchAvailable");
  const figures = { fields: searchFieldNames, levels_per_field: "numeric: 8 quantile bins; categorical: up to 8 values (+ other)", model: "b", available };
  for (const where of ["worker", "main"]) {
    for (const [maxDepth, mode] of [
      [2, "underperforms"],
      [3, "underperforms"],
      [2, "regresses"],
    ]) {
      const key = `${where}_depth${maxDepth}_${mode}`;
      const first = await call("search", searchFieldNames, 8, maxDepth, mode, where);
      if (first.unavailable) {
        figures[key] = { unavailable: first.unavailable };
        continue;
      }
      const repeats = [];
      for (let run = 0; run < (maxDepth === 3 ? 3 : 5); run++) repeats.push(await call("search", searchFieldNames, 8, maxDepth, mode, where));
      figures[key] = {
        first_ms: round(first.ms, 1),
        ...spread(repeats.map((run) => run.ms)),
        building_features_ms: round(median(repeats.map((run) => run.features_ms)), 1),
        workers_started_per_run: first.workers_started,
        main_thread_longest_block_ms: spread(repeats.map((run) => run.main_thread_longest_block_ms)),
        levels: first.levels,
        tested: first.tested,
        pruned: first.pruned,
        candidates: first.candidates,
        top: first.top,
      };
    }
  }
  return figures;
}

function printReport(figures) {
  const ms = (x) => (x === null || x === undefined ? "—" : x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(1)} ms`);
  const ratio = (a, b) => (a && b ? `${(a / b).toFixed(1)}×` : "—");
  console.log(`\n=== slicewise live slicing (issue 5): ${figures.chromium}, ${figures.models.length} models, field "${field}" in equal-width bins 2…20 ===`);
  console.log(
    `load average before ${figures.load_average_before.join(" ")}, after ${figures.load_average_after.join(" ")} (2 cores, shared; wall times stretch with load)`,
  );
  console.log(
    `DuckDB-WASM ${figures.sizes[0]?.duckdb_setup.version} (${figures.sizes[0]?.duckdb_setup.bundle} bundle, ${figures.sizes[0]?.duckdb_setup.threads} thread); arquero ${figures.versions.arquero}; apache-arrow ${figures.versions["apache-arrow"]}`,
  );
  printTable(
    "one slicing update (median / p95 of the timed updates; arquero and DuckDB do only the group-by, slicewise also intervals, tests, Macro F1 cells and the Arrow table)",
    [
      ["rows", "updates", "slicewise", "arquero", "duckdb-wasm", "arquero ÷ slicewise", "duckdb ÷ slicewise", "target"],
      ...figures.sizes.map((size) => [
        label(size.rows),
        `${size.slicewise_update.count}/${size.arquero_update.count}/${size.duckdb_update.count}`,
        `${ms(size.slicewise_update.median)} / ${ms(size.slicewise_update.p95)}`,
        `${ms(size.arquero_update.median)} / ${ms(size.arquero_update.p95)}`,
        `${ms(size.duckdb_update.median)} / ${ms(size.duckdb_update.p95)}`,
        ratio(size.arquero_update.median, size.slicewise_update.median),
        ratio(size.duckdb_update.median, size.slicewise_update.median),
        size.rows === 1_000_000
          ? `≤ ${targets.update_ms_at_1m_3_models} ms: ${size.slicewise_update.median <= targets.update_ms_at_1m_3_models ? "met" : "MISSED"} (median)`
          : "",
      ]),
    ],
  );
  printTable("slicewise update by step (medians), and main-thread CPU of separate traced updates (median / p95)", [
    ["rows", "buildAxis", "planSlices", "evaluate", "rows(0)", "table", "slicewise CPU", "arquero CPU", "arquero ÷ slicewise (CPU)"],
    ...figures.sizes.map((size) => [
      label(size.rows),
      ...Object.values(size.slicewise_update.steps_median_ms).map(ms),
      `${ms(size.slicewise_update_cpu?.median)} / ${ms(size.slicewise_update_cpu?.p95)}`,
      size.arquero_update_cpu ? `${ms(size.arquero_update_cpu.median)} / ${ms(size.arquero_update_cpu.p95)}` : "—",
      ratio(size.arquero_update_cpu?.median, size.slicewise_update_cpu?.median),
    ]),
  ]);
  if (figures.sizes.some((size) => size.widget_update))
    printTable("the Slicer widget: a slider move as a person makes it — the update computed and the table, delta chart and gallery drawn (median / p95)", [
      ["rows", "moves", "whole update", "computing", "drawing", "mount"],
      ...figures.sizes
        .filter((size) => size.widget_update)
        .map((size) => [
          label(size.rows),
          String(size.widget_update.count),
          `${ms(size.widget_update.median)} / ${ms(size.widget_update.p95)}`,
          `${ms(size.widget_update.compute.median)} / ${ms(size.widget_update.compute.p95)}`,
          `${ms(size.widget_update.draw.median)} / ${ms(size.widget_update.draw.p95)}`,
          ms(size.widget_setup_ms),
        ]),
    ]);
  printTable("one-time costs (not part of an update)", [
    [
      "rows",
      "IPC bytes",
      "tableFromIPC",
      "new SliceEvaluator",
      "first read of ink",
      "first update",
      "bootstrap rows() (bins 8)",
      "aq.fromArrow",
      "duckdb instantiate",
      "duckdb insert (IPC)",
    ],
    ...figures.sizes.map((size) => [
      label(size.rows),
      `${(size.arrow_ipc_bytes / 1e6).toFixed(1)} MB`,
      ms(size.slicewise_setup.table_from_ipc_ms),
      ms(size.slicewise_setup.evaluator_ms),
      ms(size.slicewise_first_read_of_field_ms),
      ms(size.slicewise_first_update_ms),
      `${ms(size.bootstrap.ms)} (${size.bootstrap.done}/${size.bootstrap.total})`,
      ms(size.arquero_setup.from_arrow_ms),
      ms(size.duckdb_setup.instantiate_ms),
      ms(size.duckdb_setup.insert_ms),
    ]),
  ]);
  printTable("agreement at 8 bins: largest per-bin difference in rows or reference-correct counts (edge rounding)", [
    ["rows", "vs arquero", "vs duckdb", "arquero vs duckdb", "load before → after"],
    ...figures.sizes.map((size) => [
      label(size.rows),
      size.agreement.largest_count_difference_vs_arquero,
      size.agreement.largest_count_difference_vs_duckdb,
      size.agreement.largest_count_difference_arquero_vs_duckdb,
      `${size.load_average_before[0]} → ${size.load_average_after[0]}`,
    ]),
  ]);
  const search = figures.sizes.find((size) => size.worst_slice_search)?.worst_slice_search;
  if (search) {
    const rows = [["where", "depth", "mode", "median / p95", "first", "tested", "pruned", "workers", "main thread held (median)", "target ≤ 2 s"]];
    for (const [key, value] of Object.entries(search).filter(([key]) => /_depth/.test(key))) {
      const [where, depth, mode] = key.split("_");
      if (value.unavailable) rows.push([where, depth.replace("depth", ""), mode, `HOOK — ${value.unavailable}`]);
      else
        rows.push([
          where,
          depth.replace("depth", ""),
          mode,
          `${ms(value.median)} / ${ms(value.p95)}`,
          ms(value.first_ms),
          value.tested,
          value.pruned,
          value.workers_started_per_run,
          ms(value.main_thread_longest_block_ms.median),
          value.median <= targets.worst_slice_search_ms_100k_10_fields ? "met" : "MISSED",
        ]);
    }
    printTable("worst-slice search, 100k rows × 10 fields (~8 levels each), model b's 0/1 errors", rows);
  }
  const setupProfile = figures.sizes.find((size) => size.slicewise_setup_profile)?.slicewise_setup_profile;
  if (setupProfile) {
    printTable(`CPU profile, new SliceEvaluator at 1M (${ms(setupProfile.evaluator_ms)}; busy ${ms(setupProfile.busy_ms)}): self time`, [
      ["function", "self", "share"],
      ...setupProfile.top_self_time.slice(0, 8).map((entry) => [entry.function, ms(entry.self_ms), `${(entry.share * 100).toFixed(0)}%`]),
    ]);
  }
  const profile = figures.sizes.find((size) => size.slicewise_update_profile)?.slicewise_update_profile;
  if (profile) {
    printTable(`CPU profile, 10 updates at 1M (busy ${ms(profile.busy_ms)}): self time`, [
      ["function", "self", "share"],
      ...profile.top_self_time.slice(0, 10).map((entry) => [entry.function, ms(entry.self_ms), `${(entry.share * 100).toFixed(0)}%`]),
    ]);
  }
}

function packageVersion(name) {
  return JSON.parse(readFileSync(join(root, "node_modules", name, "package.json"), "utf8")).version;
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  mkdirSync(outDirectory, { recursive: true });
  const figures = {
    generated_at: new Date().toISOString(),
    node: process.version,
    source: measuredSource(),
    uptime: execFileSync("uptime", { encoding: "utf8" }).trim(),
    load_average_before: load(),
    targets,
    models: ["a", "b", "c"],
    field,
    versions: {
      arquero: packageVersion("arquero"),
      "@duckdb/duckdb-wasm": packageVersion("@duckdb/duckdb-wasm"),
      "apache-arrow": packageVersion("apache-arrow"),
      esbuild: packageVersion("esbuild"),
    },
    what: {
      slicewise_update:
        "buildAxis(ink, equal-width, B bins) + planSlices + evaluator.evaluate(plan) + evaluation.rows(0) + evaluation.table(rows); metrics Accuracy (bool: Wilson/McNemar), Mean score (t), Macro F1 (cells; bootstrap deferred)",
      arquero_update:
        "min/max of ink, derive bin, groupby(bin).rollup(count, per model Σcorrect Σscore Σscore², per non-reference model the two discordant counts), orderby, every result column read",
      duckdb_update: "the same in one SQL statement (CTE for min/max, GROUP BY bin), timed from conn.query to every result column's toArray()",
    },
  };
  const bundle = await bundlePage();
  figures.bundle = { file: bundle.outfile, ms: bundle.ms, search_modules: bundle.search };
  const routes = {
    "/": { type: "text/html", body: Buffer.from("<!doctype html><html><head><meta charset=utf-8><title>slicer bench</title></head><body></body></html>") },
    "/favicon.ico": { type: "image/x-icon", body: Buffer.alloc(0) },
    "/slicer-page.js": { type: "text/javascript", body: readFileSync(bundle.outfile) },
  };
  for (const file of ["duckdb-eh.wasm", "duckdb-mvp.wasm", "duckdb-browser-eh.worker.js", "duckdb-browser-mvp.worker.js"])
    routes[`/duckdb/${file}`] = { type: file.endsWith(".wasm") ? "application/wasm" : "text/javascript", body: readFileSync(join(duckdbDist, file)) };

  const server = await startStaticServer(routes);
  const chromium = await launchChromium();
  const chromiumPid = chromium.browser.process()?.pid;
  figures.chromium = chromium.version;
  figures.sizes = [];
  try {
    const page = await chromium.browser.newPage();
    const errors = watchPage(page);
    await page.goto(`${server.url}/`);
    await page.addScriptTag({ url: `${server.url}/slicer-page.js` });
    for (const rows of options.sizes) {
      console.error(`slicer bench: ${label(rows)} rows …`);
      figures.sizes.push(await measureSize(page, server, routes, rows, options));
    }
    figures.page_errors = errors;
  } finally {
    await chromium.close();
    // puppeteer closes the browser it started; make sure of it by that pid alone.
    if (chromiumPid) {
      try {
        process.kill(chromiumPid, 0);
        process.kill(chromiumPid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    await server.close();
  }
  figures.load_average_after = load();
  figures.uptime_after = execFileSync("uptime", { encoding: "utf8" }).trim();
  printReport(figures);
  if (figures.page_errors.length) console.log(`\npage errors: ${figures.page_errors.join(" | ")}`);
  const file = join(outDirectory, "slicer.json");
  writeFileSync(file, JSON.stringify(figures, null, 2) + "\n");
  console.log(`\nfigures: ${file}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
