// Front-end bundles, all offline (no CDN anywhere):
// - dist/index.js: the `slicewise` widget module as AMD, for html-manager pages and the classic
//   notebook / VS Code nbextension layout (@jupyter-widgets/base comes from the host);
// - dist/slicewise-runtime.js: the standalone runtime (panels, d3, Arrow, lumino, styles) that
//   reports inline and the dashboard page of `slicewise serve` loads.
// The JupyterLab 4 extension is built from lib/ by @jupyterlab/builder (npm run build:labextension).
const path = require("node:path");

const shared = {
  mode: "production",
  devtool: false,
  resolve: { extensions: [".ts", ".js"] },
  module: {
    rules: [
      {
        test: /\.ts$/,
        loader: "ts-loader",
        options: { configFile: "tsconfig.json", transpileOnly: true, onlyCompileBundledFiles: true, compilerOptions: { declaration: false, sourceMap: false } },
      },
      // Stylesheets arrive as text and are put into the page by injectStyles().
      { test: /\.css$/, use: [{ loader: "css-loader", options: { exportType: "string", url: false } }] },
    ],
  },
  performance: { hints: false },
};

module.exports = [
  {
    ...shared,
    name: "amd",
    entry: { index: "./src/widgets/index.ts" },
    output: { path: path.resolve(__dirname, "dist"), filename: "[name].js", library: { type: "amd" }, publicPath: "" },
    externals: ["@jupyter-widgets/base"],
  },
  {
    ...shared,
    name: "runtime",
    entry: { "slicewise-runtime": "./src/widgets/standalone.ts" },
    output: { path: path.resolve(__dirname, "dist"), filename: "[name].js", library: { name: "slicewise", type: "var" } },
  },
];
