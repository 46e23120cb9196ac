/** @jest-environment jsdom */
// The ComparisonChart shell: defaults, state messages, selection by mouse and keyboard,
// tooltips, updates, text safety and export, for every kind.
import "./jsdomTextCoding";
import { ComparisonChartKind, renderComparisonChart } from "../../../src/charts/comparisonChart";
import { evaluationTableFromRows } from "../../../src/core";
import { fixtureRows, fixtureTable, host, hostileName, longName } from "./evaluationFixture";

const kinds = ["bars", "delta", "scatter", "heatmap"] as const satisfies readonly ComparisonChartKind[];

afterEach(() => document.body.replaceChildren());

test("defaults: a delta chart of the first metric, 640 px wide under jsdom", () => {
  const element = host();
  renderComparisonChart(element, fixtureTable(), {});
  const svg = element.querySelector("svg")!;
  expect(svg.getAttribute("class")).toBe("sw-chart sw-chart-delta");
  expect(svg.getAttribute("width")).toBe("640");
  expect(element.querySelector(".sw-axis-title")!.textContent).toContain("Accuracy");
});

test("an empty evaluation shows what to do instead of a chart", () => {
  const element = host();
  const chart = renderComparisonChart(element, evaluationTableFromRows([]), { kind: "bars" });
  expect(element.querySelector("svg")).toBeNull();
  expect(element.querySelector(".sw-state strong")!.textContent).toBe("No evaluation to chart");
  expect(element.querySelector(".sw-state")!.textContent).toContain("Evaluate at least one model");
  expect(chart.toSVG()).toBe("");
});

test("a metric without values, or an unknown one, shows a message naming the choices", () => {
  const element = host();
  const chart = renderComparisonChart(element, fixtureTable(), { metric: "Latency" });
  expect(element.querySelector(".sw-state strong")!.textContent).toBe("No values of `Latency` to chart");
  expect(element.querySelector(".sw-state")!.textContent).toContain("`Accuracy`");
  chart.update({ metric: "F1" });
  expect(element.querySelector(".sw-state strong")!.textContent).toBe("No metric `F1` in this evaluation");
  chart.update({ metric: "quality/Accuracy" });
  expect(element.querySelectorAll(".sw-mark")).toHaveLength(10);
});

test("a delta chart of the reference alone says it needs another model", () => {
  const element = host();
  renderComparisonChart(element, fixtureTable(), { models: ["base"] });
  expect(element.querySelector(".sw-state strong")!.textContent).toBe("Nothing to compare");
});

test.each(kinds)("%s: marks = test cases × models shown, fewer with a stratification filter", (kind) => {
  const element = host();
  const chart = renderComparisonChart(element, fixtureTable(), { kind });
  const perTestCase = { bars: 3, delta: 2, scatter: 1, heatmap: 2 }[kind];
  expect(element.querySelectorAll(".sw-mark")).toHaveLength(5 * perTestCase);
  chart.update({ stratification: "label", models: ["large"] });
  const shown = { bars: 2, delta: 1, scatter: 1, heatmap: 1 }[kind];
  expect(element.querySelectorAll(".sw-mark")).toHaveLength(2 * shown);
  expect(Array.from(element.querySelectorAll(".sw-mark"), (mark) => mark.getAttribute("data-test-case")).every((id) => id!.startsWith("label/"))).toBe(true);
});

test.each(kinds)("%s: clicking a mark calls onSelect with its test case and highlights it", (kind) => {
  const element = host();
  const onSelect = jest.fn();
  renderComparisonChart(element, fixtureTable(), { kind, onSelect });
  const mark = element.querySelector('.sw-mark[data-test-case="label/dog"]')!;
  mark.dispatchEvent(new MouseEvent("click", { bubbles: true }));
  expect(onSelect).toHaveBeenLastCalledWith({ stratification: "label", testCase: "dog" });
  expect(mark.classList.contains("sw-selected")).toBe(true);
  expect(element.querySelectorAll(".sw-mark.sw-selected")).toHaveLength(element.querySelectorAll('.sw-mark[data-test-case="label/dog"]').length);
  const highlight = element.querySelector(".sw-selection-band, .sw-selection-ring")!;
  expect(highlight.getAttribute("visibility")).toBe("visible");
  // A second click on the same test case clears the selection.
  mark.dispatchEvent(new MouseEvent("click", { bubbles: true }));
  expect(onSelect).toHaveBeenLastCalledWith(null);
  expect(element.querySelectorAll(".sw-selected")).toHaveLength(0);
  expect(highlight.getAttribute("visibility")).toBe("hidden");
});

