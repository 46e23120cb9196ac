// The quickstart through what people do to a notebook between runs, in real JupyterLab 4.6 and
// Notebook 7.6 with the Deno kernel: run it, save, reload the page while the kernel runs, run it
// again on the same kernel; open the same running notebook in Notebook 7 and run it there; shut
// the kernel down and reopen the saved notebook. At every step each widget output shows either the
// live widget or its static copy — never "model not found", never an empty output row — and a
// click on a table row still filters the gallery after the reload.
import { ElementHandle, Page } from "puppeteer-core";
import { LaunchedBrowser, PageLog, launchChromium, watchPage } from "./browser";
import { JupyterServer, copyExamples, installIntoVenv, removeExamplesCopy, startJupyterServer } from "./jupyterServer";
import {
  clearEvidence,
  codeCell,
  keepEvidence,
  misplacedResults,
  outputElement,
  outputProblems,
  poll,
  runCellsOneByOne,
  saveNotebook,
  switchTheme,
  takeScreenshot,
  waitForKernelIdle,
} from "./notebookPage";
import { clickTableRow } from "./dashboardDom";
import { QuickstartFacts, formatCount, quickstartCells, quickstartFacts } from "./quickstartFacts";

let examples: string | undefined;
let server: JupyterServer | undefined;
let chromium: LaunchedBrowser | undefined;
let page: Page | undefined;
let log: PageLog | undefined;
let facts: QuickstartFacts;

const evidence = <T>(work: () => Promise<T>) => keepEvidence("lifecycle", () => ({ page, server, pageErrors: log?.errors }), work);

function currentPage(): Page {
  if (!page) throw new Error("JupyterLab was never opened (see the beforeAll failure)");
  return page;
}

/** The widget cells of the quickstart, each with the element its live widget draws. */
const widgetCells = [
  { cell: quickstartCells.metricsTable, live: ".sw-metrics-table" },
  { cell: quickstartCells.chart, live: "svg.sw-chart" },
  { cell: quickstartCells.gallery, live: ".sw-sample-gallery" },
  { cell: quickstartCells.dashboard, live: ".sw-dashboard" },
  { cell: quickstartCells.slicer, live: ".sw-slicer" },
];

type Shown = "live" | "static" | "nothing";

/** What each widget cell's output shows: the live widget, the static copy, or neither (yet). */
async function shownByWidgetCells(target: Page): Promise<Shown[]> {
  const shown: Shown[] = [];
  for (const { cell, live } of widgetCells) {
    const element = await codeCell(target, cell);
    shown.push(
      await element.evaluate((cell, live) => {
        // An evaluation slower than half a second leaves its summary line above the widget.
        const output = Array.from(cell.querySelectorAll(".jp-OutputArea-output")).find((output) => !/^Evaluat(ing|ed) /.test(output.textContent ?? ""));
        if (output?.querySelector(`.sw-widget ${live}, .sw-widget${live}`)) return "live";
        if (output?.querySelector(".sw-static-copy .slicewise-static")) return "static";
        return "nothing";
      }, live),
    );
  }
  return shown;
}

async function waitForShown(target: Page, expected: Shown, where: string): Promise<void> {
  await poll(
    async () => ((await shownByWidgetCells(target)).every((shown) => shown === expected) ? true : undefined),
    30_000,
    async () => `${where}: the widget cells show ${(await shownByWidgetCells(target)).join(", ")}, not all ${expected}`,
  );
}

/** Text "model not found" anywhere in the notebook's outputs. */
function modelNotFound(target: Page): Promise<number> {
  return target.$$eval(".jp-OutputArea-output", (outputs) => outputs.filter((output) => /model not found/i.test(output.textContent ?? "")).length);
}

async function waitForGalleryCount(element: ElementHandle<Element>, text: string, where: string): Promise<void> {
  await poll(
    () => element.evaluate((element, text) => (element.querySelector(".sw-gallery-count")?.textContent === text ? true : undefined), text),
    10_000,
    async () => `${where} reads "${await element.evaluate((element) => element.querySelector(".sw-gallery-count")?.textContent)}", not "${text}"`,
    200,
  );
}

