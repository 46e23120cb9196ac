// A test case of 100,000 chosen ids on 1M datapoints (issue 18 §2): evaluate with the ids as a
// literal list in the SQL (`id IN (0, 7, …)`, what a `where` of op "in" compiles to) against the
// platform's way, a semi-join on the set's stored table; then the cost of storing the set, of
// reading the standard back (by reference, and with every id), and of a DuckDB-only comparison
// of the two ways to keep the ids (a table of rows, or one row holding a list). Figures only.
//
//   npx tsc -p tsconfig.json && node bench/idTestCases.js
//     --rows 1000000    datapoints
//     --ids 100000      ids in the test case (drawn without repeats, seeded)
//     --repeat 3        evaluations per way (after one warm-up; medians are printed)
"use strict";

const { mkdtempSync, rmSync } = require("node:fs");
const { loadavg, tmpdir } = require("node:os");
const { join } = require("node:path");
const { performance } = require("node:perf_hooks");
const { DuckDBInstance } = require("@duckdb/node-api");
const { generateData, createRandom } = require("../test/helpers/syntheticData");

function parseArguments(argv) {
  const options = { rows: 1_000_000, ids: 100_000, repeat: 3 };
  for (let i = 0; i < argv.length; i++) {
    const argument = argv[i];
    if (argument === "--rows") options.rows = Number(argv[++i]);
    else if (argument === "--ids") options.ids = Number(argv[++i]);
    else if (argument === "--repeat") options.repeat = Number(argv[++i]);
    else throw new Error(`unknown argument ${argument}; see the top of bench/idTestCases.js`);
  }
  if (!(options.ids >= 1 && options.ids <= options.rows)) throw new Error("--ids takes a whole number between 1 and --rows");
  return options;
}

const median = (values) => [...values].sort((a, b) => a - b)[(values.length - 1) >> 1];
const ms = (value) => `${value.toFixed(0)} ms`.padStart(9);

/** `count` distinct ids of 0 … rows−1 (a partial Fisher–Yates shuffle, seeded). */
function chosenIds(rows, count) {
  const random = createRandom(18);
  const all = Int32Array.from({ length: rows }, (_, i) => i);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (rows - i));
    [all[i], all[j]] = [all[j], all[i]];
  }
  return Array.from(all.subarray(0, count));
}

async function timed(work) {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}

async function evaluateTimes(platform, repeat) {
  const options = { models: ["baseline", "candidate"], reference: "baseline" };
  await platform.evaluate("synthetic", options);
  const times = [];
  let rows;
  for (let run = 0; run < repeat; run++) {
    const { ms: took, value } = await timed(() => platform.evaluate("synthetic", options));
    times.push(took);
    rows = value.rows;
  }
  const chosen = rows.find((row) => row.test_case === "chosen" && row.model === "candidate");
  return { ms: median(times), n: chosen.n, value: chosen.value };
}

/** DuckDB alone: the membership count over `rows` datapoints with the set as a table of rows, or as one row holding a list. */
async function storageWays(rows, ids, repeat) {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  await connection.run(`CREATE TABLE d AS SELECT range::INTEGER AS id FROM range(${rows})`);
  const list = JSON.stringify(ids);
  await connection.run("CREATE TABLE set_rows AS SELECT unnest(CAST(? AS INTEGER[])) AS id", [list]);
  await connection.run("CREATE TABLE set_list AS SELECT CAST(? AS INTEGER[]) AS ids", [list]);
  // The literal list is left out here: as a FILTER over 1M rows it took 51.6 s once (evaluate
  // plans it better, above).
  const ways = {
    "table of rows": "SELECT count(*) FILTER (WHERE coalesce(id IN (SELECT id FROM set_rows), FALSE)) AS n FROM d",
    "one row, a list": "SELECT count(*) FILTER (WHERE coalesce(id IN (SELECT unnest(ids) FROM set_list), FALSE)) AS n FROM d",
  };
  const figures = {};
  for (const [name, sql] of Object.entries(ways)) {
    await connection.run(sql);
    const times = [];
    for (let run = 0; run < repeat; run++) times.push((await timed(() => connection.runAndReadAll(sql))).ms);
    figures[name] = median(times);
  }
  connection.closeSync();
  return figures;
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  const { Platform } = require("../lib/src/platform");
  console.log(
    `${options.rows.toLocaleString("en-US")} datapoints, 2 models, a test case of ${options.ids.toLocaleString("en-US")} ids; load average ${loadavg()[0].toFixed(2)} — medians of ${options.repeat}`,
  );
  const { dataset, results, models } = generateData({ rows: options.rows, seed: 7 });
  const ids = chosenIds(options.rows, options.ids);
  const directory = mkdtempSync(join(tmpdir(), "slicewise-id-bench-"));
  const platform = await Platform.open({ data: directory });
  try {
    await platform.uploadDataset("synthetic", { format: "table", table: dataset }, { idFields: ["id"] });
    for (const [index, model] of models.slice(0, 2).entries()) await platform.uploadResults("synthetic", model, { format: "table", table: results[index] });
    const metricGroups = [{ name: "quality", metrics: [{ label: "Accuracy", kind: "mean", field: "correct", higher_is_better: true }] }];
    const standard = (testCase) => ({ stratifications: [{ field: "region" }], test_cases: [testCase], metric_groups: metricGroups });

    const setLiteral = await timed(() => platform.setQualityStandard("synthetic", standard({ name: "chosen", where: { field: "id", op: "in", value: ids } })));
    const literal = await evaluateTimes(platform, options.repeat);
    const setStored = await timed(() => platform.setQualityStandard("synthetic", standard({ name: "chosen", ids })));
    const stored = await evaluateTimes(platform, options.repeat);
    const { value: read } = await timed(() => platform.getQualityStandard("synthetic"));
    const { version: _version, ...unchanged } = read;
    const setAgain = await timed(() => platform.setQualityStandard("synthetic", unchanged));
    const getReference = await timed(() => platform.getQualityStandard("synthetic"));
    const getAll = await timed(() => platform.getQualityStandard("synthetic", undefined, { ids: "all" }));

    console.log("\nevaluate (test case 'chosen' beside the whole dataset and 5 regions)");
    console.log(`  literal list (where id in [...])   ${ms(literal.ms)}   n = ${literal.n}, accuracy ${literal.value.toFixed(4)}`);
    console.log(`  stored table (ids, semi-join)      ${ms(stored.ms)}   n = ${stored.n}, accuracy ${stored.value.toFixed(4)}`);
    console.log("\nthe standard");
    console.log(`  set, ids as a where list           ${ms(setLiteral.ms)}`);
    console.log(`  set, ids stored in a table         ${ms(setStored.ms)}`);
    console.log(`  set again, read back by reference  ${ms(setAgain.ms)}`);
    console.log(
      `  get, large set by reference        ${ms(getReference.ms)}   ${JSON.stringify(getReference.value).length.toLocaleString("en-US")} bytes of JSON`,
    );
    console.log(`  get, ?ids=all                      ${ms(getAll.ms)}   ${JSON.stringify(getAll.value).length.toLocaleString("en-US")} bytes of JSON`);

    const ways = await storageWays(options.rows, ids, options.repeat);
    console.log("\nDuckDB alone: count the set's members among the datapoints");
    for (const [name, took] of Object.entries(ways)) console.log(`  ${name.padEnd(34)} ${ms(took)}`);
  } finally {
    platform.close();
    rmSync(directory, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
