// The `slicewise` widget module (dist/index.js, AMD) in a static page rendered by
// @jupyter-widgets/html-manager's offline embed (embed-amd.js + requirejs), the way an exported
// notebook or a docs page shows widgets without a kernel: widget state with the Arrow `results` as a
// base64 buffer, a MetricsTable and a ComparisonChart sharing a SelectionModel. The page is opened
// from disk in Chromium with every request that is not file:, data: or blob: aborted and recorded,
// so a module that had to come from a CDN shows up as a refused request. The page is kept in
// test/out/html-manager/ for a look by hand.
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { tableToIPC } from "apache-arrow";
import { Page } from "puppeteer-core";
import { EvaluationRow, evaluationTableFromRows } from "../../src/core";
import { repositoryRoot } from "../helpers/compiledLibrary";
import { LaunchedBrowser, PageLog, launchChromium, watchPage } from "./browser";

// ---- fixture -------------------------------------------------------------------------------

const reference = "baseline";
const candidate = "candidate";

function row(testCase: [string, string], model: string, n: number, value: number, delta: number | null, verdict: EvaluationRow["verdict"]): EvaluationRow {
  const [stratification, test_case] = testCase;
  return {
    stratification,
    test_case,
    model,
    metric_group: "Accuracy",
    metric: "Accuracy",
    n,
    value,
    ci_low: value - 0.05,
    ci_high: Math.min(1, value + 0.05),
    delta,
    p_value: delta === null ? null : 0.01,
    q_value: delta === null ? null : 0.02,
    verdict,
    higher_is_better: true,
  };
}

/** 3 test cases × 2 models × 1 metric; the reference's verdicts and deltas are null. */
export const fixtureRows: EvaluationRow[] = [
  row(["dataset", "all"], reference, 300, 0.8, null, null),
  row(["dataset", "all"], candidate, 300, 0.85, 0.05, "improved"),
  row(["parity", "even"], reference, 150, 0.9, null, null),
  row(["parity", "even"], candidate, 150, 0.7, -0.2, "regressed"),
  row(["parity", "odd"], reference, 150, 0.7, null, null),
  row(["parity", "odd"], candidate, 150, 0.71, 0.01, "similar"),
];

const ids = { selection: "sw-selection-model", table: "sw-metrics-table-model", chart: "sw-comparison-chart-model" };

/** Widget state as a kernel sends it (widgetComm.ts), in the embed format: buffers as base64. */
function embeddedState(results: Uint8Array): Record<string, unknown> {
  const names = (model: string, view: string | null) => ({
    _model_name: model,
    _model_module: "slicewise",
    _model_module_version: "^0.1.0",
    _view_name: view,
    _view_module: view ? "slicewise" : null,
    _view_module_version: view ? "^0.1.0" : "",
  });
  const resultsBuffer = [{ path: ["results"], data: Buffer.from(results).toString("base64"), encoding: "base64" }];
  const model = (name: string, state: Record<string, unknown>, buffers?: unknown[]) => ({
    model_name: name,
    model_module: "slicewise",
    model_module_version: "^0.1.0",
    state,
    ...(buffers ? { buffers } : {}),
  });
  return {
    version_major: 2,
    version_minor: 0,
    state: {
      [ids.selection]: model("SelectionModel", { ...names("SelectionModel", null), test_case: null }),
      [ids.table]: model(
        "MetricsTableModel",
        { ...names("MetricsTableModel", "MetricsTableView"), options: {}, selection: `IPY_MODEL_${ids.selection}`, results: null },
        resultsBuffer,
      ),
      [ids.chart]: model(
        "ComparisonChartModel",
        { ...names("ComparisonChartModel", "ComparisonChartView"), options: {}, selection: `IPY_MODEL_${ids.selection}`, results: null },
        resultsBuffer,
      ),
    },
  };
}

