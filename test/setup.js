#!/usr/bin/env node
// What `npm test` needs besides the npm packages, set up before jest starts, so that a fresh
// clone passes with the README's commands alone:
// - a browser for the end-to-end tests (Chromium or Chrome): only looked for — installing one
//   needs root — and, when there is none, a message saying how to install it;
// - the pinned Jupyter, and Schemathesis for fuzzing the server, in a virtual environment (.venv,
//   or SLICEWISE_VENV): created, or re-created when a requirements file changed since it was made.
"use strict";
const { spawnSync } = require("node:child_process");
const { createHash } = require("node:crypto");
const { existsSync, readFileSync, rmSync, writeFileSync } = require("node:fs");
const { join, resolve } = require("node:path");
const { chromiumCandidates, findChromium } = require("./helpers/findChromium");
const { venvPath: venv } = require("./helpers/venvPath");

const root = resolve(__dirname, "..");
const requirements = ["requirements-jupyter.txt", "requirements-fuzz.txt"].map((name) => join(root, "test", name));
/** The hash of the requirements the venv was made from, written once it is complete. */
const stamp = join(venv, "slicewise-requirements.sha256");

function fail(message) {
  console.error(`\nnpm test cannot start: ${message}\n`);
  process.exit(1);
}

function run(command, args, what) {
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
  if (result.error) fail(`${what}: ${result.error.message}`);
  if (result.status !== 0) fail(`${what} failed (exit status ${result.status}); see the lines above`);
  return Date.now() - started;
}

function checkBrowser() {
  if (findChromium()) return;
  const looked = process.env.CHROMIUM_PATH ? `CHROMIUM_PATH=${process.env.CHROMIUM_PATH}, which does not exist` : chromiumCandidates.join(", ");
  fail(
    `no Chromium or Chrome for the end-to-end tests (looked at ${looked}).\n` +
      `Install Debian's Chromium with \`sudo apt-get install chromium\` (Ubuntu: \`sudo snap install chromium\`), ` +
      `or point CHROMIUM_PATH at a Chromium or Chrome executable. The tests never download a browser.`,
  );
}

function ensureVenv() {
  const hash = createHash("sha256");
  for (const file of requirements) hash.update(readFileSync(file));
  const wanted = hash.digest("hex");
  const jupyter = join(venv, "bin", "jupyter");
  const tools = [jupyter, join(venv, "bin", "schemathesis")];
  if (tools.every((tool) => existsSync(tool)) && existsSync(stamp) && readFileSync(stamp, "utf8").trim() === wanted) return;
  const python = process.env.PYTHON ?? "python3";
  const probe = spawnSync(python, ["--version"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0)
    fail(
      `no ${python} to make the Jupyter virtual environment; install Python 3.9 or newer with venv (Debian: \`sudo apt-get install python3 python3-venv\`), or set PYTHON`,
    );
  console.log(
    `== ${existsSync(venv) ? "re-creating" : "creating"} ${venv} with the pinned JupyterLab, Notebook 7 and Schemathesis (test/requirements-*.txt), once`,
  );
  rmSync(venv, { recursive: true, force: true });
  run(python, ["-m", "venv", venv], `${python} -m venv ${venv}`);
  const took = run(
    join(venv, "bin", "pip"),
    ["install", "--disable-pip-version-check", "--progress-bar", "off", ...requirements.flatMap((file) => ["-r", file])],
    "installing the pinned Jupyter and Schemathesis into the virtual environment",
  );
  writeFileSync(stamp, `${wanted}\n`);
  console.log(`== ${venv} ready in ${(took / 1000).toFixed(0)} s`);
}

checkBrowser();
ensureVenv();
