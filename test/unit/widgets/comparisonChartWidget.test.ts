/** @jest-environment jsdom */
// The ComparisonChart widget: an svg of the evaluation, its toolbar (chart kind, SVG download),
// and its link to the selection.
import type { DOMWidgetView, WidgetModel } from "@jupyter-widgets/base";
import { mountChartPanel } from "../../../src/widgets/panels";
import { SelectionStore } from "../../../src/widgets/selectionStore";
import { ComparisonChartView } from "../../../src/widgets/comparisonChartWidget";
import { FakeWidgetManager } from "./fakeManager";
import { evaluationTableFromRows } from "../../../src/core";
import { evaluationRows, evaluationTable, wireBytes } from "./widgetFixtures";

let manager: FakeWidgetManager;
const shown: DOMWidgetView[] = [];

beforeEach(() => {
  manager = new FakeWidgetManager();
});

afterEach(() => {
  for (const view of shown.splice(0)) view.remove();
  document.body.replaceChildren();
  jest.restoreAllMocks();
});

async function show(model: WidgetModel): Promise<DOMWidgetView> {
  const view = (await manager.create_view(model)) as DOMWidgetView;
  manager.display_view(view);
  shown.push(view);
  return view;
}

async function showChart(state: Record<string, unknown> = {}) {
  const model = await manager.model("ComparisonChartModel", { results: wireBytes(evaluationTable()), ...state }, "chart");
  return { model, view: await show(model) };
}

const svgClass = (view: DOMWidgetView) => view.el.querySelector("svg")!.getAttribute("class");
const markTestCases = (view: DOMWidgetView) => [
  ...new Set([...view.el.querySelectorAll<SVGElement>("svg .sw-mark[data-test-case]")].map((mark) => mark.dataset.testCase)),
];
const kindButton = (view: DOMWidgetView, kind: string) => view.el.querySelector<HTMLButtonElement>(`.sw-chart-toolbar button[data-kind="${kind}"]`)!;
/** jsdom's Blob has no text(); FileReader reads it. */
const readBlob = (blob: Blob) =>
  new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.onerror = () => reject(reader.error);
    reader.readAsText(blob);
  });
const toolbarButton = (view: DOMWidgetView, text: string) =>
  [...view.el.querySelectorAll<HTMLButtonElement>(".sw-chart-toolbar button")].find((button) => button.textContent === text)!;

test("the view is a ComparisonChartView drawing a delta chart of b against a: one mark per test case where b has a value", async () => {
  const { view } = await showChart();
  expect(view).toBeInstanceOf(ComparisonChartView);
  expect(svgClass(view)).toBe("sw-chart sw-chart-delta");
  expect(markTestCases(view)).toEqual(["dataset/all", "size/small", "size/large", "weather/sunny"]);
  const small = view.el.querySelector<SVGElement>('.sw-mark[data-test-case="size/small"]')!;
  expect([small.dataset.model, small.dataset.value, small.dataset.verdict]).toEqual(["b", "1", "improved"]);
  expect(view.el.querySelectorAll('.sw-label[data-test-case="weather/rainy"]')).toHaveLength(1);
});

test("the toolbar offers the four kinds; each button redraws as that kind and marks itself checked", async () => {
  const { view } = await showChart();
  const buttons = [...view.el.querySelectorAll<HTMLButtonElement>(".sw-chart-toolbar button[data-kind]")];
  expect(buttons.map((button) => [button.dataset.kind, button.textContent])).toEqual([
    ["delta", "Δ vs reference"],
    ["bars", "Values"],
    ["scatter", "Scatter"],
    ["heatmap", "Heatmap"],
  ]);
  for (const kind of ["bars", "scatter", "heatmap", "delta"]) {
    kindButton(view, kind).click();
    expect(svgClass(view)).toBe(`sw-chart sw-chart-${kind}`);
    expect(view.el.querySelectorAll("svg")).toHaveLength(1);
    expect(kindButton(view, kind).getAttribute("aria-checked")).toBe("true");
    expect(view.el.querySelectorAll('.sw-chart-toolbar button[aria-checked="true"]')).toHaveLength(1);
  }
  kindButton(view, "bars").click();
  // Bars show the reference too: a's five values and b's four.
  expect(view.el.querySelectorAll('svg .sw-mark[data-model="a"]')).toHaveLength(5);
  expect(view.el.querySelectorAll('svg .sw-mark[data-model="b"]')).toHaveLength(4);
});

test("options from the model choose the kind; a single offered kind hides the switch; one metric needs no metric menu", async () => {
  const { model, view } = await showChart({ options: { kind: "heatmap", kinds: ["heatmap"] } });
  expect(svgClass(view)).toBe("sw-chart sw-chart-heatmap");
  expect(view.el.querySelector(".sw-chart-toolbar [data-kind]")).toBeNull();
  expect(view.el.querySelector('[data-role="chart-metric"]')).toBeNull();
  model.set("options", { kind: "scatter" });
  expect(svgClass(view)).toBe("sw-chart sw-chart-scatter");
});