async function openPage(path: string, kernelName = "Deno"): Promise<Page> {
  await page?.close().catch(() => undefined);
  page = await chromium!.browser.newPage();
  await page.setViewport({ width: 1400, height: 1000 });
  log = watchPage(page);
  await page.goto(server!.address(path), { waitUntil: "domcontentloaded" });
  await waitForKernelIdle(page, kernelName);
  return page;
}

beforeAll(
  () =>
    evidence(async () => {
      clearEvidence("lifecycle");
      facts = quickstartFacts();
      installIntoVenv();
      examples = copyExamples();
      server = await startJupyterServer("lab", examples);
      chromium = await launchChromium();
      await openPage("/lab/tree/quickstart.ipynb");
      await runCellsOneByOne(currentPage(), 240_000);
      await saveNotebook(currentPage());
    }),
  330_000,
);

afterAll(async () => {
  await chromium?.close();
  const stopped = await server?.stop();
  removeExamplesCopy(examples);
  if (stopped?.survivingKernels.length) throw new Error(`Deno kernels outlived JupyterLab (killed now): ${stopped.survivingKernels.join("; ")}`);
}, 60_000);

test("on a fresh kernel every widget cell shows its live widget in one output row, with no empty output row", () =>
  evidence(async () => {
    const target = currentPage();
    await waitForShown(target, "live", "after the first run");
    expect(await outputProblems(target)).toEqual([]);
    // Each widget cell shows one output row, the widget: the cell's result row (which only says
    // the widget is shown above) is hidden. (A slow evaluation's summary line is not counted.)
    const rows: { visible: number; all: number }[] = [];
    for (const { cell } of widgetCells)
      rows.push(
        await (
          await codeCell(target, cell)
        ).$$eval(".jp-OutputArea-child", (children) => {
          const counted = children.filter((child) => !/^Evaluat(ing|ed) /.test(child.querySelector(".jp-OutputArea-output")?.textContent ?? ""));
          return { visible: counted.filter((child) => child.getClientRects().length > 0).length, all: counted.length };
        }),
      );
    expect(rows).toEqual(widgetCells.map(() => ({ visible: 1, all: 2 })));
  }));

test(
  "in a 500 px notebook column the table's first column stays while its values scroll sideways, and every model name is one hover away (light and dark)",
  () =>
    evidence(async () => {
      const target = currentPage();
      await target.setViewport({ width: 860, height: 1000 });
      const table = await outputElement(await codeCell(target, quickstartCells.metricsTable), ".sw-metrics-table", "metrics table widget");
      for (const [theme, light] of [
        ["JupyterLab Light", true],
        ["JupyterLab Dark", false],
      ] as const) {
        if (!light) await switchTheme(target, theme, light);
        const shown = await table.evaluate(async (table) => {
          table.scrollIntoView({ block: "start" });
          const scroller = table.querySelector<HTMLElement>(".sw-mt-scroll")!;
          const name = table.querySelector<HTMLElement>('tr[data-test-case="all"] th.sw-mt-name')!;
          scroller.scrollLeft = 0;
          const before = name.getBoundingClientRect().left;
          scroller.scrollLeft = scroller.scrollWidth;
          await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
          const box = name.getBoundingClientRect();
          const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
          const models = Array.from(
            table.querySelectorAll<HTMLElement>("thead th.sw-mt-model-header"),
            (header) =>
              `${header.getAttribute("title") ?? ""} ${header.querySelector("[title]")?.getAttribute("title") ?? ""} ${header.querySelector("[aria-label]")?.getAttribute("aria-label") ?? ""}`,
          );
          return {
            width: scroller.clientWidth,
            scrolled: scroller.scrollLeft,
            moved: box.left - before,
            nameOnTop: hit !== null && name.contains(hit),
            models,
          };
        });
        // The output column is about 500 px wide here and the table scrolls in it.
        expect(shown.width).toBeGreaterThan(420);
        expect(shown.width).toBeLessThan(580);
        expect(shown.scrolled).toBeGreaterThan(0);
        expect(Math.abs(shown.moved)).toBeLessThan(1);
        expect(shown.nameOnTop).toBe(true);
        // Each of the three models' headers names it in full, once per metric (3 metrics).
        for (const model of ["nearest-centroid", "knn", "logistic"])
          expect(shown.models.filter((text) => text.includes(model)).length).toBeGreaterThanOrEqual(3);
        await takeScreenshot(target, `jupyterlab-500-${light ? "light" : "dark"}`);
        await table.evaluate((table) => (table.querySelector<HTMLElement>(".sw-mt-scroll")!.scrollLeft = 0));
      }
      await switchTheme(target, "JupyterLab Light", true);
      await target.setViewport({ width: 1400, height: 1000 });
    }),
  120_000,
);

