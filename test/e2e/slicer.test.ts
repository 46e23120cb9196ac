// The Slicer as a person uses it, against a real `slicewise serve` (the compiled CLI, a token, the
// digits on disk): open the Slicer tab, pick a field, drag the bins slider, add a second field,
// search the worst slices, save a slicing and a found slice — then a fresh evaluate over HTTP
// lists the saved test cases with the very numbers the page showed.
import { join } from "node:path";
import { Page } from "puppeteer-core";
import { connect, Workspace } from "../../src/client";
import { EvaluationRow, evaluationRowsFromTable } from "../../src/core";
import { ChildRun, killAllChildren, startChild, withoutSlicewiseSettings } from "../helpers/childProcess";
import { cliPath, ensureCompiledLibrary, repositoryRoot } from "../helpers/compiledLibrary";
import { makeTemporaryDirectory, removeTemporaryDirectory } from "../helpers/temporaryDirectory";
import { LaunchedBrowser, PageLog, launchChromium, watchPage } from "./browser";
import { backgroundLuminance, screenshotPath } from "./dashboardDom";
import { digitsDataset, uploadDigitsExample } from "./digitsWorkspace";

const token = "slicer-secret";
const models = ["nearest-centroid", "knn", "logistic"];

let directory: string | undefined;
let server: ChildRun | undefined;
let url: string;
let chromium: LaunchedBrowser | undefined;
let page: Page;
let log: PageLog;
let client: Workspace | undefined;

beforeAll(async () => {
  ensureCompiledLibrary();
  directory = makeTemporaryDirectory("slicewise-slicer-e2e-");
  const data = join(directory, "data");
  const uploaded = await uploadDigitsExample(data);
  await uploaded.workspace.close();
  server = startChild(process.execPath, [cliPath, "serve", "--data", data, "--port", "0", "--token", token], {
    cwd: repositoryRoot,
    env: withoutSlicewiseSettings(),
  });
  [, url] = await server.waitForLine(/^slicewise listening on (http:\/\/\S+)$/, 20_000);
  client = await connect({ url, token });
  chromium = await launchChromium();
  page = await chromium.browser.newPage();
  await page.setViewport({ width: 1400, height: 1100 });
  log = watchPage(page);
  // The token as if typed on an earlier visit (the dashboard test covers typing it).
  await page.evaluateOnNewDocument((value) => sessionStorage.setItem("slicewise-token", value), token);
}, 120_000);

afterAll(async () => {
  await client?.close();
  await chromium?.close();
  if (server?.process.exitCode === null) {
    server.process.kill("SIGTERM");
    await server.exited;
  }
  await killAllChildren();
  removeTemporaryDirectory(directory);
});

/** `stratification/test case` of the slicer's table rows. */
const sliceRows = (target: Page) =>
  target.$$eval(".sw-slicer-table tr[data-test-case]", (rows) =>
    rows.map((row) => `${(row as HTMLElement).dataset.stratification}/${(row as HTMLElement).dataset.testCase}`),
  );

/** Waits until the slicer's table has `count` rows and its bootstraps are done. */
const settled = (target: Page, count: number) =>
  target.waitForFunction(
    (count) =>
      document.querySelectorAll(".sw-slicer-table tr[data-test-case]").length === count &&
      document.querySelector<HTMLElement>(".sw-slicer")?.dataset.complete === "true",
    { timeout: 30_000 },
    count,
  );

