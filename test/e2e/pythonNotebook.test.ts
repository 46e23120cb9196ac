// The Python quickstart (examples/quickstart-python.ipynb) as a person runs it in real JupyterLab 4.6 and
// Notebook 7.6 with ipykernel, in Chromium: the slicewise wheel installed into the pinned venv by
// test/setup.js brings the front end (<venv>/share/jupyter/labextensions/slicewise) and the embedded
// platform. Every widget renders; a click on a row changes `selection` in the kernel and a gallery card
// `selected_ids` (a cell prints them); Notebook 7 on the same kernel renders and hears clicks too; a
// reload and a rerun render; the saved notebook, reopened with its kernel shut down, shows the static
// copies. The embedded `slicewise serve` goes with the kernel.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { ElementHandle, Page } from "puppeteer-core";
import { repositoryRoot } from "../helpers/compiledLibrary";
import { LaunchedBrowser, PageLog, launchChromium, watchPage } from "./browser";
import {
  JupyterServer,
  copyExamples,
  installIntoVenv,
  jupyterEnvironment,
  removeExamplesCopy,
  startJupyterServer,
  venv,
  venvExecutable,
} from "./jupyterServer";
import {
  CodeCellState,
  clearEvidence,
  codeCell,
  keepEvidence,
  outputElement,
  outputProblems,
  poll,
  runCell,
  runCellsOneByOne,
  saveNotebook,
  takeScreenshot,
  waitForCellsAttached,
  waitForKernelIdle,
} from "./notebookPage";
import { ConfusionCell, columnSums, formatCount, sortedBoxes } from "./quickstartFacts";
import {
  PythonQuickstartFacts,
  pythonNotebook,
  pythonQuickstartCells as cells,
  pythonQuickstartFacts,
  readPythonDiscoveryOutput,
} from "./pythonQuickstartFacts";

const kernelName = "Python 3 (ipykernel)";
let examples: string | undefined;
let server: JupyterServer | undefined;
let chromium: LaunchedBrowser | undefined;
let page: Page | undefined;
let log: PageLog | undefined;
/** Console errors of the pages closed so far (each openPage starts a new log). */
const earlierErrors: string[] = [];
let facts: PythonQuickstartFacts;
let firstRun: CodeCellState[];

const evidence = <T>(work: () => Promise<T>) =>
  keepEvidence("python-notebook", () => ({ page, server, pageErrors: [...earlierErrors, ...(log?.errors ?? [])] }), work);

function currentPage(): Page {
  if (!page) throw new Error("JupyterLab was never opened (see the beforeAll failure)");
  return page;
}

/** The widget cells, each with the element its live widget draws. */
const widgetCells = [
  { cell: cells.metricsTable, live: ".sw-metrics-table" },
  { cell: cells.chart, live: "svg.sw-chart" },
  { cell: cells.gallery, live: ".sw-sample-gallery" },
  { cell: cells.dashboard, live: ".sw-dashboard" },
  { cell: cells.slicer, live: ".sw-slicer" },
  { cell: cells.subclass, live: ".sw-sample-gallery" },
  { cell: cells.embeddingMap, live: ".sw-embedding-map-panel" },
  { cell: cells.sceneTable, live: ".sw-metrics-table" },
  { cell: cells.sceneRecall, live: "svg.sw-chart" },
  { cell: cells.sceneConfusion, live: "svg.sw-chart" },
  { cell: cells.sceneGallery, live: ".sw-sample-gallery" },
];

type Shown = "live" | "static" | "nothing";

/**
 * What each widget cell shows, read in one call into the page rather than a DevTools call per cell
 * (hundreds a second): JupyterLab attaches cells and renders on idle time (waitForCellsAttached).
 */
