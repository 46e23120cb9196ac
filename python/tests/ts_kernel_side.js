// What the TypeScript kernel side sends for a widget, for python/tests/test_widgets.py to compare
// with the Python widgets: the compiled notebook API (lib/src/notebook) with a recording stand-in
// for Deno.jupyter.broadcast, as test/unit/notebook/widgetHandle.test.ts does.
// Usage: node ts_kernel_side.js <repository root> <request.json>; prints JSON on stdout.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const [, , root, requestPath] = process.argv;
const request = JSON.parse(fs.readFileSync(requestPath, "utf8"));
const sent = [];
globalThis.Deno = { jupyter: { broadcast: async (type, content, extra) => void sent.push({ type, content, extra }) } };
const notebook = require(path.join(root, "lib/src/notebook/index.js"));

const bytes = (file) => (file ? new Uint8Array(fs.readFileSync(file)) : null);

function handleOf(call) {
  const tables = Object.fromEntries(Object.entries(call.tables).map(([name, file]) => [name, bytes(file)]));
  const options = { ...call.options, fallback: false };
  if (call.link === null) options.selection = null;
  else if (call.link !== undefined && call.link !== "default") options.selection = new notebook.SelectionHandle(globalThis.Deno.jupyter, call.link);
  switch (call.kind) {
    case "MetricsTable":
      return notebook.metricsTable(tables.results, options);
    case "ComparisonChart":
      return notebook.comparisonChart(tables.results, options);
    case "SampleGallery":
      return notebook.sampleGallery(tables.samples, options);
    case "Dashboard":
      return notebook.dashboard({ results: tables.results, samples: tables.samples ?? null, projection: tables.projection ?? null }, options);
    case "History":
      return notebook.historyChart(tables.history, options);
    case "Slicer":
      return notebook.slicer(tables.samples, options);
    case "EmbeddingMap":
      return notebook.embeddingMap(tables.samples, options);
    default:
      throw new Error(`unknown kind ${call.kind}`);
  }
}

const opened = () =>
  sent
    .filter((message) => message.type === "comm_open")
    .map((message) => ({
      target_name: message.content.target_name,
      state: message.content.data.state,
      buffer_paths: message.content.data.buffer_paths,
      metadata: message.extra?.metadata ?? null,
      buffers: (message.extra?.buffers ?? []).map((buffer) => Buffer.from(buffer).toString("base64")),
    }));

(async () => {
  const answers = [];
  for (const call of request.calls) {
    sent.length = 0;
    if (call.select !== undefined) {
      await new notebook.SelectionHandle(globalThis.Deno.jupyter, call.link).select(call.select);
      answers.push({ opens: opened(), bundle: null });
      continue;
    }
    await handleOf(call)[Symbol.for("Jupyter.display")]();
    const shown = sent.filter((message) => message.type === "display_data").at(-1);
    answers.push({ opens: opened(), bundle: shown ? shown.content.data : null });
  }
  process.stdout.write(JSON.stringify(answers));
})().catch((error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error));
  process.exit(1);
});
