// Builds an unminified copy of dist/slicewise-runtime.js into bench/out/ (same webpack settings,
// minimize off), so a CPU profile taken in the page names the library's functions.
"use strict";

const { existsSync, statSync } = require("node:fs");
const { join } = require("node:path");

const root = join(__dirname, "..");
const outputFile = join(__dirname, "out", "slicewise-runtime.unminified.js");

/** The bundle's path; rebuilt when missing or older than dist/slicewise-runtime.js. */
async function unminifiedRuntime() {
  const built = join(root, "dist", "slicewise-runtime.js");
  if (existsSync(outputFile) && statSync(outputFile).mtimeMs >= statSync(built).mtimeMs) return outputFile;
  const webpack = require("webpack");
  const configs = require(join(root, "webpack.config.js"));
  const runtime = configs.find((config) => config.name === "runtime");
  const config = {
    ...runtime,
    context: root,
    optimization: { ...runtime.optimization, minimize: false, concatenateModules: true },
    output: { ...runtime.output, path: join(__dirname, "out"), filename: "slicewise-runtime.unminified.js" },
  };
  await new Promise((resolve, reject) =>
    webpack(config, (error, stats) => {
      if (error) reject(error);
      else if (stats.hasErrors()) reject(new Error(stats.toString({ all: false, errors: true })));
      else resolve();
    }),
  );
  return outputFile;
}

module.exports = { unminifiedRuntime };
