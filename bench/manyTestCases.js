// Evaluation time and peak memory of a quality standard with many explicit test cases: the
// digits example (1,797 images, 3 models) with 300, 1,000 and 3,000 test cases of the form
// {and: [ink between …, label ne …]} beside its own stratifications. Each size runs in a
// process of its own, so each peak RSS is that size's. Figures only, never assertions.
//
//   npx tsc -p tsconfig.json && node bench/manyTestCases.js
//     --sizes 300,1000,3000   numbers of explicit test cases
//     --no-f1                 without the Macro F1 metric (no bootstrap)
//     --repeat 1              evaluations per size (the same process; medians are printed)
"use strict";

const { execFileSync } = require("node:child_process");
const { mkdtempSync, rmSync } = require("node:fs");
const { loadavg, tmpdir } = require("node:os");
const { join } = require("node:path");
const { performance } = require("node:perf_hooks");

function parseArguments(argv) {
  const options = { sizes: [300, 1000, 3000], f1: true, repeat: 1, child: null };
  for (let i = 0; i < argv.length; i++) {
    const argument = argv[i];
    if (argument === "--sizes") options.sizes = argv[++i].split(",").map(Number);
    else if (argument === "--no-f1") options.f1 = false;
    else if (argument === "--repeat") options.repeat = Number(argv[++i]);
    else if (argument === "--child") options.child = Number(argv[++i]);
    else throw new Error(`unknown argument ${argument}; see the top of bench/manyTestCases.js`);
  }
  if (options.sizes.some((size) => !Number.isInteger(size) || size < 0)) throw new Error("--sizes takes whole numbers, e.g. --sizes 300,1000,3000");
  if (!Number.isInteger(options.repeat) || options.repeat < 1) throw new Error("--repeat takes a whole number ≥ 1");
  return options;
}

/** The i-th test case: a window of 60 ink values, less one digit. */
function testCase(i) {
  return {
    name: `ink ${200 + (i % 300)}-${260 + (i % 300)} without ${i % 10} #${i}`,
    where: {
      and: [
        { field: "ink", op: "between", value: [200 + (i % 300), 260 + (i % 300)] },
        { field: "label", op: "ne", value: i % 10 },
      ],
    },
  };
}

const median = (values) => [...values].sort((a, b) => a - b)[(values.length - 1) >> 1];

/** One size, in this process: prints one JSON line of figures. */
async function runSize(size, { f1, repeat }) {
  const { Platform } = require("../lib/src/platform");
  const { buildDigitsExample } = require("../lib/examples/digits");
  const bootstrapPool = require("../lib/src/platform/bootstrapPool");
  // The bootstrap's share of the time, measured from outside (src/ untouched).
  let bootstrapMs = 0;
  const summarizeTasks = bootstrapPool.summarizeTasks;
  bootstrapPool.summarizeTasks = async (...args) => {
    const start = performance.now();
    try {
      return await summarizeTasks(...args);
    } finally {
      bootstrapMs += performance.now() - start;
    }
  };

  const example = buildDigitsExample();
  const directory = mkdtempSync(join(tmpdir(), "slicewise-many-"));
  const platform = await Platform.open({ data: directory });
  try {
    await platform.uploadDataset("digits", { format: "table", table: example.dataset });
    for (const model of example.models) await platform.uploadResults("digits", model, { format: "table", table: example.results[model] });
    const standard = { ...example.qualityStandard, test_cases: Array.from({ length: size }, (_, i) => testCase(i)) };
    if (!f1)
      standard.metric_groups = standard.metric_groups.map((group) => ({
        ...group,
        metrics: group.metrics.filter((metric) => metric.kind !== "classification"),
      }));
    await platform.setQualityStandard("digits", standard);
    const peakBeforeKb = process.resourceUsage().maxRSS;
    const runs = [];
    let rows = 0;
    for (let run = 0; run < repeat; run++) {
      bootstrapMs = 0;
      const cpu = process.cpuUsage();
      const start = performance.now();
      const evaluation = await platform.evaluate("digits", { models: example.models, reference: example.reference });
      const used = process.cpuUsage(cpu);
      runs.push({ ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000, bootstrapMs });
      rows = evaluation.rows.length;
    }
    const figures = {
      size,
      f1,
      rows,
      evaluate_ms: median(runs.map((run) => run.ms)),
      evaluate_cpu_ms: median(runs.map((run) => run.cpuMs)),
      bootstrap_ms: median(runs.map((run) => run.bootstrapMs)),
      peak_rss_before_evaluate_mb: peakBeforeKb / 1024,
      peak_rss_mb: process.resourceUsage().maxRSS / 1024,
    };
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  } finally {
    platform.close();
    rmSync(directory, { recursive: true, force: true });
  }
}

function main() {
  const options = parseArguments(process.argv.slice(2));
  if (options.child !== null) return runSize(options.child, options);
  console.log(
    `digits (1,797 images, 3 models), ${options.f1 ? "with" : "without"} Macro F1; load average ${loadavg()[0].toFixed(2)} — wall times wobble on a shared machine, CPU times less`,
  );
  console.log("test cases   rows     evaluate   cpu (all threads)   bootstrap   peak RSS   (peak before evaluate)");
  for (const size of options.sizes) {
    const childArguments = [__filename, "--child", String(size), "--repeat", String(options.repeat), ...(options.f1 ? [] : ["--no-f1"])];
    const output = execFileSync(process.execPath, childArguments, { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
    const figures = JSON.parse(output.trim().split("\n").pop());
    const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
    console.log(
      [
        String(figures.size).padStart(10),
        String(figures.rows).padStart(6),
        seconds(figures.evaluate_ms).padStart(12),
        seconds(figures.evaluate_cpu_ms).padStart(19),
        seconds(figures.bootstrap_ms).padStart(11),
        `${figures.peak_rss_mb.toFixed(0)} MB`.padStart(10),
        `(${figures.peak_rss_before_evaluate_mb.toFixed(0)} MB)`.padStart(12),
      ].join(" "),
    );
  }
}

Promise.resolve(main()).catch((error) => {
  console.error(error);
  process.exit(1);
});
