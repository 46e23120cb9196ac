// The platform's `evaluate` on a second real dataset — R's mtcars (Henderson & Velleman 1981: 32
// cars of 1973–74), with nulls added, ties, values on bucket edges, a model without results for
// one car, and test cases of 0, 1 and 2 cars — against an independent computation written here
// with plain loops over the rows: every figure of every row of the table (n, value, interval,
// delta, p, q, verdict), at confidence 0.95 and at 0.9 with min_n 3. Nothing below calls the
// library's metric or statistics code; the bootstraps are redone here from the library's seeded
// generator (createRandom, hashSeed, poissonResampler — tested on their own), so their intervals and
// p-values must match to the last resample. Last, the browser's slicing of the same samples gives
// the same table (n and nulls included).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Bool, Float64, Int32, Table, Utf8, vectorFromArray } from "apache-arrow";
import { EvaluationRow, QualityStandard, Scalar, bucketName, evaluationInfo } from "../../src/core";
import { SliceEvaluator, buildAxis, createRandom, hashSeed, planSlices, poissonResampler, withSavedSlices } from "../../src/metrics";
import { Evaluation, Platform } from "../../src/platform";

// ---- the data ---------------------------------------------------------------------------------

// car, mpg, cyl, disp, hp, drat, wt, am, carb (R: datasets::mtcars).
const mtcars: [string, number, number, number, number, number, number, number, number][] = [
  ["Mazda RX4", 21.0, 6, 160.0, 110, 3.9, 2.62, 1, 4],
  ["Mazda RX4 Wag", 21.0, 6, 160.0, 110, 3.9, 2.875, 1, 4],
  ["Datsun 710", 22.8, 4, 108.0, 93, 3.85, 2.32, 1, 1],
  ["Hornet 4 Drive", 21.4, 6, 258.0, 110, 3.08, 3.215, 0, 1],
  ["Hornet Sportabout", 18.7, 8, 360.0, 175, 3.15, 3.44, 0, 2],
  ["Valiant", 18.1, 6, 225.0, 105, 2.76, 3.46, 0, 1],
  ["Duster 360", 14.3, 8, 360.0, 245, 3.21, 3.57, 0, 4],
  ["Merc 240D", 24.4, 4, 146.7, 62, 3.69, 3.19, 0, 2],
  ["Merc 230", 22.8, 4, 140.8, 95, 3.92, 3.15, 0, 2],
  ["Merc 280", 19.2, 6, 167.6, 123, 3.92, 3.44, 0, 4],
  ["Merc 280C", 17.8, 6, 167.6, 123, 3.92, 3.44, 0, 4],
  ["Merc 450SE", 16.4, 8, 275.8, 180, 3.07, 4.07, 0, 3],
  ["Merc 450SL", 17.3, 8, 275.8, 180, 3.07, 3.73, 0, 3],
  ["Merc 450SLC", 15.2, 8, 275.8, 180, 3.07, 3.78, 0, 3],
  ["Cadillac Fleetwood", 10.4, 8, 472.0, 205, 2.93, 5.25, 0, 4],
  ["Lincoln Continental", 10.4, 8, 460.0, 215, 3.0, 5.424, 0, 4],
  ["Chrysler Imperial", 14.7, 8, 440.0, 230, 3.23, 5.345, 0, 4],
  ["Fiat 128", 32.4, 4, 78.7, 66, 4.08, 2.2, 1, 1],
  ["Honda Civic", 30.4, 4, 75.7, 52, 4.93, 1.615, 1, 2],
  ["Toyota Corolla", 33.9, 4, 71.1, 65, 4.22, 1.835, 1, 1],
  ["Toyota Corona", 21.5, 4, 120.1, 97, 3.7, 2.465, 0, 1],
  ["Dodge Challenger", 15.5, 8, 318.0, 150, 2.76, 3.52, 0, 2],
  ["AMC Javelin", 15.2, 8, 304.0, 150, 3.15, 3.435, 0, 2],
  ["Camaro Z28", 13.3, 8, 350.0, 245, 3.73, 3.84, 0, 4],
  ["Pontiac Firebird", 19.2, 8, 400.0, 175, 3.08, 3.845, 0, 2],
  ["Fiat X1-9", 27.3, 4, 79.0, 66, 4.08, 1.935, 1, 1],
  ["Porsche 914-2", 26.0, 4, 120.3, 91, 4.43, 2.14, 1, 2],
  ["Lotus Europa", 30.4, 4, 95.1, 113, 3.77, 1.513, 1, 2],
  ["Ford Pantera L", 15.8, 8, 351.0, 264, 4.22, 3.17, 1, 4],
  ["Ferrari Dino", 19.7, 6, 145.0, 175, 3.62, 2.77, 1, 6],
  ["Maserati Bora", 15.0, 8, 301.0, 335, 3.54, 3.57, 1, 8],
  ["Volvo 142E", 21.4, 4, 121.0, 109, 4.11, 2.78, 1, 2],
];
const car = mtcars.map((row) => row[0]);
const column = (index: number) => mtcars.map((row) => row[index] as number);
const [hp, drat, wt, am, carb, cyl, disp] = [4, 5, 6, 7, 8, 2, 3].map(column);
// Ground truth with one null: Merc 280C's mileage is unknown.
const mpg: (number | null)[] = column(1).map((value, i) => (car[i] === "Merc 280C" ? null : value));
const origin: (string | null)[] = car.map((name) => {
  if (name === "Valiant" || name === "Volvo 142E") return null;
  if (/^(Mazda|Datsun|Honda|Toyota)/.test(name)) return "Japan";
  if (/^(Merc|Fiat|Porsche|Lotus|Ferrari|Maserati)/.test(name)) return "Europe";
  return "US";
});
const cylLabel = cyl.map(String);

