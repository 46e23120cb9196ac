/** @jest-environment jsdom */
// The History view: small multiples of one metric per test case across steps, on one y scale,
// with CI bands, verdict-marked points (the regression first of all), selection and export.
import "./jsdomTextCoding";
import { historyTooltipLines, readHistory, renderHistoryChart } from "../../../src/charts/historyChart";
import type { Verdict } from "../../../src/core";
import { host, hostileName } from "./evaluationFixture";
import { HistoryRow, historyTable } from "./historyFixture";

const steps = ["run 1 · 2026-11-24 09:12", "run 2 · 2026-11-25 17:40", "run 3 · 2026-11-26 08:01"];

/** Test case → per step: `large`'s value, CI half-width and verdict (`base`, the reference, is at 0.3 throughout). */
const figures: [stratification: string, testCase: string, perStep: [value: number, half: number, verdict: Verdict][]][] = [
  [
    "dataset",
    "all",
    [
      [0.8, 0.04, "similar"],
      [0.72, 0.04, "similar"],
      [0.83, 0.04, "improved"],
    ],
  ],
  [
    "size",
    "small",
    [
      [0.7, 0.08, "similar"],
      [0.72, 0.08, "similar"],
      [0.6, 0.1, "regressed"],
    ],
  ],
  [
    "size",
    hostileName,
    [
      [0.9, 0.05, "similar"],
      [0.91, 0.04, "improved"],
      [0.92, 0.03, "similar"],
    ],
  ],
];

function rows(stepNames = steps, testCases = figures): HistoryRow[] {
  return stepNames.flatMap((step, step_index) =>
    testCases.flatMap(([stratification, test_case, perStep]) => {
      const [value, half, verdict] = perStep[step_index];
      const common = { step, step_index, stratification, test_case, metric_group: "quality", metric: "accuracy", n: 200, higher_is_better: true };
      return [
        { ...common, model: "base", value: 0.3, ci_low: 0.25, ci_high: 0.35, delta: null, p_value: null, q_value: null, verdict: null },
        { ...common, model: "large", value, ci_low: value - half, ci_high: value + half, delta: value - 0.3, p_value: 0.01, q_value: 0.02, verdict },
      ];
    }),
  );
}

afterEach(() => document.body.replaceChildren());

const panels = (element: HTMLElement) => Array.from(element.querySelectorAll<SVGGElement>(".sw-history-panel"));
const panelOf = (element: HTMLElement, id: string) => panels(element).find((panel) => panel.getAttribute("data-test-case") === id)!;
const translateY = (mark: Element) => Number(/translate\([^,]+,([^)]+)\)/.exec(mark.getAttribute("transform")!)![1]);

test("one panel per test case under its stratification's heading, each with a point per step of the tracked model", () => {
  const element = host();
  renderHistoryChart(element, historyTable(rows()), {});
  expect(element.querySelector("svg")!.getAttribute("class")).toBe("sw-chart sw-chart-history");
  expect(panels(element).map((panel) => panel.getAttribute("data-test-case"))).toEqual(["dataset/all", "size/small", `size/${hostileName}`]);
  expect(Array.from(element.querySelectorAll(".sw-group-label"), (label) => label.textContent)).toEqual(["dataset", "size"]);
  for (const panel of panels(element)) {
    const points = Array.from(panel.querySelectorAll(".sw-point"));
    expect(points.map((point) => point.getAttribute("data-step"))).toEqual(steps);
    // The reference's rows (0.3 everywhere) are not drawn: the model with verdicts is.
    expect(points.every((point) => point.getAttribute("data-model") === "large")).toBe(true);
  }
  expect(element.querySelector(".sw-history-title text")!.textContent).toBe("accuracy (higher is better) of large across 3 steps");
});

test("the regressed point carries its verdict and step, is the large ▼, and its panel's latest value says so", () => {
  const element = host();
  renderHistoryChart(element, historyTable(rows()), {});
  const regressed = Array.from(element.querySelectorAll<SVGPathElement>('.sw-point[data-verdict="regressed"]'));
  expect(regressed).toHaveLength(1);
  expect([regressed[0].getAttribute("data-test-case"), regressed[0].getAttribute("data-step"), regressed[0].getAttribute("data-value")]).toEqual([
    "size/small",
    steps[2],
    "0.6",
  ]);
  expect(regressed[0].style.fill).toContain("--slicewise-regressed");
  // Pointing down: the apex below the centre.
  expect(regressed[0].getAttribute("d")).toMatch(/^M0,\d/);
  expect(element.querySelectorAll('.sw-point[data-verdict="improved"]')).toHaveLength(2);
  const small = panelOf(element, "size/small");
  expect(small.getAttribute("data-latest-verdict")).toBe("regressed");
  expect(small.querySelector(".sw-latest-value text")!.textContent).toBe("0.6000 ▼");
  expect(small.querySelector(".sw-latest-regressed")).not.toBeNull();
  expect(small.querySelectorAll(".sw-regression-bands rect")).toHaveLength(1);
  expect(panelOf(element, "dataset/all").querySelector(".sw-latest-value text")!.textContent).toBe("0.8300 ▲");
  expect(panelOf(element, "dataset/all").querySelector(".sw-latest-regressed")).toBeNull();
});

