/** @jest-environment jsdom */
// Linked selection: a MetricsTable and a SampleGallery sharing a SelectionModel (its `test_case`
// is {stratification, test_case}); the gallery filters by the membership columns the platform adds.
import type { DOMWidgetView, WidgetModel } from "@jupyter-widgets/base";
import { SelectionStore } from "../../../src/widgets/selectionStore";
import { localSelection, selectionOfModel } from "../../../src/widgets/linkedSelection";
import { FakeComm, FakeWidgetManager } from "./fakeManager";
import { evaluationTable, idsAt, samplesTable, sampleIds, wireBytes } from "./widgetFixtures";

const allIds = sampleIds.map(String);
let manager: FakeWidgetManager;
const shown: DOMWidgetView[] = [];

beforeEach(() => {
  manager = new FakeWidgetManager();
  // The gallery makes Blob URLs only for binary media; these samples have none, but jsdom has no Blob URLs at all.
  URL.createObjectURL = jest.fn(() => "blob:test");
  URL.revokeObjectURL = jest.fn();
});

afterEach(() => {
  for (const view of shown.splice(0)) view.remove();
  document.body.replaceChildren();
});

/** Creates the models a kernel would open (the selection first, referenced as IPY_MODEL_<id>) and shows a view of each. */
async function linkedWidgets(selection: string | null = "IPY_MODEL_selection", comm?: FakeComm) {
  const selectionModel = await manager.model("SelectionModel", { test_case: null }, "selection", comm);
  const tableModel = await manager.model("MetricsTableModel", { results: wireBytes(evaluationTable()), selection }, "table");
  const galleryModel = await manager.model("SampleGalleryModel", { samples: wireBytes(samplesTable()), selection }, "gallery");
  const table = await show(tableModel);
  const gallery = await show(galleryModel);
  return { selectionModel, tableModel, galleryModel, table, gallery };
}

async function show(model: WidgetModel): Promise<DOMWidgetView> {
  const view = (await manager.create_view(model)) as DOMWidgetView;
  manager.display_view(view);
  shown.push(view);
  return view;
}

const tableRow = (view: DOMWidgetView, testCase: string) => view.el.querySelector<HTMLTableRowElement>(`tbody tr[data-test-case="${testCase}"]`)!;
const clickRow = (view: DOMWidgetView, testCase: string) => tableRow(view, testCase).querySelector<HTMLElement>(".sw-mt-name")!.click();
const selectedRows = (view: DOMWidgetView) => [...view.el.querySelectorAll<HTMLElement>('tbody tr[aria-selected="true"]')].map((row) => row.dataset.testCase);
const cardIds = (view: DOMWidgetView) => [...view.el.querySelectorAll<HTMLElement>("[data-sample-id]")].map((card) => card.dataset.sampleId);
const galleryContext = (view: DOMWidgetView) => view.el.querySelector(".sw-gallery-context")!;
const showAll = (view: DOMWidgetView) =>
  [...galleryContext(view).querySelectorAll<HTMLButtonElement>("button")].find((button) => button.textContent === "Show all") ?? null;