interface ModelResults {
  cars: number[];
  mpgPred: (number | null)[];
  amPred: (number | null)[];
  cylPred: (string | null)[];
  score: (number | null)[];
  /** count_FP is null where this says so (the other counts are there). */
  fpMissing: Set<string>;
}
const everyCar = car.map((_, i) => i);
// "weight" (the reference): lm(mpg ~ wt), manual when light; no answer on the Fiat 128; no score for the Camaro.
const weightModel: ModelResults = {
  cars: everyCar,
  mpgPred: wt.map((w) => 37.2851 - 5.3445 * w),
  amPred: everyCar.map((i) => (car[i] === "Fiat 128" ? null : wt[i] < 3 ? 1 : 0)),
  cylPred: disp.map((d) => (d < 120 ? "4" : d < 250 ? "6" : "8")),
  score: everyCar.map((i) => (car[i] === "Camaro Z28" ? null : 1 / (1 + Math.exp(3 * (wt[i] - 3))))),
  fpMissing: new Set(),
};
// "power": lm(mpg ~ hp), manual when nimble or very powerful; no results at all for the Valiant.
const powerModel: ModelResults = {
  cars: everyCar.filter((i) => car[i] !== "Valiant"),
  mpgPred: everyCar.map((i) => (car[i] === "Lotus Europa" || car[i] === "Duster 360" ? null : 30.0989 - 0.06823 * hp[i])),
  amPred: everyCar.map((i) => (car[i] === "Toyota Corolla" ? null : (hp[i] < 120 && drat[i] > 3.7) || hp[i] > 250 ? 1 : 0)),
  cylPred: everyCar.map((i) => (car[i] === "Merc 240D" ? null : hp[i] < 100 ? "4" : hp[i] < 170 ? "6" : "8")),
  score: drat.map((d) => 1 / (1 + Math.exp(-4 * (d - 3.7)))),
  fpMissing: new Set(["Honda Civic"]),
};
const models: Record<string, ModelResults> = { weight: weightModel, power: powerModel };
const reference = "weight";
const modelNames = ["weight", "power"];

function correctOf(model: ModelResults, i: number): boolean | null {
  const predicted = model.amPred[i];
  return predicted === null ? null : predicted === am[i];
}
/** TP, FP, FN, TN of "manual" for car i (null where the model gave no answer, or FP where it is missing). */
function countsOf(model: ModelResults, i: number): (number | null)[] {
  const predicted = model.amPred[i];
  if (predicted === null) return [null, null, null, null];
  const cells = [predicted === 1 && am[i] === 1, predicted === 1 && am[i] === 0, predicted === 0 && am[i] === 1, predicted === 0 && am[i] === 0].map(Number);
  if (model.fpMissing.has(car[i])) cells[1] = null as never;
  return cells;
}

function datasetTable(): Table {
  return new Table({
    car: vectorFromArray(car, new Utf8()),
    mpg: vectorFromArray(mpg, new Float64()),
    cyl: vectorFromArray(cyl, new Int32()),
    cyl_label: vectorFromArray(cylLabel, new Utf8()),
    disp: vectorFromArray(disp, new Float64()),
    hp: vectorFromArray(hp, new Int32()),
    drat: vectorFromArray(drat, new Float64()),
    wt: vectorFromArray(wt, new Float64()),
    am: vectorFromArray(am, new Int32()),
    carb: vectorFromArray(carb, new Int32()),
    origin: vectorFromArray(origin, new Utf8()),
  });
}

function resultsTable(model: ModelResults): Table {
  const rows = model.cars;
  const counts = rows.map((i) => countsOf(model, i));
  return new Table({
    car: vectorFromArray(
      rows.map((i) => car[i]),
      new Utf8(),
    ),
    mpg_pred: vectorFromArray(
      rows.map((i) => model.mpgPred[i]),
      new Float64(),
    ),
    am_pred: vectorFromArray(
      rows.map((i) => model.amPred[i]),
      new Int32(),
    ),
    correct: vectorFromArray(
      rows.map((i) => correctOf(model, i)),
      new Bool(),
    ),
    count_TP: vectorFromArray(
      counts.map((c) => c[0]),
      new Int32(),
    ),
    count_FP: vectorFromArray(
      counts.map((c) => c[1]),
      new Int32(),
    ),
    count_FN: vectorFromArray(
      counts.map((c) => c[2]),
      new Int32(),
    ),
    count_TN: vectorFromArray(
      counts.map((c) => c[3]),
      new Int32(),
    ),
    cyl_pred: vectorFromArray(
      rows.map((i) => model.cylPred[i]),
      new Utf8(),
    ),
    score: vectorFromArray(
      rows.map((i) => model.score[i]),
      new Float64(),
    ),
  });
}

