import { QualityStandard, SlicewiseError } from "../../../src/core";
import { FieldResolver } from "../../../src/platform/fieldResolver";
import { planTestCases, quantileEdges } from "../../../src/platform/testCaseGroups";

const resolver = new FieldResolver(
  [
    { name: "id", type: "BIGINT" },
    { name: "digit", type: "BIGINT" },
    { name: "ink", type: "DOUBLE" },
  ],
  [],
);

const standard: QualityStandard = {
  stratifications: [
    { name: "digit", field: "digit" },
    { name: "ink", field: "ink", quantiles: 4 },
  ],
  test_cases: [{ name: "dark", where: { field: "ink", op: "gt", value: 0.5 } }],
  metric_groups: [],
};

test("a stratification by quantiles asks one statement for its edges; the others need no data", () => {
  const plan = planTestCases(standard, resolver, "t_1", ["id"]);
  expect(plan.quantiles).toEqual([{ stratification: 1, sql: 'SELECT quantile_cont("ink"::DOUBLE, [0.25, 0.5, 0.75]) AS edges FROM "t_1"' }]);
  const groups = plan.groups(new Map([[1, [0.2, 0.4, 0.6]]]));
  expect(groups.map((group) => [group.stratification, group.kind])).toEqual([
    ["digit", "categorical"],
    ["ink", "buckets"],
    ["test_cases", "explicit"],
  ]);
  expect(groups[1].kind === "buckets" && groups[1].names).toEqual(["(-∞, 0.2)", "[0.2, 0.4)", "[0.4, 0.6)", "[0.6, ∞)"]);
});

test("an unknown field is refused while planning, before any statement runs", () => {
  const broken = { ...standard, test_cases: [{ name: "bright", where: { field: "glow", op: "lt" as const, value: 0.1 } }] };
  expect(() => planTestCases(broken, resolver, "t_1", ["id"])).toThrow(SlicewiseError);
  expect(() => planTestCases(broken, resolver, "t_1", ["id"])).toThrow(/test case "bright" reads field "glow"/);
});

test("quantile edges merge ties, and a table of nulls has none", () => {
  expect(quantileEdges([{ edges: [1, 1, 2.5] }])).toEqual([1, 2.5]);
  expect(quantileEdges([{ edges: null }])).toEqual([]);
});
