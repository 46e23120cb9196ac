// The cells parts of the statistics statement's answer, decoded: each (test case, model)'s table of
// outcome tuples and their counts, its cells already in the canonical order summarizeMetric reads
// them in. Pure, like decodeStatistics, which calls it.
import { Scalar } from "../../core";
import { CellStatistics, FirstSeenIndex, SufficientStatistics, compareCellValues } from "../../metrics";
import { Columns } from "../engines/engine";
import { emptyCells } from "./emptyStatistics";
import { normalize } from "./normalizeValue";
import { ColumnReader, readerOf } from "./columnValues";
import { statisticsKey } from "./statisticsKey";
import { StatisticsPlan, explicitGrouping, keyName } from "./statisticsPlan";

/** What decodeCells needs of the test cases decodeStatistics put in order. */
export interface CellTestCases {
  count: number;
  /** ofKey.of(g, value): the test case of the g-th group's key value, as a row names it (undefined: none). */
  ofKey: { of(g: number, value: unknown): number | undefined };
  /** explicit[e]: the test case of the e-th explicit test case. */
  explicit: number[];
}

/**
 * Tables count their cells in an array indexed by tuple code while all of a part's tables together
 * hold at most this many codes (32 MB of counts); past it, in a map per table.
 */
const denseCodesAtMost = 1 << 22;

/**
 * Adds every cells part's tables to `statistics`, keyed statisticsKey(test case, model, group,
 * metric). `rowsOfPart[p]`: the rows of the statement's part p (rowsByPart).
 */
export function decodeCells(
  plan: StatisticsPlan,
  column: Columns,
  rowsOfPart: Int32Array[],
  testCases: CellTestCases,
  statistics: Map<string, SufficientStatistics>,
): void {
  plan.cellParts.forEach((part, p) => decodePart(plan, part, column, rowsOfPart[p + 1], testCases, statistics));
}

/** One cells part's tables: each of its models' tables, one per test case the part's rows count in. */
function decodePart(
  plan: StatisticsPlan,
  { metric, models, outcomes }: StatisticsPlan["cellParts"][number],
  column: Columns,
  rows: Int32Array,
  testCases: CellTestCases,
  statistics: Map<string, SufficientStatistics>,
): void {
  const { group: g, metric: m, plan: metricPlan, perModel } = plan.cellMetrics[metric];
  const coded = outcomes.map((name) => codeValues(readerOf(column, name), rows));
  const radix = Math.max(1, ...coded.map((outcome) => outcome.values.length));
  const coders = models.map((model) =>
    tupleCoder(
      perModel[model].map((name) => coded[outcomes.indexOf(name)]),
      radix,
    ),
  );
  const dense = coders.every((coder) => coder.codes * testCases.count <= denseCodesAtMost / models.length);
  const count = readerOf(column, "cell_count");
  const counts = new Float64Array(rows.length);
  count.numbersAt(rows, counts);
  const cases = testCasesOfRows(plan, column, rows, testCases);
  for (let k = 0; k < models.length; k++) {
    const model = models[k];
    const tables = new Array<CellTable | undefined>(testCases.count); // by test case, made as rows come
    addRows(tables, dense ? coders[k].codes : undefined, coders[k].codeOf, counts, cases);
    for (let t = 0; t < tables.length; t++) {
      const table = tables[t];
      if (!table) continue;
      const cells = emptyCells(metricPlan, model !== plan.referenceIndex);
      table.fill(cells, coders[k]);
      statistics.set(statisticsKey(t, model, g, m), cells);
    }
  }
}

/** The test cases each of `rows` counts in: those of row i are cases[start[i]] … cases[start[i + 1] − 1]. */
interface RowTestCases {
  start: Int32Array;
  cases: Int32Array;
}

/**
 * A cells row counts in its key's test case (one per stratification its grouping set is keyed by),
 * or in its explicit test case; the first grouping's rows also count in the whole dataset, which
 * is the sum of any one grouping's cells. Each loop is a small function of its own: V8 compiled
 * the one loop that did it all for 33 ms, and again after each deoptimization (and see renumber).
 */
