// The platform's evaluation of the real digits example, checked against numbers computed here
// directly from the example's arrays: counts, accuracies, Macro F1, McNemar's test, buckets.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Table } from "apache-arrow";
import { buildDigitsExample, DigitsExample } from "../../examples/digits";
import { EvaluationRow } from "../../src/core";
import { mcnemarExact } from "../../src/metrics";
import { Evaluation, Platform } from "../../src/platform";

let directory: string;
let platform: Platform;
let example: DigitsExample;
let evaluation: Evaluation;

const numbers = (table: Table, name: string) => Array.from(table.getChild(name)!.toArray() as ArrayLike<number>, Number);
const booleans = (table: Table, name: string) => Array.from({ length: table.numRows }, (_, i) => table.getChild(name)!.get(i) as boolean);

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), "slicewise-digits-"));
  platform = await Platform.open({ data: directory });
  example = buildDigitsExample();
  await platform.uploadDataset("digits", { format: "table", table: example.dataset });
  for (const model of example.models) await platform.uploadResults("digits", model, { format: "table", table: example.results[model] });
  await platform.setQualityStandard("digits", example.qualityStandard);
  evaluation = await platform.evaluate("digits", { models: example.models, reference: example.reference });
});

afterAll(() => {
  platform?.close();
  rmSync(directory, { recursive: true, force: true });
});

function row(stratification: string, testCase: string, model: string, metric: string): EvaluationRow {
  const found = evaluation.rows.find((r) => r.stratification === stratification && r.test_case === testCase && r.model === model && r.metric === metric);
  if (!found) throw new Error(`no row ${stratification}/${testCase}/${model}/${metric}`);
  return found;
}

/** scikit-learn's f1_score(average="macro") over the labels present in truth or predictions. */
function macroF1(truth: number[], predicted: number[]): number {
  const labels = [...new Set([...truth, ...predicted])];
  const scores = labels.map((label) => {
    let tp = 0,
      fp = 0,
      fn = 0;
    truth.forEach((actual, i) => {
      if (predicted[i] === label && actual === label) tp++;
      else if (predicted[i] === label) fp++;
      else if (actual === label) fn++;
    });
    return 2 * tp + fp + fn === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  });
  return scores.reduce((a, b) => a + b, 0) / scores.length;
}

test("every datapoint is evaluated and the test cases come in the documented order", () => {
  expect(evaluation.info).toMatchObject({ datapoints: 1797, excluded_datapoints: 0, reference: "nearest-centroid" });
  const testCases = [...new Set(evaluation.rows.map((r) => `${r.stratification}/${r.test_case}`))];
  expect(testCases).toEqual([
    "dataset/all",
    ...Array.from({ length: 10 }, (_, digit) => `digit/${digit}`),
    "parity/even",
    "parity/odd",
    "ink/(-∞, 270)",
    "ink/[270, 300)",
    "ink/[300, 330)",
    "ink/[330, ∞)",
    "area/(-∞, 31)",
    "area/[31, 33)",
    "area/[33, 35)",
    "area/[35, ∞)",
    "test_cases/thin strokes",
  ]);
});

test("test-case sizes equal counts taken from the data", () => {
  const labels = numbers(example.dataset, "label");
  const ink = numbers(example.dataset, "ink");
  const width = numbers(example.dataset, "width");
  expect(row("digit", "8", "knn", "Accuracy").n).toBe(labels.filter((label) => label === 8).length);
  expect(row("ink", "[270, 300)", "knn", "Accuracy").n).toBe(ink.filter((value) => value >= 270 && value < 300).length);
  expect(row("test_cases", "thin strokes", "knn", "Accuracy").n).toBe(ink.filter((value, i) => value < 280 && width[i] <= 5).length);
});

test.each(["nearest-centroid", "knn", "logistic"])("accuracy and Macro F1 of %s equal direct computation", (model) => {
  const labels = numbers(example.dataset, "label");
  const predictions = numbers(example.results[model], "pred");
  const correct = booleans(example.results[model], "correct");
  expect(row("dataset", "all", model, "Accuracy").value).toBeCloseTo(correct.filter(Boolean).length / 1797, 12);
  expect(row("dataset", "all", model, "Macro F1").value).toBeCloseTo(macroF1(labels, predictions), 12);
  const odd = labels.map((label, i) => (label % 2 === 1 ? i : -1)).filter((i) => i >= 0);
  expect(row("parity", "odd", model, "Macro F1").value).toBeCloseTo(
    macroF1(
      odd.map((i) => labels[i]),
      odd.map((i) => predictions[i]),
    ),
    12,
  );
});