const standard: QualityStandard = {
  stratifications: [
    { name: "cyl", field: "cyl" },
    { name: "carb", field: "carb" },
    // carb's quartiles are 2, 2 and 4: tied edges merge, four quantiles give three buckets.
    { name: "carb quartile", field: "carb", quantiles: 4 },
    { name: "hp quartile", field: "hp", quantiles: 4 },
    // No car under 1 (n = 0); the Fiat 128 weighs exactly 2.2, an edge.
    { name: "weight", field: "wt", buckets: [1.0, 1.7, 2.2, 5.3] },
    { name: "origin", field: "origin" },
  ],
  test_cases: [
    {
      name: "heavy manual",
      where: {
        and: [
          { field: "wt", op: "gt", value: 3 },
          { field: "am", op: "eq", value: 1 },
        ],
      },
    },
    { name: "over 300 hp", where: { field: "hp", op: "gt", value: 300 } },
    { name: "over 400 hp", where: { field: "hp", op: "gt", value: 400 } },
  ],
  metric_groups: [
    {
      name: "transmission",
      metrics: [
        { label: "Accuracy", kind: "mean", field: "correct", higher_is_better: true },
        { label: "Says manual", kind: "rate", field: "am_pred", value: 1, higher_is_better: null },
        { label: "Total correct", kind: "sum", field: "correct", higher_is_better: true },
        { label: "Precision", kind: "precision", higher_is_better: true },
        { label: "Specificity", kind: "specificity", higher_is_better: true },
      ],
    },
    {
      name: "cylinders",
      metrics: [{ label: "Macro F1", kind: "classification", measure: "f1", average: "macro", gt: "cyl_label", pred: "cyl_pred", higher_is_better: true }],
    },
    {
      name: "mileage",
      metrics: [
        { label: "MAE", kind: "regression", measure: "mae", gt: "mpg", pred: "mpg_pred", higher_is_better: false },
        { label: "RMSE", kind: "regression", measure: "rmse", gt: "mpg", pred: "mpg_pred", higher_is_better: false },
        { label: "R²", kind: "regression", measure: "r2", gt: "mpg", pred: "mpg_pred", higher_is_better: true },
      ],
    },
    {
      name: "scores",
      metrics: [
        { label: "Mean score", kind: "mean", field: "score", higher_is_better: null },
        { label: "Median score", kind: "median", field: "score", higher_is_better: true },
        { label: "Score sd", kind: "stddev", field: "score", higher_is_better: false },
        { label: "Max score", kind: "max", field: "score", higher_is_better: true },
        { label: "Cars", kind: "count" },
      ],
    },
  ],
};

// ---- independent statistics ---------------------------------------------------------------------

/** z = Φ⁻¹(1 − α/2), to 16 digits (R: qnorm(0.975), qnorm(0.95)). */
const zOf: Record<string, number> = { "0.95": 1.959963984540054, "0.9": 1.6448536269514722 };

/** P(|T| ≤ t) for Student's t on ν (integer) degrees of freedom: Abramowitz & Stegun 26.7.3–4, θ = atan(t/√ν). */
function tCentral(t: number, df: number): number {
  const theta = Math.atan(t / Math.sqrt(df));
  const sine = Math.sin(theta);
  const cosineSquared = Math.cos(theta) ** 2;
  if (df % 2 === 1) {
    let sum = 0;
    if (df > 1) {
      let term = Math.cos(theta);
      sum = term;
      for (let k = 3; k <= df - 2; k += 2) sum += term *= ((k - 1) / k) * cosineSquared;
    }
    return (2 / Math.PI) * (theta + sine * sum);
  }
  let term = 1;
  let sum = 1;
  for (let k = 2; k <= df - 2; k += 2) sum += term *= ((k - 1) / k) * cosineSquared;
  return sine * sum;
}

