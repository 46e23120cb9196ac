/** @jest-environment jsdom */
// The MetricsTable widget: a model made from the state a kernel sends, its view drawn in the
// document — rows, values, verdicts, sorting, state updates and the empty state.
import { tableToIPC } from "apache-arrow";
import { MetricsTableModel, MetricsTableView } from "../../../src/widgets/metricsTableWidget";
import { FakeComm, FakeWidgetManager } from "./fakeManager";
import { evaluationFigures, evaluationTable, wireBytes } from "./widgetFixtures";

const views: MetricsTableView[] = [];

afterEach(() => {
  for (const view of views.splice(0)) view.remove();
  document.body.replaceChildren();
});

/** A model from wire state (results as a DataView) and its view, rendered and attached. */
async function showTable(state: Record<string, unknown> = {}, comm?: FakeComm) {
  const manager = new FakeWidgetManager();
  const model = await manager.model<MetricsTableModel>("MetricsTableModel", { results: wireBytes(evaluationTable()), ...state }, "table", comm);
  const view = new MetricsTableView({ model });
  view.render();
  document.body.append(view.el);
  views.push(view);
  return { manager, model, view };
}

const rows = (view: MetricsTableView) => [...view.el.querySelectorAll<HTMLTableRowElement>("tbody tr[data-test-case]")];
const order = (view: MetricsTableView) => rows(view).map((row) => row.dataset.testCase);
const cell = (view: MetricsTableView, testCase: string, model: string) =>
  rows(view)
    .find((row) => row.dataset.testCase === testCase)!
    .querySelector<HTMLTableCellElement>(`td[data-model="${model}"][data-metric="accuracy"]`)!;
const sortButton = (view: MetricsTableView, label: string) =>
  [...view.el.querySelectorAll<HTMLButtonElement>("thead th[data-sort] button")].find((button) => button.getAttribute("aria-label") === label)!;
const symbolOf = (element: HTMLElement) => element.querySelector(".sw-mt-symbol")?.textContent ?? null;

test("the model deserializes the comm's DataView to the exact bytes; the view starts themed, linked to nothing", async () => {
  const { model, view } = await showTable();
  const bytes = model.get("results") as Uint8Array;
  expect(bytes).toBeInstanceOf(Uint8Array);
  expect(bytes.byteOffset).toBe(16);
  expect(bytes).toEqual(tableToIPC(evaluationTable()));
  expect(model.get("selection")).toBeNull();
  expect(view.el.classList.contains("slicewise")).toBe(true);
});

test("one row per test case, in the evaluation's order, under its stratification", async () => {
  const { view } = await showTable();
  expect(order(view)).toEqual(["all", "small", "large", "sunny", "rainy"]);
  expect(rows(view).map((row) => row.dataset.stratification)).toEqual(["dataset", "size", "size", "weather", "weather"]);
  expect([...view.el.querySelectorAll<HTMLElement>("tbody tr[data-group]")].map((row) => row.dataset.group)).toEqual(["dataset", "size", "weather"]);
  expect(rows(view).map((row) => row.querySelector(".sw-mt-count-cell")!.textContent)).toEqual(["8", "4", "4", "5", "3"]);
  expect(view.el.querySelector(".sw-mt-metric-header")!.textContent).toBe("accuracy↑");
});

test("value cells carry the value; model b's carry its verdict and symbol, the reference a's none", async () => {
  const { view } = await showTable();
  const expected: Record<string, [a: string, b: string, verdict: string, symbol: string]> = {
    all: ["0.75", "0.75", "similar", "≈"],
    small: ["0.5", "1", "improved", "▲"],
    large: ["1", "0.5", "regressed", "▼"],
    sunny: ["0.8", "0.8", "similar", "≈"],
    rainy: [String(2 / 3), "", "unknown", "?"],
  };
  for (const [testCase, [a, b, verdict, symbol]] of Object.entries(expected)) {
    const reference = cell(view, testCase, "a");
    expect(reference.dataset.value).toBe(a);
    expect(reference.hasAttribute("data-verdict")).toBe(false);
    expect(symbolOf(reference)).toBeNull();
    const candidate = cell(view, testCase, "b");
    expect([candidate.dataset.value, candidate.dataset.verdict, symbolOf(candidate)]).toEqual([b, verdict, symbol]);
  }
  expect(cell(view, "small", "b").querySelector(".sw-mt-symbol")!.getAttribute("aria-label")).toBe("improved (significant)");
  expect(evaluationFigures).toHaveLength(rows(view).length);
});