function testCasesOfRows(plan: StatisticsPlan, column: Columns, rows: Int32Array, testCases: CellTestCases): RowTestCases {
  const set = numbersAt(readerOf(column, "grouping"), rows);
  const explicit = explicitTestCases(set, numbersAt(readerOf(column, "explicit_case"), rows), testCases.explicit);
  // keyCase[j][i]: the test case of row i's j-th key (−1: none, or the row's set has no j-th key).
  const keyCase = Array.from({ length: Math.max(0, ...plan.cellSets.map((keys) => keys.length)) }, () => new Int32Array(rows.length).fill(-1));
  plan.cellSets.forEach((keys, s) => keys.forEach((g, j) => keyTestCases(readerOf(column, keyName(g)), g, rows, set, s, testCases, keyCase[j])));
  return gatherTestCases(set, explicit, keyCase);
}

/** Each row's explicit test case (−1: the row is not of the explicit grouping). */
function explicitTestCases(set: Int32Array, explicitCase: Int32Array, explicit: number[]): Int32Array {
  const cases = new Int32Array(set.length).fill(-1);
  for (let i = 0; i < set.length; i++) if (set[i] === explicitGrouping) cases[i] = explicit[explicitCase[i]];
  return cases;
}

/** Each row's test cases together: its explicit one, or the whole dataset's (grouping 0) and its keys'. */
function gatherTestCases(set: Int32Array, explicit: Int32Array, keyCase: Int32Array[]): RowTestCases {
  const start = new Int32Array(set.length + 1);
  const cases = new Int32Array(set.length * (1 + keyCase.length)); // at most the whole dataset and a case per key
  let end = 0;
  for (let i = 0; i < set.length; i++) {
    if (explicit[i] >= 0) cases[end++] = explicit[i];
    else if (set[i] === 0) cases[end++] = 0;
    for (let j = 0; j < keyCase.length; j++) if (keyCase[j][i] >= 0) cases[end++] = keyCase[j][i];
    start[i + 1] = end;
  }
  return { start, cases: cases.subarray(0, end) };
}

/** A column's values at `rows` as integers (0 for none). */
function numbersAt(column: ColumnReader, rows: Int32Array): Int32Array {
  const numbers = new Int32Array(rows.length);
  column.numbersAt(rows, numbers);
  return numbers;
}

/**
 * Writes into `cases` the test case of each row of set `s` by its value of the g-th group's `key`
 * (−1: none): the rows' values numbered first, and each value's test case looked up once.
 */
function keyTestCases(key: ColumnReader, g: number, rows: Int32Array, set: Int32Array, s: number, testCases: CellTestCases, cases: Int32Array): void {
  const seen = new FirstSeenIndex();
  const caseOf: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    if (set[i] !== s) continue;
    const code = seen.indexOf(normalize(key.at(rows[i])));
    if (code === caseOf.length) caseOf.push(testCases.ofKey.of(g, seen.values[code]) ?? -1);
    cases[i] = caseOf[code];
  }
}

/**
 * Counts each row's tuple code in the table of each test case it counts in; tables are dense over
 * `denseCodes` codes, or sparse when that is undefined.
 */
function addRows(
  tables: (CellTable | undefined)[],
  denseCodes: number | undefined,
  codeOf: Float64Array,
  counts: Float64Array,
  { start, cases }: RowTestCases,
): void {
  for (let i = 0; i < codeOf.length; i++)
    for (let c = start[i]; c < start[i + 1]; c++)
      (tables[cases[c]] ??= denseCodes === undefined ? new SparseTable() : new DenseTable(denseCodes)).add(codeOf[i], counts[i]);
}

/** One column's values at `rows` as codes 0, 1, … in the cells' canonical order of their values (compareCellValues). */
interface CodedColumn {
  codes: Int32Array;
  values: Scalar[];
}

