// A quality standard with hundreds of explicit test cases, evaluated by the platform (real DuckDB)
// and checked against counts, accuracies and Macro F1 taken here directly from the rows: the
// explicit test cases are gathered as one grouping, and each must still be its own test case.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromArrays } from "apache-arrow";
import { EvaluationRow, Predicate } from "../../src/core";
import { Evaluation, Platform } from "../../src/platform";

const size = 40;
const labels = ["cat", "dog", "fox"];
const ids = Array.from({ length: size }, (_, id) => id);
// `member` and `position` are named like the parameters of the SQL that lists a datapoint's
// test cases; datapoint 39 has no `member`.
const dataset = ids.map((id) => ({ id, x: id, member: id === 39 ? null : id % 4, position: id % 5, label: labels[id % 3] }));
// The reference mistakes every 4th datapoint for the next label, the other model every 6th.
const predictions: Record<string, string[]> = {
  base: dataset.map((row) => (row.id % 4 === 0 ? labels[(row.id + 1) % 3] : row.label)),
  next: dataset.map((row) => (row.id % 6 === 0 ? labels[(row.id + 1) % 3] : row.label)),
};
const scores: Record<string, number[]> = {
  base: ids.map((id) => ((id * 7) % 10) / 10),
  next: ids.map((id) => ((id * 3) % 10) / 10 + 0.05),
};

type Row = (typeof dataset)[number];
interface TestCase {
  name: string;
  where: Predicate;
  /** The same predicate in JavaScript, null rule included: a missing value is not in a range and differs from any number. */
  holds: (row: Row) => boolean;
}
const testCases: TestCase[] = Array.from({ length: 300 }, (_, i) => {
  const low = i % size;
  const high = low + (i % 7);
  const unlike = i % 4;
  return {
    name: `case ${i}`,
    where: {
      and: [
        { field: "x", op: "between", value: [low, high] },
        { field: "member", op: "ne", value: unlike },
      ],
    },
    holds: (row: Row) => row.x >= low && row.x <= high && row.member !== unlike,
  };
});
// In the middle of the list: one test case no datapoint is in, one with every datapoint, one on `position`.
testCases.splice(150, 0, { name: "nobody", where: { field: "x", op: "gt", value: 1000 }, holds: () => false });
testCases.splice(200, 0, { name: "everybody", where: { field: "x", op: "ge", value: 0 }, holds: () => true });
testCases.splice(250, 0, { name: "position 2", where: { field: "position", op: "eq", value: 2 }, holds: (row) => row.position === 2 });

let directory: string;
let platform: Platform;
let evaluation: Evaluation;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), "slicewise-many-"));
  platform = await Platform.open({ data: directory });
  await platform.uploadDataset(
    "pets",
    {
      format: "table",
      table: tableFromArrays({
        id: Int32Array.from(ids),
        x: Float64Array.from(dataset, (row) => row.x),
        member: dataset.map((row) => row.member),
        position: Float64Array.from(dataset, (row) => row.position),
        label: dataset.map((row) => row.label),
      }),
    },
    { idFields: ["id"] },
  );
  for (const model of ["base", "next"]) {
    const pred = predictions[model];
    await platform.uploadResults("pets", model, {
      format: "table",
      table: tableFromArrays({
        id: Int32Array.from(ids),
        pred,
        correct: dataset.map((row, i) => pred[i] === row.label),
        score: Float64Array.from(scores[model]),
      }),
    });
  }
  await platform.setQualityStandard("pets", {
    stratifications: [{ name: "label", field: "label" }],
    test_cases: testCases.map(({ name, where }) => ({ name, where })),
    metric_groups: [
      {
        name: "quality",
        metrics: [
          { label: "Accuracy", kind: "mean", field: "correct", higher_is_better: true },
          { label: "Macro F1", kind: "classification", measure: "f1", average: "macro", gt: "label", pred: "pred", higher_is_better: true },
          { label: "Mean score", kind: "mean", field: "score", higher_is_better: true },
        ],
      },
    ],
  });
  evaluation = await platform.evaluate("pets", { models: ["base", "next"], reference: "base", resamples: 200 });
});

afterAll(() => {
  platform?.close();
  rmSync(directory, { recursive: true, force: true });
});

