// The dashboard page of `slicewise serve` as a person uses it: the compiled CLI serving a data
// directory that already holds the digits example, behind a token; Chromium opens `/`, is asked
// for the token, gets the dashboard, re-evaluates with one model left out, and is photographed in
// light and dark; SIGTERM then stops the server.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { HTTPRequest, Page } from "puppeteer-core";
import { DigitsExample } from "../../examples/digits";
import { EvaluationRow, evaluationRowsFromTable } from "../../src/core";
import { ChildRun, killAllChildren, startChild, withoutSlicewiseSettings } from "../helpers/childProcess";
import { cliPath, ensureCompiledLibrary, repositoryRoot } from "../helpers/compiledLibrary";
import { makeTemporaryDirectory, removeTemporaryDirectory } from "../helpers/temporaryDirectory";
import { LaunchedBrowser, PageLog, launchChromium, watchPage } from "./browser";
import { backgroundLuminance, galleryCount, loadedGalleryImages, screenshotPath, tableCells, tableTestCases } from "./dashboardDom";
import { digitsDataset, uploadDigitsExample } from "./digitsWorkspace";

const token = "secret";
const readyLine = /^slicewise listening on (http:\/\/\S+)$/;
const unauthorisedResource = "Failed to load resource: the server responded with a status of 401 (Unauthorized)";

let directory: string | undefined;
let server: ChildRun | undefined;
let url: string;
let chromium: LaunchedBrowser | undefined;
let page: Page;
let log: PageLog;
let example: DigitsExample;
/** The evaluation of knn against nearest-centroid only, reference nearest-centroid (what the page asks for after unticking logistic). */
let twoModels: EvaluationRow[];
/** Every API request the page made: method, path, whether it carried the token, body. */
const apiRequests: { method: string; path: string; authorised: boolean; body?: string }[] = [];

/** The environment without SLICEWISE_* settings, so that only the flags given count. */
const cleanEnvironment = () => withoutSlicewiseSettings();

function recordApiRequests(target: Page, into: typeof apiRequests): void {
  target.on("request", (request: HTTPRequest) => {
    const address = new URL(request.url());
    if (!address.pathname.startsWith("/api/")) return;
    into.push({
      method: request.method(),
      path: address.pathname,
      authorised: request.headers().authorization === `Bearer ${token}`,
      body: request.postData(),
    });
  });
}

function statusText(target: Page): Promise<string> {
  return target.$eval("#status", (status) => status.textContent ?? "");
}

function waitForDashboard(target: Page) {
  return target.waitForFunction(
    () => /datapoints/.test(document.getElementById("status")?.textContent ?? "") && document.querySelectorAll("#dashboard tr[data-test-case]").length > 0,
    { timeout: 20_000 },
  );
}

/** Sends SIGTERM (once) and waits for the exit, up to `timeoutMs`; SIGKILLs after that. */
async function stopServer(run: ChildRun, timeoutMs = 10_000) {
  if (run.process.exitCode === null && run.process.signalCode === null) run.process.kill("SIGTERM");
  const timer = new Promise<null>((resolve) => setTimeout(() => resolve(null), timeoutMs).unref());
  const exit = await Promise.race([run.exited, timer]);
  if (exit === null) await run.kill();
  return exit;
}

beforeAll(async () => {
  ensureCompiledLibrary();
  const runtime = join(repositoryRoot, "dist", "slicewise-runtime.js");
  if (!existsSync(runtime)) throw new Error(`${runtime} is missing; run \`npm run build\` before the e2e tests`);
  directory = makeTemporaryDirectory("slicewise-dashboard-e2e-");
  const data = join(directory, "data");
  // Only one process may open the store: load it here, close it, then hand it to the server.
  const uploaded = await uploadDigitsExample(data);
  example = uploaded.example;
  try {
    twoModels = evaluationRowsFromTable(
      await uploaded.workspace.evaluate(digitsDataset, { models: ["nearest-centroid", "knn"], reference: "nearest-centroid" }),
    );
  } finally {
    await uploaded.workspace.close();
  }

  server = startChild(process.execPath, [cliPath, "serve", "--data", data, "--port", "0", "--token", token], { cwd: repositoryRoot, env: cleanEnvironment() });
  [, url] = await server.waitForLine(readyLine, 20_000);

  chromium = await launchChromium();
  page = await chromium.browser.newPage();
  await page.setViewport({ width: 1400, height: 1000 });
  log = watchPage(page);
  recordApiRequests(page, apiRequests);
}, 120_000);

afterAll(async () => {
  await chromium?.close();
  if (server) await stopServer(server);
  await killAllChildren();
  removeTemporaryDirectory(directory);
});

