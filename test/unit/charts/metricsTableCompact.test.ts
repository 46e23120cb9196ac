/** @jest-environment jsdom */
// The metrics table in a narrow column (jsdom has no layout: the `width` option stands for the
// column's width): frozen-column widths, the view selector in the toolbar, what choosing a view
// shows, that update() keeps the choice, and a header's full name on keyboard focus.
import { TextDecoder, TextEncoder } from "util";
Object.assign(globalThis, { TextDecoder, TextEncoder });
import { EvaluationRow, evaluationTableFromRows } from "../../../src/core";
import { MetricsTableHandle, MetricsTableOptions, MetricsTableView, renderMetricsTable } from "../../../src/charts/metricsTable";

/** Two test cases × baseline (reference) and candidate × accuracy and f1 (quality) and latency (speed). */
function evaluationRows(): EvaluationRow[] {
  const rows: EvaluationRow[] = [];
  for (const [testCase, n] of [
    ["small", 50],
    ["large", 1200],
  ] as const)
    for (const [group, metric, higher] of [
      ["quality", "accuracy", true],
      ["quality", "f1", true],
      ["speed", "latency", false],
    ] as const)
      for (const model of ["baseline", "candidate"]) {
        const reference = model === "baseline";
        rows.push({
          stratification: "size",
          test_case: testCase,
          model,
          metric_group: group,
          metric,
          n,
          value: reference ? 0.5 : 0.6,
          ci_low: null,
          ci_high: null,
          delta: reference ? null : 0.1,
          p_value: reference ? null : 0.01,
          q_value: reference ? null : 0.02,
          verdict: reference ? null : "improved",
          higher_is_better: higher,
        });
      }
  return rows;
}
const evaluation = evaluationTableFromRows(evaluationRows());

let host: HTMLElement;
let handle: MetricsTableHandle | null = null;

beforeEach(() => {
  host = document.createElement("div");
  document.body.append(host);
});

afterEach(() => {
  handle?.destroy();
  handle = null;
  host.remove();
});

function render(options: MetricsTableOptions = {}): MetricsTableHandle {
  handle = renderMetricsTable(host, evaluation, options);
  return handle;
}

const viewLabel = () => host.querySelector<HTMLLabelElement>("label.sw-mt-view")!;
const viewSelect = () => host.querySelector<HTMLSelectElement>("select[data-role=table-view]")!;
const shownMetrics = () => [...new Set([...host.querySelectorAll<HTMLElement>("tbody td[data-metric]")].map((cell) => cell.dataset.metric))];
const metricHeaders = () => [...host.querySelectorAll(".sw-mt-metric-name")].map((name) => name.textContent);
const summary = () => host.querySelector(".sw-mt-summary")!.textContent;

function choose(value: string): void {
  viewSelect().value = value;
  viewSelect().dispatchEvent(new Event("change", { bubbles: true }));
}

test("the frozen columns' widths and the table's width come from the names and numbers", () => {
  render();
  const root = host.querySelector<HTMLElement>(".sw-metrics-table")!;
  // Test case: "small" and "large" need 30 + 5 × 7 = 65 → at least 120; n "1,200": 16 + 5 × 7 = 51 → at least 56.
  expect(root.style.getPropertyValue("--sw-mt-name-width")).toBe("120px");
  expect(root.style.getPropertyValue("--sw-mt-frozen-width")).toBe("176px");
  // Each metric: baseline 88 (its name needs 28 + 8 × 7 = 84) + candidate with its delta 156.
  expect(host.querySelector<HTMLElement>("table")!.style.width).toBe(`${176 + 3 * (88 + 156)}px`);
  expect([...host.querySelectorAll<HTMLElement>("col")].map((col) => col.style.width)).toEqual([
    "120px",
    "56px",
    "88px",
    "156px",
    "88px",
    "156px",
    "88px",
    "156px",
  ]);
});

test("in a column narrower than the table (908 px) the toolbar offers every metric, each group and each metric", () => {
  render({ width: 500 });
  expect(viewLabel().hidden).toBe(false);
  expect(viewLabel().textContent).toMatch(/^Show /);
  expect([...viewSelect().options].map((option) => option.textContent)).toEqual([
    "All metrics",
    "quality (2 metrics)",
    "speed (1 metric)",
    "accuracy",
    "f1",
    "latency",
  ]);
  expect(viewSelect().value).toBe("");
  expect(shownMetrics()).toEqual(["accuracy", "f1", "latency"]);
});

