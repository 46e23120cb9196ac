import { QualityStandard } from "../../../../src/core";
import { planMetric } from "../../../../src/metrics";
import { FieldResolver } from "../../../../src/platform/fieldResolver";
import { planTestCases } from "../../../../src/platform/testCaseGroups";
import { decodeStatistics } from "../../../../src/platform/statistics/decodeStatistics";
import { pairedCellsFrom, planStatistics } from "../../../../src/platform/statistics/statisticsPlan";

// Two models' accuracy (a binary metric) by digit: the answer below is written by hand, as the
// engine would give it for 5 datapoints, 2 of digit 3 and 3 of digit 7.
const results = [
  { name: "id", type: "BIGINT" },
  { name: "correct", type: "BOOLEAN" },
];
const resolver = new FieldResolver(
  [
    { name: "id", type: "BIGINT" },
    { name: "digit", type: "BIGINT" },
  ],
  [results, results],
);
const standard: QualityStandard = { stratifications: [{ name: "digit", field: "digit" }], test_cases: [], metric_groups: [] };
const accuracy = planMetric({ label: "Accuracy", kind: "mean", field: "correct" }, (field) => resolver.kind(0, field));
const plan = planStatistics({
  joined: '"t_1" d',
  groups: planTestCases(standard, resolver, "t_1", ["id"]).groups(new Map()),
  keyCounts: [3],
  plans: [[accuracy]],
  resolver,
  modelCount: 2,
  referenceIndex: 0,
});

test("the plan reads each model's outcome once and groups the whole dataset and each digit", () => {
  expect(plan.sql).toContain('(r0."correct")::BOOLEAN AS o0');
  expect(plan.sql).toContain('(r1."correct")::BOOLEAN AS o1');
  expect(plan.sql).toContain("GROUP BY GROUPING SETS ((), (k0))");
  expect(plan.columnsOf(0, 0)).toEqual(["main", "k0"]);
});

test("the answer decodes to test cases in order and each model's statistics, paired with the reference", () => {
  const [reference, candidate] = plan.main[0][0];
  if (reference.shape !== "binary" || candidate.shape !== "binary" || !candidate.paired) throw new Error("accuracy is binary");
  const row = (grouped: 0 | 1, count: number, referenceRight: number, candidateRight: number, onlyCandidate: number, onlyReference: number) => ({
    g_k0: grouped ? 0 : 1,
    a_count: count,
    [reference.n]: count,
    [reference.successes]: referenceRight,
    [candidate.n]: count,
    [candidate.successes]: candidateRight,
    [candidate.paired!.n]: count,
    [candidate.paired!.modelOnly]: onlyCandidate,
    [candidate.paired!.referenceOnly]: onlyReference,
  });
  const columns: Record<string, unknown[]> = {
    part: [0, 0, 0],
    grouping: [0, 0, 0],
    k0: [null, 7n, 3n],
    main: [row(0, 5, 4, 3, 0, 1), row(1, 3, 2, 2, 0, 0), row(1, 2, 2, 1, 0, 1)],
  };
  const gathered = decodeStatistics(plan, (name) => columns[name] ?? [null, null, null]);
  expect(gathered.datapoints).toBe(5);
  expect(gathered.testCases).toEqual([
    { stratification: "dataset", test_case: "all" },
    { stratification: "digit", test_case: "3" },
    { stratification: "digit", test_case: "7" },
  ]);
  expect(gathered.statistics(0, 0, 0, 0)).toEqual({ shape: "binary", n: 5, successes: 4, paired: undefined });
  expect(gathered.statistics(1, 1, 0, 0)).toEqual({ shape: "binary", n: 2, successes: 1, paired: { n: 2, modelOnly: 0, referenceOnly: 1 } });
  expect(gathered.statistics(2, 1, 0, 0)).toEqual({ shape: "binary", n: 3, successes: 2, paired: { n: 3, modelOnly: 0, referenceOnly: 0 } });
});

