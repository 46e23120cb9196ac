// Where the pinned Python environment lives (Jupyter, Schemathesis): SLICEWISE_VENV, or .venv at the
// repository's root. test/setup.js makes it; the e2e tests, the fuzzing and the benchmarks use it.
"use strict";
const { join } = require("node:path");

const venvPath = process.env.SLICEWISE_VENV ?? join(__dirname, "..", "..", ".venv");

module.exports = { venvPath };
