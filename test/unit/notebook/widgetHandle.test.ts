// Widget handles against a recording stand-in for Deno.jupyter: what the kernel sends (comm_open
// with state and exact Arrow buffers, the view mime bundle with its static fallback, updates).
import { Table, tableFromIPC, tableToIPC } from "apache-arrow";
import { EvaluationRow, evaluationTableFromRows } from "../../../src/core";
import { comparisonChart, metricsTable, sampleGallery, selection } from "../../../src/notebook";

interface Sent {
  type: string;
  content: Record<string, any>;
  extra?: { metadata?: Record<string, unknown>; buffers?: Uint8Array[] };
}

let sent: Sent[] = [];

beforeEach(() => {
  sent = [];
  (globalThis as any).Deno = {
    jupyter: {
      broadcast: async (type: string, content: Record<string, unknown>, extra?: Sent["extra"]) => {
        sent.push({ type, content, extra });
      },
    },
  };
});

afterEach(() => {
  delete (globalThis as any).Deno;
});

const row = (testCase: string, model: string, value: number, delta: number | null, verdict: EvaluationRow["verdict"]): EvaluationRow => ({
  stratification: testCase === "all" ? "dataset" : "size",
  test_case: testCase,
  model,
  metric_group: "quality",
  metric: "Accuracy",
  n: 10,
  value,
  ci_low: value - 0.1,
  ci_high: value + 0.05,
  delta,
  p_value: delta === null ? null : 0.01,
  q_value: delta === null ? null : 0.02,
  verdict,
  higher_is_better: true,
});

const results = evaluationTableFromRows([
  row("all", "a", 0.8, null, null),
  row("all", "b", 0.9, 0.1, "improved"),
  row("small", "a", 0.7, null, null),
  row("small", "b", 0.6, -0.1, "regressed"),
]);

const display = (handle: object) => (handle as any)[Symbol.for("Jupyter.display")]() as Promise<Record<string, any>>;

/**
 * In the kernel the widget goes out as display_data while the cell runs; the cell's own result
 * only names it (the slicewise extension hides that row).
 */
async function displayInKernel(handle: object): Promise<Record<string, any>> {
  const result = await display(handle);
  const shown = sent.filter((message) => message.type === "display_data").at(-1);
  expect(shown).toBeDefined();
  const bundle = shown!.content.data;
  expect(result).toEqual({
    "text/plain": "",
    "application/vnd.slicewise.shown+json": { model_id: bundle["application/vnd.jupyter.widget-view+json"].model_id },
  });
  return bundle;
}

test('displaying a table opens the widget with its Arrow buffer and returns its view, linked by the name "default"', async () => {
  const bundle = await displayInKernel(metricsTable(results));
  const opens = sent.filter((message) => message.type === "comm_open");
  // No SelectionModel: widgets link by name, so no widget depends on a model another page was told about.
  expect(opens.map((message) => message.content.data.state._model_name)).toEqual(["MetricsTableModel"]);
  const [widget] = opens;
  expect(widget.extra?.metadata).toEqual({ version: "2.1.0" });
  expect(widget.content.target_name).toBe("jupyter.widget");
  expect(widget.content.data.state).toMatchObject({
    _model_module: "slicewise",
    _model_module_version: "^0.1.0",
    _view_name: "MetricsTableView",
    results: null,
    selection: "default",
  });
  expect(widget.content.data.buffer_paths).toEqual([["results"]]);
  const buffer = widget.extra!.buffers![0];
  // The buffer covers its ArrayBuffer exactly and decodes to the same four rows.
  expect(buffer.byteOffset).toBe(0);
  expect(buffer.byteLength).toBe(buffer.buffer.byteLength);
  expect(tableFromIPC(buffer).getChild("value")!.toArray()).toEqual(results.getChild("value")!.toArray());
  expect(bundle["application/vnd.jupyter.widget-view+json"]).toEqual({ version_major: 2, version_minor: 1, model_id: widget.content.comm_id });
  // The slicewise extension renders this one: the live widget, or the static copy when the model is gone.
  expect(bundle["application/vnd.slicewise.widget-view+json"]).toEqual({ model_id: widget.content.comm_id, kind: "MetricsTable" });
  // The model reaches the front end before the view that names it.
  expect(sent.indexOf(widget)).toBeLessThan(sent.findIndex((message) => message.type === "display_data"));
  expect(bundle["text/html"]).toContain('data-test-case="small"');
  expect(bundle["text/html"]).toContain('data-verdict="regressed"');
  expect(bundle["text/plain"]).toBe("slicewise MetricsTable (4 evaluation rows)");
});

