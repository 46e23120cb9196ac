/** @jest-environment jsdom */
// The History widget: panels drawn from the binary `history` attribute, its toolbar (metric,
// stratification, SVG download), its link to the selection, and the report runtime's mount.
import type { DOMWidgetView, WidgetModel } from "@jupyter-widgets/base";
import { tableToIPC } from "apache-arrow";
import type { Verdict } from "../../../src/core";
import { HistoryView } from "../../../src/widgets/historyWidget";
import { SelectionStore } from "../../../src/widgets/selectionStore";
import { history, mountReport, reportDataType } from "../../../src/widgets/standalone";
import { HistoryRow, historyTable as historyTableOf } from "../charts/historyFixture";
import { FakeWidgetManager } from "./fakeManager";
import { evaluationTable, host, wireBytes } from "./widgetFixtures";

/** Three runs of model `b` against reference `a` on four test cases; `size/large` regresses in run 3. */
const runs: [stratification: string, testCase: string, perRun: [value: number, verdict: Verdict][]][] = [
  [
    "dataset",
    "all",
    [
      [0.7, "similar"],
      [0.75, "similar"],
      [0.8, "improved"],
    ],
  ],
  [
    "size",
    "small",
    [
      [0.6, "similar"],
      [0.8, "improved"],
      [0.9, "improved"],
    ],
  ],
  [
    "size",
    "large",
    [
      [0.9, "similar"],
      [0.85, "similar"],
      [0.5, "regressed"],
    ],
  ],
  [
    "weather",
    "sunny",
    [
      [0.8, "similar"],
      [0.8, "similar"],
      [0.8, "similar"],
    ],
  ],
];

function historyRows(metrics = ["accuracy"]): HistoryRow[] {
  return ["run 1", "run 2", "run 3"].flatMap((step, step_index) =>
    metrics.flatMap((metric, metricIndex) =>
      runs.flatMap(([stratification, test_case, perRun]) => {
        const [value, verdict] = perRun[step_index];
        // A second metric is the error rate: 1 − accuracy.
        const shown = metricIndex === 0 ? value : 1 - value;
        const common = { step, step_index, stratification, test_case, metric_group: "quality", metric, n: 40, higher_is_better: metricIndex === 0 };
        return [
          {
            ...common,
            model: "a",
            value: metricIndex === 0 ? 0.75 : 0.25,
            ci_low: null,
            ci_high: null,
            delta: null,
            p_value: null,
            q_value: null,
            verdict: null,
          },
          { ...common, model: "b", value: shown, ci_low: shown - 0.1, ci_high: shown + 0.1, delta: shown - 0.75, p_value: 0.01, q_value: 0.02, verdict },
        ];
      }),
    ),
  );
}

const historyTable = (rows = historyRows()) => historyTableOf(rows);

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

async function showHistory(state: Record<string, unknown> = {}) {
  const model = await manager.model("HistoryModel", { history: wireBytes(historyTable()), ...state }, "history");
  return { model, view: await show(model) };
}

const panelIds = (root: Element) => Array.from(root.querySelectorAll(".sw-history-panel"), (panel) => panel.getAttribute("data-test-case"));
const toolbarButton = (root: Element, text: string) =>
  Array.from(root.querySelectorAll<HTMLButtonElement>(".sw-chart-toolbar button")).find((button) => button.textContent === text)!;
const choose = (select: HTMLSelectElement, value: string) => {
  select.value = value;
  select.dispatchEvent(new Event("change", { bubbles: true }));
};

test("the view draws one panel per test case from the binary attribute, three points each, the regression marked", async () => {
  const { view } = await showHistory();
  expect(view).toBeInstanceOf(HistoryView);
  expect(view.el.classList.contains("slicewise")).toBe(true);
  expect(view.el.querySelector("svg")!.getAttribute("class")).toBe("sw-chart sw-chart-history");
  expect(panelIds(view.el)).toEqual(["dataset/all", "size/small", "size/large", "weather/sunny"]);
  expect(view.el.querySelectorAll('.sw-point[data-test-case="size/large"]')).toHaveLength(3);
  const regressed = view.el.querySelector<SVGElement>('.sw-point[data-verdict="regressed"]')!;
  expect([regressed.dataset.testCase, regressed.dataset.step, regressed.dataset.model, regressed.dataset.value]).toEqual(["size/large", "run 3", "b", "0.5"]);
  // One metric: no metric menu; the kinds switch of the comparison chart is not offered.
  expect(view.el.querySelector('select[data-role="chart-metric"]')).toBeNull();
  expect(view.el.querySelector(".sw-chart-toolbar [data-kind]")).toBeNull();
});

