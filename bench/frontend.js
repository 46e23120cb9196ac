// Front-end figures for the widgets, in Debian's Chromium: first render of the MetricsTable, the
// ComparisonChart's four kinds, SampleGallery scroll frame times (with a Chrome trace), and Arrow IPC
// vs JSON in bytes and decode time; then CPU profiles (unminified runtime) naming the hot functions.
// Prints a compact table with the targets and writes bench/out/frontend.json (+ gallery-trace.json).
//
//   node bench/frontend.js
//   options: --runs 9 (timed runs after a warm-up)  --frames 300 (gallery scroll frames)  --step 180 (px per frame)
//            --profile 0 (skip the CPU profiles)
"use strict";

const { mkdirSync, readFileSync, writeFileSync } = require("node:fs");
const { loadavg } = require("node:os");
const { join } = require("node:path");
const { launchChromium, watchPage } = require("./chromium");
const { profiled, topFunctions } = require("./cpuProfile");
const { printTable } = require("./printTable");
const { measuredSource } = require("./sourceVersion");
const { startStaticServer } = require("./staticServer");
const { median, summary } = require("./statistics");
const { traceFrames } = require("./traceFrames");
const { markedTasks } = require("./traceTasks");
const { unminifiedRuntime } = require("./unminifiedRuntime");
const { evaluationData, samplesData, digitThumbnails } = require("./widgetData");

const root = join(__dirname, "..");
const outDirectory = join(__dirname, "out");
const targets = { metrics_table_first_render_ms: 100, comparison_chart_render_ms: 50, gallery_frame_p95_ms: 16 };
const chartKinds = ["delta", "bars", "scatter", "heatmap"];
const galleryWidth = 1200;
/** Trace categories: the timeline and frame events, without the sampling profiler (it slows the page it measures). */
const traceCategories = [
  "-*",
  "devtools.timeline",
  "v8.execute",
  "disabled-by-default-devtools.timeline",
  "disabled-by-default-devtools.timeline.frame",
  "toplevel",
  "blink.user_timing",
];

function parseArguments(argv) {
  const options = { runs: 9, frames: 300, step: 180, profile: 1 };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].replace(/^--/, "");
    if (!(name in options) || i + 1 >= argv.length || !Number.isFinite(Number(argv[i + 1])))
      throw new Error(`unknown option or missing number: ${argv.slice(i, i + 2).join(" ")}; use --runs N, --frames N, --step PX or --profile 0|1`);
    options[name] = Number(argv[++i]);
  }
  return options;
}

