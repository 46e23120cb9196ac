#!/usr/bin/env node
// `npm test`'s last step: the Python package's tests (python/tests, pytest) in the test venv, which
// test/setup.js made and installed the wheel into. They import the installed slicewise, not
// python/src, so they test the wheel as a user gets it; extra arguments go to pytest.
"use strict";
const { spawnSync } = require("node:child_process");
const { existsSync } = require("node:fs");
const { join, resolve } = require("node:path");
const { venvPath: venv } = require("./helpers/venvPath");

const root = resolve(__dirname, "..");
const python = join(venv, "bin", "python");
if (!existsSync(python)) {
  console.error(`\nno ${python}: run \`node test/setup.js\` first (npm test does)\n`);
  process.exit(1);
}
const environment = { ...process.env };
// A PYTHONPATH pointing at python/src would test the sources instead of the installed wheel.
delete environment.PYTHONPATH;
const result = spawnSync(python, ["-m", "pytest", "-p", "no:cacheprovider", ...process.argv.slice(2)], {
  cwd: join(root, "python"),
  env: environment,
  stdio: "inherit",
});
if (result.error) {
  console.error(`cannot run pytest: ${result.error.message}`);
  process.exit(1);
}
process.exit(result.status ?? 1);
