// The quickstart notebook without a browser: `jupyter execute` (nbclient) runs it with the Deno kernel
// from the virtual environment, and the executed .ipynb is read as GitHub, nbviewer and nbconvert
// get it — every widget output must carry its static text/html fallback (an HTML table, an inline
// SVG chart) — then `jupyter nbconvert --to html` turns it into the page a reader opens. The
// executed notebook and the pages are kept in test/out/headless-notebook/.
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { JSDOM } from "jsdom";
import { ChildRun, startChild } from "../helpers/childProcess";
import { KernelWatch, copyExamples, installIntoVenv, jupyterEnvironment, outDirectory, removeExamplesCopy, venvExecutable } from "./jupyterServer";
import { ConfusionCell, columnSums, quickstartCells, sceneFacts, sortedBoxes } from "./quickstartFacts";

const widgetView = "application/vnd.jupyter.widget-view+json";
const widgetState = "application/vnd.jupyter.widget-state+json";

interface Output {
  output_type: "execute_result" | "display_data" | "stream" | "error";
  execution_count?: number | null;
  data?: Record<string, unknown>;
  name?: string;
  text?: string | string[];
  ename?: string;
  evalue?: string;
}

interface Cell {
  cell_type: string;
  source: string | string[];
  execution_count?: number | null;
  outputs?: Output[];
}

interface Notebook {
  cells: Cell[];
  metadata: { widgets?: Record<string, { state: Record<string, { model_name: string }> }> };
}

let examples: string | undefined;
let execution: { run: ChildRun; code: number | null; kernels: string[]; survivors: string[]; seconds: number };
let notebook: Notebook;

const text = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join("") : (value ?? ""));
const codeCells = () => notebook.cells.map((cell, index) => ({ cell, index })).filter(({ cell }) => cell.cell_type === "code");

function cellWith(snippet: string): { cell: Cell; index: number } {
  const found = codeCells().filter(({ cell }) => text(cell.source).includes(snippet));
  if (found.length !== 1) throw new Error(`expected one code cell containing \`${snippet}\` in the executed notebook, found ${found.length}`);
  return found[0];
}

/** The text/html fallback of the cell's widget output, or an error that says what the cell holds instead. */
function widgetFallback(snippet: string): string {
  const { cell, index } = cellWith(snippet);
  const output = cell.outputs?.find((candidate) => candidate.data?.[widgetView]);
  if (!output)
    throw new Error(
      `cell ${index} \`${snippet}\` (execution ${cell.execution_count}) holds no widget output; its outputs: ${JSON.stringify((cell.outputs ?? []).map((candidate) => [candidate.output_type, Object.keys(candidate.data ?? {})]))}`,
    );
  return text(output.data!["text/html"] as string | string[] | undefined);
}

/** Runs a venv command in the notebook folder to its end (SIGKILL after `timeoutMs`). */
async function runInExamples(command: string, args: string[], timeoutMs: number): Promise<{ run: ChildRun; code: number | null }> {
  const run = startChild(venvExecutable(command), args, { cwd: examples, env: jupyterEnvironment() });
  const timer = setTimeout(() => void run.kill(), timeoutMs);
  const { code } = await run.exited;
  clearTimeout(timer);
  return { run, code };
}

function nbconvert(outputName: string, extra: string[] = []): Promise<string> {
  return runInExamples("jupyter", ["nbconvert", "--to", "html", `--output=${outputName}`, ...extra, "executed.ipynb"], 60_000).then(({ run, code }) => {
    if (code !== 0) throw new Error(`jupyter nbconvert exited with ${code}:\n${run.stderr()}`);
    return readFileSync(join(examples!, `${outputName}.html`), "utf8");
  });
}

beforeAll(async () => {
  installIntoVenv();
  examples = copyExamples();
  const started = Date.now();
  // --allow-errors: an error is reported by the tests below, cell by cell, instead of ending the run.
  const run = startChild(
    venvExecutable("jupyter"),
    ["execute", "--allow-errors", "--timeout=180", "--startup_timeout=120", "--output=executed", "quickstart.ipynb"],
    { cwd: examples, env: jupyterEnvironment() },
  );
  const kernels = new KernelWatch(run.process.pid!);
  const timer = setTimeout(() => void run.kill(), 240_000);
  const { code } = await run.exited;
  clearTimeout(timer);
  const survivors = await kernels.finish();
  execution = { run, code, kernels: [...kernels.seen.values()], survivors, seconds: (Date.now() - started) / 1000 };
  if (code !== 0) throw new Error(`jupyter execute exited with ${code} after ${execution.seconds} s:\n${run.stdout()}\n${run.stderr()}`);
  notebook = JSON.parse(readFileSync(join(examples, "executed.ipynb"), "utf8")) as Notebook;
}, 300_000);