async function shownByWidgetCells(target: Page): Promise<Shown[]> {
  return target.evaluate((specs) => {
    const cells = Array.from(document.querySelectorAll(".jp-Notebook .jp-CodeCell"));
    const sourceOf = (cell: Element) =>
      Array.from(cell.querySelectorAll(".jp-InputArea-editor .cm-line"))
        .map((line) => line.textContent ?? "")
        .join("\n");
    return specs.map(({ cell: snippet, live }): Shown => {
      const matches = cells.filter((cell) => sourceOf(cell).includes(snippet));
      if (matches.length !== 1) return "nothing";
      // An evaluation slower than half a second leaves its progress summary line above the widget.
      const output = Array.from(matches[0].querySelectorAll(".jp-OutputArea-output")).find((output) => !/^Evaluat(ing|ed) /.test(output.textContent ?? ""));
      if (output?.querySelector(`.sw-widget ${live}, .sw-widget${live}`)) return "live";
      if (output?.querySelector(".sw-static-copy .slicewise-static")) return "static";
      return "nothing";
    });
  }, widgetCells);
}

/** What the outputs of a widget cell that shows nothing hold: each output's classes and the start of its text, for the failure message. */
async function outputsOf(target: Page, cell: string): Promise<string> {
  return (await codeCell(target, cell)).evaluate((cell) => {
    const outputs = Array.from(cell.querySelectorAll(".jp-OutputArea-output")).map((output) => {
      const inner = Array.from(output.querySelectorAll("[class]"))
        .slice(0, 6)
        .map((element) => element.getAttribute("class"))
        .join(" | ");
      return `[${output.getAttribute("data-mime-type") ?? "?"}; ${inner}] ${(output.textContent ?? "").slice(0, 160)}`;
    });
    // A cell JupyterLab has not attached yet holds placeholders (.jp-Placeholder) instead of its outputs.
    return `${cell.querySelector(".jp-Placeholder") ? "(a placeholder) " : ""}${outputs.join(" // ") || "no outputs"}`;
  });
}

async function waitForShown(target: Page, accepted: Shown[], where: string): Promise<Shown[]> {
  return poll(
    async () => {
      const shown = await shownByWidgetCells(target);
      return shown.every((each) => accepted.includes(each)) ? shown : undefined;
    },
    30_000,
    async () => {
      const shown = await shownByWidgetCells(target);
      const nothing = await Promise.all(
        shown.flatMap((each, i) => (each === "nothing" ? [outputsOf(target, widgetCells[i].cell).then((outputs) => `cell ${i + 1}: ${outputs}`)] : [])),
      );
      return `${where}: the widget cells show ${shown.join(", ")}, not ${accepted.join(" or ")}${nothing.length ? `; their outputs: ${nothing.join("; ")}` : ""}`;
    },
    1_000,
  );
}

function modelNotFound(target: Page): Promise<number> {
  return target.$$eval(".jp-OutputArea-output", (outputs) => outputs.filter((output) => /model not found/i.test(output.textContent ?? "")).length);
}

/** Which page the current log belongs to: "lab 1", "notebooks 2", … in the order they were opened. */
let openedPage = "";
let pagesOpened = 0;

async function openPage(path: string): Promise<Page> {
  earlierErrors.push(...(log?.errors ?? []).map((error) => `${openedPage}: ${error}`));
  openedPage = `${path.split("/")[1]} ${++pagesOpened}`;
  await page?.close().catch(() => undefined);
  page = await chromium!.browser.newPage();
  await page.setViewport({ width: 1400, height: 1000 });
  log = watchPage(page);
  await page.goto(server!.address(path), { waitUntil: "domcontentloaded" });
  await waitForKernelIdle(page, kernelName);
  await waitForCellsAttached(page, cellsOnDisk());
  return page;
}

/** How many cells the notebook on disk has: what a page that opens it shows once JupyterLab has attached them all. */
function cellsOnDisk(): number {
  return (JSON.parse(readFileSync(join(examples!, pythonNotebook), "utf8")) as { cells: unknown[] }).cells.length;
}

async function waitForGalleryCount(element: ElementHandle<Element>, text: string, where: string): Promise<void> {
  await poll(
    () => element.evaluate((element, text) => (element.querySelector(".sw-gallery-count")?.textContent === text ? true : undefined), text),
    10_000,
    async () => `${where} reads "${await element.evaluate((element) => element.querySelector(".sw-gallery-count")?.textContent)}", not "${text}"`,
    200,
  );
}

