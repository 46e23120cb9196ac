// The evaluation table read once into columns for drawing: strings as arrays, numbers as
// Float64Arrays with NaN for null, plus the distinct models, metrics and test cases in order.
import { Table } from "apache-arrow";
import type { Verdict } from "../core";

export interface TestCaseKey {
  stratification: string;
  testCase: string;
}

export interface MetricKey {
  group: string;
  metric: string;
  higherIsBetter: boolean | null;
}

export interface EvaluationData {
  length: number;
  stratification: string[];
  testCase: string[];
  model: string[];
  metricGroup: string[];
  metric: string[];
  n: Float64Array;
  value: Float64Array;
  ciLow: Float64Array;
  ciHigh: Float64Array;
  delta: Float64Array;
  pValue: Float64Array;
  qValue: Float64Array;
  verdict: (Verdict | null)[];
  higherIsBetter: (boolean | null)[];
  /** Models in order of first appearance: the reference (whose verdicts are null) first. */
  models: string[];
  reference: string | null;
  metrics: MetricKey[];
  testCases: TestCaseKey[];
  /** Row index of (test case, model, metric), or -1. */
  rowOf(testCase: number, model: number, metric: number): number;
}

export const testCaseId = (key: TestCaseKey) => `${key.stratification}/${key.testCase}`;

function strings(table: Table, name: string): string[] {
  const column = table.getChild(name);
  const values: string[] = new Array(table.numRows);
  for (let i = 0; i < table.numRows; i++) values[i] = column?.get(i) ?? "";
  return values;
}

function numbers(table: Table, name: string): Float64Array {
  const column = table.getChild(name);
  const values = new Float64Array(table.numRows);
  for (let i = 0; i < table.numRows; i++) {
    const value = column?.get(i);
    values[i] = value === null || value === undefined ? NaN : Number(value);
  }
  return values;
}

export function readEvaluation(table: Table): EvaluationData {
  const length = table.numRows;
  const data = {
    length,
    stratification: strings(table, "stratification"),
    testCase: strings(table, "test_case"),
    model: strings(table, "model"),
    metricGroup: strings(table, "metric_group"),
    metric: strings(table, "metric"),
    n: numbers(table, "n"),
    value: numbers(table, "value"),
    ciLow: numbers(table, "ci_low"),
    ciHigh: numbers(table, "ci_high"),
    delta: numbers(table, "delta"),
    pValue: numbers(table, "p_value"),
    qValue: numbers(table, "q_value"),
    verdict: Array.from({ length }, (_, i) => (table.getChild("verdict")?.get(i) ?? null) as Verdict | null),
    higherIsBetter: Array.from({ length }, (_, i) => (table.getChild("higher_is_better")?.get(i) ?? null) as boolean | null),
  };
  const modelIndex = new Map<string, number>();
  const metricIndex = new Map<string, number>();
  const testCaseIndex = new Map<string, number>();
  const models: string[] = [];
  const metrics: MetricKey[] = [];
  const testCases: TestCaseKey[] = [];
  let reference: string | null = null;
  const keys = new Int32Array(length * 3);
  for (let i = 0; i < length; i++) {
    const model = data.model[i];
    if (!modelIndex.has(model)) modelIndex.set(model, models.push(model) - 1);
    const metricName = `${data.metricGroup[i]}\u0000${data.metric[i]}`;
    if (!metricIndex.has(metricName)) metricIndex.set(metricName, metrics.push({ group: data.metricGroup[i], metric: data.metric[i], higherIsBetter: data.higherIsBetter[i] }) - 1);
    const testCaseName = `${data.stratification[i]}\u0000${data.testCase[i]}`;
    if (!testCaseIndex.has(testCaseName)) testCaseIndex.set(testCaseName, testCases.push({ stratification: data.stratification[i], testCase: data.testCase[i] }) - 1);
    if (reference === null && data.verdict[i] === null && Number.isNaN(data.delta[i])) reference = model;
    keys[i * 3] = testCaseIndex.get(testCaseName)!;
    keys[i * 3 + 1] = modelIndex.get(model)!;
    keys[i * 3 + 2] = metricIndex.get(metricName)!;
  }
  const lookup = new Int32Array(testCases.length * models.length * metrics.length).fill(-1);
  const slot = (t: number, m: number, k: number) => (t * models.length + m) * metrics.length + k;
  for (let i = 0; i < length; i++) lookup[slot(keys[i * 3], keys[i * 3 + 1], keys[i * 3 + 2])] = i;
  return {
    ...data,
    models,
    reference,
    metrics,
    testCases,
    rowOf: (t, m, k) => (t < 0 || m < 0 || k < 0 || t >= testCases.length || m >= models.length || k >= metrics.length ? -1 : lookup[slot(t, m, k)]),
  };
}
