// The evaluation table read once into columns for drawing: strings as arrays, numbers as
// Float64Arrays with NaN for null, plus the distinct models, metrics and test cases in order.
import { Table } from "apache-arrow";
import { Verdict, evaluationInfo } from "../core";
import { minimumSamplesOf } from "../metrics/minimumSamples";

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
  /**
   * 1 where the verdict is unknown because n is below the metric's min_n (as the evaluation's
   * provenance records it): shown as "too few samples" rather than as a missing verdict.
   */
  tooFewSamples: Uint8Array;
  /** Models in order of first appearance: the reference (whose verdicts are null) first. */
  models: string[];
  reference: string | null;
  metrics: MetricKey[];
  testCases: TestCaseKey[];
  /** Row index of (test case, model, metric), or -1. */
  rowOf(testCase: number, model: number, metric: number): number;
}

export const testCaseId = (key: TestCaseKey) => `${key.stratification}/${key.testCase}`;

const decoder = new TextDecoder();

/** A UTF-8 column as strings, decoding each distinct byte sequence once (names repeat a lot). */
function strings(table: Table, name: string): string[] {
  const values: string[] = new Array(table.numRows).fill("");
  const column = table.getChild(name);
  if (!column) return values;
  const seen = new Map<string, string>();
  let row = 0;
  for (const data of column.data) {
    const offsets = data.valueOffsets as Int32Array;
    const bytes = data.values as Uint8Array;
    let previousStart = -1;
    let previousEnd = -1;
    let previous = "";
    for (let i = 0; i < data.length; i++, row++) {
      if (data.nullCount > 0 && !data.getValid(i)) continue;
      // Value offsets of a sliced Data are already sliced; the bytes they point into are not.
      const start = offsets[i];
      const end = offsets[i + 1];
      // Names come in runs (model, metric, stratification): reuse the last one when the bytes match.
      if (end - start === previousEnd - previousStart && sameBytes(bytes, start, previousStart, end - start)) {
        values[row] = previous;
        continue;
      }
      if (end - start <= 64) {
        const key = String.fromCharCode(...bytes.subarray(start, end));
        let text = seen.get(key);
        if (text === undefined) seen.set(key, (text = decoder.decode(bytes.subarray(start, end))));
        previous = text;
      } else previous = decoder.decode(bytes.subarray(start, end));
      values[row] = previous;
      previousStart = start;
      previousEnd = end;
    }
  }
  return values;
}

function sameBytes(bytes: Uint8Array, a: number, b: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (bytes[a + i] !== bytes[b + i]) return false;
  return true;
}

/** A numeric column as a Float64Array, NaN where null. */
function numbers(table: Table, name: string): Float64Array {
  const values = new Float64Array(table.numRows).fill(NaN);
  const column = table.getChild(name);
  if (!column) return values;
  let row = 0;
  for (const data of column.data) {
    const source = data.values as ArrayLike<number | bigint>;
    const big = source instanceof BigInt64Array || source instanceof BigUint64Array;
    for (let i = 0; i < data.length; i++, row++) {
      if (data.nullCount > 0 && !data.getValid(i)) continue;
      // Fixed-width values of a sliced Data are already sliced.
      values[row] = big ? Number(source[i]) : (source[i] as number);
    }
  }
  return values;
}

function booleans(table: Table, name: string): (boolean | null)[] {
  const column = table.getChild(name);
  const values: (boolean | null)[] = new Array(table.numRows).fill(null);
  if (!column) return values;
  let row = 0;
  for (const data of column.data) {
    const bits = data.values as Uint8Array;
    for (let i = 0; i < data.length; i++, row++) {
      if (!data.getValid(i)) continue;
      const bit = data.offset + i;
      values[row] = ((bits[bit >> 3] >> (bit & 7)) & 1) === 1;
    }
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
    verdict: strings(table, "verdict").map((verdict) => (verdict === "" ? null : (verdict as Verdict))),
    higherIsBetter: booleans(table, "higher_is_better"),
  };
  const modelIndex = new Map<string, number>();
  // Nested maps rather than joined keys: no string is built per row.
  const metricIndex = new Map<string, Map<string, number>>();
  const testCaseIndex = new Map<string, Map<string, number>>();
  const models: string[] = [];
  const metrics: MetricKey[] = [];
  const testCases: TestCaseKey[] = [];
  let reference: string | null = null;
  const keys = new Int32Array(length * 3);
  const inner = (outer: Map<string, Map<string, number>>, key: string) => {
    let map = outer.get(key);
    if (!map) outer.set(key, (map = new Map()));
    return map;
  };
  for (let i = 0; i < length; i++) {
    const model = data.model[i];
    let m = modelIndex.get(model);
    if (m === undefined) modelIndex.set(model, (m = models.push(model) - 1));
    const metricsOfGroup = inner(metricIndex, data.metricGroup[i]);
    let k = metricsOfGroup.get(data.metric[i]);
    if (k === undefined)
      metricsOfGroup.set(
        data.metric[i],
        (k = metrics.push({ group: data.metricGroup[i], metric: data.metric[i], higherIsBetter: data.higherIsBetter[i] }) - 1),
      );
    const testCasesOfStratification = inner(testCaseIndex, data.stratification[i]);
    let t = testCasesOfStratification.get(data.testCase[i]);
    if (t === undefined)
      testCasesOfStratification.set(data.testCase[i], (t = testCases.push({ stratification: data.stratification[i], testCase: data.testCase[i] }) - 1));
    if (reference === null && data.verdict[i] === null && Number.isNaN(data.delta[i])) reference = model;
    keys[i * 3] = t;
    keys[i * 3 + 1] = m;
    keys[i * 3 + 2] = k;
  }
  const info = evaluationInfo(table);
  const tooFewSamples = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    const minimum = data.verdict[i] === "unknown" ? minimumSamplesOf(info, data.metricGroup[i], data.metric[i]) : undefined;
    if (minimum !== undefined && data.n[i] < minimum) tooFewSamples[i] = 1;
  }
  const lookup = new Int32Array(testCases.length * models.length * metrics.length).fill(-1);
  const slot = (t: number, m: number, k: number) => (t * models.length + m) * metrics.length + k;
  for (let i = 0; i < length; i++) lookup[slot(keys[i * 3], keys[i * 3 + 1], keys[i * 3 + 2])] = i;
  return {
    ...data,
    tooFewSamples,
    models,
    reference,
    metrics,
    testCases,
    rowOf: (t, m, k) => (t < 0 || m < 0 || k < 0 || t >= testCases.length || m >= models.length || k >= metrics.length ? -1 : lookup[slot(t, m, k)]),
  };
}
