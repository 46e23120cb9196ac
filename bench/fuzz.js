#!/usr/bin/env node
// Schemathesis against `slicewise serve` for an hour (or --minutes N): the long run of the fuzzing
// whose bounded run is test/integration/schemathesis.test.ts. Prints Schemathesis's report and the
// server's own log of failures (every 500 is logged with its stack); exits non-zero when either
// has one. Needs the venv test/setup.js makes (npm test makes it; or SLICEWISE_VENV).
"use strict";
const { spawn } = require("node:child_process");
const { existsSync, mkdtempSync, rmSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");
const { schemathesisPath, seedPets, schemathesisArguments } = require("../test/helpers/schemathesis");

const minutesFlag = process.argv.indexOf("--minutes");
const minutes = minutesFlag > 0 ? Number(process.argv[minutesFlag + 1]) : 60;
const root = join(__dirname, "..");

async function main() {
  if (!existsSync(schemathesisPath)) throw new Error(`no Schemathesis at ${schemathesisPath}; run \`node test/setup.js\` (or npm test) once to make the venv`);
  const directory = mkdtempSync(join(tmpdir(), "slicewise-fuzz-"));
  const server = spawn(process.execPath, [join(root, "lib/src/cli/main.js"), "serve", "--data", join(directory, "data"), "--port", "0"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let serverLog = "";
  server.stderr.setEncoding("utf8").on("data", (chunk) => (serverLog += chunk));
  try {
    const { url, token } = await new Promise((resolve, reject) => {
      let out = "";
      server.stdout.setEncoding("utf8").on("data", (chunk) => {
        out += chunk;
        const match = /open (http:\/\/[^/\s]+)\/\?token=([0-9a-f]+)/.exec(out);
        if (match) resolve({ url: match[1], token: match[2] });
      });
      server.once("exit", (code) => reject(new Error(`the server exited (${code}) before it was ready: ${serverLog}`)));
    });
    await seedPets(url, token);
    console.log(`fuzzing ${url} (server pid ${server.pid}) for ${minutes} min with Schemathesis; data in ${directory}`);
    const started = Date.now();
    const status = await new Promise((resolve) => {
      // Over many minutes Hypothesis gives up on generating uploads to names it must filter (a
      // health check of the generator, not of the server): it is told not to.
      const bounds = ["--max-time", String(minutes * 60), "--request-timeout", "60", "--suppress-health-check", "filter_too_much"];
      const run = spawn(schemathesisPath, schemathesisArguments(url, token, bounds), { stdio: "inherit", cwd: directory });
      run.once("exit", (code) => resolve(code));
    });
    const failures = serverLog.split("\n").filter((line) => line.includes(" failed: "));
    console.log(`\nschemathesis exit status ${status} after ${((Date.now() - started) / 60_000).toFixed(1)} min; server errors logged: ${failures.length}`);
    for (const line of failures.slice(0, 20)) console.log(`  ${line}`);
    process.exitCode = status === 0 && failures.length === 0 ? 0 : 1;
  } finally {
    server.kill("SIGTERM");
    rmSync(directory, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