/** The t with P(|T| ≤ t) = confidence, by bisection. */
function tQuantile(confidence: number, df: number): number {
  let low = 0;
  let high = 1e4;
  for (let step = 0; step < 200; step++) {
    const middle = (low + high) / 2;
    if (tCentral(middle, df) < confidence) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}

function wilson(successes: number, n: number, z: number): [number, number] {
  const p = successes / n;
  const denominator = 1 + (z * z) / n;
  const center = (p + (z * z) / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denominator;
  return [center - half, center + half];
}

/** McNemar's exact test: 2·P(X ≤ min(b, c)), X ~ Binomial(b + c, ½), at most 1. */
function mcnemar(b: number, c: number): number {
  const n = b + c;
  if (n === 0) return 1;
  let tail = 0;
  let choose = 1;
  for (let k = 0; k <= Math.min(b, c); k++) {
    tail += choose / 2 ** n;
    choose = (choose * (n - k)) / (k + 1);
  }
  return Math.min(1, 2 * tail);
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const allEqual = (values: number[]) => values.every((value) => value === values[0]);

function sampleVariance(values: number[]): number {
  const center = mean(values);
  return values.reduce((sum, value) => sum + (value - center) ** 2, 0) / (values.length - 1);
}

function tInterval(values: number[], confidence: number): [number, number] | null {
  if (values.length < 2) return null;
  const center = mean(values);
  if (allEqual(values)) return [center, center];
  const half = tQuantile(confidence, values.length - 1) * Math.sqrt(sampleVariance(values) / values.length);
  return [center - half, center + half];
}

/** Two-sided paired t-test; p = 1 when every difference is 0 and 0 when they are all one other value. */
function pairedT(differences: number[]): number | null {
  if (differences.length < 2) return null;
  if (allEqual(differences)) return differences[0] === 0 ? 1 : 0;
  const t = mean(differences) / Math.sqrt(sampleVariance(differences) / differences.length);
  return 1 - tCentral(Math.abs(t), differences.length - 1);
}

/** R's quantile(type = 7) of sorted values. */
function quantile7(sorted: number[], probability: number): number {
  const position = (sorted.length - 1) * probability;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
}

function benjaminiHochberg(pValues: number[]): number[] {
  const order = pValues.map((_, i) => i).sort((a, b) => pValues[a] - pValues[b]);
  const q = new Array<number>(pValues.length);
  let running = 1;
  for (let rank = order.length; rank >= 1; rank--) {
    running = Math.min(running, (pValues[order[rank - 1]] * order.length) / rank);
    q[order[rank - 1]] = running;
  }
  return q;
}

// ---- independent metrics: scikit-learn's definitions on plain arrays ----------------------------

function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  return sorted.length % 2 ? sorted[Math.floor(middle)] : (sorted[middle - 1] + sorted[middle]) / 2;
}
const stddev = (values: number[]) => (values.length < 2 ? NaN : Math.sqrt(sampleVariance(values)));
const maximum = (values: number[]) => (values.length === 0 ? NaN : Math.max(...values));

/** sklearn.metrics.r2_score: NaN below two samples; 1 or 0 for a constant truth. */
function r2(truth: number[], predicted: number[]): number {
  if (truth.length < 2) return NaN;
  const residual = truth.reduce((sum, y, i) => sum + (y - predicted[i]) ** 2, 0);
  if (allEqual(truth)) return residual === 0 ? 1 : 0;
  const center = mean(truth);
  return 1 - residual / truth.reduce((sum, y) => sum + (y - center) ** 2, 0);
}

/** sklearn.metrics.f1_score(average="macro", zero_division=0) over the labels in truth or predictions. */
function macroF1(truth: string[], predicted: string[]): number {
  if (truth.length === 0) return NaN;
  const labels = [...new Set([...truth, ...predicted])];
  const scores = labels.map((label) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    truth.forEach((actual, i) => {
      if (actual === label && predicted[i] === label) tp++;
      else if (predicted[i] === label) fp++;
      else if (actual === label) fn++;
    });
    return 2 * tp + fp + fn === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  });
  return mean(scores);
}

/** A ratio of summed counts (nulls add 0), 0 when its denominator is (zero_division=0); NaN with no row. */
function countRatio(rows: Scalar[][], numerator: number[], denominator: number[]): number {
  if (rows.length === 0) return NaN;
  const total = (cells: number[]) => rows.reduce((sum, row) => sum + cells.reduce((inner, cell) => inner + Number(row[cell] ?? 0), 0), 0);
  const below = total(denominator);
  return below === 0 ? 0 : total(numerator) / below;
}

// ---- the metrics as this test computes them ---------------------------------------------------

type Outcome = (model: ModelResults, i: number) => Scalar;
type Spec =
  | { kind: "count" }
  | { kind: "binary"; outcome: (model: ModelResults, i: number) => 0 | 1 | null }
  | { kind: "moments"; outcome: (model: ModelResults, i: number) => number | null; finish: "mean" | "sum" | "rmse" }
  /** A datapoint as a tuple of outcomes, whether the metric uses it, and the metric over the used tuples. */
  | { kind: "cells"; tuple: Outcome[]; used: (tuple: Scalar[]) => boolean; score: (tuples: Scalar[][]) => number };

const numbersAt = (tuples: Scalar[][], index: number) => tuples.map((tuple) => tuple[index] as number);
const errorOf = (model: ModelResults, i: number) => (mpg[i] === null || model.mpgPred[i] === null ? null : model.mpgPred[i]! - mpg[i]!);
const zero: Outcome = () => 0;
const count =
  (cell: number): Outcome =>
  (model, i) =>
    countsOf(model, i)[cell];

const specs: Record<string, Spec> = {
  Accuracy: { kind: "binary", outcome: (model, i) => (correctOf(model, i) === null ? null : correctOf(model, i) ? 1 : 0) },
  "Says manual": { kind: "binary", outcome: (model, i) => (model.amPred[i] === null ? null : model.amPred[i] === 1 ? 1 : 0) },
  "Total correct": { kind: "moments", outcome: (model, i) => (correctOf(model, i) === null ? null : Number(correctOf(model, i))), finish: "sum" },
  // Count tuples (tp, fp, fn, tn); a count the measure does not read is the constant 0.
  Precision: {
    kind: "cells",
    tuple: [count(0), count(1), zero, zero],
    used: (t) => t[0] !== null || t[1] !== null,
    score: (rows) => countRatio(rows, [0], [0, 1]),
  },
  Specificity: {
    kind: "cells",
    tuple: [zero, count(1), zero, count(3)],
    used: (t) => t[1] !== null || t[3] !== null,
    score: (rows) => countRatio(rows, [3], [3, 1]),
  },
  "Macro F1": {
    kind: "cells",
    tuple: [(_, i) => cylLabel[i], (model, i) => model.cylPred[i]],
    used: (t) => t[0] !== null && t[1] !== null,
    score: (rows) =>
      macroF1(
        rows.map((t) => t[0] as string),
        rows.map((t) => t[1] as string),
      ),
  },
  MAE: { kind: "moments", outcome: (model, i) => (errorOf(model, i) === null ? null : Math.abs(errorOf(model, i)!)), finish: "mean" },
  RMSE: { kind: "moments", outcome: (model, i) => (errorOf(model, i) === null ? null : errorOf(model, i)! ** 2), finish: "rmse" },
  "R²": {
    kind: "cells",
    tuple: [(_, i) => mpg[i], (model, i) => model.mpgPred[i]],
    used: (t) => t[0] !== null && t[1] !== null,
    score: (rows) => r2(numbersAt(rows, 0), numbersAt(rows, 1)),
  },
  "Mean score": { kind: "moments", outcome: (model, i) => model.score[i], finish: "mean" },
  "Median score": { kind: "cells", tuple: [(model, i) => model.score[i]], used: (t) => t[0] !== null, score: (rows) => median(numbersAt(rows, 0)) },
  "Score sd": { kind: "cells", tuple: [(model, i) => model.score[i]], used: (t) => t[0] !== null, score: (rows) => stddev(numbersAt(rows, 0)) },
  "Max score": { kind: "cells", tuple: [(model, i) => model.score[i]], used: (t) => t[0] !== null, score: (rows) => maximum(numbersAt(rows, 0)) },
  Cars: { kind: "count" },
};

/** The library's canonical cell order: by tuple, nulls first, then booleans, numbers, strings. */
function compareTuples(a: Scalar[], b: Scalar[]): number {
  const rank = (value: Scalar) => (value === null ? 0 : typeof value === "boolean" ? 1 : typeof value === "number" ? 2 : 3);
  for (let k = 0; k < a.length; k++) {
    const [x, y] = [a[k], b[k]];
    if (rank(x) !== rank(y)) return rank(x) - rank(y);
    if (typeof x === "number" && typeof y === "number") {
      if (x !== y) return x - y;
    } else if (String(x) !== String(y)) return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}

interface Figures {
  n: number;
  value: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  pValue: number | null;
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);
const nothing = (n: number): Figures => ({ n, value: null, ciLow: null, ciHigh: null, pValue: null });

/**
 * The percentile Poisson bootstrap, redone: distinct tuples (the model's, then the reference's)
 * with their counts in canonical order, each resample's counts drawn by the library's seeded
 * Poisson resampler, the metric recomputed on the datapoints repeated as drawn. Undefined
 * resamples are dropped; with fewer than half left, no interval (or no p-value).
 */
function bootstrap(
  spec: Extract<Spec, { kind: "cells" }>,
  model: ModelResults,
  members: number[],
  seed: number,
  paired: boolean,
  confidence: number,
  resamples: number,
) {
  const width = spec.tuple.length;
  const cells = new Map<string, { tuple: Scalar[]; count: number }>();
  for (const i of members) {
    const tuple = [...spec.tuple.map((outcome) => outcome(model, i)), ...(paired ? spec.tuple.map((outcome) => outcome(models[reference], i)) : [])];
    const key = JSON.stringify(tuple);
    const cell = cells.get(key);
    if (cell) cell.count++;
    else cells.set(key, { tuple, count: 1 });
  }
  const ordered = [...cells.values()].sort((a, b) => compareTuples(a.tuple, b.tuple));
  const resample = poissonResampler(ordered.map((cell) => cell.count));
  const random = createRandom(seed);
  const weights = new Float64Array(ordered.length);
  const values: number[] = [];
  const deltas: number[] = [];
  const scoreSide = (side: number) => {
    const rows: Scalar[][] = [];
    ordered.forEach((cell, c) => {
      const own = cell.tuple.slice(side * width, (side + 1) * width);
      if (spec.used(own)) for (let copy = 0; copy < weights[c]; copy++) rows.push(own);
    });
    return spec.score(rows);
  };
  for (let r = 0; r < resamples; r++) {
    resample(random, weights);
    const value = scoreSide(0);
    if (!Number.isNaN(value)) values.push(value);
    if (paired) {
      const delta = value - scoreSide(1);
      if (!Number.isNaN(delta)) deltas.push(delta);
    }
  }
  const sorted = values.sort((a, b) => a - b);
  const alpha = 1 - confidence;
  const interval = 2 * sorted.length >= resamples ? [quantile7(sorted, alpha / 2), quantile7(sorted, 1 - alpha / 2)] : [null, null];
  let pValue: number | null = null;
  if (paired && 2 * deltas.length >= resamples) {
    const below = deltas.filter((delta) => delta <= 0).length;
    const above = deltas.filter((delta) => delta >= 0).length;
    pValue = Math.min(1, (2 * (Math.min(below, above) + 1)) / (deltas.length + 1));
  }
  return { ciLow: interval[0], ciHigh: interval[1], pValue };
}

function figuresOf(
  label: string,
  modelName: string,
  members: number[],
  key: { stratification: string; testCase: string; group: string },
  confidence: number,
  resamples: number,
): Figures {
  const spec = specs[label];
  const model = models[modelName];
  const paired = modelName !== reference;
  if (spec.kind === "count") return { n: members.length, value: members.length, ciLow: null, ciHigh: null, pValue: null };
  if (spec.kind === "binary") {
    const own = members.map((i) => spec.outcome(model, i));
    const present = own.filter((x): x is 0 | 1 => x !== null);
    if (present.length === 0) return nothing(0);
    const successes = present.filter((x) => x === 1).length;
    const [ciLow, ciHigh] = wilson(successes, present.length, zOf[String(confidence)]);
    let pValue: number | null = null;
    if (paired) {
      const both = members.map((i) => [spec.outcome(model, i), spec.outcome(models[reference], i)]).filter(([x, r]) => x !== null && r !== null);
      pValue = mcnemar(both.filter(([x, r]) => x === 1 && r === 0).length, both.filter(([x, r]) => x === 0 && r === 1).length);
    }
    return { n: present.length, value: successes / present.length, ciLow, ciHigh, pValue };
  }
  if (spec.kind === "moments") {
    const own = members.map((i) => spec.outcome(model, i)).filter((x): x is number => x !== null);
    const differences = members
      .map((i) => [spec.outcome(model, i), spec.outcome(models[reference], i)])
      .filter(([x, r]) => x !== null && r !== null)
      .map(([x, r]) => x! - r!);
    const pValue = paired ? pairedT(differences) : null;
    const interval = tInterval(own, confidence);
    if (spec.finish === "sum") {
      // A sum over no datapoint is 0; its interval needs two.
      const sum = own.reduce((a, b) => a + b, 0);
      return { n: own.length, value: sum, ciLow: interval ? own.length * interval[0] : null, ciHigh: interval ? own.length * interval[1] : null, pValue };
    }
    if (own.length === 0) return nothing(0);
    const root = (x: number) => Math.sqrt(Math.max(0, x));
    if (spec.finish === "rmse")
      return { n: own.length, value: root(mean(own)), ciLow: interval && root(interval[0]), ciHigh: interval && root(interval[1]), pValue };
    return { n: own.length, value: mean(own), ciLow: interval && interval[0], ciHigh: interval && interval[1], pValue };
  }
  const tuples = members.map((i) => spec.tuple.map((outcome) => outcome(model, i))).filter((tuple) => spec.used(tuple));
  const value = spec.score(tuples);
  if (Number.isNaN(value)) return nothing(tuples.length);
  const seed = hashSeed(0, key.stratification, key.testCase, modelName, key.group, label);
  return { n: tuples.length, value, ...bootstrap(spec, model, members, seed, paired, confidence, resamples) };
}

// ---- the test cases, as this test reads the quality standard -------------------------------------

/** Linear-interpolation (type 7) quantiles of ALL the dataset's values at 1/q … (q−1)/q, equal edges merged. */
function quantileEdges(values: number[], q: number): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const edges = Array.from({ length: q - 1 }, (_, k) => quantile7(sorted, (k + 1) / q));
  return edges.filter((edge, k) => k === 0 || edge > edges[k - 1]);
}

function expectedTestCases(evaluated: number[]): { stratification: string; testCase: string; members: number[] }[] {
  const cases = [{ stratification: "dataset", testCase: "all", members: evaluated }];
  const byValue = (name: string, values: (number | string | null)[]) => {
    const distinct = [...new Set(evaluated.map((i) => values[i]))].sort((a, b) =>
      a === null ? 1 : b === null ? -1 : typeof a === "number" ? (a as number) - (b as number) : String(a) < String(b) ? -1 : 1,
    );
    for (const value of distinct)
      cases.push({ stratification: name, testCase: value === null ? "(missing)" : String(value), members: evaluated.filter((i) => values[i] === value) });
  };
  const byBuckets = (name: string, values: number[], edges: number[]) => {
    const bounds = [-Infinity, ...edges, Infinity];
    for (let k = 0; k + 1 < bounds.length; k++)
      cases.push({
        stratification: name,
        testCase: bucketName(k === 0 ? null : bounds[k], k + 1 === bounds.length - 1 ? null : bounds[k + 1]),
        members: evaluated.filter((i) => values[i] >= bounds[k] && values[i] < bounds[k + 1]),
      });
  };
  byValue("cyl", cyl);
  byValue("carb", carb);
  byBuckets("carb quartile", carb, quantileEdges(carb, 4));
  byBuckets("hp quartile", hp, quantileEdges(hp, 4));
  byBuckets("weight", wt, [1.0, 1.7, 2.2, 5.3]);
  byValue("origin", origin);
  cases.push({ stratification: "test_cases", testCase: "heavy manual", members: evaluated.filter((i) => wt[i] > 3 && am[i] === 1) });
  cases.push({ stratification: "test_cases", testCase: "over 300 hp", members: evaluated.filter((i) => hp[i] > 300) });
  cases.push({ stratification: "test_cases", testCase: "over 400 hp", members: evaluated.filter((i) => hp[i] > 400) });
  return cases;
}

/** The whole table as this test computes it: figures, deltas, BH q-values within (model, metric) and verdicts. */
function expectedTable(confidence: number, resamples: number, minN: number | undefined): EvaluationRow[] {
  const evaluated = everyCar.filter((i) => modelNames.every((name) => models[name].cars.includes(i)));
  const rows: EvaluationRow[] = [];
  const minimum = (label: string) => minN ?? (["binary", "count"].includes(specs[label].kind) ? 1 : 2);
  for (const testCase of expectedTestCases(evaluated)) {
    const referenceValues = new Map<string, number | null>();
    for (const modelName of modelNames) {
      for (const group of standard.metric_groups) {
        for (const metric of group.metrics) {
          const figures = figuresOf(metric.label, modelName, testCase.members, { ...testCase, group: group.name }, confidence, resamples);
          if (modelName === reference) referenceValues.set(metric.label, figures.value);
          const referenceValue = referenceValues.get(metric.label) ?? null;
          const delta = modelName === reference || figures.value === null || referenceValue === null ? null : figures.value - referenceValue;
          rows.push({
            stratification: testCase.stratification,
            test_case: testCase.testCase,
            model: modelName,
            metric_group: group.name,
            metric: metric.label,
            n: figures.n,
            value: figures.value === null ? null : finite(figures.value),
            ci_low: figures.ciLow,
            ci_high: figures.ciHigh,
            delta,
            p_value: delta === null ? null : figures.pValue,
            q_value: null,
            verdict: null,
            higher_is_better: metric.higher_is_better ?? null,
          });
        }
      }
    }
  }
  // Benjamini–Hochberg per (model, metric) over the test cases with a p-value and n ≥ min_n; dataset/all alone.
  const tested = rows.filter((row) => row.model !== reference && row.p_value !== null && row.n >= minimum(row.metric));
  for (const row of tested) if (row.stratification === "dataset") row.q_value = row.p_value;
  for (const metric of Object.keys(specs)) {
    const family = tested.filter((row) => row.metric === metric && row.stratification !== "dataset");
    benjaminiHochberg(family.map((row) => row.p_value!)).forEach((q, k) => (family[k].q_value = q));
  }
  for (const row of rows) {
    if (row.model === reference) continue;
    if (row.higher_is_better === null || row.delta === null || row.q_value === null) row.verdict = "unknown";
    else if (row.q_value >= 1 - confidence || row.delta === 0) row.verdict = "similar";
    else row.verdict = (row.higher_is_better ? row.delta > 0 : row.delta < 0) ? "improved" : "regressed";
  }
  return rows;
}

// ---- the comparison ------------------------------------------------------------------------------

let directory: string;
let platform: Platform;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), "slicewise-mtcars-"));
  platform = await Platform.open({ data: directory });
  await platform.uploadDataset("mtcars", { format: "table", table: datasetTable() }, { idFields: ["car"] });
  for (const name of modelNames) await platform.uploadResults("mtcars", name, { format: "table", table: resultsTable(models[name]) });
  await platform.setQualityStandard("mtcars", standard);
});

