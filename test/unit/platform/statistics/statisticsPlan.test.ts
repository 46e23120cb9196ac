// The statistics statement's plan: where explicit test cases are gathered (mainAggregatesSql.ts).
import { QualityStandard } from "../../../../src/core";
import { planMetric } from "../../../../src/metrics";
import { FieldResolver } from "../../../../src/platform/fieldResolver";
import { planTestCases } from "../../../../src/platform/testCaseGroups";
import { planStatistics } from "../../../../src/platform/statistics/statisticsPlan";

const resolver = new FieldResolver(
  [
    { name: "id", type: "BIGINT" },
    { name: "digit", type: "BIGINT" },
  ],
  [
    [
      { name: "id", type: "BIGINT" },
      { name: "correct", type: "BOOLEAN" },
    ],
  ],
);
const accuracy = planMetric({ label: "Accuracy", kind: "mean", field: "correct" }, (field) => resolver.kind(0, field));

/** The plan's SQL for `count` explicit test cases ("digit below 1", "digit below 2", …) beside a stratification by digit. */
function sqlWithExplicit(count: number, digits = 10): string {
  const standard: QualityStandard = {
    stratifications: [{ name: "digit", field: "digit" }],
    test_cases: Array.from({ length: count }, (_, i) => ({ name: `digit below ${i + 1}`, where: { field: "digit", op: "lt", value: i + 1 } })),
    metric_groups: [],
  };
  return planStatistics({
    joined: '"t_1" d',
    groups: planTestCases(standard, resolver, "t_1", ["id"]).groups(new Map()),
    keyCounts: [digits],
    plans: [[accuracy]],
    resolver,
    modelCount: 1,
    referenceIndex: 0,
  }).sql;
}

test("up to 8 explicit test cases are summed from groups keyed by the datapoints' test cases as bits: no datapoint is unnested", () => {
  // 10 digits × 2^8 lists of test cases: few enough groups to return as they are (rollsUp) and sum in JS.
  const sql = sqlWithExplicit(8);
  expect(sql).toContain('(CASE WHEN coalesce(d."digit" < 8, FALSE) THEN 128 ELSE 0 END)) AS explicit_mask');
  expect(sql).toContain("-2 AS grouping, k0, explicit_mask, [count(*)::DOUBLE, ");
  expect(sql).toContain("GROUP BY k0, explicit_mask");
  expect(sql).not.toContain("unnest");
  expect(sql).not.toContain("explicit AS");
  // 100 values × 2^8: the statement sums the groups into test cases itself, unnested by their bits.
  const summed = sqlWithExplicit(8, 100);
  expect(summed).toContain("GROUP BY k0, explicit_mask");
  expect(summed).toContain("unnest([bit_position FOR bit_position IN range(8) IF (explicit_mask >> bit_position) & 1 = 1]) AS explicit_case FROM fine");
  expect(summed).not.toContain("explicit AS");
});

test("9 explicit test cases (up to 512 lists of them) are gathered from the datapoints unnested by test case", () => {
  const sql = sqlWithExplicit(9);
  expect(sql).toContain("explicit AS NOT MATERIALIZED");
  expect(sql).not.toContain("explicit_mask");
});