/** Clicks the row header of a test case in the table cell's live widget. */
async function clickTestCase(target: Page, stratification: string, testCase: string): Promise<void> {
  const table = await outputElement(await codeCell(target, cells.metricsTable), ".sw-metrics-table", "metrics table widget");
  const header = await table.$(`tr[data-stratification="${stratification}"][data-test-case="${testCase}"] th.sw-mt-name`);
  if (!header) throw new Error(`the table shows no row ${stratification}/${testCase}`);
  await header.evaluate((node) => (node as HTMLElement).scrollIntoView({ block: "center" }));
  await header.click();
}

/** `slicewise serve` processes over this run's data directory (the embedded platform of the notebook's kernel). */
function embeddedServers(): string[] {
  if (!examples) return [];
  const data = join(examples, ".slicewise-python");
  const found: string[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const command = readFileSync(`/proc/${name}/cmdline`, "utf8").split("\0").join(" ");
      if (command.includes("main.js serve") && command.includes(data)) found.push(`${name} ${command}`);
    } catch {
      // Gone while we looked.
    }
  }
  return found;
}

beforeAll(
  () =>
    evidence(async () => {
      clearEvidence("python-notebook");
      // The wheel test/setup.js installed: its front end is this build's, its package is the venv's (not python/src).
      const installed = join(venv, "share", "jupyter", "labextensions", "slicewise", "package.json");
      if (!existsSync(installed)) throw new Error(`no ${installed}: \`node test/setup.js\` (which \`npm test\` runs first) installs the slicewise wheel`);
      expect(readFileSync(installed, "utf8")).toBe(readFileSync(join(repositoryRoot, "dist", "labextension", "package.json"), "utf8"));
      const location = execFileSync(venvExecutable("python"), ["-c", "import slicewise; print(slicewise.__file__)"], {
        encoding: "utf8",
        env: jupyterEnvironment(),
      }).trim();
      expect(location.startsWith(venv)).toBe(true);
      // The Deno e2e tests copy the same extension files into the same folder (`slicewise jupyter install
      // --prefix <venv>`, once per jest run, under a lock): wait for that copy here rather than have a
      // page load while it swaps the folder.
      installIntoVenv();
      expect(readFileSync(installed, "utf8")).toBe(readFileSync(join(repositoryRoot, "dist", "labextension", "package.json"), "utf8"));
      facts = pythonQuickstartFacts();
      examples = copyExamples();
      server = await startJupyterServer("lab", examples);
      chromium = await launchChromium();
      await openPage(`/lab/tree/${pythonNotebook}`);
      firstRun = await runCellsOneByOne(currentPage(), 420_000);
      await saveNotebook(currentPage());
    }),
  540_000,
);

afterAll(async () => {
  await chromium?.close();
  await server?.stop();
  removeExamplesCopy(examples);
}, 60_000);

test("every code cell ran in order, no cell shows an error, and every widget cell shows its live widget", () =>
  evidence(async () => {
    expect(firstRun.map((cell) => cell.executionCount)).toEqual(firstRun.map((_, position) => position + 1));
    expect(await outputProblems(currentPage())).toEqual([]);
    await waitForShown(currentPage(), ["live"], "after the first run");
    expect(await modelNotFound(currentPage())).toBe(0);
  }));

test("the table cell shows 22 test-case rows; knn's accuracy on the whole dataset is what scikit-learn's 5-NN gets right, improved", () =>
  evidence(async () => {
    const table = await outputElement(await codeCell(currentPage(), cells.metricsTable), ".sw-metrics-table", "metrics table widget");
    const rows = await table.$$eval("tr[data-test-case]", (rows) =>
      rows.map((row) => `${(row as HTMLElement).dataset.stratification}/${(row as HTMLElement).dataset.testCase}`),
    );
    expect(rows).toHaveLength(22);
    expect(rows[0]).toBe("dataset/all");
    expect(rows).toContain("test_cases/thin strokes");
    const knn = await table.$eval('tr[data-stratification="dataset"][data-test-case="all"] td[data-model="knn"][data-metric="Accuracy"]', (value) => ({
      value: (value as HTMLElement).dataset.value,
      verdict: (value as HTMLElement).dataset.verdict,
    }));
    expect(Number(knn.value)).toBeCloseTo(facts.correct.knn / 1797, 10);
    expect(knn.verdict).toBe("improved");
  }));

