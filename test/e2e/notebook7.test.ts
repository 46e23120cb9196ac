// The quickstart notebook in Notebook 7 (`jupyter notebook`, the same prebuilt extension as
// JupyterLab): Run → Run All Cells with the Deno kernel in Chromium, then the core of what
// JupyterLab shows — no errors, each result under its cell, the table's rows, the chart's bars, the
// gallery's cards — and a screenshot; the server is stopped together with its kernel.
import { Page } from "puppeteer-core";
import { LaunchedBrowser, PageLog, launchChromium, watchPage } from "./browser";
import { JupyterServer, copyExamples, installIntoVenv, removeExamplesCopy, startJupyterServer } from "./jupyterServer";
import {
  CodeCellState,
  clearEvidence,
  codeCell,
  keepEvidence,
  misplacedResults,
  outputElement,
  outputProblems,
  runCellsOneByOne,
  scrollIntoView,
  takeScreenshot,
  waitForKernelIdle,
} from "./notebookPage";
import { QuickstartFacts, formatCount, quickstartCells, quickstartFacts } from "./quickstartFacts";

let examples: string | undefined;
let server: JupyterServer | undefined;
let chromium: LaunchedBrowser | undefined;
let page: Page | undefined;
let log: PageLog | undefined;
let facts: QuickstartFacts;
let cells: CodeCellState[];

/** Keeps test/out/notebook7-failure.png, notebook7-server.log and the console errors when `work` fails. */
const evidence = <T>(work: () => Promise<T>) => keepEvidence("notebook7", () => ({ page, server, pageErrors: log?.errors }), work);

function currentPage(): Page {
  if (!page) throw new Error("Notebook 7 was never opened (see the beforeAll failure)");
  return page;
}

beforeAll(
  () =>
    evidence(async () => {
      clearEvidence("notebook7");
      facts = quickstartFacts();
      installIntoVenv();
      examples = copyExamples();
      server = await startJupyterServer("notebook", examples);
      chromium = await launchChromium();
      page = await chromium.browser.newPage();
      await page.setViewport({ width: 1400, height: 1000 });
      log = watchPage(page);
      await page.goto(server.address("/notebooks/quickstart.ipynb"), { waitUntil: "domcontentloaded" });
      await waitForKernelIdle(page, "Deno");
      cells = await runCellsOneByOne(page, 240_000);
    }),
  330_000,
);

afterAll(async () => {
  await chromium?.close();
  const stopped = await server?.stop();
  removeExamplesCopy(examples);
  if (stopped?.survivingKernels.length) throw new Error(`Deno kernels outlived Notebook 7 (killed now): ${stopped.survivingKernels.join("; ")}`);
}, 60_000);

test("running the cells gives every code cell an execution count and its own result, and no cell an error", () =>
  evidence(async () => {
    expect(cells.map((cell) => cell.executionCount)).toEqual(cells.map((_, position) => position + 1));
    expect(await outputProblems(currentPage())).toEqual([]);
    expect(misplacedResults(cells)).toEqual([]);
  }));

test("the metrics table widget shows 22 test-case rows; knn's accuracy on the whole dataset is 0.9872", () =>
  evidence(async () => {
    const cell = await codeCell(currentPage(), quickstartCells.metricsTable);
    const table = await outputElement(cell, ".sw-metrics-table", "metrics table widget");
    expect(await table.$$("tr[data-test-case]")).toHaveLength(22);
    expect(await cell.$$(".jp-OutputArea-output .sw-static-table")).toHaveLength(0);
    const value = await table.$eval(
      'tr[data-stratification="dataset"][data-test-case="all"] td[data-model="knn"][data-metric="Accuracy"]',
      (cell) => (cell as HTMLElement).dataset.value,
    );
    expect(Number(value)).toBeCloseTo(0.9872, 4);
  }));

test("the chart cell draws an svg.sw-chart with a bar per test case for knn and for logistic", () =>
  evidence(async () => {
    const chart = await outputElement(await codeCell(currentPage(), quickstartCells.chart), "svg.sw-chart", "chart");
    const models = await chart.$$eval("rect.sw-bar[data-test-case]", (bars) => bars.map((bar) => bar.closest("[data-model]")?.getAttribute("data-model")));
    expect(models).toHaveLength(22 * 2);
    expect(new Set(models)).toEqual(new Set(["knn", "logistic"]));
  }));

test("the gallery cell shows cards of the samples where knn is wrong and nearest-centroid right", () =>
  evidence(async () => {
    const gallery = await outputElement(await codeCell(currentPage(), quickstartCells.gallery), ".sw-sample-gallery", "sample gallery");
    expect(await gallery.$eval(".sw-gallery-count", (count) => count.textContent)).toBe(`${formatCount(facts.knnWrongReferenceRight)} of 1,797 samples`);
    expect((await gallery.$$("[data-sample-id]")).length).toBeGreaterThan(0);
  }));

test("the dashboard cell shows table, chart tabs and gallery; screenshot", () =>
  evidence(async () => {
    const target = currentPage();
    const dashboard = await outputElement(await codeCell(target, quickstartCells.dashboard), ".sw-dashboard", "dashboard");
    expect(await dashboard.$$(".sw-pane-table tr[data-test-case]")).toHaveLength(22);
    expect((await dashboard.$$(".lm-TabBar .lm-TabBar-tab")).length).toBe(4);
    expect((await dashboard.$$(".sw-pane-gallery [data-sample-id]")).length).toBeGreaterThan(0);
    await scrollIntoView(target, await outputElement(await codeCell(target, quickstartCells.metricsTable), ".sw-metrics-table", "metrics table widget"));
    await takeScreenshot(target, "notebook7");
  }));

test("the page logged no console error and threw nothing", () =>
  evidence(async () => {
    // Notebook 7.6.5 logs these by itself, with no extension installed (../shared/notes/jupyter-hosts.md).
    const notebookOwn = /^Failed to load resource|Cannot read properties of undefined \(reading 'schema'\)|\[yjs#509\] Not same Y\.Doc/;
    expect(log!.errors.filter((error) => !notebookOwn.test(error))).toEqual([]);
  }));

test(
  "stopping Notebook 7 (SIGTERM) stops the Deno kernel it started",
  () =>
    evidence(async () => {
      await chromium?.close();
      chromium = undefined;
      page = undefined;
      const stopped = await server!.stop();
      expect(stopped.stoppedBy).toBe("SIGTERM");
      expect(stopped.kernels.length).toBeGreaterThan(0);
      expect(stopped.survivingKernels).toEqual([]);
    }),
  30_000,
);