test("with two metrics the toolbar's menu switches the metric, and the download is named for it", async () => {
  // A second metric: the error rate, 1 − accuracy, lower is better.
  const errors = evaluationRows().map((row) => ({
    ...row,
    metric: "error_rate",
    value: row.value === null ? null : 1 - row.value,
    delta: row.delta === null ? null : -row.delta,
    higher_is_better: false,
  }));
  const { view } = await showChart({ results: wireBytes(evaluationTableFromRows([...evaluationRows(), ...errors])) });
  const menu = view.el.querySelector<HTMLSelectElement>('select[data-role="chart-metric"]')!;
  expect([...menu.options].map((option) => option.value)).toEqual(["accuracy", "error_rate"]);
  expect(view.el.querySelector('.sw-mark[data-test-case="size/small"]')!.getAttribute("data-value")).toBe("1");
  menu.value = "error_rate";
  menu.dispatchEvent(new Event("change", { bubbles: true }));
  expect(view.el.querySelector('.sw-mark[data-test-case="size/small"]')!.getAttribute("data-value")).toBe("0");
  expect(view.el.querySelector<HTMLSelectElement>('select[data-role="chart-metric"]')!.value).toBe("error_rate");
  URL.createObjectURL = jest.fn(() => "blob:chart");
  URL.revokeObjectURL = jest.fn();
  const names: string[] = [];
  jest.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
    names.push(this.download);
  });
  toolbarButton(view, "SVG").click();
  expect(names).toEqual(["slicewise-delta-error_rate.svg"]);
});

test("the SVG button downloads the chart as shown, as a standalone SVG file", async () => {
  const { view } = await showChart();
  kindButton(view, "bars").click();
  const blobs: Blob[] = [];
  URL.createObjectURL = jest.fn((blob: Blob) => (blobs.push(blob), "blob:chart"));
  URL.revokeObjectURL = jest.fn();
  const downloads: { href: string; download: string; inDocument: boolean }[] = [];
  jest.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
    downloads.push({ href: this.href, download: this.download, inDocument: this.isConnected });
  });
  toolbarButton(view, "SVG").click();
  expect(downloads).toEqual([{ href: "blob:chart", download: "slicewise-bars-accuracy.svg", inDocument: true }]);
  expect(document.querySelector("a[download]")).toBeNull();
  expect(blobs).toHaveLength(1);
  expect(blobs[0].type).toBe("image/svg+xml");
  const text = await readBlob(blobs[0]);
  const file = new DOMParser().parseFromString(text, "image/svg+xml").documentElement;
  expect(file.namespaceURI).toBe("http://www.w3.org/2000/svg");
  expect(file.getAttribute("class")).toBe("sw-chart sw-chart-bars");
  expect(file.firstElementChild!.getAttribute("class")).toBe("sw-export-background");
  expect(file.querySelectorAll(".sw-mark")).toHaveLength(9);
  // Standalone: literal colours, nothing interactive.
  expect(text).not.toContain("var(--");
  expect(text).not.toMatch(/tabindex|role=|aria-/);
});

test("mountChartPanel's export is the chart's standalone SVG, also without a widget", async () => {
  const element = document.createElement("div");
  document.body.append(element);
  const blobs: Blob[] = [];
  URL.createObjectURL = jest.fn((blob: Blob) => (blobs.push(blob), "blob:panel"));
  URL.revokeObjectURL = jest.fn();
  jest.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => {});
  const panel = mountChartPanel(element, evaluationTable(), { kind: "delta" }, new SelectionStore());
  [...element.querySelectorAll<HTMLButtonElement>(".sw-chart-toolbar button")].find((button) => button.textContent === "SVG")!.click();
  const exported = await readBlob(blobs[0]);
  expect(exported.startsWith("<svg")).toBe(true);
  expect(exported).toContain('xmlns="http://www.w3.org/2000/svg"');
  expect(exported).toContain('class="sw-chart sw-chart-delta"');
  // Every mark on the page is in the file: b's four deltas.
  expect(element.querySelectorAll("svg .sw-mark")).toHaveLength(4);
  expect(exported.match(/\bsw-mark\b/g)).toHaveLength(4);
  panel.destroy();
  expect(element.childElementCount).toBe(0);
});

test("`results: null` shows the empty state", async () => {
  const { view } = await showChart({ results: null });
  expect(view.el.querySelector("svg")).toBeNull();
  expect(view.el.querySelector(".sw-state strong")!.textContent).toBe("No evaluation to chart");
});

test("linked by a SelectionModel: clicking a mark selects its test case in the table too", async () => {
  const selection = await manager.model("SelectionModel", {}, "selection");
  const { view: chart } = await showChart({ selection: "IPY_MODEL_selection" });
  const tableModel = await manager.model("MetricsTableModel", { results: wireBytes(evaluationTable()), selection: "IPY_MODEL_selection" }, "table");
  const table = await show(tableModel);
  chart.el.querySelector('.sw-mark[data-test-case="size/large"]')!.dispatchEvent(new MouseEvent("click", { bubbles: true }));
  expect(selection.get("test_case")).toEqual({ stratification: "size", test_case: "large" });
  expect([...table.el.querySelectorAll<HTMLElement>('tbody tr[aria-selected="true"]')].map((row) => row.dataset.testCase)).toEqual(["large"]);
  const selected = () => [...new Set([...chart.el.querySelectorAll<SVGElement>(".sw-mark.sw-selected")].map((mark) => mark.dataset.testCase))];
  expect(selected()).toEqual(["size/large"]);
  // And back: a table click moves the chart's highlight.
  table.el.querySelector<HTMLElement>('tbody tr[data-test-case="small"] .sw-mt-name')!.click();
  expect(selected()).toEqual(["size/small"]);
});

test("Enter on a focused test-case label selects it and keeps the focus there", async () => {
  const { view } = await showChart({ options: { kind: "bars" } });
  const label = view.el.querySelector<SVGElement>('.sw-label[data-test-case="size/small"]')!;
  label.focus();
  expect(document.activeElement).toBe(label);
  label.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true, cancelable: true }));
  const now = view.el.querySelector<SVGElement>('.sw-label[data-test-case="size/small"]')!;
  expect(now.getAttribute("aria-pressed")).toBe("true");
  // A keyboard user must be able to go on (Escape, arrow to the next label) from where they were.
  expect((document.activeElement as Element | null)?.getAttribute("data-test-case")).toBe("size/small");
});