test("each panel has a CI band and a value line through its points", () => {
  const element = host();
  renderHistoryChart(element, historyTable(rows()), {});
  for (const panel of panels(element)) {
    expect(panel.querySelector(".sw-ci-band")!.getAttribute("d")).toMatch(/^M.+Z$/);
    // Three points: a move and two line segments.
    expect(panel.querySelector(".sw-value-line")!.getAttribute("d")!.match(/[ML]/g)).toEqual(["M", "L", "L"]);
  }
});

test("the y scale is shared: equal values sit at the same height in every panel, and the domain covers every CI", () => {
  const element = host();
  renderHistoryChart(element, historyTable(rows()), {});
  expect(element.querySelector("svg")!.getAttribute("data-y-domain")).toBe("0.5,1");
  const at = (id: string, step: number) => panelOf(element, id).querySelectorAll(".sw-point")[step];
  // 0.72 in `all` at run 2 and in `small` at run 2.
  expect(translateY(at("dataset/all", 1))).toBe(translateY(at("size/small", 1)));
  expect(translateY(at("dataset/all", 0))).toBeLessThan(translateY(at("size/small", 0)));
  // Only the first panel of a row labels the y axis: 0.6, 0.8, 1.0.
  expect(Array.from(panelOf(element, "size/small").querySelectorAll(".sw-axis text"), (tick) => tick.textContent)).toEqual(["0.6", "0.8", "1.0"]);
  expect(panelOf(element, `size/${hostileName}`).querySelectorAll(".sw-axis text")).toHaveLength(0);
});

test("step labels go under the last row only, with the full name in a title; long ones slant and are cut", () => {
  const element = host();
  renderHistoryChart(element, historyTable(rows()), { columns: 2 });
  const labels = Array.from(element.querySelectorAll(".sw-step-axis .sw-step-label"));
  // Two columns × three steps.
  expect(labels).toHaveLength(6);
  expect(labels.map((label) => label.querySelector("title")!.textContent).slice(0, 3)).toEqual(steps);
  // One column: the last row is one panel, so one set of labels.
  const single = host();
  renderHistoryChart(single, historyTable(rows()), { columns: 1 });
  expect(single.querySelectorAll(".sw-step-axis .sw-step-label")).toHaveLength(3);
  const text = labels[0].querySelector("text")!;
  expect(text.getAttribute("transform")).toBe("rotate(-40)");
  const short = host();
  renderHistoryChart(short, historyTable(rows(["v1", "v2", "v3"])), {});
  expect(short.querySelector(".sw-step-label text")!.getAttribute("transform")).toBeNull();
  expect(Array.from(short.querySelectorAll(".sw-step-label text"), (label) => label.textContent).slice(0, 3)).toEqual(["v1", "v2", "v3"]);
});

test("clicking a panel (or a point in it) selects its test case; again clears; Enter works from the keyboard", () => {
  const element = host();
  const onSelect = jest.fn();
  renderHistoryChart(element, historyTable(rows()), { onSelect });
  const small = panelOf(element, "size/small");
  small.querySelector(".sw-panel-frame")!.dispatchEvent(new MouseEvent("click", { bubbles: true }));
  expect(onSelect).toHaveBeenLastCalledWith({ stratification: "size", testCase: "small" });
  expect(small.getAttribute("aria-pressed")).toBe("true");
  expect(small.querySelector(".sw-selection-frame")!.getAttribute("visibility")).toBe("visible");
  small.querySelector(".sw-point")!.dispatchEvent(new MouseEvent("click", { bubbles: true }));
  expect(onSelect).toHaveBeenLastCalledWith(null);
  expect(element.querySelectorAll(".sw-history-panel.sw-selected")).toHaveLength(0);
  panelOf(element, "dataset/all").dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
  expect(onSelect).toHaveBeenLastCalledWith({ stratification: "dataset", testCase: "all" });
});

