// The exported HTML report as a reader gets it: written by report(...) from a real DuckDB workspace
// holding the digits example, opened from disk in Chromium with every network request refused, and
// used — the metrics table, the delta chart, the gallery, a row click that filters the gallery, the
// heatmap tab — then photographed in light and dark.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Page } from "puppeteer-core";
import { DigitsExample } from "../../examples/digits";
import { EvaluationRow, evaluationRowsFromTable } from "../../src/core";
import { report } from "../../src/export/report";
import { repositoryRoot } from "../helpers/compiledLibrary";
import { makeTemporaryDirectory, removeTemporaryDirectory } from "../helpers/temporaryDirectory";
import { LaunchedBrowser, PageLog, launchChromium, watchPage } from "./browser";
import {
  backgroundLuminance,
  galleryCount,
  loadedGalleryImages,
  screenshotPath,
  showChartTab,
  tableCells,
  tableRowHeader,
  tableTestCases,
  waitForGalleryCount,
} from "./dashboardDom";
import { digitsDataset, imagesWithLabel, uploadDigitsExample } from "./digitsWorkspace";

let directory: string | undefined;
let chromium: LaunchedBrowser | undefined;
let page: Page;
let log: PageLog;
let example: DigitsExample;
let evaluation: EvaluationRow[];
let reportPath: string;
/** Requests the page attempted that were not file:, data: or blob: (all aborted). */
const refused: string[] = [];

const localSchemes = /^(file|data|blob):/;

function evaluationRow(stratification: string, testCase: string, model: string, metric: string): EvaluationRow {
  const found = evaluation.find((row) => row.stratification === stratification && row.test_case === testCase && row.model === model && row.metric === metric);
  if (!found) throw new Error(`the evaluation has no row ${stratification}/${testCase}/${model}/${metric}`);
  return found;
}

beforeAll(async () => {
  const runtime = join(repositoryRoot, "dist", "slicewise-runtime.js");
  if (!existsSync(runtime)) throw new Error(`${runtime} is missing; run \`npm run build\` before the e2e tests`);
  directory = makeTemporaryDirectory("slicewise-report-e2e-");
  const uploaded = await uploadDigitsExample(join(directory, "data"));
  example = uploaded.example;
  try {
    reportPath = join(directory, "digits-report.html");
    await report(uploaded.workspace, { dataset: digitsDataset, models: example.models, reference: example.reference, out: reportPath });
    evaluation = evaluationRowsFromTable(await uploaded.workspace.evaluate(digitsDataset, { models: example.models, reference: example.reference }));
  } finally {
    await uploaded.workspace.close();
  }

  chromium = await launchChromium();
  page = await chromium.browser.newPage();
  await page.setViewport({ width: 1400, height: 1000 });
  log = watchPage(page);
  await page.setRequestInterception(true);
  page.on("request", (request) => {
    if (localSchemes.test(request.url())) void request.continue();
    else {
      refused.push(request.url());
      void request.abort();
    }
  });
  await page.goto(pathToFileURL(reportPath).href, { waitUntil: "load" });
  await page.waitForSelector(".sw-pane-table tr[data-test-case]", { timeout: 15_000 });
}, 60_000);

afterAll(async () => {
  await chromium?.close();
  removeTemporaryDirectory(directory);
});

test("the report opens from disk without a network request, a console error or a page error", async () => {
  // Let lazy work (gallery thumbnails, the first chart) happen before judging.
  await loadedGalleryImages(page);
  expect(refused).toEqual([]);
  expect(log.requests.filter((url) => !localSchemes.test(url))).toEqual([]);
  expect(log.requests[0]).toBe(pathToFileURL(reportPath).href);
  expect(log.errors).toEqual([]);
  expect(await page.$eval("h1", (heading) => heading.textContent)).toBe("slicewise report — digits");
});

test("the metrics table has a row for each of the 22 test cases, in the evaluation's order", async () => {
  const expected = [...new Set(evaluation.map((row) => `${row.stratification}/${row.test_case}`))];
  expect(expected).toHaveLength(22);
  expect(await tableTestCases(page)).toEqual(expected);
  expect(await tableTestCases(page)).toEqual([
    "dataset/all",
    ...Array.from({ length: 10 }, (_, digit) => `digit/${digit}`),
    "parity/even",
    "parity/odd",
    "ink/(-∞, 270)",
    "ink/[270, 300)",
    "ink/[300, 330)",
    "ink/[330, ∞)",
    "area/(-∞, 31)",
    "area/[31, 33)",
    "area/[33, 35)",
    "area/[35, ∞)",
    "test_cases/thin strokes",
  ]);
  const digitEight = await page.$eval('.sw-pane-table tr[data-stratification="digit"][data-test-case="8"] .sw-mt-count-cell', (cell) => cell.textContent);
  expect(digitEight).toBe("174");
});