test("the chart cell draws the accuracy delta chart: a bar per test case for knn and for logistic", () =>
  evidence(async () => {
    const chart = await outputElement(await codeCell(currentPage(), cells.chart), "svg.sw-chart", "chart");
    const models = await chart.$$eval("rect.sw-bar[data-test-case]", (bars) => bars.map((bar) => bar.closest("[data-model]")?.getAttribute("data-model")));
    expect(models).toHaveLength(22 * 2);
    expect(new Set(models)).toEqual(new Set(["knn", "logistic"]));
  }));

test("the gallery cell shows the samples where knn is wrong and nearest-centroid right, with their thumbnails", () =>
  evidence(async () => {
    const gallery = await outputElement(await codeCell(currentPage(), cells.gallery), ".sw-sample-gallery", "sample gallery");
    expect(facts.knnWrongReferenceRight).toBeGreaterThan(0);
    expect(await gallery.$eval(".sw-gallery-count", (count) => count.textContent)).toBe(`${formatCount(facts.knnWrongReferenceRight)} of 1,797 samples`);
    expect((await gallery.$$("[data-sample-id]")).length).toBeGreaterThan(0);
    expect((await gallery.$$("[data-sample-id] img")).length).toBeGreaterThan(0);
  }));

test("the dashboard cell holds the table, the chart tabs and the gallery; the slicer slices ink into six quantile bins", () =>
  evidence(async () => {
    const target = currentPage();
    const dashboard = await outputElement(await codeCell(target, cells.dashboard), ".sw-dashboard", "dashboard");
    expect(await dashboard.$$(".sw-pane-table tr[data-test-case]")).toHaveLength(22);
    expect((await dashboard.$$(".lm-TabBar .lm-TabBar-tab")).length).toBe(4);
    expect(await dashboard.$eval(".sw-pane-gallery .sw-gallery-count", (count) => count.textContent)).toBe("1,797 samples");
    const slicer = await outputElement(await codeCell(target, cells.slicer), ".sw-slicer", "slicer");
    await target.waitForFunction((slicer) => (slicer as HTMLElement).dataset.complete === "true", { timeout: 30_000 }, slicer);
    const shown = await slicer.evaluate((slicer) => ({
      field: slicer.querySelector<HTMLSelectElement>('select[data-role="slice-field"]')!.value,
      method: slicer.querySelector<HTMLSelectElement>('select[data-role="slice-method"]')!.value,
      bins: slicer.querySelector<HTMLInputElement>('input[data-role="slice-bins"]')!.value,
      rows: slicer.querySelectorAll(".sw-slicer-table tr[data-test-case]").length,
    }));
    expect(shown).toEqual({ field: "ink", method: "quantile", bins: "6", rows: 7 });
  }));

test("the discovered subclass: q < 0.05, its images (one digit) in the gallery, the model's accuracy there as printed; the map of all 1,797", () =>
  evidence(async () => {
    const target = currentPage();
    const printed = await (
      await codeCell(target, cells.discovery)
    ).$$eval(".jp-OutputArea-output", (outputs) => outputs.map((output) => output.textContent ?? "").join("\n"));
    const found = readPythonDiscoveryOutput(printed);
    expect(found.q).toBeLessThan(0.05);
    const gallery = await outputElement(await codeCell(target, cells.subclass), ".sw-sample-gallery", "subclass gallery");
    expect(await gallery.$eval(".sw-gallery-count", (count) => count.textContent)).toBe(`${formatCount(found.images)} samples`);
    const cards = await gallery.$$eval("[data-sample-id]", (cards) =>
      cards.map((card) => ({ id: Number((card as HTMLElement).dataset.sampleId), text: card.textContent ?? "" })),
    );
    expect(cards).toHaveLength(found.images);
    expect(cards.filter((card) => !new RegExp(`label\\s*${found.digit}`).test(card.text))).toEqual([]);
    // scikit-learn's predictions for these images (worked out outside the kernel) give the accuracy the cell printed.
    const right = cards.filter((card) => facts.correctRows[found.model][card.id]).length;
    expect(Math.round((1000 * right) / found.images) / 1000).toBe(found.accuracyThere);
    const map = await outputElement(await codeCell(target, cells.embeddingMap), ".sw-embedding-map-panel", "embedding map");
    const wrong = 1797 - facts.correct[found.model];
    expect(await map.$eval(".sw-map-summary", (summary) => summary.textContent)).toBe(`1,797 points: ${wrong} wrong, ${formatCount(1797 - wrong)} correct.`);
  }));