test("the selected option highlights a panel and survives updates", () => {
  const element = host();
  const chart = renderHistoryChart(element, historyTable(rows()), { selected: { stratification: "size", testCase: "small" } });
  const selected = () => Array.from(element.querySelectorAll(".sw-history-panel.sw-selected"), (panel) => panel.getAttribute("data-test-case"));
  expect(selected()).toEqual(["size/small"]);
  chart.update({ columns: 1 });
  expect(selected()).toEqual(["size/small"]);
  chart.update({ selected: null });
  expect(selected()).toEqual([]);
});

test("hovering a point shows step, value, CI, delta, q, n and verdict as text", () => {
  const element = host();
  renderHistoryChart(element, historyTable(rows()), {});
  element.querySelector('.sw-point[data-verdict="regressed"]')!.dispatchEvent(new MouseEvent("mouseover", { bubbles: true, clientX: 60, clientY: 40 }));
  const tooltip = element.querySelector<HTMLElement>(".sw-chart-tooltip")!;
  expect(tooltip.hidden).toBe(false);
  expect(Array.from(tooltip.children, (line) => Array.from(line.children, (part) => part.textContent).join(": "))).toEqual([
    "test case: size / small",
    `step: ${steps[2]}`,
    "model: large",
    "accuracy: 0.6000",
    "CI: [0.5000, 0.7000]",
    "Δ vs base: +0.3000",
    "q: 0.020",
    "n: 200",
    "verdict: ▼ regressed (significant)",
  ]);
  element.querySelector("svg")!.dispatchEvent(new MouseEvent("mouseleave"));
  expect(tooltip.hidden).toBe(true);
});

test("a hostile test-case name stays text, in the page and in the export", () => {
  const element = host();
  const chart = renderHistoryChart(element, historyTable(rows()), {});
  expect(element.querySelector("img")).toBeNull();
  expect(Array.from(element.querySelectorAll("title"), (title) => title.textContent)).toContain(`size / ${hostileName}`);
  expect(panelOf(element, `size/${hostileName}`).querySelector(".sw-panel-title text")!.textContent).toMatch(/^<img/);
  const svg = chart.toSVG();
  expect(svg).toContain("&lt;img src=x onerror=alert(1)&gt;");
  expect(svg).not.toContain("<img");
});

test("toSVG() is standalone XML with literal colours and nothing interactive", () => {
  const element = host();
  const chart = renderHistoryChart(element, historyTable(rows()), { selected: { stratification: "size", testCase: "small" }, theme: "dark" });
  const text = chart.toSVG();
  const parsed = new DOMParser().parseFromString(text, "image/svg+xml");
  expect(parsed.getElementsByTagName("parsererror")).toHaveLength(0);
  expect(parsed.documentElement.getAttribute("class")).toBe("sw-chart sw-chart-history");
  expect(text).not.toContain("var(--");
  expect(text).not.toMatch(/<script|tabindex|role=|aria-/i);
  expect(parsed.querySelectorAll(".sw-point")).toHaveLength(9);
  expect(parsed.querySelector(".sw-export-background")!.getAttribute("fill")).toBe("#0d1117");
  expect(text).toContain("fill: #e69f00");
});

test("an empty history, or one step, says how to record runs", () => {
  const element = host();
  const chart = renderHistoryChart(element, historyTable([]), {});
  expect(element.querySelector("svg")).toBeNull();
  expect(element.querySelector(".sw-state strong")!.textContent).toBe("No history to chart");
  expect(element.querySelector(".sw-state")!.textContent).toContain("evaluate(…, { record: true }) or `slicewise check`; the history needs two or more");
  expect(chart.toSVG()).toBe("");
  chart.update({}, historyTable(rows().filter((row) => row.step_index === 0)));
  expect(element.querySelector(".sw-state strong")!.textContent).toBe("Only one step in this history");
  expect(element.querySelector(".sw-state")!.textContent).toContain(steps[0]);
  chart.update({}, historyTable(rows()));
  expect(panels(element)).toHaveLength(3);
});

