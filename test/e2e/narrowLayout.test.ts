// The widgets in narrow and wide columns, as a person sees them in a notebook output (≈ 970 px), a
// dashboard pane or a phone-sized column (500 px) and a wide page (1,400 px), light and dark: the
// digits example's metrics table, comparison chart, a one-card gallery and the Slicer, mounted by the
// standalone runtime (dist/slicewise-runtime.js) in a page opened from disk, measured and photographed.
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Table, tableToIPC } from "apache-arrow";
import { Page } from "puppeteer-core";
import { DigitsExample } from "../../examples/digits";
import { repositoryRoot } from "../helpers/compiledLibrary";
import { makeTemporaryDirectory, removeTemporaryDirectory } from "../helpers/temporaryDirectory";
import { LaunchedBrowser, PageLog, launchChromium, watchPage } from "./browser";
import { screenshotPath } from "./dashboardDom";
import { digitsDataset, uploadDigitsExample } from "./digitsWorkspace";

const widths = [500, 970, 1400] as const;
const themes = ["light", "dark"] as const;
type Theme = (typeof themes)[number];

let directory: string | undefined;
let chromium: LaunchedBrowser | undefined;
let page: Page;
let log: PageLog;
let example: DigitsExample;
let pagePath: string;
/** What each width and theme measured, printed once at the end for the record. */
const measured: string[] = [];

const base64 = (table: Table) => Buffer.from(tableToIPC(table, "stream")).toString("base64");

/** The page: the runtime from dist/, the example's Arrow tables as base64, and `mountAt(width, theme)`. */
function pageHtml(data: Record<string, unknown>): string {
  const runtime = pathToFileURL(join(repositoryRoot, "dist", "slicewise-runtime.js")).href;
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>slicewise narrow layout</title>
<style>
  body { margin: 0; padding: 16px; font-family: system-ui, sans-serif; }
  body.dark { background: #0d1117; color: #e6edf3; }
  #frame > section { margin-bottom: 24px; }
  #frame h2 { font-size: 13px; margin: 0 0 6px; font-weight: 600; }
</style></head>
<body>
<div id="frame"></div>
<script src="${runtime}"></script>
<script>
const data = ${JSON.stringify(data)};
const bytes = (name) => slicewise.bytesFromBase64(data[name]);
let mounted = [];
window.mountAt = (width, theme) => {
  for (const panel of mounted) panel.destroy();
  document.body.className = theme;
  const frame = document.getElementById("frame");
  frame.replaceChildren();
  frame.style.width = width + "px";
  const section = (id, title) => {
    const box = document.createElement("section");
    const heading = document.createElement("h2");
    heading.textContent = title;
    const target = document.createElement("div");
    target.id = id;
    box.append(heading, target);
    frame.append(box);
    return target;
  };
  mounted = [
    slicewise.metricsTable(section("table", "Metrics table"), { results: bytes("results"), theme }),
    slicewise.comparisonChart(section("chart", "Comparison chart"), { results: bytes("results"), theme }),
    slicewise.sampleGallery(section("gallery", "Gallery of one sample"), { samples: bytes("samples"), theme, options: { filter: { field: { name: "image_id", value: data.oneImage } } } }),
    slicewise.slicer(section("slicer", "Slicer"), { samples: bytes("samples"), theme, options: data.slicer }),
  ];
};
</script>
</body></html>`;
}

beforeAll(async () => {
  const runtime = join(repositoryRoot, "dist", "slicewise-runtime.js");
  if (!existsSync(runtime)) throw new Error(`${runtime} is missing; run \`npm run build\` before the e2e tests`);
  directory = makeTemporaryDirectory("slicewise-narrow-e2e-");
  const uploaded = await uploadDigitsExample(join(directory, "data"));
  example = uploaded.example;
  let data: Record<string, unknown>;
  try {
    const results = await uploaded.workspace.evaluate(digitsDataset, { models: example.models, reference: example.reference });
    const samples = await uploaded.workspace.samples(digitsDataset, { models: example.models, test_case_columns: true });
    const standard = await uploaded.workspace.getQualityStandard(digitsDataset);
    data = {
      results: base64(results),
      samples: base64(samples),
      oneImage: samples.getChild("image_id")!.get(0),
      slicer: { dataset: digitsDataset, models: example.models, reference: example.reference, standard, idFields: ["image_id"], field: "ink", resamples: 200 },
    };
  } finally {
    await uploaded.workspace.close();
  }
  pagePath = join(directory, "narrow.html");
  writeFileSync(pagePath, pageHtml(data));

  chromium = await launchChromium();
  page = await chromium.browser.newPage();
  log = watchPage(page);
  await page.goto(pathToFileURL(pagePath).href, { waitUntil: "load" });
}, 120_000);