afterAll(() => {
  platform?.close();
  rmSync(directory, { recursive: true, force: true });
});

const rowKey = (row: EvaluationRow) => `${row.stratification}/${row.test_case}/${row.model}/${row.metric_group}/${row.metric}`;
const figures = ["value", "ci_low", "ci_high", "delta", "p_value", "q_value"] as const;

/** Equal to 1e-9 relative (absolute below 1), nulls equal only to nulls; n, verdict and direction exactly. */
function differences(actual: EvaluationRow[], expected: EvaluationRow[], tolerance: number): string[] {
  const problems: string[] = [];
  expect(actual.map(rowKey)).toEqual(expected.map(rowKey));
  expected.forEach((want, index) => {
    const got = actual[index];
    for (const figure of figures) {
      const [a, b] = [got[figure], want[figure]];
      const same = a === null || b === null ? a === b : Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(b));
      if (!same) problems.push(`${rowKey(want)} ${figure}: ${a} vs ${b}`);
    }
    for (const field of ["n", "verdict", "higher_is_better"] as const)
      if (got[field] !== want[field]) problems.push(`${rowKey(want)} ${field}: ${got[field]} vs ${want[field]}`);
  });
  return problems;
}

describe.each([
  { confidence: 0.95, min_n: undefined },
  { confidence: 0.9, min_n: 3 },
])("mtcars at confidence $confidence, min_n $min_n", ({ confidence, min_n }) => {
  let evaluation: Evaluation;
  let expected: EvaluationRow[];

  beforeAll(async () => {
    evaluation = await platform.evaluate("mtcars", { models: modelNames, reference, confidence, min_n });
    expected = expectedTable(confidence, 1000, min_n);
  });

  test("every figure of every row equals the independent computation", () => {
    expect(evaluation.rows).toHaveLength(expected.length);
    expect(differences(evaluation.rows, expected, 1e-9)).toEqual([]);
  });

  test("the tiny and degenerate cases come out as documented", () => {
    const row = (testCase: string, model: string, metric: string) =>
      evaluation.rows.find((r) => `${r.stratification}/${r.test_case}` === testCase && r.model === model && r.metric === metric)!;
    // 31 of 32 cars: "power" has no results for the Valiant.
    expect(evaluation.info).toMatchObject({ datapoints: 31, excluded_datapoints: 1 });
    // Four carb quantiles of the 32 cars are 2, 2, 4: three buckets.
    expect(
      evaluation.rows.filter((r) => r.stratification === "carb quartile" && r.model === reference && r.metric === "Cars").map((r) => [r.test_case, r.n]),
    ).toEqual([
      ["(-∞, 2)", 6],
      ["[2, 4)", 13],
      ["[4, ∞)", 12],
    ]);
    // hp quartiles of all 32 cars (with the Valiant's 105): 96.5, 123, 180; without it the first would be 96.
    expect(evaluation.rows.filter((r) => r.stratification === "hp quartile" && r.model === reference && r.metric === "Cars").map((r) => r.test_case)).toEqual([
      "(-∞, 96.5)",
      "[96.5, 123)",
      "[123, 180)",
      "[180, ∞)",
    ]);
    // n = 0: no car under 1 t; every figure null but the count, and no verdict.
    expect(row("weight/(-∞, 1)", "power", "Accuracy")).toMatchObject({
      n: 0,
      value: null,
      ci_low: null,
      delta: null,
      p_value: null,
      q_value: null,
      verdict: "unknown",
    });
    expect(row("weight/(-∞, 1)", "power", "Cars")).toMatchObject({ n: 0, value: 0 });
    // n = 1 (the Maserati): R² and the sd are undefined; the accuracy is an exact test with its verdict (below min_n 3, none).
    expect(row("test_cases/over 300 hp", "power", "R²")).toMatchObject({
      n: 1,
      value: null,
      ci_low: null,
      ci_high: null,
      delta: null,
      p_value: null,
      q_value: null,
      verdict: "unknown",
    });
    expect(row("test_cases/over 300 hp", "power", "Score sd")).toMatchObject({ n: 1, value: null, ci_low: null, ci_high: null });
    expect(row("test_cases/over 300 hp", "power", "Accuracy").verdict).toBe(min_n === undefined ? "similar" : "unknown");
    // Nulls leave the metric's n, not the test case's: Merc 280C has no mileage, the Lotus and the Duster no "power" prediction.
    expect(row("dataset/all", "weight", "MAE").n).toBe(30);
    expect(row("dataset/all", "power", "MAE").n).toBe(28);
    // Toyota Corolla: no answer from "power" (not in Precision's n); Honda Civic: count_FP null but TP there (in n).
    expect(row("dataset/all", "power", "Precision").n).toBe(30);
    expect(row("dataset/all", "power", "Cars").n).toBe(31);
    // Origin (missing): the Volvo alone once the Valiant is left out.
    expect(row("origin/(missing)", "power", "Cars").n).toBe(1);
  });

  test("the provenance records each metric's min_n", () => {
    const minimum = (evaluationInfo(evaluation.table) as { min_n: Record<string, Record<string, number>> }).min_n;
    expect(minimum.transmission).toEqual(
      min_n === undefined
        ? { Accuracy: 1, "Says manual": 1, "Total correct": 2, Precision: 2, Specificity: 2 }
        : { Accuracy: 3, "Says manual": 3, "Total correct": 3, Precision: 3, Specificity: 3 },
    );
    expect(minimum.scores.Cars).toBe(min_n ?? 1);
  });
});

test("the browser's slicing of the same samples gives the same table, n and nulls included", async () => {
  const samples = await platform.samples("mtcars", { models: modelNames, limit: 1000 });
  const evaluator = new SliceEvaluator(samples, { models: modelNames, reference, metricGroups: standard.metric_groups, resamples: 200 });
  const empty: QualityStandard = { stratifications: [], test_cases: [], metric_groups: standard.metric_groups };
  for (const field of ["carb", "origin"]) {
    const plan = planSlices([buildAxis(evaluator.columns.read(field), { field, method: "values" })], null, empty, evaluator.columns.rows);
    const browser = evaluator.evaluate(plan).rows().rows;
    await platform.setQualityStandard("mtcars", withSavedSlices(empty, plan.save));
    const platformRows = (await platform.evaluate("mtcars", { models: modelNames, reference, resamples: 200 })).rows;
    expect(differences(browser, platformRows, 1e-12)).toEqual([]);
  }
  await platform.setQualityStandard("mtcars", standard);
});