test("`history: null` shows what to do instead of a blank output", async () => {
  const { view } = await showHistory({ history: null });
  expect(view.el.querySelector("svg")).toBeNull();
  expect(view.el.querySelector(".sw-state strong")!.textContent).toBe("No history to chart");
  expect(view.el.querySelector(".sw-state")!.textContent).toContain("record: true");
});

test("new history bytes or options from the kernel redraw the view", async () => {
  const { model, view } = await showHistory();
  model.set("options", { stratification: "size" });
  expect(panelIds(view.el)).toEqual(["size/small", "size/large"]);
  model.set("history", wireBytes(historyTable(historyRows().filter((row) => row.test_case !== "small"))));
  expect(panelIds(view.el)).toEqual(["size/large"]);
});

test("the toolbar switches the metric and the stratification; the SVG download is the chart as shown, named for its metric", async () => {
  const { view } = await showHistory({ history: wireBytes(historyTable(historyRows(["accuracy", "error_rate"]))) });
  const metric = view.el.querySelector<HTMLSelectElement>('select[data-role="chart-metric"]')!;
  expect(Array.from(metric.options, (option) => option.value)).toEqual(["accuracy", "error_rate"]);
  expect(metric.value).toBe("accuracy");
  choose(metric, "error_rate");
  expect(view.el.querySelector('.sw-point[data-test-case="size/large"][data-step="run 3"]')!.getAttribute("data-value")).toBe("0.5");
  expect(view.el.querySelector('.sw-point[data-test-case="dataset/all"][data-step="run 1"]')!.getAttribute("data-value")).toBe(String(1 - 0.7));
  const stratification = view.el.querySelector<HTMLSelectElement>('select[data-role="history-stratification"]')!;
  expect(Array.from(stratification.options, (option) => option.textContent)).toEqual(["all", "dataset", "size", "weather"]);
  choose(stratification, "weather");
  expect(panelIds(view.el)).toEqual(["weather/sunny"]);
  expect(view.el.querySelector<HTMLSelectElement>('select[data-role="chart-metric"]')!.value).toBe("error_rate");

  const blobs: Blob[] = [];
  URL.createObjectURL = jest.fn((blob: Blob) => (blobs.push(blob), "blob:history"));
  URL.revokeObjectURL = jest.fn();
  const names: string[] = [];
  jest.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
    names.push(this.download);
  });
  toolbarButton(view.el, "SVG").click();
  expect(names).toEqual(["slicewise-history-error_rate.svg"]);
  expect(blobs[0].type).toBe("image/svg+xml");
});

test("linked by a SelectionModel: clicking a panel selects its test case in a comparison chart too, and back", async () => {
  const selection = await manager.model("SelectionModel", {}, "selection");
  const { view } = await showHistory({ selection: "IPY_MODEL_selection" });
  const chartModel = await manager.model("ComparisonChartModel", { results: wireBytes(evaluationTable()), selection: "IPY_MODEL_selection" }, "chart");
  const chart = await show(chartModel);
  view.el.querySelector('.sw-history-panel[data-test-case="size/large"] .sw-panel-frame')!.dispatchEvent(new MouseEvent("click", { bubbles: true }));
  expect(selection.get("test_case")).toEqual({ stratification: "size", test_case: "large" });
  expect(new Set(Array.from(chart.el.querySelectorAll<SVGElement>(".sw-mark.sw-selected"), (mark) => mark.dataset.testCase))).toEqual(new Set(["size/large"]));
  chart.el.querySelector('.sw-mark[data-test-case="size/small"]')!.dispatchEvent(new MouseEvent("click", { bubbles: true }));
  expect(Array.from(view.el.querySelectorAll(".sw-history-panel.sw-selected"), (panel) => panel.getAttribute("data-test-case"))).toEqual(["size/small"]);
});

test('standalone: `history` mounts the panel, and a report\'s `widget: "history"` block with base64 Arrow mounts it too', () => {
  const element = host();
  const panel = history(element, { history: tableToIPC(historyTable()), theme: "dark", selection: new SelectionStore() });
  expect(element.dataset.theme).toBe("dark");
  expect(panelIds(element)).toHaveLength(4);
  panel.destroy();
  expect(element.querySelector(".sw-history-panel")).toBeNull();

  const target = host();
  target.id = "sw-history";
  const bytes = tableToIPC(historyTable());
  const script = document.createElement("script");
  script.type = reportDataType;
  script.textContent = JSON.stringify({ widget: "history", target: "sw-history", history: Buffer.from(bytes).toString("base64") });
  document.body.append(script);
  const mounted = mountReport(document);
  expect(mounted).toHaveLength(1);
  expect(panelIds(target)).toEqual(["dataset/all", "size/small", "size/large", "weather/sunny"]);
  expect(() => history(host(), {})).toThrow("no history table was given");
});
