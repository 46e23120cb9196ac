// WCAG 2.1 AA as axe-core judges it (issue 16): the dashboard `slicewise serve` serves (both tabs) and
// an exported report, each in the light and the dark theme, must have no violation of impact serious
// or critical. Each page is audited once it has drawn its table, chart and gallery.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Page } from "puppeteer-core";
import { report } from "../../src/export/report";
import { ChildRun, killAllChildren, startChild, withoutSlicewiseSettings } from "../helpers/childProcess";
import { cliPath, ensureCompiledLibrary, repositoryRoot } from "../helpers/compiledLibrary";
import { makeTemporaryDirectory, removeTemporaryDirectory } from "../helpers/temporaryDirectory";
import { AxeViolation, axeViolations, describeViolations, structureRules, violationCounts } from "./axe";
import { LaunchedBrowser, PageLog, launchChromium, watchPage } from "./browser";
import { loadedGalleryImages } from "./dashboardDom";
import { digitsDataset, uploadDigitsExample } from "./digitsWorkspace";

const token = "secret";
const readyLine = /^slicewise listening on (http:\/\/\S+)$/;
const themes = ["light", "dark"] as const;

let directory: string | undefined;
let server: ChildRun | undefined;
let chromium: LaunchedBrowser | undefined;
let dashboard: Page;
let reportPage: Page;
let dashboardLog: PageLog;
let reportLog: PageLog;

async function audit(page: Page, name: string, theme: (typeof themes)[number]): Promise<AxeViolation[]> {
  // A page in a background tab has its timers throttled, and axe runs on timers.
  await page.bringToFront();
  // Reduced motion turns the gallery cards' colour transition off, so nothing is caught mid-fade.
  await page.emulateMediaFeatures([
    { name: "prefers-color-scheme", value: theme },
    { name: "prefers-reduced-motion", value: "reduce" },
  ]);
  const all = await axeViolations(page);
  const violations = all.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
  const moderate = all.filter((violation) => !violations.includes(violation));
  console.log(
    `axe ${name}, ${theme}: ${JSON.stringify(violationCounts(violations))}; moderate or minor: ${JSON.stringify(violationCounts(moderate))}\n${describeViolations(all)}`,
  );
  return violations;
}

async function showDashboardTab(page: Page, index: number): Promise<void> {
  await page.bringToFront();
  const tabs = await page.$$(".sw-dashboard-tabs > .lm-TabBar .lm-TabBar-tab");
  await tabs[index].click();
}

beforeAll(async () => {
  ensureCompiledLibrary();
  const runtime = join(repositoryRoot, "dist", "slicewise-runtime.js");
  if (!existsSync(runtime)) throw new Error(`${runtime} is missing; run \`npm run build\` before the e2e tests`);
  directory = makeTemporaryDirectory("slicewise-accessibility-e2e-");
  const data = join(directory, "data");
  const uploaded = await uploadDigitsExample(data);
  const reportPath = join(directory, "digits-report.html");
  try {
    await report(uploaded.workspace, { dataset: digitsDataset, models: uploaded.example.models, reference: uploaded.example.reference, out: reportPath });
  } finally {
    await uploaded.workspace.close();
  }
  server = startChild(process.execPath, [cliPath, "serve", "--data", data, "--port", "0", "--token", token], {
    cwd: repositoryRoot,
    env: withoutSlicewiseSettings(),
  });
  const [, url] = await server.waitForLine(readyLine, 20_000);

  chromium = await launchChromium();
  dashboard = await chromium.browser.newPage();
  await dashboard.setViewport({ width: 1400, height: 1000 });
  dashboardLog = watchPage(dashboard);
  await dashboard.goto(`${url}/?token=${token}`, { waitUntil: "load" });
  await dashboard.waitForFunction(
    () => /datapoints/.test(document.getElementById("status")?.textContent ?? "") && document.querySelectorAll("#dashboard tr[data-test-case]").length > 0,
    { timeout: 20_000 },
  );
  await dashboard.waitForSelector(".sw-pane-chart-delta svg rect.sw-bar[data-test-case]", { timeout: 10_000 });
  await loadedGalleryImages(dashboard);

  reportPage = await chromium.browser.newPage();
  await reportPage.setViewport({ width: 1400, height: 1000 });
  reportLog = watchPage(reportPage);
  await reportPage.goto(pathToFileURL(reportPath).href, { waitUntil: "load" });
  await reportPage.waitForSelector(".sw-pane-chart-delta svg rect.sw-bar[data-test-case]", { timeout: 15_000 });
  await loadedGalleryImages(reportPage);
}, 120_000);

afterAll(async () => {
  await chromium?.close();
  if (server && server.process.exitCode === null && server.process.signalCode === null) server.process.kill("SIGTERM");
  if (server) await server.exited;
  await killAllChildren();
  removeTemporaryDirectory(directory);
});

describe.each(themes)("%s theme", (theme) => {
  test("the served dashboard, test cases tab: no serious or critical violation", async () => {
    await showDashboardTab(dashboard, 0);
    const violations = await audit(dashboard, "dashboard test cases", theme);
    expect(violationCounts(violations)).toEqual({});
  });

  test("the served dashboard, Slicer tab: no serious or critical violation", async () => {
    await showDashboardTab(dashboard, 1);
    await dashboard.waitForSelector('.sw-slicer select[data-role="slice-field"]', { visible: true, timeout: 20_000 });
    await dashboard.waitForFunction(() => document.querySelector<HTMLElement>(".sw-slicer")?.dataset.complete === "true", { timeout: 30_000 });
    const violations = await audit(dashboard, "dashboard Slicer", theme);
    await showDashboardTab(dashboard, 0);
    expect(violationCounts(violations)).toEqual({});
  });

  test("the exported report: no serious or critical violation", async () => {
    const violations = await audit(reportPage, "report", theme);
    expect(violationCounts(violations)).toEqual({});
  });
});

// Landmarks and headings (axe's best-practice rules): everything inside a landmark, one main, headings in order.
test.each([
  ["the served dashboard", () => dashboard],
  ["the exported report", () => reportPage],
])("%s: content in landmarks, one main, headings that do not skip a level", async (name, page) => {
  await page().bringToFront();
  for (const tab of name === "the served dashboard" ? [0, 1] : [0]) {
    if (name === "the served dashboard") await showDashboardTab(page(), tab);
    const violations = await axeViolations(page(), undefined, structureRules);
    console.log(`axe structure, ${name}, tab ${tab}: ${JSON.stringify(violationCounts(violations))}\n${describeViolations(violations)}`);
    expect(violationCounts(violations)).toEqual({});
  }
  if (name === "the served dashboard") await showDashboardTab(page(), 0);
});

test("the pages logged no error while audited", () => {
  expect(dashboardLog.errors).toEqual([]);
  expect(reportLog.errors).toEqual([]);
});
