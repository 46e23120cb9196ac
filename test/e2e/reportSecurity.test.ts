// A report built from hostile data: labels, metadata and test-case names holding HTML and
// script, locators with javascript: and file: URLs. Opened in Chromium, nothing runs, nothing is
// fetched, and every string shows as text.
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { tableFromArrays } from "apache-arrow";
import { Page } from "puppeteer-core";
import { EmbeddedWorkspace } from "../../src/client";
import { report } from "../../src/export/report";
import { makeTemporaryDirectory, removeTemporaryDirectory } from "../helpers/temporaryDirectory";
import { LaunchedBrowser, PageLog, launchChromium, watchPage } from "./browser";

const hostile = `<img src=x onerror="window.__pwned=1">`;
const scriptName = `</script><script>window.__pwned=2</script>`;

let directory: string;
let chromium: LaunchedBrowser;
let page: Page;
let log: PageLog;
const dialogs: string[] = [];
const refused: string[] = [];

beforeAll(async () => {
  directory = makeTemporaryDirectory("slicewise-report-security-");
  const workspace = await EmbeddedWorkspace.open({ data: join(directory, "data") });
  try {
    const ids = Int32Array.from({ length: 12 }, (_, i) => i + 1);
    await workspace.uploadDataset(
      "hostile",
      tableFromArrays({
        id: ids,
        label: Array.from(ids, (id) => (id % 3 === 0 ? hostile : id % 3 === 1 ? "cat" : scriptName)),
        group: Array.from(ids, (id) => (id % 2 === 0 ? hostile : "plain")),
        locator: Array.from(ids, (id) => (id % 2 === 0 ? "javascript:window.__pwned=3" : "file:///etc/passwd")),
      }),
      { onProgress: false },
    );
    for (const model of ["a", "b"])
      await workspace.uploadResults(
        "hostile",
        model,
        tableFromArrays({
          id: ids,
          pred: Array.from(ids, (id) => (id % 4 === 0 ? hostile : "cat")),
          correct: Array.from(ids, (id) => (model === "a" ? id % 2 === 0 : id % 3 === 0)),
        }),
        { onProgress: false },
      );
    await workspace.setQualityStandard("hostile", {
      stratifications: [{ name: scriptName, field: "group" }],
      test_cases: [{ name: hostile, where: { field: "label", op: "eq", value: hostile } }],
      metric_groups: [{ name: "q", metrics: [{ label: hostile, kind: "mean", field: "correct", higher_is_better: true }] }],
    });
    await report(workspace, { dataset: "hostile", models: ["a", "b"], reference: "a", out: join(directory, "hostile.html") });
  } finally {
    await workspace.close();
  }
  chromium = await launchChromium();
  page = await chromium.browser.newPage();
  log = watchPage(page);
  page.on("dialog", async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  await page.setRequestInterception(true);
  page.on("request", (request) => {
    if (/^(data|blob):/.test(request.url()) || request.url() === pathToFileURL(join(directory, "hostile.html")).href) void request.continue();
    else {
      refused.push(request.url());
      void request.abort();
    }
  });
  await page.goto(pathToFileURL(join(directory, "hostile.html")).href, { waitUntil: "load" });
  await page.waitForSelector("tr[data-test-case]", { timeout: 20000 });
  await page.waitForSelector("[data-sample-id]", { timeout: 20000 });
}, 120000);

afterAll(async () => {
  await chromium?.close();
  removeTemporaryDirectory(directory);
});

test("no script from the data runs and no dialog opens", async () => {
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned ?? null)).toBeNull();
  expect(dialogs).toEqual([]);
  expect(log.errors).toEqual([]);
});

test("the page holds only its own scripts and no element from the data", async () => {
  const found = await page.evaluate(() => ({
    scripts: document.querySelectorAll("script").length,
    withHandlers: [...document.querySelectorAll("*")].filter((element) => [...element.attributes].some((attribute) => attribute.name.startsWith("on"))).length,
    imagesFromData: [...document.querySelectorAll("img")].filter((image) => !/^(blob|data):/.test(image.getAttribute("src") ?? "")).length,
  }));
  // The data block, the runtime and the mount call.
  expect(found).toEqual({ scripts: 3, withHandlers: 0, imagesFromData: 0 });
});

test("hostile names appear as text in the table and the gallery", async () => {
  const text = await page.evaluate(() => document.body.innerText);
  expect(text).toContain(`<img src=x onerror="window.__pwned=1">`);
  const testCases = await page.$$eval("tr[data-test-case]", (rows) => rows.map((row) => row.getAttribute("data-test-case")));
  expect(testCases).toContain(`<img src=x onerror="window.__pwned=1">`);
});

test("javascript: and file: locators are never requested", () => {
  expect(refused.filter((url) => /^(javascript|file):/.test(url) && !url.endsWith("hostile.html"))).toEqual([]);
});