afterAll(() => {
  // What a person looks at after a failure: the executed notebook and the pages nbconvert made.
  if (examples) {
    const kept = join(outDirectory, "headless-notebook");
    rmSync(kept, { recursive: true, force: true });
    mkdirSync(kept, { recursive: true });
    for (const name of ["executed.ipynb", "executed-without-widget-state.html"])
      if (existsSync(join(examples, name))) copyFileSync(join(examples, name), join(kept, name));
  }
  removeExamplesCopy(examples);
});

test("jupyter execute runs every code cell with the Deno kernel, and the kernel is gone when it exits", () => {
  expect(execution.code).toBe(0);
  expect(codeCells().map(({ cell }) => cell.execution_count)).toEqual(Array.from({ length: 16 }, (_, index) => index + 1));
  expect(execution.kernels.length).toBeGreaterThan(0);
  expect(execution.survivors).toEqual([]);
});

test("no cell has an error or stderr output", () => {
  const problems = codeCells().flatMap(({ cell, index }) =>
    (cell.outputs ?? [])
      .filter((output) => output.output_type === "error" || (output.output_type === "stream" && output.name === "stderr"))
      .map((output) => `cell ${index}: ${output.output_type === "error" ? `${output.ename}: ${output.evalue}` : text(output.text)}`),
  );
  expect(problems).toEqual([]);
});

// Where each result lands is checked in the browser tests, which run the cells one at a time:
// nbclient runs them back to back and drops what Deno 2.9 sends after reporting a cell idle (its
// Deno.jupyter.broadcast returns before the message is sent), which is Deno's race, not ours.

test("every widget output carries a text/html fallback, and every widget's state was saved with the notebook", () => {
  const state = notebook.metadata.widgets?.[widgetState]?.state ?? {};
  const widgetOutputs = codeCells().flatMap(({ cell, index }) =>
    (cell.outputs ?? []).filter((output) => output.data?.[widgetView]).map((output) => ({ index, output })),
  );
  expect(widgetOutputs.length).toBeGreaterThan(0);
  const problems = widgetOutputs.flatMap(({ index, output }) => {
    const modelId = (output.data![widgetView] as { model_id: string }).model_id;
    const found: string[] = [];
    if (!text(output.data!["text/html"] as string[] | undefined).includes("slicewise-static"))
      found.push(`cell ${index}: the widget output has no text/html fallback`);
    if (!state[modelId]) found.push(`cell ${index}: the state of model ${modelId} was not saved (its comm_open never reached nbclient during the cell)`);
    return found;
  });
  expect(problems).toEqual([]);
});

test("the metrics table's fallback is an HTML table: a row per test case, values in data-value", () => {
  const html = widgetFallback(quickstartCells.metricsTable);
  expect(html).toContain("<table");
  const document = new JSDOM(html).window.document;
  const rows = Array.from(document.querySelectorAll("table.sw-static-table tr[data-test-case]"));
  expect(rows).toHaveLength(22);
  expect(rows.map((row) => row.querySelector("th")?.textContent)).toContain("test_cases: thin strokes");
  const all = rows.find((row) => row.querySelector("th")?.textContent === "dataset: all");
  const knn = all?.querySelector('td[data-model="knn"][data-metric="Accuracy"]')?.getAttribute("data-value");
  expect(Number(knn)).toBeCloseTo(0.9872, 4);
});

test("the chart's fallback is an inline SVG with a bar per test case for knn and for logistic", () => {
  const html = widgetFallback(quickstartCells.chart);
  expect(html).toContain("<svg");
  const document = new JSDOM(html).window.document;
  expect(document.querySelectorAll("svg.sw-chart [data-test-case]").length).toBeGreaterThanOrEqual(22 * 2);
});

test("the dashboard's fallback holds the table, the chart and sample images", () => {
  const document = new JSDOM(widgetFallback(quickstartCells.dashboard)).window.document;
  expect(document.querySelectorAll("table.sw-static-table tr[data-test-case]")).toHaveLength(22);
  expect(document.querySelector("svg.sw-chart")).not.toBeNull();
  expect(document.querySelectorAll('img[src^="data:image/png"]').length).toBeGreaterThan(0);
});

