// The slicer's promise: for the same rows, the evaluation it computes from the samples (typed
// arrays, in the page) equals the platform's `evaluate` (SQL in DuckDB) — values, intervals,
// p- and q-values to 1e-12, bootstraps identical — once its slices are saved as test cases.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Float64, Table, Utf8, vectorFromArray } from "apache-arrow";
import { buildDigitsExample, DigitsExample, qualityStandard as digitsStandard } from "../../examples/digits";
import { EvaluationRow, MetricGroup, Predicate, QualityStandard } from "../../src/core";
import { AxisSettings, BinMethod, SliceEvaluator, SliceFilter, buildAxis, createRandom, planSlices, predicateMask, withSavedSlices } from "../../src/metrics";
import { Platform } from "../../src/platform";

let directory: string;
let platform: Platform;
let example: DigitsExample;
let samples: Table;

/** The example's metrics and one of every other shape the digits' columns allow. */
const metricGroups: MetricGroup[] = [
  ...digitsStandard.metric_groups,
  {
    name: "more",
    metrics: [
      { label: "Datapoints", kind: "count" },
      { label: "Says three", kind: "rate", field: "pred", value: 3, higher_is_better: null },
      { label: "Median confidence", kind: "median", field: "score", higher_is_better: true },
      { label: "Total correct", kind: "sum", field: "correct", higher_is_better: true },
      { label: "Weighted recall", kind: "classification", measure: "recall", average: "weighted", gt: "label", pred: "pred", higher_is_better: true },
      { label: "Label MAE", kind: "regression", measure: "mae", gt: "label", pred: "pred", higher_is_better: false },
      { label: "Label R²", kind: "regression", measure: "r2", gt: "label", pred: "pred", higher_is_better: true },
    ],
  },
];

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), "slicewise-parity-"));
  platform = await Platform.open({ data: directory });
  example = buildDigitsExample();
  await platform.uploadDataset("digits", { format: "table", table: example.dataset });
  for (const model of example.models) await platform.uploadResults("digits", model, { format: "table", table: example.results[model] });
  samples = await platform.samples("digits", { models: example.models, limit: 1_000_000 });
});

afterAll(() => {
  platform?.close();
  rmSync(directory, { recursive: true, force: true });
});

/** Fewer resamples than the default 1,000 keep the test quick; both sides use the same. */
const resamples = 200;
const emptyStandard: QualityStandard = { stratifications: [], test_cases: [], metric_groups: metricGroups };
const rowKey = (row: EvaluationRow) => `${row.stratification}/${row.test_case}/${row.model}/${row.metric_group}/${row.metric}`;

function expectSameEvaluation(browser: EvaluationRow[], platformRows: EvaluationRow[]): void {
  expect(browser.map(rowKey)).toEqual(platformRows.map(rowKey));
  const close = (a: number | null, b: number | null) => (a === null || b === null ? a === b : Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b)));
  platformRows.forEach((expected, index) => {
    const actual = browser[index];
    const fields = ["value", "ci_low", "ci_high", "delta", "p_value", "q_value"] as const;
    const differing = fields.filter((field) => !close(actual[field], expected[field]));
    if (differing.length || actual.n !== expected.n || actual.verdict !== expected.verdict || actual.higher_is_better !== expected.higher_is_better)
      throw new Error(
        `${rowKey(expected)} differs in ${[...differing, "n/verdict"].join(", ")}: browser ${JSON.stringify(actual)} vs platform ${JSON.stringify(expected)}`,
      );
  });
}

async function platformRows(standard: QualityStandard): Promise<EvaluationRow[]> {
  await platform.setQualityStandard("digits", standard);
  return (await platform.evaluate("digits", { models: example.models, reference: example.reference, resamples })).rows;
}

function browserEvaluator(): SliceEvaluator {
  return new SliceEvaluator(samples, { models: example.models, reference: example.reference, metricGroups, resamples });
}