test("clicking a label, or Enter on it, selects its test case; Escape clears", () => {
  const element = host();
  const onSelect = jest.fn();
  renderComparisonChart(element, fixtureTable(), { kind: "bars", onSelect });
  const label = element.querySelector('.sw-label[data-test-case="label/cat"]')!;
  expect(label.getAttribute("tabindex")).toBe("0");
  label.querySelector("text")!.dispatchEvent(new MouseEvent("click", { bubbles: true }));
  expect(onSelect).toHaveBeenLastCalledWith({ stratification: "label", testCase: "cat" });
  expect(label.getAttribute("aria-pressed")).toBe("true");
  const other = element.querySelector('.sw-label[data-test-case="dataset/all"]')!;
  other.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
  expect(onSelect).toHaveBeenLastCalledWith({ stratification: "dataset", testCase: "all" });
  expect(label.getAttribute("aria-pressed")).toBe("false");
  other.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
  expect(onSelect).toHaveBeenLastCalledWith(null);
});

test("Enter, Space and Escape on a label stop at the chart; other keys reach the page (a notebook's command mode)", () => {
  const element = host();
  renderComparisonChart(element, fixtureTable(), { kind: "delta" });
  const reached: string[] = [];
  const listen = (event: KeyboardEvent) => reached.push(event.key);
  document.addEventListener("keydown", listen);
  try {
    const label = element.querySelector('.sw-label[data-test-case="label/cat"]')!;
    for (const name of ["Enter", "Escape", " ", "a", "j"]) label.dispatchEvent(new KeyboardEvent("keydown", { key: name, bubbles: true }));
    expect(reached).toEqual(["a", "j"]);
  } finally {
    document.removeEventListener("keydown", listen);
  }
});

test("the selected option highlights its test case, and survives other updates", () => {
  const element = host();
  const chart = renderComparisonChart(element, fixtureTable(), { kind: "delta", selected: { stratification: "label", testCase: "cat" } });
  const selected = () => Array.from(new Set(Array.from(element.querySelectorAll(".sw-mark.sw-selected"), (mark) => mark.getAttribute("data-test-case"))));
  expect(selected()).toEqual(["label/cat"]);
  chart.update({ kind: "heatmap" });
  expect(selected()).toEqual(["label/cat"]);
  chart.update({ selected: null });
  expect(selected()).toEqual([]);
});

test("hovering a mark shows a text tooltip with the row's figures", () => {
  const element = host();
  renderComparisonChart(element, fixtureTable(), { kind: "delta" });
  element
    .querySelector('.sw-mark[data-test-case="label/dog"][data-model="large"]')!
    .dispatchEvent(new MouseEvent("mouseover", { bubbles: true, clientX: 100, clientY: 50 }));
  const tooltip = element.querySelector<HTMLElement>(".sw-chart-tooltip")!;
  expect(tooltip.hidden).toBe(false);
  const lines = Array.from(tooltip.children, (line) => Array.from(line.children, (part) => part.textContent).join(": "));
  expect(lines).toEqual([
    "test case: label / dog",
    "model: large",
    "Accuracy: 0.8000",
    "CI: [0.7390, 0.8490]",
    "whisker: model's CI − reference value",
    "Δ vs base: −0.0500",
    "p: 0.010",
    "q: 0.025",
    "n: 200",
    "verdict: ▼ regressed (significant)",
  ]);
  element.querySelector("svg")!.dispatchEvent(new MouseEvent("mouseleave"));
  expect(tooltip.hidden).toBe(true);
});

