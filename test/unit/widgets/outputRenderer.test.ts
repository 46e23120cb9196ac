/** @jest-environment jsdom */
// What a slicewise output shows in JupyterLab: the live widget when its model is on the page, the
// static copy when it is not (a reopened notebook, a reloaded page) — and the live widget again
// when the model arrives late or the cell runs again. Widgets link by name within one page.
import type { DOMWidgetView, WidgetModel } from "@jupyter-widgets/base";
import { Widget } from "@lumino/widgets";
import { slicewiseViewMimeType } from "../../../src/core";
import { SlicewiseOutputRenderer, modelGraceMilliseconds } from "../../../src/widgets/outputRenderer";
import { FakeWidgetManager } from "./fakeManager";
import { evaluationTable, samplesTable, wireBytes } from "./widgetFixtures";

let manager: FakeWidgetManager;
const attached: Widget[] = [];

beforeEach(() => {
  manager = new FakeWidgetManager();
  URL.createObjectURL = jest.fn(() => "blob:test");
  URL.revokeObjectURL = jest.fn();
});

afterEach(() => {
  jest.useRealTimers();
  for (const widget of attached.splice(0)) widget.dispose();
  document.body.replaceChildren();
});

const staticTable = '<div class="slicewise-static"><table><tr data-test-case="all"><th>dataset: all</th><td>10</td></tr></table></div>';

/** An output as JupyterLab hands it to the renderer: the bundle a kernel sent. */
function output(modelId: string) {
  return {
    data: {
      "text/plain": "slicewise MetricsTable (4 evaluation rows)",
      "text/html": staticTable,
      "application/vnd.jupyter.widget-view+json": { version_major: 2, version_minor: 1, model_id: modelId },
      [slicewiseViewMimeType]: { model_id: modelId, kind: "MetricsTable" },
    },
    metadata: {},
    trusted: true,
    setData: () => undefined,
  };
}

function renderer(): SlicewiseOutputRenderer {
  const made = new SlicewiseOutputRenderer({
    mimeType: slicewiseViewMimeType,
    sanitizer: { sanitize: (html: string) => html },
    resolver: null,
    linkHandler: null,
    latexTypesetter: null,
  } as never);
  Widget.attach(made, document.body);
  attached.push(made);
  return made;
}

const shows = (made: SlicewiseOutputRenderer) => ({
  live: made.node.querySelectorAll(".sw-widget .sw-metrics-table").length,
  staticRows: made.node.querySelectorAll(".sw-static-copy tr[data-test-case]").length,
  note: made.node.querySelector(".sw-static-note")?.textContent ?? null,
});

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

test("a model on the page renders live, with no static copy beside it", async () => {
  await manager.model("MetricsTableModel", { results: wireBytes(evaluationTable()), selection: "default" }, "table-1");
  const made = renderer();
  await made.renderModel(output("table-1") as never);
  expect(shows(made)).toEqual({ live: 1, staticRows: 0, note: null });
});

test("a model this page never received: after the grace period the static copy, never an error", async () => {
  jest.useFakeTimers();
  const made = renderer();
  await made.renderModel(output("from-another-page") as never);
  expect(shows(made).staticRows).toBe(0);
  jest.advanceTimersByTime(modelGraceMilliseconds);
  expect(shows(made)).toEqual({ live: 0, staticRows: 1, note: "A static copy: run the cell to get the interactive widget back." });
  expect(made.node.textContent).not.toMatch(/not found/);
});

test("a model that arrives after the static copy showed replaces it with the live widget", async () => {
  jest.useFakeTimers();
  const made = renderer();
  await made.renderModel(output("late") as never);
  jest.advanceTimersByTime(modelGraceMilliseconds);
  expect(shows(made).staticRows).toBe(1);
  jest.useRealTimers();
  await manager.model("MetricsTableModel", { results: wireBytes(evaluationTable()), selection: "default" }, "late");
  await flush();
  expect(shows(made)).toEqual({ live: 1, staticRows: 0, note: null });
});

