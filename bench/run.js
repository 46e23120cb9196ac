// Entry point of `npm run bench`: runs the benchmark at each size in its own Node process (so
// each size's peak memory is its own), prints the figures and writes bench/out/results-<rows>.json.
//
//   node bench/run.js                      1M rows, then 10M rows
//   node bench/run.js --rows 1000000       one size (also 1M, 10M, 1e6)
//   options: --repeat 3  --seed 1  --resamples 1000  --threads <DuckDB threads>  --keep (keep the store)
"use strict";

const { spawnSync } = require("node:child_process");
const { mkdirSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");

const defaultSizes = [1e6, 1e7];

function parseCount(text, name) {
  const match = /^(\d+(?:\.\d+)?)(?:e(\d+)|([kKmM]))?$/.exec(String(text));
  if (!match) throw new Error(`--${name} expects a number such as 1000000, 1e6 or 1M; got ${JSON.stringify(text)}`);
  const scale = match[2] ? 10 ** Number(match[2]) : ({ k: 1e3, m: 1e6 }[match[3]?.toLowerCase()] ?? 1);
  return Math.round(Number(match[1]) * scale);
}

function parseArguments(argv) {
  const options = { sizes: defaultSizes, repeat: 3, seed: 1, resamples: undefined, threads: undefined, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].replace(/^--/, "");
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`--${name} needs a value`);
      return argv[++i];
    };
    if (name === "rows")
      options.sizes = value()
        .split(",")
        .map((size) => parseCount(size, "rows"));
    else if (name === "repeat") options.repeat = parseCount(value(), "repeat");
    else if (name === "seed") options.seed = parseCount(value(), "seed");
    else if (name === "resamples") options.resamples = parseCount(value(), "resamples");
    else if (name === "threads") options.threads = parseCount(value(), "threads");
    else if (name === "keep") options.keep = true;
    else throw new Error(`unknown option ${argv[i]}; use --rows, --repeat, --seed, --resamples, --threads or --keep`);
  }
  return options;
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  if (options.sizes.length > 1) {
    // One child process per size; each prints its own report and writes its own JSON.
    const passOn = process.argv.slice(2).filter((arg, index, all) => arg !== "--rows" && all[index - 1] !== "--rows");
    for (const rows of options.sizes) {
      const child = spawnSync(process.execPath, [...process.execArgv, __filename, ...passOn, "--rows", String(rows)], { stdio: "inherit" });
      if (child.status !== 0) process.exitCode = child.status ?? 1;
    }
    return;
  }
  const { runBenchmark } = require("./benchmark");
  const { printReport } = require("./report");
  const [rows] = options.sizes;
  const figures = await runBenchmark({ ...options, rows });
  printReport(figures);
  const directory = join(__dirname, "out");
  mkdirSync(directory, { recursive: true });
  const file = join(directory, `results-${rows}.json`);
  writeFileSync(file, JSON.stringify(figures, null, 2) + "\n");
  console.log(`\nfigures written to ${file}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