test("the report cell wrote digits-report.html next to the notebook", () =>
  evidence(async () => {
    const cell = await codeCell(currentPage(), cells.report);
    const text = await cell.$$eval(".jp-OutputArea-output", (outputs) => outputs.map((output) => output.textContent ?? "").join("\n"));
    expect(text).toMatch(/wrote digits-report\.html \(\d+(\.\d)? MB\)/);
    expect(statSync(join(examples!, "digits-report.html")).size).toBeGreaterThan(100_000);
  }));

test("a click on digit 8 in the table changes table.selection in the kernel, the linked gallery follows, and a gallery card's id reaches selected_ids", () =>
  evidence(async () => {
    const target = currentPage();
    // Before any click the kernel has no selection.
    expect(await runCell(target, cells.readBack)).toMatch(/selected test case: None/);

    await clickTestCase(target, "digit", "8");
    const gallery = await outputElement(await codeCell(target, cells.gallery), ".sw-sample-gallery", "sample gallery");
    await waitForGalleryCount(gallery, `${formatCount(facts.knnWrongReferenceRightEights)} of 1,797 samples`, "after clicking digit 8, the gallery cell");
    let printed = await runCell(target, cells.readBack);
    expect(printed).toMatch(/selected test case: \{'stratification': 'digit', 'test_case': '8'\}/);
    // The cell then asks the platform for that test case's samples: every one a digit 8.
    expect(printed).toMatch(/image_id\s+label/);

    const card = await gallery.$("[data-sample-id]");
    expect(card).not.toBeNull();
    const sampleId = await card!.evaluate((card) => (card as HTMLElement).dataset.sampleId);
    await card!.click();
    await target.keyboard.press("Escape");
    printed = await runCell(target, cells.readBack);
    expect(printed).toContain(`images opened in the gallery: [${sampleId}]`);
    await takeScreenshot(target, "python-jupyterlab");
  }));

/** The ground-truth squares each shown card of a scenes gallery drew over its image, by image id. */
function drawnSceneBoxes(gallery: ElementHandle<Element>): Promise<{ id: number; boxes: number[][] }[]> {
  return gallery.$$eval("[data-sample-id]", (cards) =>
    cards.map((card) => ({
      id: Number((card as HTMLElement).dataset.sampleId),
      boxes: Array.from(card.querySelectorAll(".sw-gallery-boxes:not(.sw-gallery-predicted-boxes) rect"), (rect) => {
        const [x, y, width, height] = ["x", "y", "width", "height"].map((name) => Number(rect.getAttribute(name)));
        return [x, y, x + width, y + height];
      }),
    })),
  );
}

