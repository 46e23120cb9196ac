import { QualityStandard } from "../../../../src/core";
import { inCanonicalOrder, planMetric } from "../../../../src/metrics";
import { FieldResolver } from "../../../../src/platform/fieldResolver";
import { planTestCases } from "../../../../src/platform/testCaseGroups";
import { decodeStatistics } from "../../../../src/platform/statistics/decodeStatistics";
import { rolledUpAtMost } from "../../../../src/platform/statistics/mainAggregatesSql";
import { fineFieldNames } from "../../../../src/platform/statistics/rollUpFineGroups";
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
/** The plan with the digit's values counted as `keyCount`: few are returned as fine groups, summed in JS (rollsUp). */
const planWith = (keyCount: number) =>
  planStatistics({
    joined: '"t_1" d',
    groups: planTestCases(standard, resolver, "t_1", ["id"]).groups(new Map()),
    keyCounts: [keyCount],
    plans: [[accuracy]],
    resolver,
    modelCount: 2,
    referenceIndex: 0,
  });
const plan = planWith(3);
// More values than rolledUpAtMost: the statement sums the test cases itself, by GROUPING SETS.
const groupingSetsPlan = planWith(rolledUpAtMost + 1);

/** A row of aggregates: the datapoints, the reference's and the candidate's right answers, and the pairs' discordant counts. */
function aggregates(count: number, referenceRight: number, candidateRight: number, onlyCandidate: number, onlyReference: number) {
  const [reference, candidate] = plan.main[0][0];
  if (reference.shape !== "binary" || candidate.shape !== "binary" || !candidate.paired) throw new Error("accuracy is binary");
  return {
    a_count: count,
    [reference.n]: count,
    [reference.successes]: referenceRight,
    [candidate.n]: count,
    [candidate.successes]: candidateRight,
    [candidate.paired.n]: count,
    [candidate.paired.modelOnly]: onlyCandidate,
    [candidate.paired.referenceOnly]: onlyReference,
  };
}

test("the plan reads each model's outcome once and returns one group per digit, or groups the whole dataset and each digit itself", () => {
  expect(plan.sql).toContain('(r0."correct")::BOOLEAN AS o0');
  expect(plan.sql).toContain('(r1."correct")::BOOLEAN AS o1');
  expect(plan.sql).toContain("-2 AS grouping, k0, [count(*)::DOUBLE, count(o0)::DOUBLE, count_if(o0)::DOUBLE");
  expect(plan.sql).toContain("FROM datapoints GROUP BY k0");
  expect(plan.columnsOf(0, -2)).toEqual(["fine", "k0"]);
  expect(groupingSetsPlan.sql).toContain("GROUP BY GROUPING SETS ((), (k0))");
  expect(groupingSetsPlan.columnsOf(0, 0)).toEqual(["main", "k0"]);
});

/** What the test cases come to, in each plan: 5 datapoints, 2 of digit 3 and 3 of digit 7. */
function expectDigits(gathered: ReturnType<typeof decodeStatistics>) {
  expect(gathered.datapoints).toBe(5);
  expect(gathered.testCases).toEqual([
    { stratification: "dataset", test_case: "all" },
    { stratification: "digit", test_case: "3" },
    { stratification: "digit", test_case: "7" },
  ]);
  expect(gathered.statistics(0, 0, 0, 0)).toEqual({ shape: "binary", n: 5, successes: 4, paired: undefined });
  expect(gathered.statistics(1, 1, 0, 0)).toEqual({ shape: "binary", n: 2, successes: 1, paired: { n: 2, modelOnly: 0, referenceOnly: 1 } });
  expect(gathered.statistics(2, 1, 0, 0)).toEqual({ shape: "binary", n: 3, successes: 2, paired: { n: 3, modelOnly: 0, referenceOnly: 0 } });
}

test("the digits' groups, in any order, sum to the whole dataset and each digit, paired with the reference", () => {
  const columns: Record<string, unknown[]> = {
    part: [0, 0],
    grouping: [-2, -2],
    k0: [7n, 3n],
    fine: [aggregates(3, 2, 2, 0, 0), aggregates(2, 2, 1, 0, 1)].map((fields) => fineFieldNames(plan.fine!).map((name) => fields[name])),
  };
  expectDigits(decodeStatistics(plan, (name) => columns[name] ?? [null, null]));
});