test("the discovered subclass's gallery fallback shows images of one digit; the embedding map's, every digit as a point", () => {
  const gallery = new JSDOM(widgetFallback(quickstartCells.subclass)).window.document;
  const labels = Array.from(gallery.querySelectorAll(".sw-static-gallery > div"), (card) => /label (\d+)/.exec(card.textContent ?? "")?.[1]);
  expect(labels.length).toBeGreaterThan(0);
  expect(new Set(labels).size).toBe(1);
  const map = widgetFallback(quickstartCells.embeddingMap);
  expect(map).toContain("slicewise EmbeddingMap: 1,797 points.");
  expect(new JSDOM(map).window.document.querySelectorAll("svg circle")).toHaveLength(1797);
});

test("the scenes' fallbacks: a table row per test case, a PR curve and an operating point per model, confusion columns that sum to the digits placed, cards that draw a scene's digits", () => {
  const facts = sceneFacts();
  const table = new JSDOM(widgetFallback(quickstartCells.sceneTable)).window.document;
  const rows = Array.from(table.querySelectorAll("table.sw-static-table tr[data-test-case]"), (row) => row.querySelector("th")?.textContent);
  expect(rows).toHaveLength(facts.testCaseRows);
  for (const value of facts.crowding) expect(rows).toContain(`crowding: ${value}`);
  for (const name of facts.explicitTestCases) expect(rows).toContain(`test_cases: ${name}`);

  const recall = new JSDOM(widgetFallback(quickstartCells.sceneRecall)).window.document;
  const curves = Array.from(recall.querySelectorAll("path.sw-pr-curve"), (curve) => curve.getAttribute("data-model"));
  expect(curves.sort()).toEqual([...facts.models].sort());
  expect(recall.querySelectorAll('[data-detection-mark="operating"]')).toHaveLength(facts.models.length);

  const confusion = new JSDOM(widgetFallback(quickstartCells.sceneConfusion)).window.document;
  const cells: ConfusionCell[] = Array.from(confusion.querySelectorAll(".sw-confusion-cell"), (cell) => ({
    model: cell.closest("[data-model]")?.getAttribute("data-model") ?? "",
    truth: cell.getAttribute("data-truth") ?? "",
    count: Number(cell.getAttribute("data-count")),
  })).filter((cell) => cell.truth in facts.digitsPlaced);
  const sums = columnSums(cells);
  expect(Object.keys(sums).sort()).toEqual([...facts.models].sort());
  for (const model of facts.models) expect(sums[model]).toEqual(facts.digitsPlaced);

  const gallery = new JSDOM(widgetFallback(quickstartCells.sceneGallery)).window.document;
  const scenes = new Set(facts.boxes.map(sortedBoxes));
  const cards = Array.from(gallery.querySelectorAll(".sw-static-gallery > div"), (card) =>
    sortedBoxes(
      Array.from(card.querySelectorAll("rect.sw-static-box"), (rect) => ["x", "y", "width", "height"].map((name) => Number(rect.getAttribute(name)))).map(
        ([x, y, w, h]) => [x, y, x + w, y + h],
      ),
    ),
  );
  expect(cards).toHaveLength(24);
  expect(cards.filter((boxes) => !scenes.has(boxes))).toEqual([]);
}, 60_000);

/** What of the fallback a reader of `html` gets, as a list of what is missing. */
function missingFallback(html: string): string[] {
  const missing: string[] = [];
  if (!html.includes('<table class="sw-static-table"')) missing.push('the fallback table (<table class="sw-static-table">)');
  if (!/<th[^>]*>test_cases: thin strokes<\/th>/.test(html)) missing.push('the test case "thin strokes" as a table row');
  if (!/<svg class="sw-chart/.test(html)) missing.push('the inline SVG chart (<svg class="sw-chart …">)');
  return missing;
}

// nbclient also saves the widgets' state in the notebook; nbconvert then draws widget-view
// placeholders that load the "slicewise" module from a CDN instead of the static fallback. A
// notebook saved without widget state — JupyterLab's default — shows the fallback, offline.
test("nbconvert --to html of the notebook without widget state (as JupyterLab saves it by default) shows the fallback", async () => {
  const html = await nbconvert("executed-without-widget-state", ["--ClearMetadataPreprocessor.enabled=True"]);
  expect(missingFallback(html)).toEqual([]);
  expect(html).not.toContain('<script type="application/vnd.jupyter.widget-view+json">');
}, 90_000);