function row(testCase: string, model: string, metric: string): EvaluationRow {
  const found = evaluation.rows.find((r) => r.stratification === "test_cases" && r.test_case === testCase && r.model === model && r.metric === metric);
  if (!found) throw new Error(`no row test_cases/${testCase}/${model}/${metric}`);
  return found;
}

/** scikit-learn's f1_score(average="macro") over the labels present in truth or predictions. */
function macroF1(truth: string[], predicted: string[]): number {
  const present = [...new Set([...truth, ...predicted])];
  const scores = present.map((label) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    truth.forEach((actual, i) => {
      if (predicted[i] === label && actual === label) tp++;
      else if (predicted[i] === label) fp++;
      else if (actual === label) fn++;
    });
    return (2 * tp) / (2 * tp + fp + fn);
  });
  return scores.reduce((a, b) => a + b, 0) / scores.length;
}

test("the test cases come in the standard's order, after the whole dataset and the stratification", () => {
  const order = [...new Set(evaluation.rows.map((r) => `${r.stratification}/${r.test_case}`))];
  expect(order).toEqual(["dataset/all", "label/cat", "label/dog", "label/fox", ...testCases.map((testCase) => `test_cases/${testCase.name}`)]);
  expect(evaluation.rows).toHaveLength((1 + 3 + 303) * 2 * 3);
});

test("every explicit test case's n and accuracy equal the ones counted from the rows", () => {
  for (const testCase of testCases) {
    const members = dataset.filter(testCase.holds);
    for (const model of ["base", "next"]) {
      const correct = members.filter((member) => predictions[model][member.id] === member.label).length;
      const accuracy = row(testCase.name, model, "Accuracy");
      expect([testCase.name, model, accuracy.n, accuracy.value]).toEqual([
        testCase.name,
        model,
        members.length,
        members.length ? correct / members.length : null,
      ]);
    }
  }
  // Spot checks by hand: "case 3" is x in [3, 6] with member ≠ 3, i.e. datapoints 4, 5 and 6
  // (datapoint 3 has member 3); the reference misses datapoint 4.
  expect(row("case 3", "base", "Accuracy")).toMatchObject({ n: 3, value: 2 / 3 });
  expect(row("everybody", "base", "Accuracy")).toMatchObject({ n: size, value: 30 / 40 });
  expect(row("position 2", "next", "Accuracy").n).toBe(8);
});

test("Macro F1 and a mean of an explicit test case equal the ones computed from its rows", () => {
  for (const name of ["case 5", "case 6", "case 97", "everybody", "position 2", "case 299"]) {
    const members = dataset.filter(testCases.find((testCase) => testCase.name === name)!.holds);
    for (const model of ["base", "next"]) {
      const f1 = row(name, model, "Macro F1");
      expect(f1.n).toBe(members.length);
      expect(f1.value).toBeCloseTo(
        macroF1(
          members.map((member) => member.label),
          members.map((member) => predictions[model][member.id]),
        ),
        12,
      );
      const mean = members.reduce((sum, member) => sum + scores[model][member.id], 0) / members.length;
      expect(row(name, model, "Mean score").value).toBeCloseTo(mean, 12);
    }
  }
});

test("a test case no datapoint is in has n 0 and no figures", () => {
  for (const model of ["base", "next"])
    for (const metric of ["Accuracy", "Macro F1", "Mean score"])
      expect(row("nobody", model, metric)).toMatchObject({
        n: 0,
        value: null,
        ci_low: null,
        ci_high: null,
        delta: null,
        p_value: null,
        q_value: null,
        verdict: model === "base" ? null : "unknown",
      });
});

test("the stratification beside them is unchanged: one test case per label", () => {
  for (const label of labels)
    expect(evaluation.rows.find((r) => r.stratification === "label" && r.test_case === label && r.model === "next" && r.metric === "Accuracy")!.n).toBe(
      dataset.filter((d) => d.label === label).length,
    );
  expect(evaluation.info.datapoints).toBe(size);
});

test("samples of an explicit test case are the datapoints its predicate holds for", async () => {
  const table = await platform.samples("pets", { test_case: { stratification: "test_cases", test_case: "case 3" } });
  expect(Array.from(table.getChild("id")!.toArray() as Int32Array).sort((a, b) => a - b)).toEqual([4, 5, 6]);
});