test("the Slicer tab slices by a picked field; dragging the bins slider re-slices as it moves", async () => {
  await page.goto(`${url}/`, { waitUntil: "load" });
  await page.waitForFunction(() => document.querySelectorAll("#dashboard tr[data-test-case]").length > 0, { timeout: 30_000 });
  const tabs = await page.$$(".sw-dashboard-tabs > .lm-TabBar .lm-TabBar-tab");
  expect(await Promise.all(tabs.map((tab) => tab.evaluate((element) => element.textContent)))).toEqual(["Test cases", "Slicer", "Embedding map"]);
  await tabs[1].click();
  await page.waitForSelector('.sw-slicer select[data-role="slice-field"]', { visible: true, timeout: 20_000 });
  // The dataset's columns but its id and the image bytes.
  expect(await page.$$eval('select[data-role="slice-field"] option', (options) => options.map((option) => (option as HTMLOptionElement).value))).toEqual([
    "label",
    "parity",
    "ink",
    "area",
    "width",
    "fold",
  ]);

  await page.select('select[data-role="slice-field"]', "ink");
  await page.waitForSelector('select[data-role="slice-method"]');
  await page.select('select[data-role="slice-method"]', "equal-width");
  await settled(page, 1 + 5);
  // "ink" is a stratification of the standard already: the slicer's is "ink (2)".
  expect((await sliceRows(page)).slice(0, 2)).toEqual(["dataset/all", "ink (2)/(-∞, 234.6)"]);

  // Drag the slider's thumb from 5 bins to its right end (20): the table follows.
  const slider = (await page.$('input[data-role="slice-bins"]'))!;
  const box = (await slider.boundingBox())!;
  const thumbAt = (bins: number) => box.x + 8 + ((box.width - 16) * (bins - 2)) / 18;
  await page.mouse.move(thumbAt(5), box.y + box.height / 2);
  await page.mouse.down();
  for (let step = 1; step <= 10; step++) await page.mouse.move(thumbAt(5) + ((thumbAt(20) - thumbAt(5)) * step) / 10, box.y + box.height / 2);
  await page.mouse.up();
  expect(await page.$eval('input[data-role="slice-bins"]', (input) => (input as HTMLInputElement).value)).toBe("20");
  await settled(page, 1 + 20);
  expect(await page.$eval('[data-role="slice-edges"]', (edges) => edges.textContent!.split(" · ").length)).toBe(19);
  const updateMs = Number(await page.$eval(".sw-slicer", (slicer) => (slicer as HTMLElement).dataset.updateMs));
  expect(updateMs).toBeGreaterThan(0);

  // Back to four bins with the keyboard, then cross with parity: 4 × 2 explicit test cases.
  await page.focus('input[data-role="slice-bins"]');
  for (let i = 0; i < 16; i++) await page.keyboard.press("ArrowLeft");
  await settled(page, 1 + 4);
  await page.select('select[data-role="slice-field-2"]', "parity");
  await page.waitForFunction(
    () =>
      document.querySelectorAll('.sw-slicer-table tr[data-stratification="test_cases"]').length > 0 &&
      document.querySelector<HTMLElement>(".sw-slicer")?.dataset.complete === "true",
    {
      timeout: 30_000,
    },
  );
  // Four ink bins × two parities, less the combinations without a digit.
  const crossed = (await sliceRows(page)).slice(1);
  expect(crossed.length).toBeGreaterThanOrEqual(6);
  expect(crossed.length).toBeLessThanOrEqual(8);
  for (const key of crossed) expect(key).toMatch(/^test_cases\/ink in [[(][^)]*\) and parity = (even|odd)$/);
  await page.select('select[data-role="slice-field-2"]', "");
  await settled(page, 1 + 4);
  expect(log.errors).toEqual([]);
}, 120_000);

test("worst slices run in a worker and list the slices with q-values", async () => {
  await page.select('select[data-role="worst-model"]', "nearest-centroid");
  await page.select('select[data-role="worst-mode"]', "underperforms");
  await page.click('[data-role="find-worst-slices"]');
  await page.waitForSelector('[data-role="worst-slice"]', { timeout: 20_000 });
  const found = await page.$$eval('[data-role="worst-slice"]', (rows) =>
    rows.map((row) => ({ label: (row as HTMLElement).dataset.label!, q: Number((row as HTMLElement).dataset.qValue) })),
  );
  expect(found.length).toBeGreaterThan(0);
  // Nearest-centroid's errors are not spread evenly over the digits: the worst slices are significant.
  expect(found[0].q).toBeLessThan(0.05);
  expect(await page.$eval('[data-role="worst-status"]', (status) => status.textContent)).toMatch(/^Tested [\d,]+ slices of 1,797 samples in \d+\.\d\d s/);
  // The search ran in a Web Worker made from a blob: URL.
  expect(log.requests.some((request) => request.startsWith("blob:"))).toBe(true);
}, 60_000);

