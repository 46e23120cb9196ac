/** @jest-environment jsdom */
// Grouped bars: per test case one bar per model, reference first, with whiskers and values.
import "./jsdomTextCoding";
import { renderComparisonChart } from "../../../src/charts/comparisonChart";
import { fixtureTable, host } from "./evaluationFixture";

const draw = (models?: string[]) => {
  const element = host();
  renderComparisonChart(element, fixtureTable(), { kind: "bars", models });
  return element;
};

test("one bar per test case and model", () => {
  const element = draw();
  expect(element.querySelector("svg")!.getAttribute("class")).toBe("sw-chart sw-chart-bars");
  expect(element.querySelectorAll(".sw-mark")).toHaveLength(5 * 3);
  expect(element.querySelectorAll(".sw-whiskers")).toHaveLength(3);
  expect(element.querySelector('.sw-series[data-model="base"] .sw-whiskers')!.getAttribute("d")!.match(/M/g)).toHaveLength(5 * 3);
});

test("the reference is the first bar of each group and the legend says so", () => {
  const element = draw(["small", "large"]);
  const models = Array.from(element.querySelectorAll('.sw-mark[data-test-case="label/cat"]')).map(
    (mark) => [mark.getAttribute("data-model"), Number(mark.getAttribute("y"))] as const,
  );
  expect(models.map(([model]) => model)).toEqual(["base", "large", "small"]);
  expect(models[0][1]).toBeLessThan(models[1][1]);
  expect(Array.from(element.querySelectorAll(".sw-legend-item text")).map((text) => text.textContent)).toEqual(["base (reference)", "large", "small"]);
});

test("a bar's length is its value and its label the formatted value", () => {
  const element = draw();
  const cat = element.querySelector('.sw-mark[data-test-case="label/cat"][data-model="large"]')!;
  const dog = element.querySelector('.sw-mark[data-test-case="label/dog"][data-model="large"]')!;
  expect(cat.getAttribute("data-value")).toBe("0.9");
  expect(Number(cat.getAttribute("width")) / Number(dog.getAttribute("width"))).toBeCloseTo(0.9 / 0.8, 6);
  const labels = Array.from(element.querySelectorAll('.sw-value-label[data-test-case="label/cat"]')).map((label) => label.textContent);
  expect(labels).toEqual(["0.7500", "0.9000", "0.7000"]);
});

test("test cases are grouped under their stratification", () => {
  const element = draw();
  expect(Array.from(element.querySelectorAll(".sw-group-label")).map((label) => label.textContent)).toEqual(["dataset", "label", "source"]);
});