test("clicking b's header sorts within each stratification: ascending, descending (missing last), then the original order", async () => {
  const { view } = await showTable();
  sortButton(view, "accuracy, b").click();
  expect(order(view)).toEqual(["all", "large", "small", "sunny", "rainy"]);
  expect(sortButton(view, "accuracy, b").closest("th")!.getAttribute("aria-sort")).toBe("ascending");
  sortButton(view, "accuracy, b").click();
  expect(order(view)).toEqual(["all", "small", "large", "sunny", "rainy"]);
  expect(sortButton(view, "accuracy, b").closest("th")!.getAttribute("aria-sort")).toBe("descending");
  sortButton(view, "accuracy, b").click();
  expect(order(view)).toEqual(["all", "small", "large", "sunny", "rainy"]);
  expect(view.el.querySelector("thead th[aria-sort]")).toBeNull();
});

test("clicking the reference's header and the test-case header sort by those", async () => {
  const { view } = await showTable();
  sortButton(view, "accuracy, a (reference)").click();
  expect(order(view)).toEqual(["all", "small", "large", "rainy", "sunny"]);
  sortButton(view, "Test case").click();
  expect(order(view)).toEqual(["all", "large", "small", "rainy", "sunny"]);
});

test("setting `results` on the model redraws with the new values", async () => {
  const { model, view } = await showTable();
  const figures = evaluationFigures.map(([stratification, testCase, figure]) =>
    testCase === "large"
      ? ([stratification, testCase, { ...figure, b: 0.95, verdict: "similar" }] as (typeof evaluationFigures)[number])
      : [stratification, testCase, figure],
  ) as typeof evaluationFigures;
  model.set("results", tableToIPC(evaluationTable(figures)));
  const large = cell(view, "large", "b");
  expect([large.dataset.value, large.dataset.verdict, symbolOf(large)]).toEqual(["0.95", "similar", "≈"]);
  expect(view.el.querySelectorAll(".sw-metrics-table")).toHaveLength(1);
});

test("an update message from the kernel (state plus a buffer) redraws the view", async () => {
  const comm = new FakeComm("table-comm");
  const { model, view } = await showTable({}, comm);
  const figures = evaluationFigures.filter(([stratification]) => stratification !== "weather");
  await comm.receive({ method: "update", state: {}, buffer_paths: [["results"]] }, [wireBytes(evaluationTable(figures))]);
  expect(order(view)).toEqual(["all", "small", "large"]);
  expect((model.get("results") as Uint8Array).byteOffset).toBe(16);
});

test("changing `options` redraws with them: without deltas no verdict symbols are shown", async () => {
  const { model, view } = await showTable();
  expect(view.el.querySelectorAll(".sw-mt-symbol")).toHaveLength(5);
  model.set("options", { showDelta: false });
  expect(view.el.querySelectorAll(".sw-mt-symbol")).toHaveLength(0);
  expect(cell(view, "large", "b").dataset.verdict).toBe("regressed");
});

test("`results: null` shows the empty state, from the start or after data", async () => {
  const manager = new FakeWidgetManager();
  // Constructed directly, as a manager does after deserializing.
  const model = new MetricsTableModel({ results: null }, { model_id: "empty", widget_manager: manager, comm: undefined });
  const view = new MetricsTableView({ model });
  view.render();
  document.body.append(view.el);
  views.push(view);
  expect(view.el.querySelector("table")).toBeNull();
  expect(view.el.querySelector(".sw-state")!.textContent).toBe("No evaluation to showGive the widget the table that evaluate(...) returns.");

  const shown = await showTable();
  shown.model.set("results", null);
  expect(shown.view.el.querySelector("table")).toBeNull();
  expect(shown.view.el.querySelector(".sw-state strong")!.textContent).toBe("No evaluation to show");
});

test("bytes that are not Arrow IPC show an error message, not a blank output", async () => {
  const { view } = await showTable({ results: new DataView(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]).buffer) });
  const message = view.el.querySelector(".sw-state.sw-error")!;
  expect(message.getAttribute("role")).toBe("alert");
  expect(message.querySelector("strong")!.textContent).toBe("This widget could not be drawn");
});

test("a removed view stops drawing: its table is gone and later changes do not reach it", async () => {
  const { model, view } = await showTable();
  view.remove();
  views.splice(views.indexOf(view), 1);
  expect(view.el.isConnected).toBe(false);
  expect(view.el.querySelector(".sw-metrics-table")).toBeNull();
  model.set("results", tableToIPC(evaluationTable()));
  expect(view.el.querySelector(".sw-metrics-table")).toBeNull();
});