test("when the table fits, or its width is unknown, the selector is in the toolbar but hidden", () => {
  render({ width: 1200 });
  expect(viewLabel().hidden).toBe(true);
  handle!.destroy();
  render();
  expect(viewLabel().hidden).toBe(true);
});

test("choosing one metric shows only its columns, says so, tells the caller, and stays offered to go back", () => {
  const views: (MetricsTableView | null)[] = [];
  render({ width: 500, onViewChange: (view) => views.push(view) });
  choose(JSON.stringify(["quality", "f1"]));
  expect(shownMetrics()).toEqual(["f1"]);
  expect(metricHeaders()).toEqual(["f1"]);
  expect(
    [...host.querySelectorAll<HTMLElement>('tbody tr[data-test-case="small"] td[data-model]')].map(
      (cell) => `${cell.dataset.model}:${cell.dataset.metric}:${cell.dataset.value}:${cell.dataset.verdict ?? ""}`,
    ),
  ).toEqual(["baseline:f1:0.5:", "candidate:f1:0.6:improved"]);
  expect(host.querySelector<HTMLElement>("table")!.style.width).toBe(`${176 + 88 + 156}px`);
  expect(summary()).toBe("2 test cases · 1 stratification · 2 models · 1 of 3 metrics");
  expect(views).toEqual([{ group: "quality", metric: "f1" }]);
  // 420 px now fits in 500, but the choice stays in view so that every metric can come back.
  expect(viewLabel().hidden).toBe(false);
  expect(viewSelect().value).toBe('["quality","f1"]');

  choose(JSON.stringify(["quality"]));
  expect(shownMetrics()).toEqual(["accuracy", "f1"]);
  choose("");
  expect(shownMetrics()).toEqual(["accuracy", "f1", "latency"]);
  expect(views).toEqual([{ group: "quality", metric: "f1" }, { group: "quality" }, null]);
});

test("update() keeps the chosen view, through a selection and through a rebuild", () => {
  render({ width: 500 });
  choose(JSON.stringify(["speed", "latency"]));
  handle!.update({ selected: { stratification: "size", testCase: "large" } });
  expect(shownMetrics()).toEqual(["latency"]);
  handle!.update({ showDelta: false });
  expect(shownMetrics()).toEqual(["latency"]);
  expect(viewSelect().value).toBe('["speed","latency"]');
  handle!.update({ view: null });
  expect(shownMetrics()).toEqual(["accuracy", "f1", "latency"]);
});

test("a view can be given in the options; one the evaluation lacks shows every metric", () => {
  render({ view: { group: "quality" } });
  expect(metricHeaders()).toEqual(["accuracy", "f1"]);
  expect(viewLabel().hidden).toBe(false);
  handle!.destroy();
  render({ view: { group: "quality", metric: "bleu" } });
  expect(metricHeaders()).toEqual(["accuracy", "f1", "latency"]);
  expect(viewSelect().value).toBe("");
});

test("copying copies what is shown", () => {
  render({ view: { group: "speed", metric: "latency" }, showDelta: false });
  expect(handle!.toCSV().split("\r\n")[0]).toBe("stratification,test_case,n,latency (baseline),latency (candidate)");
});

test("a model's header names its metric and model in full on keyboard focus, as its description", () => {
  render();
  const button = host.querySelector<HTMLButtonElement>("thead th.sw-mt-model-header.sw-mt-reference button")!;
  expect(button.getAttribute("aria-label")).toBe("accuracy, baseline (reference)");
  button.focus();
  const tooltip = document.getElementById(button.getAttribute("aria-describedby")!)!;
  expect(tooltip.hidden).toBe(false);
  expect(tooltip.textContent).toBe("accuracy\nbaseline (reference)\nSort by this column: Enter or click");
  button.blur();
  expect(tooltip.hidden).toBe(true);
  expect(button.hasAttribute("aria-describedby")).toBe(false);
});