/** JSON inside a <script>: no `</script>` can end it early. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

function viewScript(modelId: string): string {
  return `<script type="application/vnd.jupyter.widget-view+json">${scriptJson({ version_major: 2, version_minor: 0, model_id: modelId })}</script>`;
}

/**
 * Writes the page and its scripts into `folder`: require.js, html-manager's embed-amd.js and the
 * widget module as slicewise/index.js, which requirejs finds through `paths` before embed-amd asks
 * for it (html-manager's requireLoader tries requirejs first and only then the CDN).
 */
export function writeHtmlManagerPage(folder: string): string {
  const htmlManagerDist = join(repositoryRoot, "node_modules/@jupyter-widgets/html-manager/dist");
  mkdirSync(join(folder, "slicewise"), { recursive: true });
  copyFileSync(join(repositoryRoot, "node_modules/requirejs/require.js"), join(folder, "require.js"));
  copyFileSync(join(htmlManagerDist, "embed-amd.js"), join(folder, "embed-amd.js"));
  copyFileSync(join(repositoryRoot, "dist/index.js"), join(folder, "slicewise/index.js"));
  const results = tableToIPC(evaluationTableFromRows(fixtureRows), "stream");
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>slicewise widgets in html-manager</title>
<script src="require.js"></script>
<script>require.config({ paths: { slicewise: "./slicewise/index" } });</script>
<script src="embed-amd.js"></script>
<script type="application/vnd.jupyter.widget-state+json">${scriptJson(embeddedState(results))}</script>
</head>
<body>
<h1>slicewise widgets in html-manager</h1>
<section id="table">${viewScript(ids.table)}</section>
<section id="chart" style="width: 800px">${viewScript(ids.chart)}</section>
</body>
</html>
`;
  const page = join(folder, "index.html");
  writeFileSync(page, html);
  return page;
}

// ---- test ----------------------------------------------------------------------------------

const folder = join(repositoryRoot, "test/out/html-manager");
let chromium: LaunchedBrowser | undefined;
let page: Page;
let log: PageLog;
let pagePath: string;
/** Requests the page attempted that were not file:, data: or blob: (all aborted). */
const refused: string[] = [];
const localSchemes = /^(file|data|blob):/;

/** Waits for a selector; on a timeout, says what the page logged and refused instead of only "timeout". */
async function waitFor(selector: string, timeout = 15_000): Promise<void> {
  try {
    await page.waitForSelector(selector, { timeout });
  } catch (error) {
    const shown = await page
      .$$eval("section", (sections) => sections.map((section) => `#${section.id}: ${section.textContent?.trim().slice(0, 300)}`))
      .catch(() => []);
    throw new Error(
      `${selector} did not appear: ${String(error)}\nconsole/page errors:\n  ${log.errors.join("\n  ") || "(none)"}\nrefused requests:\n  ${refused.join("\n  ") || "(none)"}\nsections:\n  ${shown.join("\n  ")}`,
      { cause: error },
    );
  }
}

beforeAll(async () => {
  const module = join(repositoryRoot, "dist", "index.js");
  if (!existsSync(module)) throw new Error(`${module} is missing; run \`npm run build\` before the e2e tests`);
  rmSync(folder, { recursive: true, force: true });
  pagePath = writeHtmlManagerPage(folder);

  chromium = await launchChromium();
  page = await chromium.browser.newPage();
  await page.setViewport({ width: 1200, height: 900 });
  log = watchPage(page);
  await page.setRequestInterception(true);
  page.on("request", (request) => {
    if (localSchemes.test(request.url())) void request.continue();
    else {
      refused.push(request.url());
      void request.abort();
    }
  });
  await page.goto(pathToFileURL(pagePath).href, { waitUntil: "load" });
  await waitFor("#table tr[data-test-case]");
  await waitFor("#chart svg.sw-chart [data-test-case]");
}, 60_000);

afterAll(async () => {
  await chromium?.close();
});