describe("a shared SelectionModel", () => {
  test("unpack_models resolves IPY_MODEL_selection to the SelectionModel in both widgets", async () => {
    const { selectionModel, tableModel, galleryModel } = await linkedWidgets();
    expect(tableModel.get("selection")).toBe(selectionModel);
    expect(galleryModel.get("selection")).toBe(selectionModel);
  });

  test("at first the gallery shows every sample, without the membership columns' clutter", async () => {
    const { gallery } = await linkedWidgets();
    expect(cardIds(gallery)).toEqual(allIds);
    expect(galleryContext(gallery).childElementCount).toBe(0);
    expect(gallery.el.querySelector(".sw-gallery-count")!.textContent).toBe("8 samples");
    // withoutMembership: the sort choices offer the dataset's columns, never `test_case/…`.
    const sortChoices = [...gallery.el.querySelectorAll<HTMLOptionElement>(".sw-gallery-sort-field option")].map((option) => option.value);
    expect(sortChoices).toContain("image_id");
    expect(sortChoices.some((name) => name.startsWith("test_case/"))).toBe(false);
  });

  test("clicking a table row sets the model's test_case and the gallery shows only that test case's samples", async () => {
    const { selectionModel, table, gallery } = await linkedWidgets();
    clickRow(table, "small");
    expect(selectionModel.get("test_case")).toEqual({ stratification: "size", test_case: "small" });
    expect(selectedRows(table)).toEqual(["small"]);
    expect(cardIds(gallery)).toEqual(idsAt([0, 1, 3, 5]));
    expect(galleryContext(gallery).querySelector("span")!.textContent).toBe("Samples in size: small");
    expect(gallery.el.querySelector(".sw-gallery-count")!.textContent).toBe("4 of 8 samples");

    clickRow(table, "rainy");
    expect(selectionModel.get("test_case")).toEqual({ stratification: "weather", test_case: "rainy" });
    expect(selectedRows(table)).toEqual(["rainy"]);
    expect(cardIds(gallery)).toEqual(idsAt([1, 4, 6]));
  });

  test("'Show all' clears the selection: every sample again, and no row selected", async () => {
    const { selectionModel, table, gallery } = await linkedWidgets();
    clickRow(table, "large");
    expect(cardIds(gallery)).toEqual(idsAt([2, 4, 6, 7]));
    showAll(gallery)!.click();
    expect(selectionModel.get("test_case")).toBeNull();
    expect(selectedRows(table)).toEqual([]);
    expect(cardIds(gallery)).toEqual(allIds);
    expect(showAll(gallery)).toBeNull();
  });

  test("clicking the selected row again clears the selection", async () => {
    const { selectionModel, table, gallery } = await linkedWidgets();
    clickRow(table, "sunny");
    expect(cardIds(gallery)).toEqual(idsAt([0, 2, 3, 5, 7]));
    clickRow(table, "sunny");
    expect(selectionModel.get("test_case")).toBeNull();
    expect(cardIds(gallery)).toEqual(allIds);
  });

  test("the whole dataset is every sample, with nothing to clear", async () => {
    const { selectionModel, table, gallery } = await linkedWidgets();
    clickRow(table, "all");
    expect(selectionModel.get("test_case")).toEqual({ stratification: "dataset", test_case: "all" });
    expect(cardIds(gallery)).toEqual(allIds);
    expect(showAll(gallery)).toBeNull();
  });

  test("a selection set on the model (by the kernel, or another widget) reaches both views", async () => {
    const { selectionModel, table, gallery } = await linkedWidgets();
    selectionModel.set("test_case", { stratification: "size", test_case: "large" });
    expect(selectedRows(table)).toEqual(["large"]);
    expect(cardIds(gallery)).toEqual(idsAt([2, 4, 6, 7]));
    // An explicit test case: the gallery reads `test_case/test_cases/hard`.
    selectionModel.set("test_case", { stratification: "test_cases", test_case: "hard" });
    expect(selectedRows(table)).toEqual([]);
    expect(cardIds(gallery)).toEqual(idsAt([1, 4, 6]));
  });

  test("a test case the samples have no membership column for says so instead of showing the wrong samples", async () => {
    const { selectionModel, gallery } = await linkedWidgets();
    selectionModel.set("test_case", { stratification: "camera", test_case: "front" });
    expect(cardIds(gallery)).toEqual([]);
    expect(gallery.el.querySelector(".sw-state strong")!.textContent).toBe("These samples do not say which test case they belong to");
    expect(galleryContext(gallery).querySelector("span")!.textContent).toBe("Test case camera: front");
    showAll(gallery)!.click();
    expect(cardIds(gallery)).toEqual(allIds);
  });

  test("two views of one table model follow the same selection", async () => {
    const { tableModel, table } = await linkedWidgets();
    const second = await show(tableModel);
    clickRow(second, "large");
    expect(selectedRows(table)).toEqual(["large"]);
    expect(selectedRows(second)).toEqual(["large"]);
  });

  test("with a live comm the change is also sent to the kernel as an update of test_case", async () => {
    const comm = new FakeComm("selection-comm");
    const { table } = await linkedWidgets("IPY_MODEL_selection", comm);
    clickRow(table, "small");
    expect(comm.sent).toHaveLength(1);
    expect(comm.sent[0].data).toEqual({ method: "update", state: { test_case: { stratification: "size", test_case: "small" } }, buffer_paths: [] });
  });

  test("the gallery's own 'Show every test case' chip clears the shared selection too", async () => {
    const { selectionModel, table, gallery } = await linkedWidgets();
    clickRow(table, "small");
    const chip = gallery.el.querySelector<HTMLButtonElement>('.sw-gallery-chip-remove[aria-label="Show every test case"]')!;
    expect(chip).not.toBeNull();
    chip.click();
    expect(cardIds(gallery)).toEqual(allIds);
    // The gallery shows every sample, so the table must not still claim that `small` is selected.
    expect(selectionModel.get("test_case")).toBeNull();
    expect(selectedRows(table)).toEqual([]);
    expect(showAll(gallery)).toBeNull();
  });

  test("linking views after they are shown (selection set on their models later) links them", async () => {
    const { selectionModel, tableModel, galleryModel, table, gallery } = await linkedWidgets(null);
    tableModel.set("selection", selectionModel);
    galleryModel.set("selection", selectionModel);
    clickRow(table, "small");
    expect(selectionModel.get("test_case")).toEqual({ stratification: "size", test_case: "small" });
    expect(cardIds(gallery)).toEqual(idsAt([0, 1, 3, 5]));
  });
});

