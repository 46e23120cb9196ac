/** @jest-environment jsdom */
// Delta bars: one bar per test case × non-reference model, left of zero when the model is worse.
import "./jsdomTextCoding";
import { renderComparisonChart } from "../../../src/charts/comparisonChart";
import { fixtureTable, host } from "./evaluationFixture";

const draw = () => {
  const element = host();
  renderComparisonChart(element, fixtureTable(), { kind: "delta" });
  return element;
};
const number = (element: Element, name: string) => Number(element.getAttribute(name));

test("one bar per test case and non-reference model, panels in model order", () => {
  const element = draw();
  expect(element.querySelector("svg")!.getAttribute("class")).toBe("sw-chart sw-chart-delta");
  expect(element.querySelectorAll(".sw-mark")).toHaveLength(5 * 2);
  expect(Array.from(element.querySelectorAll(".sw-panel")).map((panel) => panel.getAttribute("data-model"))).toEqual(["large", "small"]);
  expect(element.querySelectorAll('.sw-mark[data-model="base"]')).toHaveLength(0);
});

test("a mark carries its row's value, delta and verdict", () => {
  const mark = draw().querySelector('.sw-mark[data-test-case="label/dog"][data-model="large"]')!;
  expect(mark.getAttribute("data-value")).toBe("0.8");
  expect(mark.getAttribute("data-delta")).toBe("-0.05");
  expect(mark.getAttribute("data-verdict")).toBe("regressed");
  expect(mark.getAttribute("style")).toContain("var(--slicewise-regressed");
});

test("a negative delta extends left of the zero line, a positive one right of it", () => {
  const element = draw();
  const zero = number(element.querySelector('.sw-panel[data-model="large"] .sw-zero')!, "x1");
  const worse = element.querySelector('.sw-mark[data-test-case="label/dog"][data-model="large"]')!;
  const better = element.querySelector('.sw-mark[data-test-case="label/cat"][data-model="large"]')!;
  expect(number(worse, "x") + number(worse, "width")).toBeCloseTo(zero, 6);
  expect(number(worse, "x")).toBeLessThan(zero);
  expect(number(better, "x")).toBeCloseTo(zero, 6);
  // cat improved by 0.15, dog regressed by 0.05: three times as long.
  expect(number(better, "width") / number(worse, "width")).toBeCloseTo(3, 6);
});

test("each bar has the verdict's symbol beside it and a whisker", () => {
  const element = draw();
  const symbols = Array.from(element.querySelectorAll('.sw-panel[data-model="large"] .sw-verdict-mark')).map((mark) => mark.textContent);
  expect(symbols).toEqual(["▲", "▲", "▼", "≈", "▲"]);
  expect(element.querySelectorAll(".sw-whiskers")).toHaveLength(2);
  expect(element.querySelector('.sw-panel[data-model="large"] .sw-whiskers')!.getAttribute("d")!.match(/M/g)).toHaveLength(5 * 3);
});

test("the zero line and an axis title naming the reference", () => {
  const element = draw();
  expect(element.querySelectorAll(".sw-zero")).toHaveLength(2);
  expect(element.querySelector(".sw-axis-title")!.textContent).toBe("Δ Accuracy (higher is better) vs base");
});

test("the whisker is the model's own interval minus the reference's value", () => {
  const element = draw();
  const zero = number(element.querySelector('.sw-panel[data-model="large"] .sw-zero')!, "x1");
  const cat = element.querySelector('.sw-mark[data-test-case="label/cat"][data-model="large"]')!;
  const pixelsPerUnit = number(cat, "width") / 0.15;
  // dog: large's interval [0.739, 0.849] minus base's 0.85 → [−0.111, −0.001]; its row is the third.
  const horizontals = Array.from(
    element
      .querySelector('.sw-panel[data-model="large"] .sw-whiskers')!
      .getAttribute("d")!
      .matchAll(/M([-\d.]+),[-\d.]+H([-\d.]+)/g),
    (match) => [Number(match[1]), Number(match[2])],
  );
  expect(horizontals).toHaveLength(5);
  expect(horizontals[2][0]).toBeCloseTo(zero - 0.111 * pixelsPerUnit, 6);
  expect(horizontals[2][1]).toBeCloseTo(zero - 0.001 * pixelsPerUnit, 6);
});