test("a model closed under a live view (kernel restart) leaves the static copy", async () => {
  const model = await manager.model("MetricsTableModel", { results: wireBytes(evaluationTable()), selection: "default" }, "closing");
  const made = renderer();
  await made.renderModel(output("closing") as never);
  expect(shows(made).live).toBe(1);
  model.close();
  await flush();
  expect(shows(made)).toMatchObject({ live: 0, staticRows: 1 });
});

test("the same model again with its static copy added (a Python kernel's display update) keeps the live view, and the copy shows when the model closes", async () => {
  const model = await manager.model("MetricsTableModel", { results: wireBytes(evaluationTable()), selection: "default" }, "updated");
  const made = renderer();
  const first = output("updated");
  const { "text/html": _html, ...withoutCopy } = first.data;
  await made.renderModel({ ...first, data: withoutCopy } as never);
  const view = made.node.querySelector(".sw-widget");
  expect(shows(made)).toEqual({ live: 1, staticRows: 0, note: null });
  await made.renderModel(output("updated") as never);
  expect(made.node.querySelector(".sw-widget")).toBe(view);
  model.close();
  await flush();
  expect(shows(made)).toMatchObject({ live: 0, staticRows: 1 });
});

test("another model in the same output replaces the view", async () => {
  await manager.model("MetricsTableModel", { results: wireBytes(evaluationTable()), selection: "default" }, "before");
  await manager.model("MetricsTableModel", { results: wireBytes(evaluationTable()), selection: "default" }, "after");
  const made = renderer();
  await made.renderModel(output("before") as never);
  const view = made.node.querySelector(".sw-widget");
  await made.renderModel(output("after") as never);
  expect(shows(made).live).toBe(1);
  expect(made.node.querySelector(".sw-widget")).not.toBe(view);
});

describe("links by name", () => {
  async function show(model: WidgetModel): Promise<DOMWidgetView> {
    const view = (await manager.create_view(model)) as DOMWidgetView;
    manager.display_view(view);
    attached.push(view.luminoWidget);
    return view;
  }

  const clickRow = (view: DOMWidgetView, testCase: string) => view.el.querySelector<HTMLElement>(`tbody tr[data-test-case="${testCase}"] .sw-mt-name`)!.click();
  const cardCount = (view: DOMWidgetView) => view.el.querySelectorAll("[data-sample-id]").length;

  test('a table and a gallery named "default" on one page share the selection; a page of its own does not', async () => {
    const table = await show(await manager.model("MetricsTableModel", { results: wireBytes(evaluationTable()), selection: "default" }));
    const gallery = await show(await manager.model("SampleGalleryModel", { samples: wireBytes(samplesTable()), selection: "default" }));
    const otherPage = new FakeWidgetManager();
    const elsewhere = (await otherPage.create_view(
      await otherPage.model("SampleGalleryModel", { samples: wireBytes(samplesTable()), selection: "default" }),
    )) as DOMWidgetView;
    otherPage.display_view(elsewhere);
    attached.push(elsewhere.luminoWidget);
    // Eight samples, four of them small (widgetFixtures' sizeOf).
    expect(cardCount(gallery)).toBe(8);
    clickRow(table, "small");
    expect(cardCount(gallery)).toBe(4);
    expect(cardCount(elsewhere)).toBe(8);
  });

  test("a SelectionModel carrying a link name selects the test case in the widgets of that name", async () => {
    const gallery = await show(await manager.model("SampleGalleryModel", { samples: wireBytes(samplesTable()), selection: "mine" }));
    const table = await show(await manager.model("MetricsTableModel", { results: wireBytes(evaluationTable()), selection: "mine" }));
    expect(cardCount(gallery)).toBe(8);
    await manager.model("SelectionModel", { link: "mine", test_case: { stratification: "size", test_case: "small" } });
    expect(table.el.querySelector('tbody tr[aria-selected="true"]')?.getAttribute("data-test-case")).toBe("small");
    expect(cardCount(gallery)).toBe(4);
  });
});
