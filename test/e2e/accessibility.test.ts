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
import { loadedGalleryImages, screenshotPath } from "./dashboardDom";
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
let dashboardUrl: string;
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
  dashboardUrl = url;

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

/** What has the keyboard focus: enough to say where a person is and whether a ring shows it. */
interface Focused {
  tag: string;
  text: string;
  role: string | null;
  dataRole: string | null;
  ring: boolean;
}

function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element || element === document.body) return { tag: "body", text: "", role: null, dataRole: null, ring: false };
    const style = getComputedStyle(element);
    const ring = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 1) || style.boxShadow !== "none";
    return {
      tag: element.tagName.toLowerCase(),
      text: (element.getAttribute("aria-label") ?? element.textContent ?? "").trim().slice(0, 60),
      role: element.getAttribute("role"),
      dataRole: element.dataset.role ?? null,
      ring,
    };
  });
}

/** Presses Tab (or Shift+Tab) until the focused element is inside `selector`; fails after `limit` presses. */
async function tabTo(page: Page, selector: string, options: { back?: boolean; limit?: number } = {}): Promise<Focused> {
  for (let presses = 0; presses < (options.limit ?? 60); presses++) {
    if (options.back) {
      await page.keyboard.down("Shift");
      await page.keyboard.press("Tab");
      await page.keyboard.up("Shift");
    } else await page.keyboard.press("Tab");
    if (await page.evaluate((selector) => document.activeElement?.closest(selector) !== null && document.activeElement !== document.body, selector))
      return focused(page);
  }
  throw new Error(`${options.back ? "Shift+Tab" : "Tab"} did not reach ${selector}; the focus is on ${JSON.stringify(await focused(page))}`);
}

/** Tab forward to `selector`, or, when it lies behind the focus, Shift+Tab back to it. */
async function reach(page: Page, selector: string): Promise<Focused> {
  try {
    return await tabTo(page, selector, { limit: 40 });
  } catch {
    return tabTo(page, selector, { back: true, limit: 80 });
  }
}

/** Presses `key` until the focused element is inside `selector`. */
async function pressUntil(page: Page, key: "ArrowDown" | "ArrowRight", selector: string, limit = 40): Promise<Focused> {
  for (let presses = 0; presses < limit; presses++) {
    if (await page.evaluate((selector) => document.activeElement?.closest(selector) != null, selector)) return focused(page);
    await page.keyboard.press(key);
  }
  throw new Error(`${key} did not reach ${selector}; the focus is on ${JSON.stringify(await focused(page))}`);
}