describe("without a SelectionModel", () => {
  test("each view keeps its own selection: a table click filters no gallery", async () => {
    const { selectionModel, table, gallery } = await linkedWidgets(null);
    clickRow(table, "small");
    expect(selectedRows(table)).toEqual(["small"]);
    expect(cardIds(gallery)).toEqual(allIds);
    expect(selectionModel.get("test_case")).toBeNull();
  });

  test("two views of the same table model do not share a selection", async () => {
    const { tableModel, table } = await linkedWidgets(null);
    const second = await show(tableModel);
    clickRow(second, "large");
    expect(selectedRows(second)).toEqual(["large"]);
    expect(selectedRows(table)).toEqual([]);
  });
});

describe("selection sources", () => {
  test("selectionOfModel reads and writes the wire shape and notifies on change, until unsubscribed", async () => {
    const model = await manager.model("SelectionModel", {}, "plain");
    const source = selectionOfModel(model);
    const heard: unknown[] = [];
    const stop = source.subscribe((selection) => heard.push(selection));
    expect(source.value).toBeNull();
    source.set({ stratification: "size", testCase: "small" });
    expect(model.get("test_case")).toEqual({ stratification: "size", test_case: "small" });
    expect(source.value).toEqual({ stratification: "size", testCase: "small" });
    stop();
    source.set(null);
    expect(heard).toEqual([{ stratification: "size", testCase: "small" }]);
    expect(model.get("test_case")).toBeNull();
  });

  test("a SelectionStore notifies only on a real change", () => {
    const store = localSelection() as SelectionStore;
    expect(store).toBeInstanceOf(SelectionStore);
    const heard: unknown[] = [];
    store.subscribe((selection) => heard.push(selection));
    store.set({ stratification: "size", testCase: "small" });
    store.set({ stratification: "size", testCase: "small" });
    store.set(null);
    store.set(null);
    expect(heard).toEqual([{ stratification: "size", testCase: "small" }, null]);
  });
});
