// The Python kernel's figures (issue 15), run by `npm run bench`: first test/setup.js (the test venv
// with the slicewise wheel installed, rebuilt when stale), then the upload figure
// (bench/python_upload.py, 10M rows by default) and the notebook figure (bench/pythonNotebook.js).
//
//   node bench/python.js [--rows 10000000] [--runs 7]
"use strict";

const { spawnSync } = require("node:child_process");
const { join } = require("node:path");
const { venvPath: venv } = require("../test/helpers/venvPath");

const root = join(__dirname, "..");

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit" });
  if (result.error) throw result.error;
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const index = argv.indexOf(name);
  return index >= 0 ? argv[index + 1] : fallback;
};
run(process.execPath, [join(root, "test", "setup.js")]);
run(join(venv, "bin", "python"), [join(__dirname, "python_upload.py"), "--rows", option("--rows", "10000000")]);
run(process.execPath, [join(__dirname, "pythonNotebook.js"), "--runs", option("--runs", "7")]);