test("keyboard only: a test case row, the gallery following it, the Heatmap, a sample opened, the Slicer's bins slider, a filter chip and the worst slices", async () => {
  const context = await chromium!.browser.createBrowserContext();
  try {
    const page = await context.newPage();
    await page.setViewport({ width: 1400, height: 1000 });
    const log = watchPage(page);
    await page.emulateMediaFeatures([{ name: "prefers-reduced-motion", value: "reduce" }]);
    await page.goto(`${dashboardUrl}/?token=${token}`, { waitUntil: "load" });
    await page.waitForFunction(() => document.querySelectorAll("#dashboard tr[data-test-case]").length > 0, { timeout: 20_000 });
    await page.waitForSelector(".sw-pane-gallery [data-sample-id]", { timeout: 10_000 });
    // Every pointer event the page receives: there must be none.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { pointerEvents: string[] }).pointerEvents = seen;
      for (const type of ["pointerdown", "mousedown", "mouseup", "pointerup"]) document.addEventListener(type, () => seen.push(type), true);
    });

    // The first focusable element is the page's first control.
    await page.keyboard.press("Tab");
    expect(await focused(page)).toMatchObject({ tag: "select", dataRole: "dataset" });

    // The metrics table: one Tab stop, then arrows to the row of digit 8; Enter selects it.
    const inTable = await tabTo(page, ".sw-pane-table tbody");
    expect(inTable.ring).toBe(true);
    await pressUntil(page, "ArrowDown", '.sw-pane-table tr[data-stratification="digit"][data-test-case="8"]');
    expect((await focused(page)).ring).toBe(true);
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.querySelector(".sw-pane-gallery .sw-gallery-count")?.textContent === "174 of 1,797 samples", { timeout: 10_000 });
    expect(await page.$eval('.sw-pane-table tr[data-stratification="digit"][data-test-case="8"]', (row) => row.getAttribute("aria-selected"))).toBe("true");

    // The chart kinds are tabs: Tab reaches the current one, arrows move along, Enter shows the Heatmap.
    const chartTab = await tabTo(page, ".sw-dashboard-charts .lm-TabBar-tab");
    expect(chartTab.ring).toBe(true);
    for (let presses = 0; presses < 6 && (await focused(page)).text !== "Heatmap"; presses++) await page.keyboard.press("ArrowRight");
    expect((await focused(page)).text).toBe("Heatmap");
    await page.keyboard.press("Enter");
    await page.waitForSelector(".sw-pane-chart-heatmap:not(.lm-mod-hidden) svg [data-test-case]", { visible: true, timeout: 10_000 });

    // The gallery scrolls from the keyboard: a card takes the focus, an arrow moves it, Enter opens the sample, Escape closes it.
    await tabTo(page, ".sw-pane-gallery .sw-gallery-card");
    expect((await focused(page)).ring).toBe(true);
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("Enter");
    await page.waitForSelector(".sw-pane-gallery [role=dialog]", { visible: true, timeout: 10_000 });
    await page.keyboard.press("Escape");
    await page.waitForFunction(() => document.querySelector(".sw-pane-gallery [role=dialog]") === null, { timeout: 10_000 });

    // Back to the dashboard's tabs, over to the Slicer.
    await tabTo(page, ".sw-dashboard-tabs > .lm-TabBar .lm-TabBar-tab", { back: true, limit: 120 });
    for (let presses = 0; presses < 3 && (await focused(page)).text !== "Slicer"; presses++) await page.keyboard.press("ArrowRight");
    expect((await focused(page)).text).toBe("Slicer");
    await page.keyboard.press("Enter");
    await page.waitForSelector('.sw-slicer select[data-role="slice-field"]', { visible: true, timeout: 20_000 });

    // Slice by ink (a numeric field, so it has bins), by typing its name into the field's select.
    await tabTo(page, '.sw-slicer select[data-role="slice-field"]');
    await page.keyboard.type("ink");
    await page.waitForSelector('.sw-slicer input[data-role="slice-bins"]', { visible: true, timeout: 20_000 });
    const slider = await tabTo(page, '.sw-slicer input[data-role="slice-bins"]');
    expect(slider.ring).toBe(true);
    const bins = await page.$eval('input[data-role="slice-bins"]', (input) => Number((input as HTMLInputElement).value));
    const edges = await page.$eval('[data-role="slice-edges"]', (element) => element.textContent);
    await page.keyboard.press("ArrowRight");
    expect(await page.$eval('input[data-role="slice-bins"]', (input) => Number((input as HTMLInputElement).value))).toBe(bins + 1);
    // The slices follow: new bin edges, and a row more of ink's slices.
    await page.waitForFunction((edges) => document.querySelector('[data-role="slice-edges"]')?.textContent !== edges, { timeout: 30_000 }, edges);

    // A filter chip: the field typed into its select, a value typed, Enter adds the chip.
    await reach(page, '.sw-slicer select[data-role="filter-field"]');
    await page.keyboard.type("label");
    expect(await page.$eval('select[data-role="filter-field"]', (select) => (select as HTMLSelectElement).value)).toBe("label");
    await reach(page, '.sw-slicer input[data-role="filter-value"]');
    await page.keyboard.type("8");
    await page.keyboard.press("Enter");
    await page.waitForSelector('[data-role="filter-chip"]', { timeout: 10_000 });
    expect(await page.$eval('[data-role="filter-chip"]', (chip) => chip.textContent)).toContain("label");

    // Find the worst slices with Enter on the button.
    const find = await reach(page, '[data-role="find-worst-slices"]');
    expect(find.ring).toBe(true);
    await page.keyboard.press("Enter");
    await page.waitForSelector('[data-role="worst-slice"]', { timeout: 30_000 });
    expect(await page.$eval('[data-role="worst-status"]', (status) => status.textContent)).toMatch(/^Tested [\d,]+ slices of 174 samples/); // the 174 eights the chip keeps

    expect(await page.evaluate(() => (window as unknown as { pointerEvents: string[] }).pointerEvents)).toEqual([]);
    expect(log.errors).toEqual([]);
  } finally {
    await context.close();
  }
}, 120_000);

// 200% zoom of a 1280 px wide window is a 640 px wide viewport at twice the pixel density. The page
// itself must not scroll sideways (a wide table or chart may scroll inside its own pane).
test.each([
  ["dashboard", () => dashboard],
  ["report", () => reportPage],
])("at 200%% zoom the %s does not scroll sideways; screenshots light and dark", async (name, page) => {
  const target = page();
  await target.bringToFront();
  await target.setViewport({ width: 640, height: 900, deviceScaleFactor: 2 });
  try {
    for (const theme of themes) {
      await target.emulateMediaFeatures([
        { name: "prefers-color-scheme", value: theme },
        { name: "prefers-reduced-motion", value: "reduce" },
      ]);
      await loadedGalleryImages(target);
      const overflow = await target.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
      await target.screenshot({ path: screenshotPath(`${name}-zoom200-${theme}`), fullPage: true });
      expect(overflow.scrollWidth).toBeLessThanOrEqual(overflow.clientWidth);
    }
  } finally {
    await target.setViewport({ width: 1400, height: 1000 });
  }
});

test("prefers-reduced-motion turns the gallery cards' transitions off", async () => {
  await dashboard.bringToFront();
  const duration = async (motion: "reduce" | "no-preference") => {
    await dashboard.emulateMediaFeatures([{ name: "prefers-reduced-motion", value: motion }]);
    return dashboard.$eval(".sw-pane-gallery .sw-gallery-card", (card) => getComputedStyle(card).transitionDuration);
  };
  expect(await duration("no-preference")).toBe("0.08s, 0.08s");
  expect(await duration("reduce")).toBe("0s");
});
