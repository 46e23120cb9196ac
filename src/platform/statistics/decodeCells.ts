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
  /** The test case of the g-th group's key value, as a row names it (undefined: none). */
  ofKey: (g: number, value: unknown) => number | undefined;
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
  plan.cellParts.forEach(({ metric, models, outcomes }, p) => {
    const { group: g, metric: m, plan: metricPlan, perModel } = plan.cellMetrics[metric];
    const rows = rowsOfPart[p + 1];
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
    const counts = Float64Array.from(rows, (row) => Number(count.at(row)));
    const cases = testCasesOfRows(plan, column, rows, testCases);
    models.forEach((model, k) => {
      const tables = new Array<CellTable | undefined>(testCases.count); // by test case, made as rows come
      const codes = coders[k].codes;
      addRows(tables, dense ? () => new DenseTable(codes) : () => new SparseTable(), coders[k].codeOf, counts, cases);
      tables.forEach((table, t) => {
        if (!table) return;
        const cells = emptyCells(metricPlan, model !== plan.referenceIndex);
        table.fill(cells, coders[k]);
        statistics.set(statisticsKey(t, model, g, m), cells);
      });
    });
  });
}

/** The test cases each of `rows` counts in: those of row i are cases[start[i]] … cases[start[i + 1] − 1]. */
interface RowTestCases {
  start: Int32Array;
  cases: Int32Array;
}

/**
 * A cells row counts in its key's test case (one per stratification its grouping set is keyed by),
 * or in its explicit test case; the first grouping's rows also count in the whole dataset, which
 * is the sum of any one grouping's cells.
 */
function testCasesOfRows(plan: StatisticsPlan, column: Columns, rows: Int32Array, testCases: CellTestCases): RowTestCases {
  const grouping = readerOf(column, "grouping");
  const explicitCase = readerOf(column, "explicit_case");
  const keysOfSet = plan.cellSets.map((set) => set.map((g) => ({ g, key: readerOf(column, keyName(g)) })));
  const start = new Int32Array(rows.length + 1);
  const cases: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const set = Number(grouping.at(row));
    if (set === explicitGrouping) cases.push(testCases.explicit[Number(explicitCase.at(row))]);
    else {
      if (set === 0) cases.push(0);
      const keys = keysOfSet[set];
      for (let j = 0; j < keys.length; j++) {
        const t = testCases.ofKey(keys[j].g, keys[j].key.at(row));
        if (t !== undefined) cases.push(t);
      }
    }
    start[i + 1] = cases.length;
  }
  return { start, cases: Int32Array.from(cases) };
}

/** Counts each row's tuple code in the table of each test case it counts in. */
function addRows(tables: (CellTable | undefined)[], table: () => CellTable, codeOf: Float64Array, counts: Float64Array, { start, cases }: RowTestCases): void {
  for (let i = 0; i < codeOf.length; i++) for (let c = start[i]; c < start[i + 1]; c++) (tables[cases[c]] ??= table()).add(codeOf[i], counts[i]);
}

/** One column's values at `rows` as codes 0, 1, … in the cells' canonical order of their values (compareCellValues). */
interface CodedColumn {
  codes: Int32Array;
  values: Scalar[];
}

function codeValues(column: ColumnReader, rows: Int32Array): CodedColumn {
  const codes = new Int32Array(rows.length);
  const seen = new FirstSeenIndex();
  for (let i = 0; i < rows.length; i++) {
    const raw = column.at(rows[i]);
    codes[i] = seen.indexOf(typeof raw === "number" ? raw : normalize(raw));
  }
  const values = [...seen.values].sort(compareCellValues);
  const place = new Int32Array(values.length);
  values.forEach((value, code) => (place[seen.indexOf(value)] = code));
  for (let i = 0; i < codes.length; i++) codes[i] = place[codes[i]];
  return { codes, values };
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
  const rows = columns.length ? columns[0].codes.length : 0;
  const codeOf = new Float64Array(rows);
  // Tuples are made once per code and shared by every table that has them (nobody writes to them).
  const made = new Map<number, Scalar[]>();
  if (radix ** distinct.length <= Number.MAX_SAFE_INTEGER) {
    for (let i = 0; i < rows; i++) {
      let code = 0;
      for (const column of distinct) code = code * radix + column.codes[i];
      codeOf[i] = code;
    }
    const digitOf = columns.map((column) => distinct.indexOf(column));
    return {
      codes: radix ** distinct.length,
      codeOf,
      ordered: true,
      tuple(code) {
        let tuple = made.get(code);
        if (tuple) return tuple;
        const digits = new Array<number>(distinct.length);
        for (let d = distinct.length - 1, rest = code; d >= 0; d--, rest = Math.floor(rest / radix)) digits[d] = rest % radix;
        made.set(code, (tuple = columns.map((column, o) => column.values[digits[digitOf[o]]])));
        return tuple;
      },
    };
  }
  const numbered = new Map<string, number>();
  const tuples: Scalar[][] = [];
  for (let i = 0; i < rows; i++) {
    const key = distinct.map((column) => column.codes[i]).join(",");
    let code = numbered.get(key);
    if (code === undefined) {
      numbered.set(key, (code = tuples.length));
      tuples.push(columns.map((column) => column.values[column.codes[i]]));
    }
    codeOf[i] = code;
  }
  return { codes: tuples.length, codeOf, ordered: false, tuple: (code) => tuples[code] };
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
  }
}