test("the statement's own test cases decode alike", () => {
  const flagged = (grouped: boolean, values: Record<string, number>) => ({ g_k0: grouped ? 0 : 1, ...values });
  const columns: Record<string, unknown[]> = {
    part: [0, 0, 0],
    grouping: [0, 0, 0],
    k0: [null, 7n, 3n],
    main: [flagged(false, aggregates(5, 4, 3, 0, 1)), flagged(true, aggregates(3, 2, 2, 0, 0)), flagged(true, aggregates(2, 2, 1, 0, 1))],
  };
  expectDigits(decodeStatistics(groupingSetsPlan, (name) => columns[name] ?? [null, null, null]));
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
      grouping: [-2, 0, 0, 0, 0, 0, 0, 0, 0],
      fine: [[6], null, null, null, null, null, null, null, null],
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
    // Tuples: the model's (label, prediction), then the reference's (label, prediction); then the count — in the
    // tuples' order, whatever order the rows came in (summarizeMetric's canonical order).
    expect(cells(0)).toEqual({
      n: 6,
      paired: true,
      cells: [
        [1, 1, 1, 1, 2],
        [1, 2, 1, 1, 1],
        [2, 2, 2, 1, 1],
        [2, 2, 2, 2, 2],
      ],
    });
    expect(cells(1)).toEqual({
      n: 6,
      paired: false,
      cells: [
        [1, 1, 3],
        [2, 1, 1],
        [2, 2, 2],
      ],
    });
    expect(cells(2)).toEqual({
      n: 6,
      paired: true,
      cells: [
        [1, 1, 1, 1, 2],
        [1, 2, 1, 1, 1],
        [2, 2, 2, 1, 1],
        [2, 2, 2, 2, 2],
      ],
    });
  });
  test("with more possible tuples than an array by code would hold, the cells still come in the tuples' order", () => {
    // 200 labels, each datapoint predicted right by every model, the rows in descending order: 200³ possible tuples,
    // more than decodeCells counts in arrays.
    const labels = Array.from({ length: 200 }, (_, k) => BigInt(199 - k));
    const rows = 1 + 2 * labels.length;
    const column = (part1: unknown[], part2: unknown[]) => [null, ...part1, ...part2];
    const none = labels.map(() => null);
    const columns: Record<string, unknown[]> = {
      part: column(
        labels.map(() => 1),
        labels.map(() => 2),
      ),
      grouping: [-2, ...new Array(rows - 1).fill(0)],
      fine: [[200], ...new Array(rows - 1).fill(null)],
      o0: column(labels, labels),
      o1: column(labels, none),
      o2: column(labels, labels),
      o3: column(none, labels),
      cell_count: column(
        labels.map(() => 1),
        labels.map(() => 1),
      ),
    };
    const gathered = decodeStatistics(cellsPlan, (name) => columns[name] ?? new Array(rows).fill(null));
    const reference = gathered.statistics(0, 1, 0, 0);
    if (reference.shape !== "cells") throw new Error("Macro F1 is cell-shaped");
    expect(reference.values).toEqual(Array.from({ length: 200 }, (_, k) => [k, k]));
    expect(reference.counts).toEqual(new Array(200).fill(1));
    const model = gathered.statistics(0, 2, 0, 0);
    if (model.shape !== "cells") throw new Error("Macro F1 is cell-shaped");
    expect(model.values.slice(0, 2)).toEqual([
      [0, 0, 0, 0],
      [1, 1, 1, 1],
    ]);
    // Codes by digits (200² for the reference's, 200³ for a model's (label, prediction, reference's prediction)): in order, and said so.
    expect([reference.canonical, model.canonical]).toEqual([true, true]);
  });

  test("cells numbered as they come, past 2^53 possible tuples, are not said to be in order, and summarizeMetric sorts them", () => {
    // 210,000 labels, each predicted right by model 0 and the reference, rows in descending order: model 0's tuples
    // read three columns of 210,000 values each, 210,000³ > 2^53 possible codes.
    const count = 210_000;
    const labels = Array.from({ length: count }, (_, k) => count - 1 - k);
    const columns: Record<string, unknown[]> = {
      part: [0, ...labels.map(() => 1)],
      grouping: [-2, ...labels.map(() => 0)],
      fine: [[count], ...labels.map(() => null)],
      o0: [null, ...labels],
      o1: [null, ...labels],
      o2: [null, ...labels],
      cell_count: [null, ...labels.map(() => 1)],
    };
    const gathered = decodeStatistics(cellsPlan, (name) => columns[name] ?? new Array(count + 1).fill(null));
    const model = gathered.statistics(0, 0, 0, 0);
    if (model.shape !== "cells") throw new Error("Macro F1 is cell-shaped");
    expect(model.canonical).toBe(false);
    expect(model.values[0]).toEqual([count - 1, count - 1, count - 1, count - 1]);
    expect(inCanonicalOrder(model).values.slice(0, 2)).toEqual([
      [0, 0, 0, 0],
      [1, 1, 1, 1],
    ]);
    // The reference's tuples read two of those columns: 210,000² codes, by digits, in order.
    const reference = gathered.statistics(0, 1, 0, 0);
    if (reference.shape !== "cells") throw new Error("Macro F1 is cell-shaped");
    expect(reference.canonical).toBe(true);
    expect(reference.values.slice(0, 2)).toEqual([
      [0, 0],
      [1, 1],
    ]);
  });
});