test("the page asks for the token once the API answers 401", async () => {
  await page.goto(`${url}/`, { waitUntil: "load" });
  await page.waitForSelector("#token-box", { visible: true, timeout: 10_000 });
  expect(await statusText(page)).toContain("[unauthorized]");
  expect(await page.$eval("#status", (status) => status.className)).toBe("sw-page-status sw-error");
  expect(await page.$$("#dashboard tr[data-test-case]")).toHaveLength(0);
  expect(apiRequests).toEqual([{ method: "GET", path: "/api/v1/datasets", authorised: false, body: undefined }]);
  expect(log.errors).toEqual([unauthorisedResource]);
});

test("with the token typed, the dashboard shows the 22 test cases, the chart and the gallery of 1,797 datapoints", async () => {
  await page.type("#token", token);
  await page.keyboard.press("Tab");
  await waitForDashboard(page);

  expect(await page.$eval("#token-box", (box) => (box as HTMLElement).hidden)).toBe(true);
  const status = await statusText(page);
  expect(status).toMatch(/^digits \(commit 1\): 1,797 datapoints, 0 left out; reference nearest-centroid\. \d+ ms\.$/);
  // The models come from the server in upload order; all are ticked and the first is the reference.
  expect(
    await page.$$eval("input[data-role=model]", (inputs) =>
      inputs.map((input) => `${(input as HTMLInputElement).value}:${(input as HTMLInputElement).checked}`),
    ),
  ).toEqual(["nearest-centroid:true", "knn:true", "logistic:true"]);

  expect(await tableTestCases(page)).toHaveLength(22);
  const cells = await tableCells(page, "dataset", "all");
  expect(new Set(cells.map((cell) => cell.model))).toEqual(new Set(example.models));
  await page.waitForSelector(".sw-pane-chart-delta svg rect.sw-bar[data-test-case]", { timeout: 10_000 });
  expect(await page.$$(".sw-pane-chart-delta svg rect.sw-bar[data-test-case]")).toHaveLength(22 * 2);
  expect(await galleryCount(page)).toBe("1,797 samples");
  const cards = await loadedGalleryImages(page);
  expect(cards.length).toBeGreaterThan(0);
  expect(cards.filter((card) => card.naturalWidth === 0)).toEqual([]);

  const afterToken = apiRequests.slice(1);
  expect(afterToken.map((request) => `${request.method} ${request.path}`)).toEqual([
    "GET /api/v1/datasets",
    "GET /api/v1/datasets/digits",
    // The standard first: it says whether to ask for detection charts, and the map's classes.
    "GET /api/v1/datasets/digits/quality-standard",
    "POST /api/v1/datasets/digits/evaluate",
    "POST /api/v1/datasets/digits/samples",
    // The digits have an embedding column: the dashboard's "Embedding map" tab.
    "POST /api/v1/datasets/digits/projection",
  ]);
  expect(afterToken.filter((request) => !request.authorised)).toEqual([]);
  expect(log.errors).toEqual([unauthorisedResource]);
});

test("unticking logistic and pressing Evaluate leaves knn and nearest-centroid in the table", async () => {
  const before = apiRequests.length;
  await page.click('input[data-role=model][value="logistic"]');
  await page.click("#evaluate");
  await page.waitForFunction(
    () => {
      const models = new Set(
        Array.from(document.querySelectorAll<HTMLElement>('#dashboard tr[data-test-case="all"] td[data-model]'), (cell) => cell.dataset.model),
      );
      return models.size === 2 && !models.has("logistic") && /datapoints/.test(document.getElementById("status")?.textContent ?? "");
    },
    { timeout: 20_000 },
  );

  const evaluate = apiRequests.slice(before).find((request) => request.path === "/api/v1/datasets/digits/evaluate");
  expect(JSON.parse(evaluate!.body!)).toEqual({ models: ["nearest-centroid", "knn"], reference: "nearest-centroid" });
  expect(new URL(page.url()).searchParams.get("models")).toBe("nearest-centroid,knn");

  const cells = await tableCells(page, "dataset", "all");
  expect(cells.filter((cell) => cell.metric === "Accuracy").map((cell) => cell.model)).toEqual(["nearest-centroid", "knn"]);
  for (const cell of cells) {
    const expected = twoModels.find(
      (row) => row.stratification === "dataset" && row.test_case === "all" && row.model === cell.model && row.metric === cell.metric,
    )!;
    // The page and this evaluation ran separately: sums agree to rounding, not always to the last bit.
    expect(Math.abs(Number(cell.value) - expected.value!)).toBeLessThanOrEqual(1e-12);
    expect(cell.verdict).toBe(cell.model === "nearest-centroid" ? null : (expected.verdict ?? "unknown"));
  }
  expect(cells.find((cell) => cell.model === "knn" && cell.metric === "Accuracy")!.verdict).toBe("improved");
  // One panel of delta bars now: knn against nearest-centroid.
  await page.waitForSelector(".sw-pane-chart-delta svg rect.sw-bar[data-test-case]", { timeout: 10_000 });
  expect(await page.$$(".sw-pane-chart-delta svg rect.sw-bar[data-test-case]")).toHaveLength(22);
  expect(await page.$$eval("#dashboard .sw-dashboard", (dashboards) => dashboards.length)).toBe(1);
  expect(log.errors).toEqual([unauthorisedResource]);
});

