// The CI gate's cost against a plain evaluation of the same data: `check` (evaluate two models,
// record the run, judge every test case) vs `evaluate` of the same two models. Prints figures,
// writes bench/out/gate-<rows>.json. Target: the gate within 1.5× of the plain evaluation.
"use strict";

const { mkdtempSync, mkdirSync, rmSync, writeFileSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");
const { EmbeddedWorkspace, check } = require("../lib/src/client");
const { generateData } = require("../test/helpers/syntheticData");
const { qualityStandard } = require("../test/helpers/syntheticQualityStandard");

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main() {
  const rowsArgument = process.argv.indexOf("--rows");
  const rows = rowsArgument > 0 ? Number(process.argv[rowsArgument + 1]) : 10_000_000;
  const repeat = 3;
  const directory = mkdtempSync(join(tmpdir(), "slicewise-gate-bench-"));
  const workspace = await EmbeddedWorkspace.open({ data: join(directory, "data") });
  try {
    const data = generateData({ rows, seed: 1 });
    await workspace.uploadDataset("bench", data.dataset, { idFields: ["id"], onProgress: false });
    const [reference, candidate] = data.models;
    await workspace.uploadResults("bench", reference, data.results[0], { onProgress: false });
    await workspace.uploadResults("bench", candidate, data.results[1], { onProgress: false });
    await workspace.setQualityStandard("bench", qualityStandard);
    const plain = [];
    const gate = [];
    let last = null;
    for (let run = 0; run < repeat; run++) {
      let started = process.hrtime.bigint();
      await workspace.evaluate("bench", { models: [reference, candidate], reference });
      plain.push(Number(process.hrtime.bigint() - started) / 1e9);
      started = process.hrtime.bigint();
      last = await check(workspace, { dataset: "bench", candidate, reference });
      gate.push(Number(process.hrtime.bigint() - started) / 1e9);
    }
    const figures = {
      rows,
      test_cases: new Set(last.rows.map((row) => `${row.stratification}/${row.test_case}`)).size,
      plain_evaluate_seconds: median(plain),
      gate_seconds: median(gate),
      ratio: median(gate) / median(plain),
      target_ratio: 1.5,
      gate_passed: last.passed,
      regressions: last.regressions.length,
      runs: { plain, gate },
    };
    console.log(`gate vs plain evaluate, ${rows.toLocaleString("en-US")} rows × 2 models × ${figures.test_cases} test cases (median of ${repeat})`);
    console.log(`  plain evaluate   ${figures.plain_evaluate_seconds.toFixed(2)} s`);
    console.log(`  slicewise check  ${figures.gate_seconds.toFixed(2)} s   (${last.passed ? "passed" : `${last.regressions.length} regressions`})`);
    console.log(`  ratio            ${figures.ratio.toFixed(2)}×   target ≤ 1.5×: ${figures.ratio <= 1.5 ? "met" : "missed"}`);
    mkdirSync(join(__dirname, "out"), { recursive: true });
    writeFileSync(join(__dirname, "out", `gate-${rows}.json`), JSON.stringify(figures, null, 2));
  } finally {
    await workspace.close();
    rmSync(directory, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