test("a stratification of one field: the same table as the platform's", async () => {
  const evaluator = browserEvaluator();
  const axis = buildAxis(evaluator.columns.read("ink"), { field: "ink", method: "equal-width", bins: 6 });
  const plan = planSlices([axis], null, emptyStandard, evaluator.columns.rows);
  expect(plan.save).toEqual({ kind: "stratification", stratification: { name: "ink", field: "ink", buckets: axis.edges } });
  // Six bins of equal width between the smallest and largest ink, edges to six digits.
  expect(axis.edges).toHaveLength(5);
  const evaluation = evaluator.evaluate(plan);
  const { rows, complete } = evaluation.rows();
  expect(complete).toBe(true);
  expectSameEvaluation(rows, await platformRows(withSavedSlices(emptyStandard, plan.save)));
});

test("random slicings of the digits — one or two fields, bins, top-N with other, filters — match evaluate", async () => {
  const evaluator = browserEvaluator();
  const random = createRandom(20261126);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const fields = ["label", "parity", "ink", "area", "width", "fold"];
  const methods: BinMethod[] = ["values", "equal-width", "quantile"];
  const tried: string[] = [];
  for (let trial = 0; trial < 5; trial++) {
    const first = pick(fields);
    const second = random() < 0.5 ? pick(fields.filter((field) => field !== first)) : null;
    const settings = (field: string): AxisSettings => ({ field, method: pick(methods), bins: 2 + Math.floor(random() * 6), top: 2 + Math.floor(random() * 8) });
    const axes = [first, ...(second ? [second] : [])].map((field) => buildAxis(evaluator.columns.read(field), settings(field)));
    let filter: SliceFilter | null = null;
    if (random() < 0.5) {
      const threshold = 260 + Math.floor(random() * 60);
      const predicate: Predicate = { field: "ink", op: "lt", value: threshold };
      filter = { predicate, phrase: `ink < ${threshold}`, mask: predicateMask(predicate, (field) => evaluator.columns.read(field), evaluator.columns.rows) };
    }
    const plan = planSlices(axes, filter, emptyStandard, evaluator.columns.rows);
    tried.push(`${plan.stratification}: ${plan.testCases.map((testCase) => testCase.name).join(" | ")}`);
    const { rows } = evaluator.evaluate(plan).rows();
    expectSameEvaluation(rows, await platformRows(withSavedSlices(emptyStandard, plan.save)));
  }
  // Both ways of saving were exercised.
  expect(tried.some((line) => line.startsWith("test_cases:"))).toBe(true);
  expect(tried.some((line) => !line.startsWith("test_cases:"))).toBe(true);
}, 300_000);

test("rows outside every slice still count in dataset/all, and a partial budget leaves bootstraps for later", () => {
  const evaluator = browserEvaluator();
  const predicate: Predicate = { field: "parity", op: "eq", value: "even" };
  const filter: SliceFilter = {
    predicate,
    phrase: "parity = even",
    mask: predicateMask(predicate, (field) => evaluator.columns.read(field), evaluator.columns.rows),
  };
  const plan = planSlices([buildAxis(evaluator.columns.read("fold"), { field: "fold" })], filter, emptyStandard, evaluator.columns.rows);
  expect(plan.testCases.map((testCase) => testCase.name)).toEqual([0, 1, 2, 3, 4].map((fold) => `parity = even and fold = ${fold}`));
  const evaluation = evaluator.evaluate(plan);
  const partial = evaluation.rows(0);
  expect(partial.complete).toBe(false);
  expect(partial.done).toBe(0);
  const accuracy = partial.rows.filter((row) => row.metric === "Accuracy" && row.model === example.reference);
  // 1,797 digits in all; the even ones split over five folds.
  expect(accuracy[0]).toMatchObject({ stratification: "dataset", test_case: "all", n: 1797 });
  const evenDigits = [...example.dataset.getChild("parity")!].filter((parity) => parity === "even").length;
  expect(accuracy.slice(1).reduce((total, row) => total + row.n, 0)).toBe(evenDigits);
  // Macro F1 is a bootstrap metric: its value is there at once, its interval only later.
  const macro = partial.rows.find((row) => row.metric === "Macro F1" && row.test_case === "all" && row.model !== example.reference)!;
  expect(macro.value).not.toBeNull();
  expect(macro.ci_low).toBeNull();
  const full = evaluation.rows();
  expect(full.complete).toBe(true);
  expect(full.done).toBe(full.total);
  expect(full.rows.find((row) => rowKey(row) === rowKey(macro))!.ci_low).not.toBeNull();
});