test("light and dark screenshots; dark follows the system preference", async () => {
  await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "light" }]);
  await loadedGalleryImages(page);
  expect(await backgroundLuminance(page, "body")).toBeGreaterThan(0.9);
  await page.screenshot({ path: screenshotPath("dashboard-light"), fullPage: true });
  await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "dark" }]);
  expect(await backgroundLuminance(page, "body")).toBeLessThan(0.15);
  await page.screenshot({ path: screenshotPath("dashboard-dark"), fullPage: true });
  await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "light" }]);
});

// The page styles Evaluate as its one primary action (accent background, white text); the
// runtime's `.slicewise button.sw-button` rule must not paint over it.
test("the Evaluate button is painted as the primary action", async () => {
  await page.mouse.move(5, 995);
  const paint = await page.$eval("#evaluate", (button) => {
    const probe = document.createElement("span");
    probe.style.color = getComputedStyle(document.body).getPropertyValue("--sw-accent");
    document.body.append(probe);
    const accent = getComputedStyle(probe).color;
    probe.remove();
    const style = getComputedStyle(button);
    return { background: style.backgroundColor, color: style.color, accent };
  });
  expect(paint.accent).toBe("rgb(9, 105, 218)");
  expect(paint).toEqual({ background: paint.accent, color: "rgb(255, 255, 255)", accent: paint.accent });
});

test("two gallery cards chosen with the keyboard save as a test case of their ids, to this server, as version 2", async () => {
  const card = (position: number) => `.sw-pane-gallery .sw-gallery-card[data-position="${position}"]`;
  await page.focus(card(0));
  await page.keyboard.press("Space");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Space");
  expect(await page.$eval(".sw-pane-gallery .sw-gallery-save", (button) => button.textContent)).toBe("Save 2 chosen samples as a test case");
  await page.click(".sw-pane-gallery .sw-gallery-save");
  await page.keyboard.type("two picked");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => /as version/.test(document.querySelector(".sw-pane-gallery .sw-save-message")?.textContent ?? ""), { timeout: 10_000 });
  expect(await page.$eval(".sw-pane-gallery .sw-save-message", (message) => message.textContent)).toMatch(
    /^Saved the test case "two picked" \(2 samples\) to digits's quality standard as version 2\./,
  );
  const put = apiRequests.filter((request) => request.method === "PUT" && request.path.endsWith("/quality-standard")).at(-1)!;
  // The samples come in id order: the cards at positions 0 and 2 are images 0 and 2.
  expect(put.authorised).toBe(true);
  expect(JSON.parse(put.body!).test_cases.at(-1)).toEqual({ name: "two picked", ids: [0, 2] });
});

// Pressing Enter is how most people finish typing a password. The token box sits inside the
// controls form, so Enter also submits it and evaluate() runs before any dataset is listed.
test("pressing Enter in the token box loads the dashboard without requesting an empty dataset", async () => {
  const context = await chromium!.browser.createBrowserContext();
  try {
    const fresh = await context.newPage();
    await fresh.setViewport({ width: 1400, height: 1000 });
    const freshLog = watchPage(fresh);
    const requests: typeof apiRequests = [];
    recordApiRequests(fresh, requests);
    await fresh.goto(`${url}/`, { waitUntil: "load" });
    await fresh.waitForSelector("#token-box", { visible: true, timeout: 10_000 });
    await fresh.type("#token", token);
    await fresh.keyboard.press("Enter");
    await waitForDashboard(fresh);
    expect(await statusText(fresh)).toMatch(/1,797 datapoints/);
    expect(requests.filter((request) => request.path.includes("//"))).toEqual([]);
    expect(freshLog.errors).toEqual([unauthorisedResource]);
  } finally {
    await context.close();
  }
});

test("the address the server prints (with ?token=) opens the dashboard with no typing, and the token leaves the address bar", async () => {
  const context = await chromium!.browser.createBrowserContext();
  try {
    const fresh = await context.newPage();
    await fresh.setViewport({ width: 1400, height: 1000 });
    const freshLog = watchPage(fresh);
    await fresh.goto(`${url}/?token=${token}`, { waitUntil: "load" });
    await waitForDashboard(fresh);
    expect(await fresh.$eval("#token-box", (box) => (box as HTMLElement).hidden)).toBe(true);
    expect(new URL(fresh.url()).searchParams.get("token")).toBeNull();
    // Nothing the page's Content-Security-Policy refused, and no 401 on the way.
    expect(freshLog.errors).toEqual([]);
  } finally {
    await context.close();
  }
});

test("SIGTERM stops the server: it exits 0 and stops answering", async () => {
  const exit = await stopServer(server!);
  expect(exit).toEqual({ code: 0, signal: null });
  expect(existsSync(join(directory!, "data", "server.json"))).toBe(false);
  await expect(fetch(`${url}/api/v1/health`)).rejects.toThrow();
});