test("the scenes built in numpy: a table row per test case, a PR curve per model, confusion columns summing to the digits placed, cards drawing their scene's digits; a click moves the scene widgets only", () =>
  evidence(async () => {
    const target = currentPage();
    const scenes = facts.scenes;
    const table = await outputElement(await codeCell(target, cells.sceneTable), ".sw-metrics-table", "the scenes' metrics table");
    const rows = await table.$$eval("tr[data-test-case]", (rows) =>
      rows.map((row) => `${(row as HTMLElement).dataset.stratification}/${(row as HTMLElement).dataset.testCase}`),
    );
    expect(rows).toHaveLength(scenes.testCaseRows);
    for (const value of scenes.crowding) expect(rows).toContain(`crowding/${value}`);
    for (const name of scenes.explicitTestCases) expect(rows).toContain(`test_cases/${name}`);

    const recall = await outputElement(await codeCell(target, cells.sceneRecall), "svg.sw-chart", "the precision–recall chart");
    const curves = await recall.$$eval("path.sw-pr-curve", (curves) => curves.map((curve) => curve.getAttribute("data-model")));
    expect(curves.sort()).toEqual([...scenes.models].sort());

    const confusion = await outputElement(await codeCell(target, cells.sceneConfusion), "svg.sw-chart", "the confusion matrices");
    const matrixCells: ConfusionCell[] = await confusion.$$eval(".sw-confusion-cell", (cells) =>
      cells.map((cell) => ({
        model: cell.closest("[data-model]")?.getAttribute("data-model") ?? "",
        truth: cell.getAttribute("data-truth") ?? "",
        count: Number(cell.getAttribute("data-count")),
      })),
    );
    const sums = columnSums(matrixCells.filter((cell) => cell.truth in scenes.digitsPlaced));
    for (const model of scenes.models) expect(sums[model]).toEqual(scenes.digitsPlaced);

    const gallery = await outputElement(await codeCell(target, cells.sceneGallery), ".sw-sample-gallery", "the scenes' gallery");
    await gallery.evaluate((node) => (node as HTMLElement).scrollIntoView({ block: "start" }));
    expect(await gallery.$eval(".sw-gallery-count", (count) => count.textContent)).toBe("24 samples");
    // The boxes are drawn once each image has loaded (its natural size places them).
    const cards = await poll(
      async () => {
        const drawn = await drawnSceneBoxes(gallery);
        return drawn.length > 0 && drawn.every((card) => card.boxes.length > 0) ? drawn : undefined;
      },
      15_000,
      async () => `the scenes' cards drew ${JSON.stringify(await drawnSceneBoxes(gallery))}`,
    );
    expect(cards.filter((card) => sortedBoxes(card.boxes) !== sortedBoxes(scenes.boxes[card.id]))).toEqual([]);

    // The scene widgets are linked as "scenes": a click on "crowding: crowded" filters their gallery to its
    // scenes of five or six digits, while the digits' gallery keeps its count and the digits' table its selection.
    const digitsGallery = await outputElement(await codeCell(target, cells.gallery), ".sw-sample-gallery", "sample gallery");
    const digitsCount = await digitsGallery.$eval(".sw-gallery-count", (count) => count.textContent);
    const header = await table.$('tr[data-stratification="crowding"][data-test-case="crowded"] th.sw-mt-name');
    expect(header).not.toBeNull();
    await header!.evaluate((node) => (node as HTMLElement).scrollIntoView({ block: "center" }));
    await header!.click();
    await poll(
      async () => {
        const count = await gallery.$eval(".sw-gallery-count", (count) => count.textContent ?? "");
        const ids = (await drawnSceneBoxes(gallery)).map((card) => card.id);
        return /^[1-9]\d* of 24 samples$/.test(count) && ids.length > 0 && ids.every((id) => scenes.boxes[id].length >= 5) ? true : undefined;
      },
      10_000,
      async () =>
        `after clicking crowding/crowded the scenes' gallery reads "${await gallery.$eval(".sw-gallery-count", (count) => count.textContent)}", cards ${JSON.stringify(await drawnSceneBoxes(gallery))}`,
    );
    expect(await digitsGallery.$eval(".sw-gallery-count", (count) => count.textContent)).toBe(digitsCount);
  }));