// Three models' Macro F1 (cells of truth and prediction) over the whole dataset: with many
// datapoints, each model's cells are grouped with the reference's, one part per model other than the reference.
describe("cells grouped per (model, reference) pair", () => {
  const predictions = [
    { name: "id", type: "BIGINT" },
    { name: "pred", type: "BIGINT" },
  ];
  const cellsResolver = new FieldResolver(
    [
      { name: "id", type: "BIGINT" },
      { name: "label", type: "BIGINT" },
    ],
    [predictions, predictions, predictions],
  );
  const cellsStandard: QualityStandard = { stratifications: [], test_cases: [], metric_groups: [] };
  const f1 = planMetric({ label: "Macro F1", kind: "classification", measure: "f1", gt: "label", pred: "pred" }, (field) => cellsResolver.kind(0, field));
  const cellsQuestion = {
    joined: '"t_1" d',
    groups: planTestCases(cellsStandard, cellsResolver, "t_1", ["id"]).groups(new Map()),
    keyCounts: [],
    plans: [[f1]],
    resolver: cellsResolver,
    modelCount: 3,
    referenceIndex: 1,
    datapoints: pairedCellsFrom,
  };
  const cellsPlan = planStatistics(cellsQuestion);

  test("with fewer datapoints, one part of every model's outcomes", () => {
    const joint = planStatistics({ ...cellsQuestion, datapoints: pairedCellsFrom - 1 });
    expect(joint.cellParts).toEqual([{ metric: 0, models: [0, 1, 2], outcomes: ["o0", "o1", "o2", "o3"] }]);
  });

  test("one part per model other than the reference, grouped by its outcomes and the reference's only", () => {
    // Outcome columns: o0 the label (read once), o1, o2, o3 the three models' predictions; o2 the reference's.
    expect(cellsPlan.cellParts).toEqual([
      { metric: 0, models: [0, 1], outcomes: ["o0", "o1", "o2"] },
      { metric: 0, models: [2], outcomes: ["o0", "o3", "o2"] },
    ]);
    expect(cellsPlan.sql).toContain("GROUP BY o0, o1, o2");
    expect(cellsPlan.sql).toContain("GROUP BY o0, o3, o2");
    expect(cellsPlan.sql).not.toContain("o1, o0, o2, o3");
  });

  test("each model's cells are its part's rows; the reference's are the first part's summed over the model's predictions", () => {
    // 6 datapoints: labels 1 1 1 2 2 2; model 0 predicts 1 1 2 2 2 2, the reference 1 1 1 2 2 1, model 2 1 2 1 2 2 2.
    const columns: Record<string, unknown[]> = {
      part: [0, 1, 1, 1, 1, 2, 2, 2, 2],
      grouping: [0, 0, 0, 0, 0, 0, 0, 0, 0],
      main: [{ a_count: 6 }, null, null, null, null, null, null, null, null],
      // Part 1: (o1 model 0's prediction, o0 label, o2 reference's prediction) and their counts.
      o1: [null, 1n, 2n, 2n, 2n, null, null, null, null],
      o0: [null, 1n, 1n, 2n, 2n, 1n, 1n, 2n, 2n],
      o2: [null, 1n, 1n, 2n, 1n, 1n, 1n, 2n, 1n],
      // Part 2: (o3 model 2's prediction, o0, o2).
      o3: [null, null, null, null, null, 1n, 2n, 2n, 2n],
      cell_count: [null, 2, 1, 2, 1, 2, 1, 2, 1],
    };
    const gathered = decodeStatistics(cellsPlan, (name) => columns[name] ?? new Array(9).fill(null));
    const cells = (model: number) => {
      const statistics = gathered.statistics(0, model, 0, 0);
      if (statistics.shape !== "cells") throw new Error("Macro F1 is cell-shaped");
      return { n: statistics.n, paired: statistics.paired, cells: statistics.values.map((tuple, c) => [...tuple, statistics.counts[c]]) };
    };
    // Tuples: the model's (label, prediction), then the reference's (label, prediction); then the count.
    expect(cells(0)).toEqual({
      n: 6,
      paired: true,
      cells: [
        [1, 1, 1, 1, 2],
        [1, 2, 1, 1, 1],
        [2, 2, 2, 2, 2],
        [2, 2, 2, 1, 1],
      ],
    });
    expect(cells(1)).toEqual({
      n: 6,
      paired: false,
      cells: [
        [1, 1, 3],
        [2, 2, 2],
        [2, 1, 1],
      ],
    });
    expect(cells(2)).toEqual({
      n: 6,
      paired: true,
      cells: [
        [1, 1, 1, 1, 2],
        [1, 2, 1, 1, 1],
        [2, 2, 2, 2, 2],
        [2, 2, 2, 1, 1],
      ],
    });
  });
});
