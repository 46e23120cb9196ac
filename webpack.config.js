// Browser bundles. Today: the metric core (src/metrics over src/core) as one UMD file, which
// the widgets' live slicing and any page can load; the widget, labextension and report
// runtime entries join here when the front end is built (see ARCHITECTURE.md, "Hosts").
const path = require("node:path");

module.exports = {
  mode: "production",
  devtool: "source-map",
  entry: { "slicewise-metrics": "./src/metrics/index.ts" },
  output: {
    path: path.resolve(__dirname, "dist"),
    filename: "[name].js",
    library: { name: "slicewiseMetrics", type: "umd" },
    globalObject: "globalThis",
  },
  resolve: { extensions: [".ts", ".js"] },
  module: {
    rules: [{ test: /\.ts$/, loader: "ts-loader", options: { configFile: "tsconfig.json", compilerOptions: { declaration: false, sourceMap: true }, onlyCompileBundledFiles: true } }],
  },
  externals: { "apache-arrow": { commonjs: "apache-arrow", commonjs2: "apache-arrow", amd: "apache-arrow", root: "Arrow" } },
  performance: { hints: false },
};
