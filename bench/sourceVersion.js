// Which code the browser benchmarks measured: the commit, files under src/ changed since it, and when
// the built runtime and labextension (what the page actually loads) were last written.
"use strict";

const { execFileSync } = require("node:child_process");
const { existsSync, statSync } = require("node:fs");
const { join } = require("node:path");

const root = join(__dirname, "..");

function measuredSource() {
  const git = (...args) => execFileSync("git", args, { cwd: root, encoding: "utf8" }).trim();
  const built = (path) => (existsSync(join(root, path)) ? statSync(join(root, path)).mtime.toISOString() : null);
  let commit = null;
  let changed = null;
  try {
    commit = git("rev-parse", "HEAD");
    changed = git("status", "--porcelain", "--", "src").split("\n").filter(Boolean);
  } catch {
    // Not a git checkout: the build times below still say which build was measured.
  }
  return {
    commit,
    changed_in_src: changed,
    built: {
      "dist/slicewise-runtime.js": built("dist/slicewise-runtime.js"),
      "dist/labextension/package.json": built("dist/labextension/package.json"),
      "lib/src/index.js": built("lib/src/index.js"),
    },
  };
}

module.exports = { measuredSource };