const round = (x, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
const megabytes = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;
const milliseconds = (x) => `${x.toFixed(1)} ms`;

/** One warm-up call (styles injected, code compiled), then `runs` timed calls of a `window.bench` function. */
async function repeated(page, runs, call, ...args) {
  await page.evaluate(call, ...args);
  const all = [];
  for (let run = 0; run < runs; run++) all.push(await page.evaluate(call, ...args));
  return all;
}

function timings(all, name) {
  const values = all.map((run) => run[name]);
  return { median_ms: round(median(values), 2), runs_ms: values.map((value) => round(value, 2)) };
}

/**
 * The same mounts again under a light trace: main-thread CPU of each mount's task (mount, layout read and
 * the harness's few DOM calls), which a busy machine stretches far less than wall time.
 */
async function mountCpu(page, runs, call, ...args) {
  await page.tracing.start({ categories: ["-*", "toplevel", "devtools.timeline", "blink.user_timing"] });
  for (let run = 0; run < runs; run++) await page.evaluate(call, ...args);
  const tasks = markedTasks(JSON.parse(Buffer.from(await page.tracing.stop()).toString("utf8")), {
    startMark: "bench-mount-start",
    endMark: "bench-mount-end",
  });
  const cpu = tasks.map((task) => task.task_cpu_ms).filter((value) => value !== null);
  const wall = tasks.map((task) => task.task_wall_ms).filter((value) => value !== null);
  return {
    median_cpu_ms: round(median(cpu), 2),
    median_style_cpu_ms: round(median(tasks.map((task) => task.style_cpu_ms)), 2),
    median_layout_cpu_ms: round(median(tasks.map((task) => task.layout_cpu_ms)), 2),
    median_task_wall_ms: round(median(wall), 2),
    runs_cpu_ms: cpu.map((value) => round(value, 2)),
  };
}

async function openBenchPage(browser, server, runtimePath) {
  const page = await browser.newPage();
  const errors = watchPage(page);
  await page.goto(`${server.url}/`);
  await page.addScriptTag({ url: `${server.url}${runtimePath}` });
  await page.addScriptTag({ url: `${server.url}/arrow.js` });
  await page.addScriptTag({ url: `${server.url}/bench.js` });
  return { page, errors };
}

async function loadData(page, routes) {
  for (const path of Object.keys(routes).filter((path) => path.startsWith("/data/")))
    await page.evaluate((name, url) => window.bench.load(name, url), path.slice("/data/".length), path);
}

const scrollSettings = (options, frames = options.frames) => ({ frames, step: options.step, width: galleryWidth });

function scrollFigures(scroll) {
  return {
    first_render_ms: round(scroll.first_render_ms, 2),
    scrolled_px: scroll.scrolled_px,
    samples_scrolled_past: Math.round((scroll.scrolled_px / scroll.row_height_px) * scroll.columns),
    images_decoded_in_view_at_end: `${scroll.images_decoded_in_view}/${scroll.images_in_view}`,
    frame_intervals_ms: summary(scroll.frame_intervals_ms),
    intervals_with_a_dropped_frame: scroll.frame_intervals_ms.filter((interval) => interval > 25).length,
  };
}

async function measure(page, routes, options, figures) {
  const table = await repeated(page, options.runs, (name) => window.bench.metricsTable(name), "evaluation-2000.arrow");
  figures.metrics_table = {
    what: "slicewise.metricsTable(element, {results: Arrow IPC bytes}) → first tr[data-test-case] in the DOM, plus one forced layout read; includes tableFromIPC and reading the table",
    first_render: timings(table, "first_render_ms"),
    call_without_layout: timings(table, "call_ms"),
    to_painted_frame: timings(table, "to_painted_frame_ms"),
    rows_in_dom: table[0].matched,
    main_thread_cpu: await mountCpu(page, options.runs, (name) => window.bench.metricsTable(name), "evaluation-2000.arrow"),
  };

  figures.comparison_chart = {
    what: "slicewise.comparisonChart(element, {results, options: {kind}}) → first [data-test-case] mark, plus one forced layout read; metric Accuracy",
  };
  for (const kind of chartKinds) {
    const runs = await repeated(page, options.runs, (name, chartKind) => window.bench.comparisonChart(name, chartKind), "evaluation-200.arrow", kind);
    figures.comparison_chart[kind] = {
      render: timings(runs, "first_render_ms"),
      call_without_layout: timings(runs, "call_ms"),
      to_painted_frame: timings(runs, "to_painted_frame_ms"),
      marks: runs[0].matched,
      main_thread_cpu: await mountCpu(page, options.runs, (name, chartKind) => window.bench.comparisonChart(name, chartKind), "evaluation-200.arrow", kind),
    };
  }

  figures.decode = {};
  for (const [label, arrowName, jsonName] of [
    ["evaluation_2000", "evaluation-2000.arrow", "evaluation-2000.json"],
    ["samples_100k_without_images", "samples-100k-plain.arrow", "samples-100k-plain.json"],
  ]) {
    const arrow = await repeated(page, options.runs, (name) => window.bench.decodeArrow(name), arrowName);
    const json = await repeated(page, options.runs, (name) => window.bench.decodeJson(name), jsonName);
    figures.decode[label] = {
      rows: arrow[0].rows,
      arrow_bytes: routes[`/data/${arrowName}`].body.length,
      json_bytes: routes[`/data/${jsonName}`].body.length,
      table_from_ipc: timings(arrow, "table_from_ipc_ms"),
      table_from_ipc_then_every_column_to_array: timings(arrow, "with_to_array_ms"),
      json_parse: timings(json, "json_parse_ms"),
    };
  }

  const idle = await page.evaluate((frames) => window.bench.idleFrames(frames), 120);
  const urls = await repeated(page, 3, (name) => window.bench.thumbnailUrls(name, 1000), "samples-100k.arrow");
  // Warm-up scroll (code compiled, first images decoded), then the headline run without tracing.
  await page.evaluate((name, settings) => window.bench.galleryScroll(name, settings), "samples-100k.arrow", scrollSettings(options, 60));
  const scroll = await page.evaluate((name, settings) => window.bench.galleryScroll(name, settings), "samples-100k.arrow", scrollSettings(options));
  const plain = await page.evaluate((name, settings) => window.bench.galleryScroll(name, settings), "samples-100k-plain.arrow", scrollSettings(options));
  const tracePath = join(outDirectory, "gallery-trace.json");
  await page.tracing.start({ path: tracePath, categories: traceCategories });
  const traced = await page.evaluate((name, settings) => window.bench.galleryScroll(name, settings), "samples-100k.arrow", scrollSettings(options));
  await page.tracing.stop();
  figures.gallery_scroll = {
    what: `100,000 samples, gallery ${galleryWidth} px wide; viewport.scrollTop += ${options.step} px in each of ${options.frames} animation frames; frame interval = difference of consecutive rAF timestamps`,
    grid: { rows: scroll.grid_rows, columns: scroll.columns, row_height_px: scroll.row_height_px },
    with_thumbnails: scrollFigures(scroll),
    without_thumbnails: { ...scrollFigures(plain), note: "the same table without its image column: cards show a placeholder" },
    idle_page_frame_intervals_ms: { ...summary(idle), note: "an empty page doing only requestAnimationFrame, on this machine at this time" },
    blob_url_per_thumbnail: {
      what: "new Blob([png bytes]) + URL.createObjectURL, 1,000 thumbnails in a loop, as the gallery's ObjectUrlCache does per card",
      create_ms: round(median(urls.map((run) => run.create_per_image_ms)), 3),
      revoke_ms: round(median(urls.map((run) => run.revoke_per_image_ms)), 3),
    },
    traced_run: {
      ...scrollFigures(traced),
      trace_file: tracePath,
      trace: traceFrames(JSON.parse(readFileSync(tracePath, "utf8")), { startMark: "gallery-scroll-start", endMark: "gallery-scroll-end" }),
    },
  };
}

/** CPU profiles with the unminified bundle: which of the library's functions the time goes to. */
async function profile(browser, server, routes, options) {
  const { page } = await openBenchPage(browser, server, "/slicewise-runtime.unminified.js");
  await loadData(page, routes);
  const profiles = {
    note: "sampled every 100 µs with an unminified build of the same runtime (bench/out/slicewise-runtime.unminified.js); self time per function",
  };
  const table = await profiled(page, () => repeated(page, 5, (name) => window.bench.metricsTable(name), "evaluation-2000.arrow"));
  profiles.metrics_table_6_mounts = topFunctions(table.profile);
  const chart = await profiled(page, () => repeated(page, 5, (name) => window.bench.comparisonChart(name, "bars"), "evaluation-200.arrow"));
  profiles.comparison_chart_bars_6_mounts = topFunctions(chart.profile);
  await page.evaluate((name, settings) => window.bench.galleryScroll(name, settings), "samples-100k.arrow", scrollSettings(options, 60));
  const scroll = await profiled(page, () =>
    page.evaluate((name, settings) => window.bench.galleryScroll(name, settings), "samples-100k.arrow", scrollSettings(options, 150)),
  );
  profiles.gallery_scroll_150_frames = topFunctions(scroll.profile);
  await page.close();
  return profiles;
}

function printReport(figures) {
  const { metrics_table: table, comparison_chart: chart, decode, gallery_scroll: gallery } = figures;
  const met = (value, target) => (value <= target ? "met" : "MISSED");
  const trace = gallery.traced_run.trace;
  console.log(`\n=== slicewise front-end bench: ${figures.chromium}, ${figures.runs} runs after a warm-up (medians) ===`);
  console.log(
    `load average before ${figures.load_average_before.join(" ")}, after ${figures.load_average_after.join(" ")} (2 cores; a busy machine stretches wall times)`,
  );
  printTable("figures (wall time, medians; CPU = main-thread CPU time of the same mounts under a light trace)", [
    ["figure", "measured", "target"],
    [
      "MetricsTable first render, 2,000 test cases × 4 models × 5 metrics",
      `${milliseconds(table.first_render.median_ms)} (CPU ${milliseconds(table.main_thread_cpu.median_cpu_ms)})`,
      `≤ ${targets.metrics_table_first_render_ms} ms: ${met(table.first_render.median_ms, targets.metrics_table_first_render_ms)}`,
    ],
    ["  … of which the call itself (before the harness's layout read)", milliseconds(table.call_without_layout.median_ms), ""],
    [
      "  … CPU in style recalc / layout",
      `${milliseconds(table.main_thread_cpu.median_style_cpu_ms)} / ${milliseconds(table.main_thread_cpu.median_layout_cpu_ms)}`,
      "",
    ],
    ["  … to the end of the next painted frame", milliseconds(table.to_painted_frame.median_ms), ""],
    ...chartKinds.map((kind) => [
      `ComparisonChart ${kind}, 200 test cases × 3 models`,
      `${milliseconds(chart[kind].render.median_ms)} (CPU ${milliseconds(chart[kind].main_thread_cpu.median_cpu_ms)})`,
      `≤ ${targets.comparison_chart_render_ms} ms: ${met(chart[kind].render.median_ms, targets.comparison_chart_render_ms)} (painted ${milliseconds(chart[kind].to_painted_frame.median_ms)})`,
    ]),
    [
      "SampleGallery scroll, 100,000 samples: frame interval p50 / p95 / max",
      `${gallery.with_thumbnails.frame_intervals_ms.p50} / ${gallery.with_thumbnails.frame_intervals_ms.p95} / ${gallery.with_thumbnails.frame_intervals_ms.max} ms`,
      `p95 ≤ ${targets.gallery_frame_p95_ms} ms: ${met(gallery.with_thumbnails.frame_intervals_ms.p95, targets.gallery_frame_p95_ms)}`,
    ],
    [
      "  … without thumbnails (placeholders)",
      `${gallery.without_thumbnails.frame_intervals_ms.p50} / ${gallery.without_thumbnails.frame_intervals_ms.p95} / ${gallery.without_thumbnails.frame_intervals_ms.max} ms`,
      "",
    ],
    [
      "  … an idle page's rAF intervals (the floor)",
      `${gallery.idle_page_frame_intervals_ms.p50} / ${gallery.idle_page_frame_intervals_ms.p95} / ${gallery.idle_page_frame_intervals_ms.max} ms`,
      "",
    ],
    [
      "  traced run: main-thread CPU per frame p50 / p95 / max",
      `${trace.main_thread_per_frame_cpu_ms.p50} / ${trace.main_thread_per_frame_cpu_ms.p95} / ${trace.main_thread_per_frame_cpu_ms.max} ms`,
      `wall ${trace.main_thread_per_frame_wall_ms.p50} / ${trace.main_thread_per_frame_wall_ms.p95} / ${trace.main_thread_per_frame_wall_ms.max} ms`,
    ],
    ["  traced run: all Chromium threads' CPU per frame", `${trace.chromium_cpu_per_frame_ms} ms`, `${trace.chromium_cores_busy} of 2 cores busy`],
    [
      "  Blob + createObjectURL per thumbnail (per card filled)",
      `${gallery.blob_url_per_thumbnail.create_ms} ms`,
      `revoke ${gallery.blob_url_per_thumbnail.revoke_ms} ms`,
    ],
    ["  first render of the gallery", milliseconds(gallery.with_thumbnails.first_render_ms), ""],
  ]);
  printTable(
    "gallery: main-thread CPU per frame by phase (traced run)",
    Object.entries(trace.main_thread_cpu_per_frame_by_phase_ms).map(([phase, value]) => [phase, milliseconds(value)]),
  );
  printTable("Arrow IPC vs JSON row objects in the page", [
    ["data", "bytes Arrow / JSON", "tableFromIPC", "+ every column toArray()", "JSON.parse"],
    ...Object.entries(decode).map(([label, entry]) => [
      `${label} (${entry.rows.toLocaleString("en-US")} rows)`,
      `${megabytes(entry.arrow_bytes)} / ${megabytes(entry.json_bytes)}`,
      milliseconds(entry.table_from_ipc.median_ms),
      milliseconds(entry.table_from_ipc_then_every_column_to_array.median_ms),
      milliseconds(entry.json_parse.median_ms),
    ]),
  ]);
  if (figures.profiles)
    for (const [name, entry] of Object.entries(figures.profiles)) {
      if (!entry.top_self_time) continue;
      printTable(
        `profile: ${name} (${entry.busy_ms} ms busy)`,
        entry.top_self_time.slice(0, 8).map((row) => [row.function, `${row.self_ms} ms`, `${(row.share * 100).toFixed(0)}%`]),
      );
    }
  if (figures.page_errors.length > 0) console.log(`\npage errors: ${figures.page_errors.join(" | ")}`);
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
    targets,
    load_average_before: loadavg().map((x) => round(x, 2)),
  };

  const thumbnails = digitThumbnails();
  const evaluationLarge = evaluationData({ testCaseCount: 2000 });
  const evaluationSmall = evaluationData({ testCaseCount: 200, models: 3 });
  const gallery = samplesData({ count: 100_000, thumbnails });
  const plain = samplesData({ count: 100_000, thumbnails, images: false });
  const plainJson = plain.json();
  figures.data = {
    evaluation_2000: {
      test_cases: 2000,
      models: 4,
      metrics: 5,
      rows: evaluationLarge.table.numRows,
      arrow_bytes: evaluationLarge.ipc.length,
      json_bytes: evaluationLarge.json.length,
    },
    evaluation_200: { test_cases: 200, models: 3, metrics: 5, rows: evaluationSmall.table.numRows, arrow_bytes: evaluationSmall.ipc.length },
    samples_100k: {
      rows: gallery.table.numRows,
      arrow_bytes: gallery.ipc.length,
      thumbnails: `32×32 grayscale PNGs of the real UCI digits (${thumbnails.images.length} distinct, repeated), mean ${round(thumbnails.images.reduce((sum, image) => sum + image.length, 0) / thumbnails.images.length)} bytes`,
    },
    samples_100k_without_images: { rows: plain.table.numRows, arrow_bytes: plain.ipc.length, json_bytes: plainJson.length },
  };

  const arrow = "application/vnd.apache.arrow.stream";
  const routes = {
    "/": {
      type: "text/html; charset=utf-8",
      body: Buffer.from("<!doctype html><meta charset=utf-8><link rel=icon href=data:,><title>slicewise bench</title><body style=margin:0></body>"),
    },
    "/slicewise-runtime.js": { type: "text/javascript", body: readFileSync(join(root, "dist", "slicewise-runtime.js")) },
    "/arrow.js": { type: "text/javascript", body: readFileSync(join(root, "node_modules", "apache-arrow", "Arrow.esnext.min.js")) },
    "/bench.js": { type: "text/javascript", body: readFileSync(join(__dirname, "frontendPage.js")) },
    "/data/evaluation-2000.arrow": { type: arrow, body: evaluationLarge.ipc },
    "/data/evaluation-2000.json": { type: "application/json", body: evaluationLarge.json },
    "/data/evaluation-200.arrow": { type: arrow, body: evaluationSmall.ipc },
    "/data/samples-100k.arrow": { type: arrow, body: gallery.ipc },
    "/data/samples-100k-plain.arrow": { type: arrow, body: plain.ipc },
    "/data/samples-100k-plain.json": { type: "application/json", body: plainJson },
  };
  if (options.profile) routes["/slicewise-runtime.unminified.js"] = { type: "text/javascript", body: readFileSync(await unminifiedRuntime()) };

  const server = await startStaticServer(routes);
  const chromium = await launchChromium({ width: 1280, height: 900 });
  try {
    figures.chromium = chromium.version;
    const { page, errors } = await openBenchPage(chromium.browser, server, "/slicewise-runtime.js");
    await loadData(page, routes);
    await measure(page, routes, options, figures);
    await page.close();
    if (options.profile) figures.profiles = await profile(chromium.browser, server, routes, options);
    figures.page_errors = errors;
  } finally {
    await chromium.close();
    await server.close();
  }
  figures.load_average_after = loadavg().map((x) => round(x, 2));
  figures.seconds = round((Date.now() - started) / 1000);
  printReport(figures);
  const file = join(outDirectory, "frontend.json");
  writeFileSync(file, JSON.stringify(figures, null, 2) + "\n");
  console.log(`\nfigures written to ${file} (${figures.seconds} s)`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
