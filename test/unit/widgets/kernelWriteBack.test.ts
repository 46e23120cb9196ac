/** @jest-environment jsdom */
// Both ways: what the views write back for a kernel that listens (Python's ipywidgets) —
// `selected_test_case` on every model of a link group, `selected_samples` from a gallery — what a
// kernel's `selected_test_case` does to the page, and the Slicer saving through the kernel.
import type { DOMWidgetView, WidgetModel } from "@jupyter-widgets/base";
import { Bool, Table, Utf8, makeVector, vectorFromArray } from "apache-arrow";
import type { QualityStandard } from "../../../src/core";
import { FakeComm, FakeWidgetManager } from "./fakeManager";
import { evaluationTable, samplesTable, until, wireBytes } from "./widgetFixtures";

let manager: FakeWidgetManager;
const shown: DOMWidgetView[] = [];

beforeEach(() => {
  manager = new FakeWidgetManager();
  URL.createObjectURL = jest.fn(() => "blob:test");
  URL.revokeObjectURL = jest.fn();
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

/** A table and a gallery as a Python kernel opens them: linked by the name "default", each with a live comm. */
async function linkedPair(state: Record<string, unknown> = {}) {
  const tableComm = new FakeComm("table");
  const galleryComm = new FakeComm("gallery");
  const tableModel = await manager.model("MetricsTableModel", { results: wireBytes(evaluationTable()), selection: "default", ...state }, "table", tableComm);
  const galleryModel = await manager.model("SampleGalleryModel", { samples: wireBytes(samplesTable()), selection: "default" }, "gallery", galleryComm);
  const table = await show(tableModel);
  const gallery = await show(galleryModel);
  return { tableComm, galleryComm, tableModel, galleryModel, table, gallery };
}

const updates = (comm: FakeComm) =>
  comm.sent.map((message) => message.data as { method: string; state?: Record<string, unknown> }).filter((data) => data.method === "update");
const clickRow = (view: DOMWidgetView, testCase: string) => view.el.querySelector<HTMLElement>(`tbody tr[data-test-case="${testCase}"] .sw-mt-name`)!.click();
const selectedRows = (view: DOMWidgetView) => [...view.el.querySelectorAll<HTMLElement>('tbody tr[aria-selected="true"]')].map((row) => row.dataset.testCase);
const small = { stratification: "size", test_case: "small" };

describe("selected_test_case", () => {
  test("a click is written on every model of the link group and sent to the kernel", async () => {
    const { tableComm, galleryComm, tableModel, galleryModel, table } = await linkedPair();
    clickRow(table, "small");
    expect(tableModel.get("selected_test_case")).toEqual(small);
    expect(galleryModel.get("selected_test_case")).toEqual(small);
    expect(updates(tableComm)).toEqual([{ method: "update", state: { selected_test_case: small }, buffer_paths: [] }]);
    expect(updates(galleryComm)).toEqual([{ method: "update", state: { selected_test_case: small }, buffer_paths: [] }]);
    // Clicking the selected row again clears it, everywhere; ipywidgets holds the update back
    // until the kernel is idle after the first (its throttle), then sends it.
    clickRow(table, "small");
    expect(galleryModel.get("selected_test_case")).toBeNull();
    tableComm.idle();
    galleryComm.idle();
    expect(updates(tableComm).at(-1)!.state).toEqual({ selected_test_case: null });
    expect(updates(galleryComm).at(-1)!.state).toEqual({ selected_test_case: null });
  });

  test("the kernel's selected_test_case selects the test case in the whole link group", async () => {
    const { galleryComm, tableModel, table, gallery } = await linkedPair();
    await galleryComm.receive({ method: "update", state: { selected_test_case: small }, buffer_paths: [] });
    expect(selectedRows(table)).toEqual(["small"]);
    expect(gallery.el.querySelector(".sw-gallery-context span")!.textContent).toBe("Samples in size: small");
    // The other model learns it too (and tells the kernel, which already knows: no change there).
    expect(tableModel.get("selected_test_case")).toEqual(small);
  });

  test("a model with no view on the page (made in Python, never displayed) still selects in the shown widgets of its group", async () => {
    const { gallery, table } = await linkedPair();
    const hiddenComm = new FakeComm("hidden");
    await manager.model("ComparisonChartModel", { results: wireBytes(evaluationTable()), selection: "default" }, "hidden", hiddenComm);
    await hiddenComm.receive({ method: "update", state: { selected_test_case: small }, buffer_paths: [] });
    expect(selectedRows(table)).toEqual(["small"]);
    expect(gallery.el.querySelector(".sw-gallery-context span")!.textContent).toBe("Samples in size: small");
  });

  test("a model that arrives with a selection (kept by the kernel across a reload) selects it", async () => {
    const { table, gallery } = await linkedPair({ selected_test_case: small });
    expect(selectedRows(table)).toEqual(["small"]);
    expect(gallery.el.querySelector(".sw-gallery-context span")!.textContent).toBe("Samples in size: small");
  });

  test("an unlinked widget still tells the kernel, while its other views keep their own selection", async () => {
    const comm = new FakeComm("table");
    const model = await manager.model("MetricsTableModel", { results: wireBytes(evaluationTable()), selection: null }, "table", comm);
    const first = await show(model);
    const second = await show(model);
    clickRow(first, "small");
    expect(updates(comm)).toEqual([{ method: "update", state: { selected_test_case: small }, buffer_paths: [] }]);
    expect(selectedRows(first)).toEqual(["small"]);
    expect(selectedRows(second)).toEqual([]);
  });

  test("without a live comm (a page without its kernel) nothing is sent, and the page still links", async () => {
    const tableModel = await manager.model("MetricsTableModel", { results: wireBytes(evaluationTable()), selection: "default" }, "table");
    const galleryModel = await manager.model("SampleGalleryModel", { samples: wireBytes(samplesTable()), selection: "default" }, "gallery");
    const table = await show(tableModel);
    await show(galleryModel);
    expect(tableModel.comm_live).toBe(false);
    clickRow(table, "small");
    expect(galleryModel.get("selected_test_case")).toEqual(small);
  });
});

test("a gallery card clicked writes selected_samples: its row and the fields its id is read from", async () => {
  const { galleryComm, gallery } = await linkedPair();
  gallery.el.querySelector<HTMLElement>('.sw-gallery-card[data-row="3"]')!.click();
  expect(updates(galleryComm)).toEqual([{ method: "update", state: { selected_samples: { rows: [3], id_fields: ["image_id"] } }, buffer_paths: [] }]);
});

describe("the Slicer saving through the kernel", () => {
  const sizes = Array.from({ length: 12 }, (_, i) => i + 1);
  const slicerSamples = () =>
    new Table({
      sample_id: makeVector(Int32Array.from(sizes.map((size) => 1000 + size))),
      size: makeVector(Float64Array.from(sizes)),
      color: vectorFromArray(
        sizes.map((_, i) => ["red", "blue", "green"][i % 3]),
        new Utf8(),
      ),
      "a.correct": vectorFromArray(
        sizes.map((size) => size !== 3 && size !== 9),
        new Bool(),
      ),
      "b.correct": vectorFromArray(
        sizes.map((_, i) => i % 3 !== 0),
        new Bool(),
      ),
    });
  const standard: QualityStandard = {
    stratifications: [{ name: "color", field: "color" }],
    test_cases: [],
    metric_groups: [{ name: "quality", metrics: [{ label: "Accuracy", kind: "mean", field: "correct", higher_is_better: true }] }],
  };

  async function showSlicer(options: Record<string, unknown>, comm?: FakeComm) {
    const model = await manager.model(
      "SlicerModel",
      {
        samples: wireBytes(slicerSamples()),
        options: { dataset: "shapes", models: ["a", "b"], reference: "a", standard, idFields: ["sample_id"], method: "equal-width", ...options },
      },
      "slicer",
      comm,
    );
    const view = await show(model);
    await until(() => view.el.querySelector("tr[data-test-case]") !== null, "the slice table");
    return view.el;
  }

  const customs = (comm: FakeComm) =>
    comm.sent.map((message) => message.data as { method: string; content?: Record<string, unknown> }).filter((data) => data.method === "custom");

  test("the save goes to the kernel as a message; its answer is shown, and no platform or token is asked", async () => {
    global.fetch = jest.fn() as typeof fetch;
    const comm = new FakeComm("slicer");
    const root = await showSlicer({ saveThroughKernel: true, platform: { url: "http://127.0.0.1:9999" } }, comm);
    root.querySelector<HTMLButtonElement>('[data-role="save-slices"]')!.click();
    await until(() => customs(comm).length === 1, "the save message");
    const [message] = customs(comm);
    expect(message.content).toEqual({
      type: "save_slices",
      request: expect.any(String),
      dataset: "shapes",
      addition: { stratifications: [{ name: "size", field: "size", buckets: [3.2, 5.4, 7.6, 9.8] }] },
    });
    expect(root.querySelector(".sw-save-message")!.textContent).toBe("Saving to the kernel…");
    // An answer to another request (another view of the model) changes nothing here.
    await comm.receive({ method: "custom", content: { type: "save_slices_result", request: "elsewhere", version: 1, renamed: [], added: 1 } } as never);
    await comm.receive({
      method: "custom",
      content: { type: "save_slices_result", request: message.content!.request, version: 7, renamed: [["size", "size (2)"]], added: 1 },
    } as never);
    await until(() => root.querySelector(".sw-save-box")!.getAttribute("data-saved") === "7", "the saved version");
    expect(root.querySelector(".sw-save-message")!.textContent).toMatch(
      /^Saved the stratification "size" to shapes's quality standard as version 7\. The name "size" was taken, so it was saved as "size \(2\)"\./,
    );
    expect(root.querySelector('[data-role="save-token"]')).toBeNull();
    expect(global.fetch).not.toHaveBeenCalled();
  });

  test("the kernel's refusal is shown with the code that saves the same slices", async () => {
    const comm = new FakeComm("slicer");
    const root = await showSlicer({ saveThroughKernel: true }, comm);
    root.querySelector<HTMLButtonElement>('[data-role="save-slices"]')!.click();
    await until(() => customs(comm).length === 1, "the save message");
    await comm.receive({
      method: "custom",
      content: { type: "save_slices_error", request: customs(comm)[0].content!.request, message: "no workspace [no_workspace]" },
    } as never);
    await until(() => root.querySelector('[data-role="save-code"]') !== null, "the code");
    expect(root.querySelector(".sw-save-message")!.textContent).toBe(
      "Could not save to the kernel: no workspace [no_workspace]. This code saves them instead:",
    );
  });

  test("without a live comm the save says the kernel is not connected", async () => {
    const root = await showSlicer({ saveThroughKernel: true });
    root.querySelector<HTMLButtonElement>('[data-role="save-slices"]')!.click();
    await until(() => root.querySelector('[data-role="save-code"]') !== null, "the code");
    expect(root.querySelector(".sw-save-message")!.textContent).toMatch(/^Could not save to the kernel: the kernel is not connected/);
  });

  test("without saveThroughKernel (the Deno kernel's Slicer) the view never messages the kernel", async () => {
    const comm = new FakeComm("slicer");
    const root = await showSlicer({}, comm);
    root.querySelector<HTMLButtonElement>('[data-role="save-slices"]')!.click();
    await until(() => root.querySelector('[data-role="save-code"]') !== null, "the code");
    expect(customs(comm)).toEqual([]);
  });
});