test("long names are cut with an ellipsis and keep the full name in a title", () => {
  const element = host();
  renderComparisonChart(element, fixtureTable(), { kind: "bars" });
  const label = element.querySelector(`.sw-label[data-test-case="source/${longName}"]`)!;
  expect(label.querySelector("text")!.textContent).toMatch(/^images taken at night.*…$/);
  expect(label.querySelector("text")!.textContent!.length).toBeLessThan(longName.length);
  expect(label.querySelector("title")!.textContent).toBe(`source / ${longName}`);
});

test.each(kinds)("%s: a hostile test-case name stays text, in the page and in the export", (kind) => {
  const element = host();
  const chart = renderComparisonChart(element, fixtureTable(), { kind });
  expect(element.querySelector("img")).toBeNull();
  const titles = Array.from(element.querySelectorAll("title"), (title) => title.textContent);
  expect(titles).toContain(`source / ${hostileName}`);
  const svg = chart.toSVG();
  expect(svg).toContain("&lt;img src=x onerror=alert(1)&gt;");
  expect(svg).not.toContain("<img");
});

test.each(kinds)("%s: toSVG() is standalone XML with literal colours, no variables, scripts or handlers", (kind) => {
  const element = host();
  const chart = renderComparisonChart(element, fixtureTable(), { kind, selected: { stratification: "label", testCase: "dog" } });
  const text = chart.toSVG();
  const parsed = new DOMParser().parseFromString(text, "image/svg+xml");
  expect(parsed.getElementsByTagName("parsererror")).toHaveLength(0);
  expect(parsed.documentElement.getAttribute("class")).toBe(`sw-chart sw-chart-${kind}`);
  expect(parsed.documentElement.getAttribute("xmlns")).toBe("http://www.w3.org/2000/svg");
  expect(text).not.toContain("var(--");
  expect(text).not.toMatch(/<script/i);
  const attributes = Array.from(parsed.querySelectorAll("*"), (node) => Array.from(node.attributes, (attribute) => attribute.name)).flat();
  expect(attributes.filter((name) => name.toLowerCase().startsWith("on"))).toEqual([]);
  expect(text).not.toContain("tabindex");
  // Exactly what is shown: the same marks, and the selection.
  expect(parsed.querySelectorAll(".sw-mark")).toHaveLength(element.querySelectorAll(".sw-mark").length);
  expect(parsed.querySelector(".sw-selection-band, .sw-selection-ring")!.getAttribute("visibility")).toBe("visible");
  expect(parsed.querySelector(".sw-export-background")!.getAttribute("fill")).toBe("#ffffff");
});

test("the export follows the theme option", () => {
  const element = host();
  const chart = renderComparisonChart(element, fixtureTable(), { kind: "delta", theme: "dark" });
  const text = chart.toSVG();
  expect(text).toContain('fill="#0d1117"');
  expect(text).toContain("fill: #e6edf3"); // --sw-fg of the dark theme
  expect(text).toContain("fill: #e69f00"); // the regressed verdict's literal colour in the dark theme
});

test("update with a new table redraws it; destroy removes the chart", () => {
  const element = host();
  const chart = renderComparisonChart(element, fixtureTable(), { kind: "bars" });
  chart.update({}, evaluationTableFromRows(fixtureRows().filter((row) => row.test_case === "cat" || row.test_case === "dog")));
  expect(element.querySelectorAll(".sw-mark")).toHaveLength(2 * 3);
  chart.destroy();
  expect(element.children).toHaveLength(0);
});

test("a fixed height makes row charts scroll", () => {
  const element = host();
  renderComparisonChart(element, fixtureTable(), { kind: "bars", height: 120 });
  const container = element.querySelector<HTMLElement>(".sw-comparison-chart")!;
  expect(container.style.height).toBe("120px");
  expect(container.style.overflowY).toBe("auto");
});