test("table cells carry the evaluation's values, and every non-reference cell its verdict", async () => {
  const cells = await tableCells(page, "dataset", "all");
  const knnAccuracy = cells.find((cell) => cell.model === "knn" && cell.metric === "Accuracy");
  const expectedKnn = evaluationRow("dataset", "all", "knn", "Accuracy");
  expect(knnAccuracy).toEqual({ model: "knn", metric: "Accuracy", value: String(expectedKnn.value), verdict: expectedKnn.verdict });
  // 1,774 of 1,797 right: checkable by hand from the example's `correct` column.
  expect(Number(knnAccuracy!.value)).toBeCloseTo(0.9872, 4);
  expect(knnAccuracy!.verdict).toBe("improved");

  const reference = cells.find((cell) => cell.model === example.reference && cell.metric === "Accuracy");
  expect(reference).toEqual({
    model: "nearest-centroid",
    metric: "Accuracy",
    value: String(evaluationRow("dataset", "all", "nearest-centroid", "Accuracy").value),
    verdict: null,
  });

  for (const [stratification, testCase] of [
    ["dataset", "all"],
    ["digit", "8"],
    ["test_cases", "thin strokes"],
  ]) {
    const row = await tableCells(page, stratification, testCase);
    expect(row.length).toBeGreaterThan(0);
    for (const cell of row) {
      const expected = evaluationRow(stratification, testCase, cell.model, cell.metric);
      // The report and this evaluation ran separately: a mean of doubles agrees to rounding (DuckDB's
      // threads add in no fixed order); counts and ratios of counts agree exactly.
      expect(Math.abs(Number(cell.value) - expected.value!)).toBeLessThanOrEqual(1e-12);
      if (cell.model === example.reference) expect(cell.verdict).toBeNull();
      else expect(cell.verdict).toBe(expected.verdict ?? "unknown");
    }
  }
});

test("the delta chart draws one bar per test case for each model compared with the reference", async () => {
  const bars = await page.$$eval(".sw-pane-chart-delta svg rect.sw-bar[data-test-case]", (marks) =>
    marks.map((mark) => ({
      testCase: mark.getAttribute("data-test-case"),
      model: mark.closest("[data-model]")?.getAttribute("data-model"),
      delta: mark.getAttribute("data-delta"),
    })),
  );
  const compared = example.models.filter((model) => model !== example.reference);
  expect(bars).toHaveLength(22 * compared.length);
  expect(new Set(bars.map((bar) => bar.model))).toEqual(new Set(compared));
  const knnAll = bars.find((bar) => bar.model === "knn" && bar.testCase === "dataset/all");
  expect(Number(knnAll!.delta)).toBeCloseTo(evaluationRow("dataset", "all", "knn", "Accuracy").delta!, 12);
  const width = await page.$eval(
    '.sw-pane-chart-delta [data-model="knn"] rect.sw-bar[data-test-case="dataset/all"]',
    (bar) => (bar as SVGRectElement).getBBox().width,
  );
  expect(width).toBeGreaterThan(1);
});

test("the gallery shows cards of all 1,797 samples with their thumbnails loaded", async () => {
  expect(await galleryCount(page)).toBe("1,797 samples");
  const cards = await loadedGalleryImages(page);
  expect(cards.length).toBeGreaterThan(0);
  expect(cards[0].id).toBe("0");
  expect(cards.filter((card) => card.naturalWidth === 0)).toEqual([]);
});

test("clicking the row of digit 8 filters the gallery to its 174 samples; Show all undoes it", async () => {
  expect(imagesWithLabel(example, 8)).toBe(174);
  await (await tableRowHeader(page, "digit", "8")).click();
  await waitForGalleryCount(page, "174 of 1,797 samples");
  expect(await page.$eval('.sw-pane-table tr[data-stratification="digit"][data-test-case="8"]', (row) => row.getAttribute("aria-selected"))).toBe("true");
  expect(await page.$eval(".sw-pane-gallery .sw-gallery-context", (header) => header.textContent)).toContain("digit: 8");
  const cards = await loadedGalleryImages(page);
  expect(cards.length).toBeGreaterThan(0);
  // Every card shown is an 8: its ground-truth line reads "label 8".
  const labels = await page.$$eval(".sw-pane-gallery [data-sample-id]", (cards) => cards.map((card) => card.textContent ?? ""));
  expect(labels.filter((text) => !/label\s*8/.test(text))).toEqual([]);

  const showAll = await page.$(".sw-pane-gallery .sw-gallery-context button");
  await showAll!.click();
  await waitForGalleryCount(page, "1,797 samples");
});

test("the Heatmap tab draws a cell per test case for each compared model", async () => {
  await showChartTab(page, "Heatmap", "heatmap");
  const cells = await page.$$eval(".sw-pane-chart-heatmap svg rect.sw-cell[data-test-case]", (marks) =>
    marks.map((mark) => ({
      testCase: mark.getAttribute("data-test-case"),
      model: mark.closest("[data-model]")?.getAttribute("data-model"),
      fill: (mark as SVGElement).style.fill,
    })),
  );
  expect(cells).toHaveLength(22 * 2);
  expect(cells.filter((cell) => cell.fill === "")).toEqual([]);
  expect(cells.filter((cell) => cell.model === "logistic").map((cell) => cell.testCase)).toContain("test_cases/thin strokes");
  await showChartTab(page, "Δ vs reference", "delta");
  expect(log.errors).toEqual([]);
});

