// Reading and driving a mounted slicewise dashboard (report page or `slicewise serve` page) in
// Chromium: table rows and cells, chart marks, the gallery's cards and count, chart tabs, screenshots.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { ElementHandle, Page } from "puppeteer-core";
import { repositoryRoot } from "../helpers/compiledLibrary";

export interface TableCell {
  model: string;
  metric: string;
  value: string;
  verdict: string | null;
}

/** `stratification/test case` of every test-case row, in table order. */
export function tableTestCases(page: Page): Promise<string[]> {
  return page.$$eval(".sw-pane-table tr[data-test-case]", (rows) =>
    rows.map((row) => `${(row as HTMLElement).dataset.stratification}/${(row as HTMLElement).dataset.testCase}`),
  );
}

/** The value cells of one test case's row. */
export function tableCells(page: Page, stratification: string, testCase: string): Promise<TableCell[]> {
  return page.$$eval(
    ".sw-pane-table tr[data-test-case] td[data-model]",
    (cells, stratification, testCase) =>
      cells
        .filter((cell) => {
          const row = (cell as HTMLElement).closest("tr")!;
          return row.dataset.stratification === stratification && row.dataset.testCase === testCase;
        })
        .map((cell) => {
          const data = (cell as HTMLElement).dataset;
          return { model: data.model!, metric: data.metric!, value: data.value!, verdict: data.verdict ?? null };
        }),
    stratification,
    testCase,
  );
}

/** The row header of a test case, to click. */
export async function tableRowHeader(page: Page, stratification: string, testCase: string) {
  const header = await page.$(`.sw-pane-table tr[data-stratification="${stratification}"][data-test-case="${testCase}"] th.sw-mt-name`);
  if (!header) throw new Error(`the metrics table has no row ${stratification}/${testCase}`);
  return header;
}

/** The text the gallery shows for how many samples it holds ("1,797 samples", "174 of 1,797 samples"). */
export function galleryCount(page: Page): Promise<string> {
  return page.$eval(".sw-pane-gallery .sw-gallery-count", (element) => element.textContent ?? "");
}

export function waitForGalleryCount(page: Page, text: string, timeout = 10_000) {
  return page.waitForFunction((text) => document.querySelector(".sw-pane-gallery .sw-gallery-count")?.textContent === text, { timeout }, text);
}

/** Waits until every rendered card's image has finished loading; returns each card's id and image width. */
export async function loadedGalleryImages(page: Page, timeout = 10_000): Promise<{ id: string; naturalWidth: number }[]> {
  await page.waitForFunction(
    () => {
      const images = Array.from(document.querySelectorAll<HTMLImageElement>(".sw-pane-gallery [data-sample-id] img"));
      return images.length > 0 && images.every((image) => image.complete);
    },
    { timeout },
  );
  return page.$$eval(".sw-pane-gallery [data-sample-id]", (cards) =>
    cards.map((card) => ({ id: (card as HTMLElement).dataset.sampleId!, naturalWidth: card.querySelector("img")?.naturalWidth ?? 0 })),
  );
}

/** Shows a chart tab by its label ("Heatmap") and waits for its pane to hold a drawn svg. */
export async function showChartTab(page: Page, label: string, kind: string): Promise<void> {
  const tabs = await page.$$(".sw-dashboard-charts .lm-TabBar-tab");
  const labels = await Promise.all(tabs.map((tab) => tab.evaluate((element) => element.textContent?.trim() ?? "")));
  const index = labels.indexOf(label);
  if (index < 0) throw new Error(`no chart tab "${label}"; the tabs are ${labels.join(", ")}`);
  await tabs[index].click();
  await page.waitForSelector(`.sw-pane-chart-${kind}:not(.lm-mod-hidden) svg [data-test-case]`, { visible: true, timeout: 10_000 });
}

/** Luminance (0 dark … 1 light) of an element's computed background colour. */
export function backgroundLuminance(page: Page, selector: string): Promise<number> {
  return page.$eval(selector, (element) => {
    const [r, g, b] = (getComputedStyle(element).backgroundColor.match(/[\d.]+/g) ?? ["0", "0", "0"]).map(Number);
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
  });
}

/** test/out/screenshots/<name>.png, with the folder made (test/out is not committed). */
export function screenshotPath(name: string): string {
  const directory = join(repositoryRoot, "test", "out", "screenshots");
  mkdirSync(directory, { recursive: true });
  return join(directory, `${name}.png`);
}

/**
 * Clicks a test case's row header in a dashboard's table, centred in its scrolling pane first: a row
 * at the pane's clipped edge (where a longer notebook's scroll position leaves digit 8) takes no click.
 */
export async function clickTableRow(dashboard: ElementHandle<Element>, stratification: string, testCase: string): Promise<void> {
  const header = await dashboard.$(`.sw-pane-table tr[data-stratification="${stratification}"][data-test-case="${testCase}"] th.sw-mt-name`);
  if (!header) throw new Error(`the dashboard's table has no row ${stratification}: ${testCase}`);
  await header.evaluate((element) => element.scrollIntoView({ block: "center" }));
  await header.click();
}