function codeValues(column: ColumnReader, rows: Int32Array): CodedColumn {
  const codes = new Int32Array(rows.length);
  const seen = new FirstSeenIndex();
  column.indicesAt(rows, seen, codes);
  const values = genericArray(seen.values.length);
  for (let i = 0; i < values.length; i++) values[i] = seen.values[i];
  values.sort(compareCellValues);
  const place = new Int32Array(values.length);
  values.forEach((value, code) => (place[seen.indexOf(value)] = code));
  renumber(codes, place);
  return { codes, values };
}

/**
 * codes[i] becomes place[codes[i]]. A loop over every row in a function of its own: in the
 * function that called it, V8 compiled the loop alone (on-stack replacement), without knowing the
 * code after it, and undid that at the loop's end, in every call.
 */
function renumber(codes: Int32Array, place: Int32Array): void {
  for (let i = 0; i < codes.length; i++) codes[i] = place[codes[i]];
}

/**
 * A model's tuples as numbers: each row's code, and the tuple a code stands for. The code reads
 * each column once (a paired tuple holds the truth twice, the model's and the reference's), and
 * sorts as the tuple does, a repeated value being fixed by its first. Tuples of so many columns
 * that their codes would pass 2^53 are numbered as they come instead, and left for summarizeMetric
 * to sort.
 */
interface TupleCoder {
  /** How many codes there can be (numbered as they come: how many there are). */
  codes: number;
  codeOf: Float64Array;
  /** Code order is the tuples' canonical order. */
  ordered: boolean;
  tuple(code: number): Scalar[];
}

function tupleCoder(columns: CodedColumn[], radix: number): TupleCoder {
  const distinct = [...new Set(columns)];
  return radix ** distinct.length <= Number.MAX_SAFE_INTEGER ? new DigitsCoder(columns, distinct, radix) : new NumberingCoder(columns, distinct);
}

/**
 * A tuple's code is its distinct columns' codes as the digits of a number in base `radix`, so
 * that code order is tuple order. Tuples are made once per code and shared by every table that has
 * them (nobody writes to them). Coders are objects of classes, not closures, for the reason
 * columnValues.ts gives.
 */
class DigitsCoder implements TupleCoder {
  readonly codes: number;
  readonly codeOf: Float64Array;
  readonly ordered = true;
  /** The tuples made, by code: in an array while codes are few enough for dense tables, else in a map. */
  private readonly made: { get(code: number): Scalar[] | undefined; set(code: number, tuple: Scalar[]): void };
  /** digitOf[o]: which digit holds the o-th column's code. */
  private readonly digitOf: number[];
  /** A code's digits, as tuple() works them out. */
  private readonly digits: Int32Array;

  constructor(
    private readonly columns: CodedColumn[],
    private readonly distinct: CodedColumn[],
    private readonly radix: number,
  ) {
    const rows = columns.length ? columns[0].codes.length : 0;
    this.codes = radix ** distinct.length;
    this.codeOf = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      let code = 0;
      for (let d = 0; d < distinct.length; d++) code = code * radix + distinct[d].codes[i];
      this.codeOf[i] = code;
    }
    this.digitOf = columns.map((column) => distinct.indexOf(column));
    this.digits = new Int32Array(distinct.length);
    this.made = this.codes <= denseCodesAtMost ? new TupleArray() : new Map();
  }

  tuple(code: number): Scalar[] {
    let tuple = this.made.get(code);
    if (tuple) return tuple;
    const { columns, distinct, radix, digitOf, digits } = this;
    for (let d = distinct.length - 1, rest = code; d >= 0; d--, rest = Math.floor(rest / radix)) digits[d] = rest % radix;
    tuple = genericArray(columns.length);
    for (let o = 0; o < columns.length; o++) tuple[o] = columns[o].values[digits[digitOf[o]]];
    this.made.set(code, tuple);
    return tuple;
  }
}