test("nulls: a filter and levels over fields with missing values select the platform's rows (null equals only null, never orders)", async () => {
  // The digits with holes: ink missing on every 7th image, parity on every 11th.
  const count = example.dataset.numRows;
  const ink = Array.from({ length: count }, (_, row) => (row % 7 === 3 ? null : Number(example.dataset.getChild("ink")!.get(row))));
  const parity = Array.from({ length: count }, (_, row) => (row % 11 === 5 ? null : (example.dataset.getChild("parity")!.get(row) as string)));
  const holes = new Table({
    image_id: example.dataset.getChild("image_id")!,
    label: example.dataset.getChild("label")!,
    parity: vectorFromArray(parity, new Utf8()),
    ink: vectorFromArray(ink, new Float64()),
    fold: example.dataset.getChild("fold")!,
  });
  await platform.uploadDataset("digits-holes", { format: "table", table: holes });
  for (const model of example.models) await platform.uploadResults("digits-holes", model, { format: "table", table: example.results[model] });
  const evaluator = new SliceEvaluator(await platform.samples("digits-holes", { models: example.models, limit: 1_000_000 }), {
    models: example.models,
    reference: example.reference,
    metricGroups,
    resamples,
  });
  // Not (ink < 290) keeps the missing inks; parity in (odd, null) keeps the missing parities.
  const predicate: Predicate = { or: [{ not: { field: "ink", op: "lt", value: 290 } }, { field: "parity", op: "in", value: ["odd", null] }] };
  const filter: SliceFilter = {
    predicate,
    phrase: "ink ≥ 290 or missing, or parity odd or missing",
    mask: predicateMask(predicate, (field) => evaluator.columns.read(field), evaluator.columns.rows),
  };
  const kept = ink.filter((value, row) => value === null || value >= 290 || parity[row] === null || parity[row] === "odd").length;
  expect(filter.mask.reduce((total, bit) => total + bit, 0)).toBe(kept);
  const evaluateOnPlatform = async (standard: QualityStandard) => {
    await platform.setQualityStandard("digits-holes", standard);
    return (await platform.evaluate("digits-holes", { models: example.models, reference: example.reference, resamples })).rows;
  };
  // Parity's top 1 leaves the other parity to "(other)" (`not in [kept, null]`) and the nulls to "(missing)".
  const byParityAndInk = planSlices(
    [
      buildAxis(evaluator.columns.read("parity"), { field: "parity", top: 1 }),
      buildAxis(evaluator.columns.read("ink"), { field: "ink", method: "equal-width", bins: 3 }),
    ],
    filter,
    emptyStandard,
    evaluator.columns.rows,
  );
  const names = byParityAndInk.testCases.map((testCase) => testCase.name.slice(filter.phrase.length + " and ".length));
  expect(names.filter((name) => name.startsWith("parity is another value"))).toHaveLength(3);
  expect(names.filter((name) => name.startsWith("parity is missing"))).toHaveLength(4);
  const onPlatform = await evaluateOnPlatform(withSavedSlices(emptyStandard, byParityAndInk.save));
  expectSameEvaluation(evaluator.evaluate(byParityAndInk).rows().rows, onPlatform);
  // Both missing: images 38, 115, … (row ≡ 3 mod 7 and ≡ 5 mod 11, i.e. 38 mod 77) below 1,797 — 23 of them, all inside the filter.
  const bothMissing = onPlatform.find(
    (row) => row.test_case === `${filter.phrase} and parity is missing and ink is missing` && row.metric === "Datapoints" && row.model === example.reference,
  );
  expect(bothMissing?.n).toBe(23);
  // Ink's three most frequent values, the other values, and the missing ones: numbers and null in one list.
  const byInkValue = planSlices(
    [buildAxis(evaluator.columns.read("ink"), { field: "ink", method: "values", top: 3 })],
    filter,
    emptyStandard,
    evaluator.columns.rows,
  );
  expectSameEvaluation(evaluator.evaluate(byInkValue).rows().rows, await evaluateOnPlatform(withSavedSlices(emptyStandard, byInkValue.save)));
}, 300_000);