test("unknown metric, model or stratification name the choices; the stratification filter keeps its panels", () => {
  const element = host();
  const chart = renderHistoryChart(element, historyTable(rows()), { metric: "f1" });
  expect(element.querySelector(".sw-state strong")!.textContent).toBe("No metric `f1` in this history");
  expect(element.querySelector(".sw-state")!.textContent).toContain("`accuracy`");
  chart.update({ metric: "quality/accuracy", model: "small" });
  expect(element.querySelector(".sw-state")!.textContent).toContain("`base`, `large`");
  chart.update({ model: "base", stratification: "weather" });
  expect(element.querySelector(".sw-state strong")!.textContent).toBe("No stratification `weather` in this history");
  chart.update({ stratification: "size" });
  expect(panels(element).map((panel) => panel.getAttribute("data-test-case"))).toEqual(["size/small", `size/${hostileName}`]);
  // The reference when asked for: its own rows, no verdicts.
  expect(Array.from(element.querySelectorAll(".sw-point"), (point) => point.getAttribute("data-value"))).toEqual(Array(6).fill("0.3"));
});

test("model versions as steps: the line follows each step's model", () => {
  // One evaluation, each model a step: base (the reference), then large, then larger.
  const versions = ["base", "large", "larger"].flatMap((model, step_index) =>
    figures.map(([stratification, test_case, perStep]) => ({
      step: model,
      step_index,
      stratification,
      test_case,
      model,
      metric_group: "quality",
      metric: "accuracy",
      n: 200,
      value: step_index === 0 ? 0.5 : perStep[step_index][0],
      ci_low: null,
      ci_high: null,
      delta: step_index === 0 ? null : perStep[step_index][0] - 0.5,
      p_value: step_index === 0 ? null : 0.01,
      q_value: step_index === 0 ? null : 0.02,
      verdict: step_index === 0 ? null : perStep[step_index][2],
      higher_is_better: true,
    })),
  );
  const element = host();
  renderHistoryChart(element, historyTable(versions), {});
  const points = Array.from(panelOf(element, "size/small").querySelectorAll(".sw-point"));
  expect(points.map((point) => point.getAttribute("data-model"))).toEqual(["base", "large", "larger"]);
  expect(points.map((point) => point.getAttribute("data-verdict"))).toEqual(["unknown", "similar", "regressed"]);
  expect(element.querySelector(".sw-history-title text")!.textContent).toBe("accuracy (higher is better) across 3 steps (base → large → larger)");
  // No CI in the table: no band, still a line.
  expect(panelOf(element, "size/small").querySelector(".sw-ci-band")!.getAttribute("d")).toBe("");
  const data = readHistory(historyTable(versions));
  expect(historyTooltipLines(data, Number(points[0].getAttribute("data-step-index")) * 3 + 1)[2]).toEqual(["model", "base (reference)"]);
});

test("steps are ordered by step_index, not by row order", () => {
  const element = host();
  const shuffled = rows().sort((a, b) => b.step_index - a.step_index);
  renderHistoryChart(element, historyTable(shuffled), {});
  expect(Array.from(panelOf(element, "size/small").querySelectorAll(".sw-point"), (point) => point.getAttribute("data-value"))).toEqual(["0.7", "0.72", "0.6"]);
});

test("1,000 test cases draw 60 panels, regressed ones first, with a note saying how to see the rest", () => {
  const many: [string, string, [number, number, Verdict][]][] = Array.from({ length: 1000 }, (_, index) => {
    const regressed = index % 100 === 99;
    return [
      "bucket",
      `case ${index}`,
      [
        [0.8, 0.02, "similar"],
        [0.81, 0.02, "similar"],
        [regressed ? 0.7 : 0.82, 0.02, regressed ? "regressed" : "similar"],
      ],
    ];
  });
  const element = host();
  const chart = renderHistoryChart(element, historyTable(rows(steps, many)), {});
  expect(panels(element)).toHaveLength(60);
  expect(element.querySelector(".sw-history-note")!.textContent).toBe(
    "Showing 60 of 1,000 test cases, regressed ones first — filter by stratification to see the others.",
  );
  const shown = panels(element).map((panel) => panel.getAttribute("data-test-case"));
  // The ten regressions, then the first fifty others, in their order.
  expect(shown.filter((id) => Number(id!.split(" ")[1]) % 100 === 99)).toHaveLength(10);
  expect(shown.slice(0, 3)).toEqual(["bucket/case 0", "bucket/case 1", "bucket/case 2"]);
  // A selection outside the shown panels brings its panel in.
  chart.update({ selected: { stratification: "bucket", testCase: "case 500" } });
  expect(element.querySelector(".sw-history-panel.sw-selected")!.getAttribute("data-test-case")).toBe("bucket/case 500");
  chart.update({ maxPanels: 2000 });
  expect(panels(element)).toHaveLength(1000);
  expect(element.querySelector(".sw-history-note")).toBeNull();
});
