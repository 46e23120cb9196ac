/** @jest-environment jsdom */
// The Dashboard's "Embedding map" tab under jsdom: present only with a projection, drawn when first
// shown, its points joined with the dashboard's samples (a picked point's card shows its label and
// predictions), saving where the slicer saves; a projection without rows says so.
import type { DOMWidgetView, WidgetModel } from "@jupyter-widgets/base";
import { Bool, Table, makeVector, vectorFromArray } from "apache-arrow";
import { FakeWidgetManager } from "./fakeManager";
import { evaluationTable, samplesTable, until, wireBytes } from "./widgetFixtures";

// Four of the samples' eight ids (100, 101, 103, 106), in another order than the samples table's.
const projection = new Table({
  image_id: makeVector(Int32Array.of(106, 100, 103, 101)),
  x: makeVector(Float32Array.of(0, 10, 10, 0)),
  y: makeVector(Float32Array.of(0, 0, 10, 10)),
  "a.correct": vectorFromArray([true, true, false, false], new Bool()),
  embedding: vectorFromArray([
    [1, 0],
    [0, 1],
    [0.1, 1],
    [1, 0.1],
  ]),
});

let manager: FakeWidgetManager;
const shown: DOMWidgetView[] = [];

beforeEach(() => {
  manager = new FakeWidgetManager();
  URL.createObjectURL = jest.fn(() => "blob:test");
  URL.revokeObjectURL = jest.fn();
  // jsdom has no canvas: the map draws no pixels, and everything else still works.
  jest.spyOn(HTMLCanvasElement.prototype, "getContext").mockReturnValue(null);
});

afterEach(() => {
  for (const view of shown.splice(0)) view.remove();
  document.body.replaceChildren();
  jest.restoreAllMocks();
});

async function showDashboard(state: Record<string, unknown>) {
  const model = await manager.model("DashboardModel", { results: wireBytes(evaluationTable()), samples: wireBytes(samplesTable()), ...state }, "dashboard");
  const view = (await manager.create_view(model as WidgetModel)) as DOMWidgetView;
  manager.display_view(view);
  shown.push(view);
  await until(() => view.el.querySelector(".sw-pane-table tr[data-test-case]") !== null);
  return view;
}

const outerTabs = (view: DOMWidgetView) => [...view.el.querySelectorAll<HTMLElement>(".sw-dashboard-tabs > .lm-TabBar .lm-TabBar-tab")];

async function openMapTab(view: DOMWidgetView) {
  const tab = outerTabs(view).find((candidate) => candidate.textContent === "Embedding map")!;
  tab.focus();
  tab.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true, cancelable: true }));
  await until(() => view.el.querySelector(".sw-pane-map .sw-embedding-map-panel, .sw-pane-map .sw-state") !== null, "the map tab");
}

test("without a projection there is no map tab (and without a slicer, no tabs at all)", async () => {
  const view = await showDashboard({});
  expect(outerTabs(view)).toHaveLength(0);
  expect(view.el.querySelector(".sw-pane-map")).toBeNull();
});

test("with a projection the map is a tab beside the test cases, drawn only once it is chosen", async () => {
  const view = await showDashboard({ projection: wireBytes(projection) });
  expect(outerTabs(view).map((tab) => tab.textContent)).toEqual(["Test cases", "Embedding map"]);
  expect(view.el.querySelector(".sw-pane-map canvas")).toBeNull();
  await openMapTab(view);
  expect(view.el.querySelector(".sw-pane-map .sw-map-summary")!.textContent).toBe("4 points: 2 wrong, 2 correct.");
});

test("a clicked point's cards carry the samples' columns beside the projection's, and save to the slicer's dataset", async () => {
  const view = await showDashboard({
    projection: wireBytes(projection),
    options: { slicer: { dataset: "shapes", idFields: ["image_id"], standard: { metric_groups: [] } } },
  });
  expect(outerTabs(view).map((tab) => tab.textContent)).toEqual(["Test cases", "Slicer", "Embedding map"]);
  await openMapTab(view);
  // Without layout the stage is 760 × 420 and the square [0, 10]² is drawn 39.6 px a unit: (0, 10), id 101, at (182, 12).
  const overlay = view.el.querySelector(".sw-pane-map .sw-map-overlay")!;
  overlay.dispatchEvent(new MouseEvent("mousedown", { bubbles: true, view: window, clientX: 182, clientY: 13 }));
  overlay.dispatchEvent(new MouseEvent("click", { bubbles: true, view: window, clientX: 182, clientY: 13 }));
  // 101 points along (1, 0.1): nearest 106 (1, 0), then 103 (0.1, 1) and 100 (0, 1).
  expect(view.el.querySelector(".sw-pane-map [data-role=chosen-count]")!.textContent).toBe("Sample 101 and its 3 nearest neighbours (cosine)");
  await until(() => view.el.querySelectorAll(".sw-pane-map [data-sample-id]").length === 4, "the map's gallery");
  // Its label and the models' predictions are only in the samples table (widgetFixtures: label 2, a says 0, b says 2).
  const card = view.el.querySelector<HTMLElement>('.sw-pane-map [data-sample-id="101"]')!;
  expect(card.textContent).toContain("Sample 101; label 2; a predicted 0, wrong; ✗b predicted 2, correct");
  view.el.querySelector<HTMLButtonElement>(".sw-pane-map [data-role=save-test-case]")!.click();
  await new Promise((resolve) => setTimeout(resolve, 0));
  const code = view.el.querySelector(".sw-pane-map [data-role=save-code]")!.textContent!;
  expect(code).toContain('{"name":"like 101","ids":[101,106,103,100]}');
  expect(code).toContain('await sw.setQualityStandard("shapes", standard);');
});

test("a projection without rows shows why the map is empty", async () => {
  const view = await showDashboard({ projection: wireBytes(projection.slice(0, 0)) });
  await openMapTab(view);
  expect(view.el.querySelector(".sw-pane-map .sw-state")!.textContent).toContain("No points to map");
});