/** Tuples by code in an array: a Map's lookup for each cell of each table was half of filling them. */
class TupleArray {
  private readonly tuples: (Scalar[] | undefined)[] = [];

  get(code: number): Scalar[] | undefined {
    return this.tuples[code];
  }

  set(code: number, tuple: Scalar[]): void {
    this.tuples[code] = tuple;
  }
}

/** Tuples of so many columns that digits would pass 2^53, numbered as they come. */
class NumberingCoder implements TupleCoder {
  readonly codes: number;
  readonly codeOf: Float64Array;
  readonly ordered = false;
  private readonly tuples: Scalar[][] = [];

  constructor(columns: CodedColumn[], distinct: CodedColumn[]) {
    const rows = columns.length ? columns[0].codes.length : 0;
    this.codeOf = new Float64Array(rows);
    const numbered = new Map<string, number>();
    for (let i = 0; i < rows; i++) {
      const key = distinct.map((column) => column.codes[i]).join(",");
      let code = numbered.get(key);
      if (code === undefined) {
        numbered.set(key, (code = this.tuples.length));
        const tuple = genericArray(columns.length);
        for (let o = 0; o < columns.length; o++) tuple[o] = columns[o].values[columns[o].codes[i]];
        this.tuples.push(tuple);
      }
      this.codeOf[i] = code;
    }
    this.codes = this.tuples.length;
  }

  tuple(code: number): Scalar[] {
    return this.tuples[code];
  }
}

/**
 * An array of `length` nulls, its elements generic: whatever values are written to it then, it
 * stays of one kind. V8 keeps an array's elements as small integers, doubles or anything, as the
 * values written to it were — and a label read by optimized code is a double where the same label
 * read by unoptimized code was a small integer. Code optimized for arrays of one kind was undone by
 * the next kind (in the cell metrics, in the second evaluation). Callers fill it in loops of their
 * own (a function passed in would be a new closure each call, with the same undoing).
 */
function genericArray(length: number): Scalar[] {
  return new Array<Scalar>(length).fill(null);
}

/** One (test case, model)'s counts by tuple code, as the rows add them. */
interface CellTable {
  add(code: number, count: number): void;
  /** Writes the cells (in code order where codes are ordered) into `cells`. */
  fill(cells: CellStatistics, coder: TupleCoder): void;
}

/** Counts in an array indexed by code: a tuple is there when counted (a GROUP BY's count is at least 1). */
class DenseTable implements CellTable {
  private readonly countOf: Float64Array;

  constructor(codes: number) {
    this.countOf = new Float64Array(codes);
  }

  add(code: number, count: number): void {
    this.countOf[code] += count;
  }

  fill(cells: CellStatistics, coder: TupleCoder): void {
    const { countOf } = this;
    let present = 0;
    for (let code = 0; code < countOf.length; code++) if (countOf[code] > 0) present += 1;
    // Arrays of their final length: grown by push, they were a fifth of an evaluation's garbage.
    cells.values = new Array<Scalar[]>(present);
    cells.counts = new Array<number>(present);
    for (let code = 0, cell = 0; code < countOf.length; code++) {
      if (countOf[code] <= 0) continue;
      cells.values[cell] = coder.tuple(code);
      cells.counts[cell++] = countOf[code];
      cells.n += countOf[code];
    }
    cells.canonical = coder.ordered;
  }
}

class SparseTable implements CellTable {
  private readonly countOf = new Map<number, number>();

  add(code: number, count: number): void {
    this.countOf.set(code, (this.countOf.get(code) ?? 0) + count);
  }

  fill(cells: CellStatistics, coder: TupleCoder): void {
    const codes = [...this.countOf.keys()];
    if (coder.ordered) codes.sort((a, b) => a - b);
    for (const code of codes) {
      const count = this.countOf.get(code)!;
      cells.values.push(coder.tuple(code));
      cells.counts.push(count);
      cells.n += count;
    }
    cells.canonical = coder.ordered;
  }
}