test("saving the slicing and a found slice over HTTP: a fresh evaluate lists them with the page's numbers", async () => {
  // The four-bin ink slicing as shown.
  const shown = await page.$$eval(".sw-slicer-table tr[data-test-case] td[data-model][data-metric]", (cells) =>
    cells.map((cell) => {
      const row = (cell as HTMLElement).closest("tr")!;
      return {
        key: `${row.dataset.stratification}/${row.dataset.testCase}/${(cell as HTMLElement).dataset.model}/${(cell as HTMLElement).dataset.metric}`,
        value: (cell as HTMLElement).dataset.value!,
      };
    }),
  );
  await page.click('[data-role="save-slices"]');
  await page.waitForFunction(
    () => /^Saved the stratification "ink \(2\)"/.test(document.querySelector(".sw-slicer > .sw-save-box .sw-save-message")?.textContent ?? ""),
    { timeout: 20_000 },
  );

  const savedNames = (await sliceRows(page)).filter((key) => key.startsWith("ink (2)/"));
  expect(savedNames).toHaveLength(4);
  const firstFound = await page.$eval('[data-role="worst-slice"]', (row) => (row as HTMLElement).dataset.label!);
  await page.click('[data-role="worst-slice"] input[type="checkbox"]');
  await page.click('[data-role="save-worst-slices"]');
  await page.waitForFunction(() => /^Saved the test case/.test(document.querySelector(".sw-slicer-worst .sw-save-box .sw-save-message")?.textContent ?? ""), {
    timeout: 20_000,
  });

  const rows: EvaluationRow[] = evaluationRowsFromTable(await client!.evaluate(digitsDataset, { models, reference: "nearest-centroid" }));
  const testCases = [...new Set(rows.map((row) => `${row.stratification}/${row.test_case}`))];
  expect(testCases.filter((key) => key.startsWith("ink (2)/"))).toEqual(savedNames);
  expect(testCases).toContain(`test_cases/${firstFound}`);
  // Values as the page computed them (q-values differ: the platform's family is every test case).
  for (const { key, value } of shown.filter((cell) => cell.key.startsWith("ink (2)/"))) {
    const row = rows.find((candidate) => `${candidate.stratification}/${candidate.test_case}/${candidate.model}/${candidate.metric}` === key)!;
    expect(Math.abs(Number(value) - row.value!)).toBeLessThanOrEqual(1e-12);
  }
  expect(log.errors).toEqual([]);
}, 90_000);

test("a second worst-slice search starts with nothing checked, and its save button hidden until a slice is checked", async () => {
  expect(await page.$eval('[data-role="save-worst-slices"]', (button) => (button as HTMLButtonElement).hidden)).toBe(false);
  await page.$eval('[data-role="worst-status"]', (status) => (status.textContent = ""));
  await page.click('[data-role="find-worst-slices"]');
  await page.waitForFunction(() => /^Tested /.test(document.querySelector('[data-role="worst-status"]')?.textContent ?? ""), { timeout: 30_000 });
  expect(await page.$$eval('[data-role="worst-slice"] input[type="checkbox"]:checked', (boxes) => boxes.length)).toBe(0);
  expect(await page.$eval('[data-role="save-worst-slices"]', (button) => (button as HTMLButtonElement).hidden)).toBe(true);
  await page.click('[data-role="worst-slice"] input[type="checkbox"]');
  expect(await page.$eval('[data-role="save-worst-slices"]', (button) => (button as HTMLButtonElement).hidden)).toBe(false);
}, 60_000);

test("light and dark screenshots of the slicer", async () => {
  await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "light" }]);
  await page.screenshot({ path: screenshotPath("slicer-light"), fullPage: true });
  await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "dark" }]);
  expect(await backgroundLuminance(page, ".sw-slicer")).toBeLessThan(0.15);
  await page.screenshot({ path: screenshotPath("slicer-dark"), fullPage: true });
  await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "light" }]);
});
