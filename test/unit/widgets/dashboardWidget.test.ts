/** @jest-environment jsdom */
// The Dashboard widget under jsdom: lumino attaches it once the view is in the document; then it
// holds the metrics table, a tab bar of four chart kinds, and the gallery, all on one selection.
import type { DOMWidgetView, WidgetModel } from "@jupyter-widgets/base";
import { mountDashboard } from "../../../src/widgets/dashboardPanel";
import { SelectionStore } from "../../../src/widgets/selectionStore";
import { FakeWidgetManager } from "./fakeManager";
import { evaluationTable, host, idsAt, samplesTable, sampleIds, until, wireBytes } from "./widgetFixtures";

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
});

async function showDashboard(state: Record<string, unknown> = {}) {
  const model = await manager.model("DashboardModel", { results: wireBytes(evaluationTable()), samples: wireBytes(samplesTable()), ...state }, "dashboard");
  const view = (await manager.create_view(model as WidgetModel)) as DOMWidgetView;
  manager.display_view(view);
  shown.push(view);
  await until(() => view.el.querySelectorAll(".lm-TabBar-tab").length > 0 && view.el.querySelector(".sw-pane-chart-delta svg") !== null);
  return { model, view };
}

const tabs = (root: Element) => [...root.querySelectorAll<HTMLElement>(".sw-dashboard-charts .lm-TabBar-tab")];
const cardIds = (root: Element) => [...root.querySelectorAll<HTMLElement>(".sw-pane-gallery [data-sample-id]")].map((card) => card.dataset.sampleId);

test("renders the table, a chart tab bar with four tabs (the first drawn), and the gallery", async () => {
  const { view } = await showDashboard();
  const dashboard = view.el.querySelector<HTMLElement>(".sw-dashboard")!;
  expect(dashboard.style.height).toBe("820px");
  expect(view.el.querySelectorAll(".sw-pane-table tbody tr[data-test-case]")).toHaveLength(5);
  expect(tabs(view.el).map((tab) => tab.textContent)).toEqual(["Δ vs reference", "Values", "Scatter", "Heatmap"]);
  expect(tabs(view.el)[0].classList.contains("lm-mod-current")).toBe(true);
  expect(view.el.querySelector(".sw-pane-chart-delta svg")!.getAttribute("class")).toBe("sw-chart sw-chart-delta");
  // Each chart tab shows one kind: no kind switch inside it.
  expect(view.el.querySelector(".sw-pane-chart-delta [data-kind]")).toBeNull();
  // Later tabs are drawn the first time they are shown.
  expect(view.el.querySelector(".sw-pane-chart-bars svg")).toBeNull();
  expect(cardIds(view.el)).toEqual(sampleIds.map(String));
});

test("choosing a tab (Enter on it) draws that chart kind", async () => {
  const { view } = await showDashboard();
  const heatmap = tabs(view.el)[3];
  heatmap.focus();
  heatmap.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true, cancelable: true }));
  await until(() => view.el.querySelector(".sw-pane-chart-heatmap svg") !== null);
  expect(view.el.querySelector(".sw-pane-chart-heatmap svg")!.getAttribute("class")).toBe("sw-chart sw-chart-heatmap");
  expect(tabs(view.el)[3].classList.contains("lm-mod-current")).toBe(true);
});

test("the panes share one selection: a table click filters the gallery and highlights the chart", async () => {
  const { view } = await showDashboard();
  view.el.querySelector<HTMLElement>('.sw-pane-table tr[data-test-case="large"] .sw-mt-name')!.click();
  expect(cardIds(view.el)).toEqual(idsAt([2, 4, 6, 7]));
  const highlighted = [...new Set([...view.el.querySelectorAll<SVGElement>(".sw-pane-chart-delta .sw-mark.sw-selected")].map((mark) => mark.dataset.testCase))];
  expect(highlighted).toEqual(["size/large"]);
});

test("without results it says what to give it; without samples the gallery pane says so", async () => {
  const empty = await manager.model("DashboardModel", { results: null, samples: null }, "empty");
  const emptyView = (await manager.create_view(empty)) as DOMWidgetView;
  manager.display_view(emptyView);
  shown.push(emptyView);
  expect(emptyView.el.querySelector(".sw-state strong")!.textContent).toBe("No evaluation to show");

  const element = host();
  const panel = mountDashboard(
    element,
    { results: evaluationTable(), samples: null, options: { height: 400, chartKinds: ["bars", "delta"] } },
    new SelectionStore(),
  );
  await until(() => tabs(element).length === 2);
  expect(tabs(element).map((tab) => tab.textContent)).toEqual(["Values", "Δ vs reference"]);
  expect(element.querySelector<HTMLElement>(".sw-dashboard")!.style.height).toBe("400px");
  expect(element.querySelector(".sw-pane-gallery .sw-state strong")!.textContent).toBe("No samples");
  panel.destroy();
  expect(element.childElementCount).toBe(0);
});
