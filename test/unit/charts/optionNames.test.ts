// How chart options name a metric, and how messages list valid names.
import { metricIndexOf, quotedList } from "../../../src/charts/optionNames";

const metrics = [
  { group: "quality", metric: "Accuracy", higherIsBetter: true },
  { group: "speed", metric: "Latency", higherIsBetter: false },
  { group: "speed", metric: "Accuracy", higherIsBetter: true },
];

test("a metric is found by its name (the first group's) or by group/metric", () => {
  expect(metricIndexOf(metrics, "Accuracy")).toBe(0);
  expect(metricIndexOf(metrics, "speed/Accuracy")).toBe(2);
  expect(metricIndexOf(metrics, "Latency")).toBe(1);
  expect(metricIndexOf(metrics, "F1")).toBe(-1);
});

test("names are listed in backticks, comma-separated", () => {
  expect(quotedList(["base", "large"])).toBe("`base`, `large`");
  expect(quotedList([])).toBe("");
});