test("light and dark screenshots; dark follows the system preference", async () => {
  await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "light" }]);
  await loadedGalleryImages(page);
  expect(await backgroundLuminance(page, "body")).toBeGreaterThan(0.9);
  await page.screenshot({ path: screenshotPath("report-light"), fullPage: true });

  await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "dark" }]);
  expect(await backgroundLuminance(page, "body")).toBeLessThan(0.15);
  expect(await backgroundLuminance(page, ".sw-pane-table")).toBeLessThan(0.15);
  await page.screenshot({ path: screenshotPath("report-dark"), fullPage: true });
  await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "light" }]);
  expect(refused).toEqual([]);
  expect(log.errors).toEqual([]);
});

test("the Slicer tab works offline under the report's CSP: slices, a worker search, and code to save", async () => {
  const tabs = await page.$$(".sw-dashboard-tabs > .lm-TabBar .lm-TabBar-tab");
  await tabs[1].click();
  await page.waitForSelector('.sw-slicer select[data-role="slice-field"]', { visible: true, timeout: 20_000 });
  await page.select('select[data-role="slice-field"]', "parity");
  // The standard slices by parity already: same name, same seeds, so the same figures as evaluate.
  await page.waitForFunction(
    () =>
      document.querySelectorAll('.sw-slicer-table tr[data-stratification="parity"]').length === 2 &&
      document.querySelector<HTMLElement>(".sw-slicer")?.dataset.complete === "true",
    { timeout: 30_000 },
  );
  const even = await page.$$eval('.sw-slicer-table tr[data-stratification="parity"][data-test-case="even"] td[data-model][data-metric]', (cells) =>
    cells.map((cell) => ({
      model: (cell as HTMLElement).dataset.model!,
      metric: (cell as HTMLElement).dataset.metric!,
      value: Number((cell as HTMLElement).dataset.value),
    })),
  );
  expect(new Set(even.map((cell) => cell.metric))).toEqual(new Set(["Accuracy", "Macro F1", "Mean confidence"]));
  for (const cell of even) expect(Math.abs(cell.value - evaluationRow("parity", "even", cell.model, cell.metric).value!)).toBeLessThanOrEqual(1e-12);
  expect(await page.$eval('[data-role="save-slices"]', (button) => (button as HTMLButtonElement).disabled)).toBe(true);
  await page.select('select[data-role="slice-field"]', "fold");
  await page.waitForFunction(() => document.querySelectorAll('.sw-slicer-table tr[data-stratification="fold"]').length === 5, { timeout: 30_000 });

  await page.click('[data-role="find-worst-slices"]');
  await page.waitForSelector('[data-role="worst-slice"]', { timeout: 20_000 });
  expect(await page.$eval('[data-role="worst-status"]', (status) => status.textContent)).toMatch(/^Tested [\d,]+ slices of 1,797 samples/);

  await page.click('[data-role="save-slices"]');
  await page.waitForSelector('[data-role="save-code"]');
  expect(await page.$eval('[data-role="save-code"]', (code) => code.textContent)).toContain('standard.stratifications.push({"name":"fold","field":"fold"});');
  expect(refused).toEqual([]);
  expect(log.errors).toEqual([]);
});

test("the Embedding map tab works offline: every digit a point, the reference's errors counted, a click's neighbours in the gallery", async () => {
  const tabs = await page.$$(".sw-dashboard-tabs > .lm-TabBar .lm-TabBar-tab");
  expect(await Promise.all(tabs.map((tab) => tab.evaluate((element) => element.textContent)))).toEqual(["Test cases", "Slicer", "Embedding map"]);
  await tabs[2].click();
  await page.waitForSelector(".sw-pane-map canvas", { visible: true, timeout: 20_000 });
  const correct = example.results[example.reference].getChild("correct")!;
  const wrong = Array.from({ length: correct.length }, (_, row) => correct.get(row)).filter((value) => !value).length;
  expect(await page.$eval(".sw-pane-map .sw-map-summary", (summary) => summary.textContent)).toBe(
    `1,797 points: ${wrong} wrong, ${(1797 - wrong).toLocaleString("en-US")} correct.`,
  );
  const canvas = (await (await page.$(".sw-pane-map canvas"))!.boundingBox())!;
  await page.mouse.click(canvas.x + canvas.width / 2, canvas.y + canvas.height / 2);
  await page.waitForSelector(".sw-pane-map [data-role=chosen-count]", { visible: true });
  expect(await page.$eval(".sw-pane-map [data-role=chosen-count]", (text) => text.textContent)).toMatch(
    /^Sample \d+ and its 24 nearest neighbours \(cosine\)$/,
  );
  await page.waitForFunction(() => document.querySelectorAll(".sw-pane-map [data-sample-id]").length === 25, { timeout: 10_000 });
  await page.screenshot({ path: screenshotPath("report-embedding-map") });
  await tabs[0].click();
  expect(refused).toEqual([]);
  expect(log.errors).toEqual([]);
});
