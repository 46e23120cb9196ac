// The worst-slices search at the Slicer's size: 100k rows × 10 fields of 6–10 levels, depth 2 and
// 3, each way of error (0/1, numeric, 0/1 regressions). Prints the median of 5 runs of the
// counting (what the worker does), of the statistics (main thread) and of the whole search.
// Target: ≤ 2 s for the whole search in the browser. Needs `npx tsc -p tsconfig.json` (reads lib/).
//
//   node bench/sliceSearch.js [--rows 100000] [--fields 10] [--runs 5] [--seed 1] [--min-size N]
//   (--min-size: the search's minSize; default max(20, 1% of rows). Smaller sizes prune less.)
"use strict";

const { performance } = require("node:perf_hooks");
const { createRandom } = require("../lib/src/metrics/random");
const { buildCountPayload, countSliceCandidates, finishSliceSearch } = require("../lib/src/metrics/slicing/sliceSearch");
const { median } = require("./statistics");
const { printTable } = require("./printTable");

function argument(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
}

/**
 * Fields of 6 to 10 levels (8 on average) with uneven shares, as binned data has; 2% of each
 * field's rows in no level. Errors at 0.1, and 0.35 in (f2 = 1 and f5 = 3) and (f0 = 0, f4 = 2, f7 = 1).
 */
function syntheticInput(rows, fieldCount, seed) {
  const random = createRandom(seed);
  const features = Array.from({ length: fieldCount }, (_, field) => {
    const levels = 6 + (field % 5);
    const weights = Array.from({ length: levels }, (_, level) => 1 / (level + 2));
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    const codes = new Int32Array(rows);
    for (let row = 0; row < rows; row++) {
      if (random() < 0.02) {
        codes[row] = -1;
        continue;
      }
      let draw = random() * total;
      let level = 0;
      while (level < levels - 1 && (draw -= weights[level]) > 0) level++;
      codes[row] = level;
    }
    return {
      name: `f${field}`,
      codes,
      levels: Array.from({ length: levels }, (_, level) => ({ label: `f${field} = ${level}`, predicate: { field: `f${field}`, op: "eq", value: level } })),
    };
  });
  const code = (field, row) => features[field].codes[row];
  const planted = (row) => (code(2, row) === 1 && code(5, row) === 3) || (code(0, row) === 0 && code(4, row) === 2 && code(7, row) === 1);
  const rate = Float64Array.from({ length: rows }, (_, row) => (planted(row) ? 0.35 : 0.1));
  const binaryErrors = rate.map((p) => (random() < p ? 1 : 0));
  const numericErrors = rate.map((p) => -Math.log(1 - random()) * p * 10);
  const referenceErrors = rate.map(() => (random() < 0.1 ? 1 : 0));
  return {
    "0/1 errors": { features, errors: binaryErrors, binary: true, mode: "underperforms" },
    "numeric errors": { features, errors: numericErrors, binary: false, mode: "underperforms" },
    "0/1, regresses": { features, errors: binaryErrors, referenceErrors, binary: true, mode: "regresses" },
  };
}

function main() {
  const rows = argument("rows", 100_000);
  const fieldCount = argument("fields", 10);
  const runs = argument("runs", 5);
  const seed = argument("seed", 1);
  const minSize = argument("min-size", undefined);
  const inputs = syntheticInput(rows, fieldCount, seed);
  const table = [["errors", "depth", "payload + count ms", "statistics ms", "total ms", "candidates", "pruned", "tested", "top slice (q)"]];
  for (const [name, base] of Object.entries(inputs)) {
    for (const maxDepth of [2, 3]) {
      const input = { ...base, maxDepth, minSize };
      const counting = [];
      const finishing = [];
      const totals = [];
      let result;
      for (let run = 0; run < runs; run++) {
        const start = performance.now();
        const counts = countSliceCandidates(buildCountPayload(input));
        const counted = performance.now();
        result = finishSliceSearch(input, counts);
        const end = performance.now();
        counting.push(counted - start);
        finishing.push(end - counted);
        totals.push(end - start);
      }
      const first = result.slices[0];
      table.push([
        name,
        maxDepth,
        median(counting).toFixed(0),
        median(finishing).toFixed(0),
        median(totals).toFixed(0),
        result.candidates,
        result.pruned,
        result.tested,
        first ? `${first.label} (${first.qValue.toExponential(1)})` : "none",
      ]);
    }
  }
  const sizes = minSize === undefined ? "default minSize" : `minSize ${minSize}`;
  printTable(
    `Slice search, ${rows.toLocaleString("en")} rows × ${fieldCount} fields (6–10 levels), ${sizes}, median of ${runs} runs; Node ${process.version}`,
    table,
  );
}

main();
