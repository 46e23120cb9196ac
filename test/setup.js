#!/usr/bin/env node
// What `npm test` needs besides the npm packages, set up before jest starts, so that a fresh
// clone passes with the README's commands alone:
// - a browser for the end-to-end tests (Chromium or Chrome): only looked for — installing one
//   needs root — and, when there is none, a message saying how to install it;
// - the pinned Jupyter, Schemathesis for fuzzing the server, pyspark (its Spark runs the Spark
//   engine's tests on Java 17), and what the Python package's tests
//   need, in a virtual environment (.venv, or SLICEWISE_VENV): created, or re-created when a
//   requirements file changed since it was made;
// - the slicewise wheel (dist/slicewise-*.whl, python/build.js), built when it is missing or its
//   inputs changed, and installed into that environment when the installed one is not this wheel.
"use strict";
const { spawnSync } = require("node:child_process");
const { createHash } = require("node:crypto");
const { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } = require("node:fs");
const { join, relative, resolve } = require("node:path");
const { chromiumCandidates, findChromium } = require("./helpers/findChromium");
const { venvPath: venv } = require("./helpers/venvPath");

const root = resolve(__dirname, "..");
const requirements = ["requirements-jupyter.txt", "requirements-fuzz.txt", "requirements-python.txt", "requirements-spark.txt"].map((name) =>
  join(root, "test", name),
);
/** The hash of the requirements the venv was made from, written once it is complete. */
const stamp = join(venv, "slicewise-requirements.sha256");
/** What the wheel is built from (python/build.js stages these): a change to any of them rebuilds it. */
const wheelInputs = [
  "python/src",
  "python/pyproject.toml",
  "python/hatch_build.py",
  "python/build.js",
  "python/README.md",
  "lib",
  "dist/index.js",
  "dist/slicewise-runtime.js",
  "dist/labextension",
  "examples/digits/digits.csv.gz",
  "package.json",
  "package-lock.json",
];
/** The hash of the wheel's inputs, beside the wheel; and the hash of the wheel installed in the venv. */
const wheelStamp = join(root, "dist", "slicewise-wheel-inputs.sha256");
const installedWheelStamp = join(venv, "slicewise-wheel.sha256");

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

/** Every file under the wheel's inputs, by path and content (__pycache__ left out). */
function wheelInputsHash() {
  const hash = createHash("sha256");
  const visit = (path) => {
    const entries = readdirSync(path, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      const child = join(path, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "__pycache__") visit(child);
      } else if (entry.isFile()) {
        hash.update(`${relative(root, child)}\0`);
        hash.update(readFileSync(child));
      }
    }
  };
  for (const input of wheelInputs) {
    const path = join(root, input);
    if (!existsSync(path)) continue;
    if (statSync(path).isDirectory()) visit(path);
    else hash.update(`${input}\0`).update(readFileSync(path));
  }
  return hash.digest("hex");
}

function builtWheel() {
  const wheels = existsSync(join(root, "dist")) ? readdirSync(join(root, "dist")).filter((file) => /^slicewise-.+\.whl$/.test(file)) : [];
  return wheels.length === 1 ? join(root, "dist", wheels[0]) : undefined;
}

function ensureWheel() {
  const python = join(venv, "bin", "python");
  const inputs = wheelInputsHash();
  let wheel = builtWheel();
  if (!wheel || !existsSync(wheelStamp) || readFileSync(wheelStamp, "utf8").trim() !== inputs) {
    console.log(`== building the slicewise wheel (${wheel ? "its inputs changed" : "none in dist/"}): node python/build.js`);
    run(process.execPath, [join(root, "python", "build.js"), "--python", python], "building the slicewise wheel (python/build.js)");
    wheel = builtWheel();
    if (!wheel) fail("python/build.js left no dist/slicewise-*.whl");
    writeFileSync(wheelStamp, `${inputs}\n`);
  }
  const wheelHash = createHash("sha256").update(readFileSync(wheel)).digest("hex");
  if (existsSync(installedWheelStamp) && readFileSync(installedWheelStamp, "utf8").trim() === wheelHash) return;
  // Its dependencies are pinned in test/requirements-python.txt and already there: only the wheel changes.
  const took = run(
    python,
    ["-m", "pip", "install", "--disable-pip-version-check", "--progress-bar", "off", "--quiet", "--no-deps", "--force-reinstall", wheel],
    `installing ${relative(root, wheel)} into ${venv}`,
  );
  writeFileSync(installedWheelStamp, `${wheelHash}\n`);
  console.log(`== installed ${relative(root, wheel)} into ${venv} in ${(took / 1000).toFixed(0)} s`);
}

checkBrowser();
ensureVenv();
ensureWheel();