test("html-manager loads the widget module from the page's folder: no network request, no console or page error", async () => {
  expect(refused).toEqual([]);
  expect(log.requests.filter((url) => !localSchemes.test(url))).toEqual([]);
  expect(log.requests[0]).toBe(pathToFileURL(pagePath).href);
  expect(log.requests).toContain(pathToFileURL(join(folder, "slicewise/index.js")).href);
  expect(log.errors).toEqual([]);
  // Both views replaced their view script inside the sections.
  expect(await page.$$eval("section script", (scripts) => scripts.length)).toBe(2);
  expect(await page.$$eval("section .widget-subarea .slicewise.sw-widget", (views) => views.length)).toBe(2);
});

test("the MetricsTable renders a row per test case with the values and verdicts of the embedded Arrow buffer", async () => {
  const rows = await page.$$eval("#table tr[data-test-case]", (rows) =>
    rows.map((row) => {
      const data = (row as HTMLElement).dataset;
      return {
        testCase: `${data.stratification}/${data.testCase}`,
        cells: Array.from(row.querySelectorAll<HTMLElement>("td[data-model]")).map((cell) => ({
          model: cell.dataset.model,
          metric: cell.dataset.metric,
          value: cell.dataset.value,
          verdict: cell.dataset.verdict ?? null,
        })),
      };
    }),
  );
  const expected = [...new Set(fixtureRows.map((row) => `${row.stratification}/${row.test_case}`))].map((testCase) => ({
    testCase,
    cells: fixtureRows
      .filter((row) => `${row.stratification}/${row.test_case}` === testCase)
      .map((row) => ({ model: row.model, metric: row.metric, value: String(row.value), verdict: row.verdict })),
  }));
  expect(rows).toEqual(expected);
});

test("the ComparisonChart draws its svg with a mark per test case for the compared model", async () => {
  const bars = await page.$$eval("#chart svg.sw-chart rect.sw-bar[data-test-case]", (marks) =>
    marks.map((mark) => ({
      testCase: mark.getAttribute("data-test-case"),
      model: mark.closest("[data-model]")?.getAttribute("data-model"),
      delta: mark.getAttribute("data-delta"),
      verdict: mark.getAttribute("data-verdict"),
    })),
  );
  expect(bars).toEqual(
    fixtureRows
      .filter((row) => row.model === candidate)
      .map((row) => ({ testCase: `${row.stratification}/${row.test_case}`, model: candidate, delta: String(row.delta), verdict: row.verdict })),
  );
});

test("clicking a table row highlights the same test case in the chart through the shared SelectionModel", async () => {
  expect(await page.$$eval("#chart svg.sw-chart .sw-selected", (marks) => marks.length)).toBe(0);
  await (await page.$('#table tr[data-stratification="parity"][data-test-case="even"] th.sw-mt-name'))!.click();
  await page.waitForFunction(() => document.querySelectorAll("#chart svg.sw-chart .sw-selected").length > 0, { timeout: 5_000 });
  expect(await page.$eval('#table tr[data-stratification="parity"][data-test-case="even"]', (row) => row.getAttribute("aria-selected"))).toBe("true");
  const selected = await page.$$eval("#chart svg.sw-chart .sw-selected[data-test-case]", (marks) => [
    ...new Set(marks.map((mark) => mark.getAttribute("data-test-case"))),
  ]);
  expect(selected).toEqual(["parity/even"]);
  expect(await page.$eval("#chart svg.sw-chart .sw-selection-band", (band) => band.getAttribute("visibility"))).toBe("visible");

  // Clicking another row moves the highlight.
  await (await page.$('#table tr[data-stratification="dataset"][data-test-case="all"] th.sw-mt-name'))!.click();
  await page.waitForFunction(() => document.querySelector('#chart svg.sw-chart .sw-selected[data-test-case="dataset/all"]') !== null, { timeout: 5_000 });
  const moved = await page.$$eval("#chart svg.sw-chart .sw-selected[data-test-case]", (marks) => [
    ...new Set(marks.map((mark) => mark.getAttribute("data-test-case"))),
  ]);
  expect(moved).toEqual(["dataset/all"]);
  expect(refused).toEqual([]);
  expect(log.errors).toEqual([]);
});