test(
  "reloading the page while the kernel runs shows every widget's static copy, then running the cells again renders them all, linked",
  () =>
    evidence(async () => {
      let target = currentPage();
      await target.reload({ waitUntil: "domcontentloaded" });
      await waitForKernelIdle(target, "Deno");
      // The page has none of the models the kernel opened before: the static copies show.
      await waitForShown(target, "static", "after the reload");
      expect(await modelNotFound(target)).toBe(0);

      const cells = await runCellsOneByOne(target, 240_000);
      await waitForShown(target, "live", "after running the cells again on the same kernel");
      expect(await outputProblems(target)).toEqual([]);
      expect(misplacedResults(cells)).toEqual([]);

      // Linked selection on the new page: a row click in the dashboard filters its gallery and the gallery cell.
      target = currentPage();
      const dashboard = await outputElement(await codeCell(target, quickstartCells.dashboard), ".sw-dashboard", "dashboard");
      await clickTableRow(dashboard, "digit", "8");
      await waitForGalleryCount((await dashboard.$(".sw-pane-gallery"))!, `174 of 1,797 samples`, "after the reload, the dashboard's gallery");
      const gallery = await outputElement(await codeCell(target, quickstartCells.gallery), ".sw-sample-gallery", "sample gallery");
      await waitForGalleryCount(gallery, `${formatCount(facts.knnWrongReferenceRightEights)} of 1,797 samples`, "after the reload, the gallery cell");
      await saveNotebook(target);
    }),
  330_000,
);

test(
  "the same running notebook opened in Notebook 7 shows the static copies, and its own run renders every widget",
  () =>
    evidence(async () => {
      const target = await openPage("/notebooks/quickstart.ipynb");
      await waitForShown(target, "static", "in Notebook 7 before running");
      expect(await modelNotFound(target)).toBe(0);
      await runCellsOneByOne(target, 240_000);
      await waitForShown(target, "live", "in Notebook 7 after running the cells");
      const problems = await outputProblems(target);
      expect(problems).toEqual([]);
      await saveNotebook(target);
    }),
  330_000,
);

test(
  "shut the kernel down and reopen the saved notebook: every widget output shows its static copy, none 'model not found'",
  () =>
    evidence(async () => {
      const address = new URL(server!.address("/api/kernels"));
      const kernels = (await (await fetch(address)).json()) as { id: string }[];
      expect(kernels.length).toBeGreaterThan(0);
      for (const kernel of kernels) {
        const url = new URL(server!.address(`/api/kernels/${kernel.id}`));
        expect((await fetch(url, { method: "DELETE" })).status).toBe(204);
      }
      const target = await openPage("/lab/tree/quickstart.ipynb");
      await waitForShown(target, "static", "the reopened notebook");
      expect(await modelNotFound(target)).toBe(0);
      // The copy is the table and the chart themselves: 22 test-case rows, an SVG with bars.
      const table = await codeCell(target, quickstartCells.metricsTable);
      expect(await table.$$eval(".sw-static-copy tr[data-test-case]", (rows) => rows.length)).toBe(22);
      const chart = await codeCell(target, quickstartCells.chart);
      expect(await chart.$$eval(".sw-static-copy svg rect", (bars) => bars.length)).toBeGreaterThan(0);
    }),
  120_000,
);
