/** @jest-environment jsdom */
// Scatter: the reference (x) against another model (y), one point per test case.
import "./jsdomTextCoding";
import { renderComparisonChart } from "../../../src/charts/comparisonChart";
import { fixtureTable, host } from "./evaluationFixture";

const draw = (options: { xModel?: string; yModel?: string } = {}) => {
  const element = host();
  renderComparisonChart(element, fixtureTable(), { kind: "scatter", ...options });
  return element;
};

/** Largest coordinate of a symbol path: its size. */
const extent = (path: Element) => Math.max(...(path.getAttribute("d")!.match(/-?\d+(\.\d+)?/g) ?? []).map((value) => Math.abs(Number(value))));

test("one point per test case, for the first other model against the reference", () => {
  const element = draw();
  expect(element.querySelector("svg")!.getAttribute("class")).toBe("sw-chart sw-chart-scatter");
  const points = element.querySelectorAll(".sw-mark");
  expect(points).toHaveLength(5);
  const dog = element.querySelector('.sw-mark[data-test-case="label/dog"]')!;
  expect(dog.getAttribute("data-model")).toBe("large");
  expect(dog.getAttribute("data-x-model")).toBe("base");
  expect(dog.getAttribute("data-value")).toBe("0.8");
  expect(dog.getAttribute("data-x-value")).toBe("0.85");
  expect(dog.getAttribute("data-verdict")).toBe("regressed");
  expect(dog.getAttribute("style")).toContain("var(--slicewise-regressed");
});

test("the y = x diagonal runs at 45° and a point above it is a higher y value", () => {
  const element = draw();
  const diagonal = element.querySelector(".sw-diagonal")!;
  const [x1, y1, x2, y2] = ["x1", "y1", "x2", "y2"].map((name) => Number(diagonal.getAttribute(name)));
  expect(x2 - x1).toBeCloseTo(y1 - y2, 6);
  const position = (testCase: string) =>
    element
      .querySelector(`.sw-mark[data-test-case="${testCase}"]`)!
      .getAttribute("transform")!
      .match(/-?[\d.]+/g)!
      .map(Number);
  // cat: base 0.75, large 0.9 — above the diagonal (smaller y in pixels than x maps to).
  const [catX, catY] = position("label/cat");
  const onDiagonal = (px: number) => y1 - (px - x1);
  expect(catY).toBeLessThan(onDiagonal(catX));
  const [dogX, dogY] = position("label/dog");
  expect(dogY).toBeGreaterThan(onDiagonal(dogX));
});

test("point size grows with n (sqrt scale)", () => {
  const element = draw();
  const all = element.querySelector('.sw-mark[data-test-case="dataset/all"]')!; // n = 400
  const small = element.querySelector('.sw-mark[data-test-case^="source/<img"]')!; // n = 20
  expect(extent(all)).toBeGreaterThan(extent(small));
});

test("axis titles name the models and the metric; models can be chosen", () => {
  const element = draw({ xModel: "large", yModel: "small" });
  expect(Array.from(element.querySelectorAll(".sw-axis-title")).map((title) => title.textContent)).toEqual(["large — Accuracy", "small — Accuracy"]);
  expect(element.querySelector('.sw-mark[data-test-case="label/cat"]')!.getAttribute("data-model")).toBe("small");
});

test("points are focusable and carry the full test-case name", () => {
  const point = draw().querySelector('.sw-mark[data-test-case="label/cat"]')!;
  expect(point.getAttribute("tabindex")).toBe("0");
  expect(point.querySelector("title")!.textContent).toBe("label / cat");
});

test("Enter on a focused point selects its test case and rings it", () => {
  const element = host();
  const onSelect = jest.fn();
  renderComparisonChart(element, fixtureTable(), { kind: "scatter", onSelect });
  const point = element.querySelector('.sw-mark[data-test-case="label/cat"]')!;
  point.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
  expect(onSelect).toHaveBeenCalledWith({ stratification: "label", testCase: "cat" });
  const ring = element.querySelector(".sw-selection-ring")!;
  expect(ring.getAttribute("visibility")).toBe("visible");
  expect(`translate(${ring.getAttribute("cx")},${ring.getAttribute("cy")})`).toBe(point.getAttribute("transform"));
});