afterAll(async () => {
  await chromium?.close();
  removeTemporaryDirectory(directory);
  if (measured.length > 0) console.log(`narrow layout measurements:\n${measured.join("\n")}`);
});

/** Mounts everything at `width` in `theme` and waits until the tables, chart, gallery and slicer have drawn. */
async function mountAt(width: number, theme: Theme): Promise<void> {
  await page.setViewport({ width: width + 48, height: 1000 });
  await page.evaluate((width, theme) => (window as unknown as { mountAt(width: number, theme: string): void }).mountAt(width, theme), width, theme);
  await page.waitForSelector("#table tr[data-test-case]", { timeout: 10_000 });
  await page.waitForSelector("#chart svg [data-test-case]", { timeout: 10_000 });
  await page.waitForSelector("#gallery .sw-gallery-card", { timeout: 10_000 });
  await page.waitForSelector("#slicer .sw-slicer-table tr[data-test-case]", { timeout: 20_000 });
  await page.waitForSelector("#slicer .sw-slicer-chart .sw-chart-toolbar", { timeout: 20_000 });
  // A frame for ResizeObservers to run.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

interface FrozenColumns {
  scrollWidth: number;
  clientWidth: number;
  tableWidth: number;
  scrollLeft: number;
  before: { name: number; count: number };
  after: { name: number; count: number };
  /** The element under the middle of the first name and count cells after the scroll is that cell (nothing covers it). */
  nameOnTop: boolean;
  countOnTop: boolean;
  nameInside: boolean;
}

/** Scrolls a table's scroller to its right end and reports where the first test case's name and n were before and after. */
function scrollTableToEnd(selector: string): Promise<FrozenColumns> {
  return page.$eval(selector, async (root) => {
    const scroller = root.querySelector<HTMLElement>(".sw-mt-scroll")!;
    const row = root.querySelector<HTMLElement>("tr[data-test-case]")!;
    const name = row.querySelector<HTMLElement>("th.sw-mt-name")!;
    const count = row.querySelector<HTMLElement>(".sw-mt-count-cell")!;
    const x = () => ({ name: name.getBoundingClientRect().left, count: count.getBoundingClientRect().left });
    // In the window, for elementFromPoint to see it.
    root.scrollIntoView({ block: "start" });
    scroller.scrollLeft = 0;
    const before = x();
    scroller.scrollLeft = scroller.scrollWidth;
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const after = x();
    const onTop = (cell: HTMLElement) => {
      const box = cell.getBoundingClientRect();
      const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      return hit !== null && cell.contains(hit);
    };
    const frame = scroller.getBoundingClientRect();
    const box = name.getBoundingClientRect();
    const result = {
      scrollWidth: scroller.scrollWidth,
      clientWidth: scroller.clientWidth,
      tableWidth: root.querySelector("table")!.getBoundingClientRect().width,
      scrollLeft: scroller.scrollLeft,
      before,
      after,
      nameOnTop: onTop(name),
      countOnTop: onTop(count),
      nameInside: box.left >= frame.left - 0.5 && box.right <= frame.right + 0.5,
    };
    scroller.scrollLeft = 0;
    return result;
  });
}

/** Every name the header offers in full, through title and aria-label, and the header labels whose text is cut. */
function headerNames(selector: string) {
  return page.$eval(selector, (root) => {
    const full = new Set<string>();
    for (const element of root.querySelectorAll<HTMLElement>("thead th, thead button, thead [aria-label]")) {
      for (const attribute of ["title", "aria-label"]) {
        const value = element.getAttribute(attribute);
        if (value) full.add(value);
      }
      const describedBy = element.getAttribute("aria-describedby");
      if (describedBy) for (const id of describedBy.split(" ")) full.add(document.getElementById(id)?.textContent ?? "");
    }
    const cut = [...root.querySelectorAll<HTMLElement>("thead .sw-mt-sort-label, thead .sw-mt-metric-name")]
      .filter((label) => label.scrollWidth > label.clientWidth)
      .map((label) => label.textContent ?? "");
    return { full: [...full], cut };
  });
}

/** The view selector of a table: whether it shows, and its options' labels. */
function viewControl(selector: string) {
  return page.$eval(selector, (root) => {
    const select = root.querySelector<HTMLSelectElement>("select[data-role=table-view]");
    const shown = select !== null && select.getClientRects().length > 0 && getComputedStyle(select).visibility !== "hidden";
    return { shown, options: select ? [...select.options].map((option) => `${option.value}=${option.textContent}`) : [] };
  });
}

/** Top and bottom of each button of a toolbar, by its text. */
function toolbarRows(selector: string) {
  return page.$eval(selector, (bar) =>
    Object.fromEntries(
      [...bar.querySelectorAll<HTMLElement>("button, select")].map((control) => {
        const box = control.getBoundingClientRect();
        return [control.textContent?.trim() || control.dataset.role || control.tagName, { top: Math.round(box.top), bottom: Math.round(box.bottom) }];
      }),
    ),
  );
}

/** The computed background of the frozen cells: opaque, and its luminance (0 dark … 1 light). */
function frozenBackgrounds(selector: string) {
  return page.$eval(selector, (root) =>
    ["th.sw-mt-name", ".sw-mt-count-cell", "thead th.sw-mt-name-header", "thead th.sw-mt-number-header"].map((cellSelector) => {
      const cell = root.querySelector<HTMLElement>(cellSelector)!;
      const colour = getComputedStyle(cell).backgroundColor;
      const [r, g, b, a = 1] = (colour.match(/[\d.]+/g) ?? ["0", "0", "0", "0"]).map(Number);
      return { cell: cellSelector, alpha: a, luminance: (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255, text: getComputedStyle(cell).color };
    }),
  );
}

describe.each(widths)("at %i px", (width) => {
  describe.each(themes)("%s", (theme) => {
    beforeAll(async () => {
      await mountAt(width, theme);
    }, 60_000);

    test("after scrolling the table to its end, the test-case names and n stay where they were, on top", async () => {
      for (const selector of ["#table", "#slicer .sw-slicer-table"]) {
        const frozen = await scrollTableToEnd(selector);
        measured.push(
          `${width} px ${theme} ${selector}: table ${Math.round(frozen.tableWidth)} px in a ${frozen.clientWidth} px scroller (scrolled ${Math.round(frozen.scrollLeft)} px)`,
        );
        // The scroller is never wider than its column: the table scrolls inside it.
        const frame = await page.$eval(selector, (root) => root.getBoundingClientRect().width);
        expect(frozen.clientWidth).toBeLessThanOrEqual(Math.ceil(frame));
        if (frozen.scrollWidth > frozen.clientWidth) expect(frozen.scrollLeft).toBeGreaterThan(0);
        expect(frozen.after.name).toBeCloseTo(frozen.before.name, 0);
        expect(frozen.after.count).toBeCloseTo(frozen.before.count, 0);
        expect(frozen.nameOnTop).toBe(true);
        expect(frozen.countOnTop).toBe(true);
        expect(frozen.nameInside).toBe(true);
      }
    });

    test("every model and metric name is in the headers in full (title or aria-label); no model name is cut", async () => {
      for (const selector of ["#table", "#slicer .sw-slicer-table"]) {
        const { full, cut } = await headerNames(selector);
        for (const model of example.models) expect(full.some((text) => text.includes(model))).toBe(true);
        for (const metric of ["Accuracy", "Macro F1", "Mean confidence"]) expect(full.some((text) => text.includes(metric))).toBe(true);
        expect(cut.filter((text) => example.models.includes(text))).toEqual([]);
      }
    });

    test("the sticky cells are opaque, in the theme's colours", async () => {
      for (const cell of await frozenBackgrounds("#table")) {
        expect(cell).toMatchObject({ alpha: 1 });
        if (theme === "dark") expect(cell.luminance).toBeLessThan(0.2);
        else expect(cell.luminance).toBeGreaterThan(0.8);
      }
    });

    test("the compact view selector shows when the table is wider than its column", async () => {
      const frozen = await scrollTableToEnd("#table");
      const control = await viewControl("#table");
      expect(control.shown).toBe(frozen.scrollWidth > frozen.clientWidth + 1);
      if (width === 500) expect(control.shown).toBe(true);
    });

    test("the chart toolbars keep SVG and PNG on one row, and the chart kinds on one row", async () => {
      for (const selector of ["#chart .sw-chart-toolbar", "#slicer .sw-chart-toolbar"]) {
        const rows = await toolbarRows(selector);
        expect(rows.SVG.top).toBe(rows.PNG.top);
        const kinds = await page.$$eval(`${selector} [data-kind]`, (buttons) => buttons.map((button) => Math.round(button.getBoundingClientRect().top)));
        expect(new Set(kinds).size).toBe(1);
      }
    });

    test("a gallery of one card is as tall as its content, not a fixed frame", async () => {
      const gallery = await page.$eval("#gallery", (root) => ({
        cards: root.querySelectorAll(".sw-gallery-card").length,
        height: root.querySelector(".sw-sample-gallery")!.getBoundingClientRect().height,
        viewport: root.querySelector(".sw-gallery-viewport")!.getBoundingClientRect().height,
      }));
      measured.push(`${width} px ${theme}: one-card gallery ${Math.round(gallery.height)} px (viewport ${Math.round(gallery.viewport)} px)`);
      expect(gallery.cards).toBe(1);
      expect(gallery.height).toBeLessThan(400);
    });

    test("screenshot", async () => {
      await page.screenshot({ path: screenshotPath(`narrow-${width}-${theme}`), fullPage: true });
    });
  });
});

describe("the compact view at 500 px", () => {
  const macroF1 = JSON.stringify(["quality", "Macro F1"]);
  beforeAll(async () => {
    await mountAt(500, "light");
  }, 60_000);

  test("offers all metrics, then each metric; choosing one shows only its columns, and all of them again after", async () => {
    expect((await viewControl("#table")).options).toEqual([
      "=All metrics",
      `${JSON.stringify(["quality", "Accuracy"])}=Accuracy`,
      `${JSON.stringify(["quality", "Macro F1"])}=Macro F1`,
      `${JSON.stringify(["quality", "Mean confidence"])}=Mean confidence`,
    ]);
    await page.select("#table select[data-role=table-view]", macroF1);
    const shown = await page.$eval("#table", (root) => ({
      metrics: [...new Set([...root.querySelectorAll<HTMLElement>("td[data-metric]")].map((cell) => cell.dataset.metric))],
      models: [...root.querySelectorAll<HTMLElement>("tr[data-test-case]")][0].querySelectorAll("td[data-model]").length,
      headers: [...root.querySelectorAll(".sw-mt-metric-name")].map((header) => header.textContent),
      selected: root.querySelector<HTMLSelectElement>("select[data-role=table-view]")!.value,
    }));
    expect(shown).toEqual({ metrics: ["Macro F1"], models: 3, headers: ["Macro F1"], selected: macroF1 });
    const frozen = await scrollTableToEnd("#table");
    measured.push(`500 px, Macro F1 only: table ${Math.round(frozen.tableWidth)} px in a ${frozen.clientWidth} px scroller`);
    await page.screenshot({ path: screenshotPath("narrow-500-light-one-metric"), fullPage: true });

    await page.select("#table select[data-role=table-view]", "");
    expect(
      await page.$$eval("#table tr[data-test-case] td[data-metric]", (cells) => new Set(cells.map((cell) => (cell as HTMLElement).dataset.metric)).size),
    ).toBe(3);
  });

  test("the selector follows the column's width: hidden when it grows past the table, back when it narrows", async () => {
    const resize = async (width: number) => {
      await page.$eval("#frame", (frame, width) => ((frame as HTMLElement).style.width = `${width}px`), width);
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(resolve)))));
      return (await viewControl("#table")).shown;
    };
    expect(await resize(1700)).toBe(false);
    expect(await resize(500)).toBe(true);
  });

  test("a header's full name shows on keyboard focus, as the header's description", async () => {
    const button = await page.$("#table thead th.sw-mt-model-header.sw-mt-reference button");
    await button!.focus();
    const described = await page.$eval("#table", (root) => {
      const focused = document.activeElement as HTMLElement;
      const tooltip = document.getElementById(focused.getAttribute("aria-describedby") ?? "");
      return { visible: tooltip !== null && !tooltip.hidden, text: tooltip?.textContent ?? "", inside: root.contains(tooltip) };
    });
    expect(described).toEqual({ visible: true, text: "Accuracy\nnearest-centroid (reference)\nSort by this column: Enter or click", inside: true });
  });

  test("nothing was logged as an error", () => {
    expect(log.errors).toEqual([]);
  });
});