test("every widget links to the session's selection by the same name; each display opens a model of its own", async () => {
  const handle = metricsTable(results);
  await displayInKernel(handle);
  await displayInKernel(comparisonChart(results, { kind: "heatmap" }));
  await displayInKernel(handle);
  const opens = sent.filter((message) => message.type === "comm_open");
  expect(opens.map((message) => message.content.data.state._model_name)).toEqual(["MetricsTableModel", "ComparisonChartModel", "MetricsTableModel"]);
  expect(opens.map((message) => message.content.data.state.selection)).toEqual(["default", "default", "default"]);
  expect(opens[1].content.data.state.options).toEqual({ kind: "heatmap" });
  // A page opened since the first display (a reload) gets the second display's model.
  expect(opens[2].content.comm_id).not.toBe(opens[0].content.comm_id);
  // update() reaches both displays of the table.
  await handle.update({ options: { showDelta: false } });
  const updates = sent.filter((message) => message.type === "comm_msg");
  expect(updates.map((message) => message.content.comm_id)).toEqual([opens[0].content.comm_id, opens[2].content.comm_id]);
  expect(updates[0].content.data.state).toEqual({ options: { showDelta: false } });
});

test("selection() names a group of its own; select() opens a SelectionModel with that name and closes the one before", async () => {
  const group = selection();
  expect(group.name).toMatch(/^[0-9a-f]{32}$/);
  await displayInKernel(metricsTable(results, { selection: group }));
  await group.select({ stratification: "size", test_case: "small" });
  await group.select(null);
  const opens = sent.filter((message) => message.type === "comm_open");
  expect(opens[0].content.data.state.selection).toBe(group.name);
  const selectors = opens.slice(1);
  expect(selectors.map((message) => message.content.data.state)).toEqual([
    expect.objectContaining({ _model_name: "SelectionModel", link: group.name, test_case: { stratification: "size", test_case: "small" } }),
    expect.objectContaining({ _model_name: "SelectionModel", link: group.name, test_case: null }),
  ]);
  const closes = sent.filter((message) => message.type === "comm_close");
  expect(closes.map((message) => message.content.comm_id)).toEqual([selectors[0].content.comm_id]);
});

test("select() takes the test case as { stratification, testCase } and sends it in the wire's snake_case", async () => {
  const group = selection();
  await group.select({ stratification: "size", testCase: "large" });
  const opened = sent.filter((message) => message.type === "comm_open").map((message) => message.content.data.state);
  expect(opened[opened.length - 1]).toEqual(
    expect.objectContaining({ _model_name: "SelectionModel", link: group.name, test_case: { stratification: "size", test_case: "large" } }),
  );
});

test("selection: null leaves a widget unlinked; fallback: false leaves out the static copy", async () => {
  const samples = new Table({});
  const bundle = await displayInKernel(sampleGallery(tableFromIPC(tableToIPC(results)), { selection: null, fallback: false }));
  const opens = sent.filter((message) => message.type === "comm_open");
  expect(opens.map((message) => message.content.data.state._model_name)).toEqual(["SampleGalleryModel"]);
  expect(opens[0].content.data.state.selection).toBeNull();
  expect(opens[0].content.data.buffer_paths).toEqual([["samples"]]);
  expect(bundle["text/html"]).toBeUndefined();
  expect(samples.numRows).toBe(0);
});

test("update() re-sends new results to the open widget as a comm update", async () => {
  const handle = metricsTable(results);
  await displayInKernel(handle);
  const widgetId = sent.find((message) => message.content.data?.state?._model_name === "MetricsTableModel")!.content.comm_id;
  const changed = evaluationTableFromRows([row("all", "a", 0.5, null, null)]);
  await handle.update({ results: changed });
  const update = sent.at(-1)!;
  expect(update.type).toBe("comm_msg");
  expect(update.content).toEqual({ comm_id: widgetId, data: { method: "update", state: { results: null }, buffer_paths: [["results"]] } });
  expect(tableFromIPC(update.extra!.buffers![0]).numRows).toBe(1);
});

test("outside a kernel the bundle is static HTML only, and display() says what to use instead", async () => {
  delete (globalThis as any).Deno;
  const handle = metricsTable(results);
  const bundle = await display(handle);
  expect(Object.keys(bundle).sort()).toEqual(["text/html", "text/plain"]);
  await expect(handle.display()).rejects.toThrow(/toHTML\(\), toSVG\(\), toPNG\(\) or save\(path\)/);
});
