// The metrics table's compact layout as plain data: which metrics a view keeps, what the selector
// offers, and when it is offered — on three metrics in two groups, checkable by hand.
import type { MetricKey } from "../../../src/charts/evaluationData";
import { metricsInView, metricsTableViewChoices, metricsTableViewValue, offerMetricsTableView } from "../../../src/charts/metricsTableView";

const metrics: MetricKey[] = [
  { group: "quality", metric: "accuracy", higherIsBetter: true },
  { group: "quality", metric: "f1", higherIsBetter: true },
  { group: "speed", metric: "latency", higherIsBetter: false },
];

describe("metricsInView", () => {
  test("no view keeps every shown metric; a group keeps its metrics; a metric keeps itself", () => {
    expect(metricsInView(metrics, [0, 1, 2], null)).toEqual([0, 1, 2]);
    expect(metricsInView(metrics, [0, 1, 2], { group: "quality" })).toEqual([0, 1]);
    expect(metricsInView(metrics, [0, 1, 2], { group: "speed", metric: null })).toEqual([2]);
    expect(metricsInView(metrics, [0, 1, 2], { group: "quality", metric: "f1" })).toEqual([1]);
  });

  test("the shown order stays, and only shown metrics count", () => {
    expect(metricsInView(metrics, [2, 1, 0], { group: "quality" })).toEqual([1, 0]);
    expect(metricsInView(metrics, [0, 2], { group: "quality" })).toEqual([0]);
  });

  test("a view naming nothing that is shown keeps them all, never an empty table", () => {
    expect(metricsInView(metrics, [0, 1, 2], { group: "quality", metric: "latency" })).toEqual([0, 1, 2]);
    expect(metricsInView(metrics, [0, 1], { group: "speed" })).toEqual([0, 1]);
  });
});

describe("metricsTableViewChoices", () => {
  test("all metrics, each group (two or more groups), then each metric", () => {
    expect(metricsTableViewChoices(metrics, [0, 1, 2]).map(({ value, label }) => [value, label])).toEqual([
      ["", "All metrics"],
      ['["quality"]', "quality (2 metrics)"],
      ['["speed"]', "speed (1 metric)"],
      ['["quality","accuracy"]', "accuracy"],
      ['["quality","f1"]', "f1"],
      ['["speed","latency"]', "latency"],
    ]);
  });

  test("one group: no group choices; one metric: nothing to choose", () => {
    expect(metricsTableViewChoices(metrics, [0, 1]).map((choice) => choice.label)).toEqual(["All metrics", "accuracy", "f1"]);
    expect(metricsTableViewChoices(metrics, [2])).toEqual([]);
  });

  test("two metrics sharing a label are named with their group", () => {
    const shared: MetricKey[] = [
      { group: "clean", metric: "accuracy", higherIsBetter: true },
      { group: "noisy", metric: "accuracy", higherIsBetter: true },
    ];
    expect(metricsTableViewChoices(shared, [0, 1]).map((choice) => [choice.label, choice.view])).toEqual([
      ["All metrics", null],
      ["clean (1 metric)", { group: "clean" }],
      ["noisy (1 metric)", { group: "noisy" }],
      ["clean / accuracy", { group: "clean", metric: "accuracy" }],
      ["noisy / accuracy", { group: "noisy", metric: "accuracy" }],
    ]);
  });

  test("an option's value is the view as JSON, so names with any character round-trip", () => {
    expect(metricsTableViewValue(null)).toBe("");
    expect(metricsTableViewValue({ group: "a/b", metric: null })).toBe('["a/b"]');
    expect(JSON.parse(metricsTableViewValue({ group: 'say "hi"', metric: "x, y" }))).toEqual(['say "hi"', "x, y"]);
  });
});

describe("offerMetricsTableView", () => {
  // The digits table: 1,532 px of columns.
  const table = { choices: 4, view: null, contentWidth: 1532 };

  test("offered when the columns are wider than the room, not when they fit", () => {
    expect(offerMetricsTableView({ ...table, availableWidth: 498 })).toBe(true);
    expect(offerMetricsTableView({ ...table, availableWidth: 1532 })).toBe(false);
    expect(offerMetricsTableView({ ...table, availableWidth: 1600 })).toBe(false);
  });

  test("a width of 0 (no layout yet) offers nothing; a chosen view is always offered, to go back", () => {
    expect(offerMetricsTableView({ ...table, availableWidth: 0 })).toBe(false);
    expect(offerMetricsTableView({ ...table, view: { group: "quality", metric: "f1" }, availableWidth: 1600 })).toBe(true);
    expect(offerMetricsTableView({ ...table, view: { group: "quality" }, availableWidth: 0 })).toBe(true);
  });

  test("nothing to offer with fewer than two choices", () => {
    expect(offerMetricsTableView({ ...table, choices: 0, availableWidth: 100 })).toBe(false);
  });
});
