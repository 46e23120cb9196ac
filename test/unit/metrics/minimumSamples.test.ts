// min_n: which default each metric gets, how an override replaces it, and how widgets read it back.
import { MetricDefinition } from "../../../src/core";
import { MetricPlan, defaultMinimumSamples, minimumSamples, minimumSamplesInfo, minimumSamplesOf } from "../../../src/metrics";

const plan = (shape: MetricPlan["shape"], label = "m"): MetricPlan => ({ metric: { label, kind: "count" } as MetricDefinition, shape, outcomes: [] });

test("exact tests (binary) need one datapoint; moments and bootstraps two", () => {
  expect(defaultMinimumSamples(plan("binary"))).toBe(1);
  expect(defaultMinimumSamples(plan("count"))).toBe(1);
  expect(defaultMinimumSamples(plan("moments"))).toBe(2);
  expect(defaultMinimumSamples(plan("cells"))).toBe(2);
});

test("an override applies to every metric; the info keys them by group and label", () => {
  const plans = [[plan("binary", "Accuracy"), plan("cells", "Macro F1")], [plan("moments", "MAE")]];
  expect(minimumSamples(plans, undefined)).toEqual([[1, 2], [2]]);
  expect(minimumSamples(plans, 30)).toEqual([[30, 30], [30]]);
  const groups = [
    { name: "quality", metrics: plans[0].map((p) => p.metric) },
    { name: "errors", metrics: plans[1].map((p) => p.metric) },
  ];
  const info = { min_n: minimumSamplesInfo(groups, minimumSamples(plans, undefined)) };
  expect(info.min_n).toEqual({ quality: { Accuracy: 1, "Macro F1": 2 }, errors: { MAE: 2 } });
  expect(minimumSamplesOf(info, "quality", "Macro F1")).toBe(2);
  expect(minimumSamplesOf(info, "quality", "Recall")).toBeUndefined();
  expect(minimumSamplesOf(null, "quality", "Accuracy")).toBeUndefined();
});