test("the p-value of knn's accuracy is McNemar's exact test on the discordant pairs counted here", () => {
  const knn = booleans(example.results.knn, "correct");
  const reference = booleans(example.results["nearest-centroid"], "correct");
  const onlyKnn = knn.filter((right, i) => right && !reference[i]).length;
  const onlyReference = knn.filter((right, i) => !right && reference[i]).length;
  const result = row("dataset", "all", "knn", "Accuracy");
  expect(result.p_value).toBeCloseTo(mcnemarExact(onlyKnn, onlyReference), 15);
  expect(result.delta).toBeCloseTo((onlyKnn - onlyReference) / 1797, 12);
  expect(result.verdict).toBe("improved");
});

test("the mean confidence has a Student-t interval around the mean and no verdict without a direction", () => {
  const scores = numbers(example.results.logistic, "score");
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  const result = row("dataset", "all", "logistic", "Mean confidence");
  expect(result.value).toBeCloseTo(mean, 12);
  expect(result.ci_low!).toBeLessThan(mean);
  expect(result.ci_high!).toBeGreaterThan(mean);
  expect(result.verdict).toBe("unknown");
});

test("a second evaluation gives the same numbers: bootstrap figures exactly, sums to rounding", async () => {
  const again = await platform.evaluate("digits", { models: example.models, reference: example.reference });
  expect(again.rows).toHaveLength(evaluation.rows.length);
  again.rows.forEach((row, index) => {
    const first = evaluation.rows[index];
    // Seeded bootstraps of integer cell counts repeat exactly.
    if (row.metric === "Macro F1") expect(row).toEqual(first);
    // DuckDB adds doubles on parallel threads in no fixed order: the last bits of a sum may differ.
    for (const figure of ["value", "ci_low", "ci_high", "delta", "p_value", "q_value"] as const) {
      if (first[figure] === null) expect(row[figure]).toBeNull();
      else expect(Math.abs(row[figure]! - first[figure]!)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(first[figure]!)));
    }
    expect(row.verdict).toBe(first.verdict);
  });
});

test("min_n 200: test cases below it keep their p-value but get no q-value or verdict; BH runs over the rest", async () => {
  const withheld = await platform.evaluate("digits", { models: example.models, reference: example.reference, min_n: 200 });
  const knn = withheld.rows.filter((r) => r.model === "knn" && r.metric === "Accuracy");
  const below = knn.filter((r) => r.n < 200);
  // The ten digits hold about 180 images each.
  expect(below.map((r) => `${r.stratification}/${r.test_case}`)).toEqual(expect.arrayContaining(Array.from({ length: 10 }, (_, digit) => `digit/${digit}`)));
  for (const r of below) expect(r).toMatchObject({ q_value: null, verdict: "unknown", p_value: row(r.stratification, r.test_case, "knn", "Accuracy").p_value });
  // Benjamini–Hochberg over the others (dataset/all apart), by hand: q₍ᵢ₎ = min over j ≥ i of m·p₍ⱼ₎/j.
  const family = knn.filter((r) => r.n >= 200 && r.stratification !== "dataset");
  const sorted = [...family].sort((a, b) => a.p_value! - b.p_value!);
  const m = sorted.length;
  let running = 1;
  for (let rank = m; rank >= 1; rank--) {
    running = Math.min(running, (sorted[rank - 1].p_value! * m) / rank);
    expect(sorted[rank - 1].q_value).toBeCloseTo(running, 15);
  }
  const whole = knn.find((r) => r.stratification === "dataset")!;
  expect(whole.q_value).toBe(whole.p_value);
  expect(withheld.info.min_n.quality).toMatchObject({ Accuracy: 200, "Macro F1": 200 });
});

test("without min_n the defaults apply: 1 for the exact test of Accuracy, 2 for the bootstrap of Macro F1", () => {
  expect(evaluation.info.min_n).toMatchObject({ quality: { Accuracy: 1, "Macro F1": 2 } });
});
