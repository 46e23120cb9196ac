/** @jest-environment jsdom */
// Heatmap: test cases × non-reference models, coloured by delta with blue always better.
import "./jsdomTextCoding";
import * as d3 from "d3";
import { renderComparisonChart } from "../../../src/charts/comparisonChart";
import { deltaColor } from "../../../src/charts/heatmap";
import { fixtureTable, host } from "./evaluationFixture";

const draw = () => {
  const element = host();
  renderComparisonChart(element, fixtureTable(), { kind: "heatmap" });
  return element;
};
const fill = (element: Element) => d3.rgb(element.getAttribute("style")!.match(/fill: ([^;]+)/)![1]);

test("one cell per test case and non-reference model", () => {
  const element = draw();
  expect(element.querySelector("svg")!.getAttribute("class")).toBe("sw-chart sw-chart-heatmap");
  expect(element.querySelectorAll(".sw-mark")).toHaveLength(5 * 2);
  expect(Array.from(element.querySelectorAll(".sw-column-header")).map((header) => header.firstChild!.textContent)).toEqual(["large", "small"]);
});

test("a cell carries its row's value, delta and verdict, and writes the delta with its symbol", () => {
  const element = draw();
  const cell = element.querySelector('.sw-mark[data-test-case="label/cat"][data-model="large"]')!;
  expect(cell.getAttribute("data-value")).toBe("0.9");
  expect(cell.getAttribute("data-delta")).toBe("0.15");
  expect(cell.getAttribute("data-verdict")).toBe("improved");
  const labels = Array.from(element.querySelectorAll('.sw-cell-label[data-test-case="label/cat"]')).map((label) => label.textContent);
  expect(labels).toEqual(["+0.1500 ▲", "−0.0500 ≈"]);
});

test("better is blue, worse is red, and the largest delta is the most saturated", () => {
  const element = draw();
  const better = fill(element.querySelector('.sw-mark[data-test-case="label/cat"][data-model="large"]')!);
  const worse = fill(element.querySelector('.sw-mark[data-test-case="label/dog"][data-model="large"]')!);
  expect(better.b).toBeGreaterThan(better.r);
  expect(worse.r).toBeGreaterThan(worse.b);
  const strongest = fill(element.querySelector('.sw-mark[data-test-case^="source/<img"][data-model="small"]')!); // −0.2, the largest
  expect(strongest.r - strongest.b).toBeGreaterThan(worse.r - worse.b);
});

test("when lower is better the scale turns: a negative delta is blue", () => {
  const color = d3.rgb(deltaColor(-0.1, 0.1, false));
  expect(color.b).toBeGreaterThan(color.r);
  expect(deltaColor(0, 1, true)).toBe(d3.interpolateRdBu(0.5));
});

test("a colour legend from −largest to +largest", () => {
  const element = draw();
  expect(element.querySelectorAll(".sw-color-legend stop")).toHaveLength(9);
  expect(Array.from(element.querySelectorAll(".sw-color-tick")).map((tick) => tick.textContent)).toEqual(["−0.2000", "0", "+0.2000"]);
});