test(
  "the same running notebook in Notebook 7 renders every widget after its own run, and a click there reaches the kernel",
  () =>
    evidence(async () => {
      const target = await openPage(`/notebooks/${pythonNotebook}`);
      // Before running: the kernel's live models (restored by the page's widget manager) or the static copies — never nothing.
      await waitForShown(target, ["live", "static"], "in Notebook 7 before running");
      expect(await modelNotFound(target)).toBe(0);
      await runCellsOneByOne(target, 420_000);
      await waitForShown(target, ["live"], "in Notebook 7 after running the cells");
      expect(await outputProblems(target)).toEqual([]);
      await clickTestCase(target, "digit", "3");
      expect(await runCell(target, cells.readBack)).toMatch(/selected test case: \{'stratification': 'digit', 'test_case': '3'\}/);
      await takeScreenshot(target, "python-notebook7");
      await saveNotebook(target);
    }),
  540_000,
);

test(
  "reloading JupyterLab while the kernel runs shows every widget (live or its static copy), and running the cells again renders them all",
  () =>
    evidence(async () => {
      const target = await openPage(`/lab/tree/${pythonNotebook}`);
      await target.reload({ waitUntil: "domcontentloaded" });
      await waitForKernelIdle(target, kernelName);
      await waitForCellsAttached(target, cellsOnDisk());
      await waitForShown(target, ["live", "static"], "after the reload");
      expect(await modelNotFound(target)).toBe(0);
      await runCellsOneByOne(target, 420_000);
      await waitForShown(target, ["live"], "after running the cells again on the same kernel");
      expect(await outputProblems(target)).toEqual([]);
      await clickTestCase(target, "digit", "8");
      expect(await runCell(target, cells.readBack)).toMatch(/'test_case': '8'/);
      await saveNotebook(target);
    }),
  540_000,
);

test(
  "shut the kernel down and reopen the saved notebook: every widget output shows its static copy; the embedded platform went with the kernel",
  () =>
    evidence(async () => {
      expect(embeddedServers()).toHaveLength(1);
      const kernels = (await (await fetch(new URL(server!.address("/api/kernels")))).json()) as { id: string }[];
      expect(kernels.length).toBeGreaterThan(0);
      for (const kernel of kernels) expect((await fetch(new URL(server!.address(`/api/kernels/${kernel.id}`)), { method: "DELETE" })).status).toBe(204);
      await poll(
        async () => (embeddedServers().length === 0 ? true : undefined),
        15_000,
        () => `still running: ${embeddedServers().join("; ")}`,
      );

      const target = await openPage(`/lab/tree/${pythonNotebook}`);
      await waitForShown(target, ["static"], "the reopened notebook");
      expect(await modelNotFound(target)).toBe(0);
      const table = await codeCell(target, cells.metricsTable);
      expect(await table.$$eval(".sw-static-copy tr[data-test-case]", (rows) => rows.length)).toBe(22);
      const chart = await codeCell(target, cells.chart);
      expect(await chart.$$eval(".sw-static-copy svg rect", (bars) => bars.length)).toBeGreaterThan(0);
    }),
  180_000,
);

test("the pages logged no console error of slicewise's", () =>
  evidence(async () => {
    // Notebook 7.6.5 logs these by itself, with no extension installed (../shared/notes/jupyter-hosts.md).
    const hostsOwn = /^Failed to load resource|Cannot read properties of undefined \(reading 'schema'\)|\[yjs#509\] Not same Y\.Doc/;
    // Seen only on a page whose widgets the manager restored from the running kernel, when the cells
    // run again there (page 2 onwards): a Lumino signal slot throws while JupyterLab clears the old
    // outputs, from JupyterLab's own code (jlab_core); not reproduced with any one widget kind alone,
    // nor on the first page. Notebook 7 logs the missing file-browser command when it saves. Listed
    // here so that anything else fails.
    const afterRestore = /^(Error: Widget is not attached\.|Error: Command 'filebrowser:open-path' not registered\.)/;
    const errors = [...earlierErrors, ...(log?.errors ?? []).map((error) => `${openedPage}: ${error}`)];
    const unexpected = errors.filter((error) => {
      const [, page, text] = /^(\w+ \d+): (.*)$/s.exec(error) ?? ["", "", error];
      return !hostsOwn.test(text) && !(page !== "lab 1" && afterRestore.test(text));
    });
    expect(unexpected).toEqual([]);
  }));
