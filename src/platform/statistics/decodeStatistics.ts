// Reads the statistics statement's answer, in the spirit of Mosaic's queryResult(): pure, from
// its columns and the plan that wrote it to the test cases in order and each one's sufficient
// statistics per model and metric.
import { Scalar, wholeDatasetTestCase } from "../../core";
// A stratification's nulls are the test case missingLevelName, as the browser's slicing names it.
import { CellStatistics, SufficientStatistics, TestCaseKey, compareCellValues, compareScalars, missingLevelName } from "../../metrics";
import { Columns } from "../engines/engine";
import { emptyCells, emptyStatistics } from "./emptyStatistics";
import { spreadMoments } from "./spread";
import { statisticsKey } from "./statisticsKey";
import { FineGroup, rollUpFineGroups } from "./rollUpFineGroups";
import { MainReading, StatisticsPlan, explicitGrouping, fineGrouping, keyName } from "./statisticsPlan";

export interface GatheredStatistics {
  /** The datapoints every compared model has results for: the ones evaluated. */
  datapoints: number;
  testCases: TestCaseKey[];
  statistics: (testCase: number, model: number, group: number, metric: number) => SufficientStatistics;
  /** The test case of a stratification's key value (group g), as the statement's rows name them. */
  testCaseOfKey: (g: number, value: unknown) => number | undefined;
  /** explicitTestCases[e]: the test case of the e-th explicit test case. */
  explicitTestCases: number[];
}

/** A dense table's index of cells is its byCode array; it has no map. */
const emptyIndex = new Map<number | string, number>();

/** Up to this many possible tuple codes (e.g. 3 outcomes of 40 values each), a table finds its cells in an array indexed by code. */
const denseCodesAtMost = 65_536;

export function decodeStatistics(plan: StatisticsPlan, column: Columns): GatheredStatistics {
  const { groups, stratified, modelCount, referenceIndex, cellSets } = plan;
  const keys = stratified.map(keyName);
  const partOfRow = column("part");
  const groupingOfRow = column("grouping");
  const keyColumns = new Map(stratified.map((g) => [g, column(keyName(g))]));
  const mainColumn = column("main");
  const explicitMainColumn = column("explicit_main");
  const explicitCaseColumn = column("explicit_case");
  const mainRows: Record<string, unknown>[] = [];
  const explicitRows: { explicitCase: number; row: Record<string, unknown> }[] = [];
  const fineGroups: FineGroup[] = [];
  const fineColumn = plan.fine ? column("fine") : [];
  const maskColumn = plan.fine?.explicit ? column("explicit_mask") : [];
  for (let row = 0; row < partOfRow.length; row++) {
    if (Number(partOfRow[row]) !== 0) continue;
    const grouping = Number(groupingOfRow[row]);
    if (grouping === fineGrouping) {
      fineGroups.push({
        keys: stratified.map((g) => normalize(keyColumns.get(g)![row])),
        mask: Number(maskColumn[row] ?? 0),
        values: fineColumn[row] as unknown[],
      });
      continue;
    }
    if (grouping === explicitGrouping) {
      explicitRows.push({ explicitCase: Number(explicitCaseColumn[row]), row: explicitMainColumn[row] as Record<string, unknown> });
      continue;
    }
    const values: Record<string, unknown> = { ...(mainColumn[row] as Record<string, unknown>) };
    stratified.forEach((g) => (values[keyName(g)] = keyColumns.get(g)![row]));
    mainRows.push(values);
  }
  if (plan.fine) {
    const rolledUp = rollUpFineGroups(fineGroups, keys, plan.fine.explicit, plan.fine);
    mainRows.push(...rolledUp.main);
    explicitRows.push(...rolledUp.explicit);
  }
  // The stratification a row of the main part is grouped by (its group index), or −1 for the whole dataset.
  const setOf = (row: Record<string, unknown>) => {
    const found = keys.findIndex((key) => Number(row[`g_${key}`]) === 0);
    return found < 0 ? -1 : stratified[found];
  };
  const whole = mainRows.find((row) => setOf(row) < 0);
  const datapoints = Number(whole?.a_count ?? 0);
  if (datapoints === 0)
    return { testCases: [], statistics: () => ({ shape: "count", n: 0 }), datapoints, testCaseOfKey: () => undefined, explicitTestCases: [] };

  // Test cases in order: the whole dataset, then each stratification's values ascending, then explicit ones.
  const testCases: TestCaseKey[] = [{ ...wholeDatasetTestCase }];
  const index = new Map<string, number>(); // "<group>\u0000<key>" → test case index; "" for the whole dataset
  index.set("", 0);
  const explicitTestCase: number[] = []; // explicit_case → test case index
  groups.forEach((group, g) => {
    if (group.kind === "explicit") {
      explicitTestCase.push(testCases.length);
      testCases.push({ stratification: group.stratification, test_case: group.name });
      return;
    }
    const key = keyName(g);
    if (group.kind === "buckets") {
      group.names.forEach((name, bucket) => {
        index.set(`${g}\u0000${bucket}`, testCases.length);
        testCases.push({ stratification: group.stratification, test_case: name });
      });
      if (mainRows.some((row) => setOf(row) === g && row[key] === null)) {
        index.set(`${g}\u0000null`, testCases.length);
        testCases.push({ stratification: group.stratification, test_case: missingLevelName });
      }
      return;
    }
    const values = mainRows.filter((row) => setOf(row) === g).map((row) => normalize(row[key]));
    for (const value of values.sort(compareScalars)) {
      index.set(`${g}\u0000${String(value)}`, testCases.length);
      testCases.push({ stratification: group.stratification, test_case: value === null ? missingLevelName : String(value) });
    }
  });
  const testCaseOf = (row: Record<string, unknown>): number | undefined => {
    const g = setOf(row);
    if (g < 0) return 0;
    return index.get(`${g}\u0000${String(normalize(row[keyName(g)]))}`);
  };

  const statistics = new Map<string, SufficientStatistics>();
  const addMain = (t: number | undefined, row: Record<string, unknown>) => {
    if (t === undefined) return;
    plan.main.forEach((groupReadings, g) =>
      groupReadings.forEach((models, m) =>
        models.forEach((reading, model) => statistics.set(statisticsKey(t, model, g, m), readMain(reading, row, plan, g, m, model))),
      ),
    );
  };
  for (const row of mainRows) addMain(testCaseOf(row), row);
  for (const { explicitCase, row } of explicitRows) addMain(explicitTestCase[explicitCase], row);

  const counts = column("cell_count");
  const testCaseOfKey = new Map(stratified.map((g) => [g, new Map<unknown, number | undefined>()]));
  const testCaseOfValue = (g: number, value: unknown) => {
    const known = testCaseOfKey.get(g)!;
    if (!known.has(value)) known.set(value, index.get(`${g}\u0000${String(normalize(value))}`));
    return known.get(value);
  };
  plan.cellParts.forEach(({ metric, models, outcomes }, p) => {
    const { group: g, metric: m, plan: metricPlan, perModel } = plan.cellMetrics[metric];
    const rows: number[] = [];
    for (let row = 0; row < partOfRow.length; row++) if (Number(partOfRow[row]) === p + 1) rows.push(row);
    // Outcome values as small codes, so that a model's tuple is one number to look up.
    const coded = outcomes.map((name) => codeValues(column(name), rows));
    const radix = Math.max(1, ...coded.map((outcome) => outcome.values.length));
    // The models this part gives (others' tuples are not among its columns).
    const tupleCodes = perModel.map((names, model) => (models.includes(model) ? names.map((name) => coded[outcomes.indexOf(name)].codes) : []));
    const tupleValues = perModel.map((names, model) => (models.includes(model) ? names.map((name) => coded[outcomes.indexOf(name)].values) : []));
    // A tuple's code reads each column once (a paired tuple holds the truth twice, the model's and the
    // reference's): it still sorts as the tuple does, a repeated value being fixed by its first.
    const codeParts = tupleCodes.map((codes) => [...new Set(codes)]);
    const numericKeys = codeParts.every((parts) => radix ** parts.length <= Number.MAX_SAFE_INTEGER);
    // A table finds a tuple's cell by its code: in an array indexed by code where the codes are few, else in a map.
    const codesOf = codeParts.map((parts) => radix ** parts.length);
    const dense = perModel.every((_, model) => !models.includes(model) || codesOf[model] <= denseCodesAtMost);
    const cellsOf: { cells: CellStatistics; index: Map<number | string, number>; byCode: Int32Array }[] = []; // [t * modelCount + model]
    // A tuple's values, made once per model and code and shared by every table that has the tuple (no one writes to them).
    const tuplesOf = perModel.map(() => new Map<number | string, Scalar[]>());
    const add = (t: number, model: number, i: number, count: number) => {
      let entry = cellsOf[t * modelCount + model];
      if (!entry) {
        const byCode = new Int32Array(dense ? codesOf[model] : 0).fill(-1);
        entry = cellsOf[t * modelCount + model] = { cells: emptyCells(metricPlan, model !== referenceIndex), index: dense ? emptyIndex : new Map(), byCode };
        statistics.set(statisticsKey(t, model, g, m), entry.cells);
      }
      const tuple = tupleCodes[model];
      const parts = codeParts[model];
      let code: number | string = 0;
      if (numericKeys) for (let o = 0; o < parts.length; o++) code = (code as number) * radix + parts[o][i];
      else code = parts.map((codes) => codes[i]).join(",");
      const cell = dense ? entry.byCode[code as number] : (entry.index.get(code) ?? -1);
      if (cell < 0) {
        if (dense) entry.byCode[code as number] = entry.cells.values.length;
        else entry.index.set(code, entry.cells.values.length);
        let values = tuplesOf[model].get(code);
        if (!values) tuplesOf[model].set(code, (values = tuple.map((codes, o) => tupleValues[model][o][codes[i]])));
        entry.cells.values.push(values);
        entry.cells.counts.push(count);
      } else entry.cells.counts[cell] += count;
      entry.cells.n += count;
    };
    const testCasesOfRow: number[] = [];
    rows.forEach((row, i) => {
      const count = Number(counts[row]);
      const grouping = Number(groupingOfRow[row]);
      testCasesOfRow.length = 0;
      if (grouping === explicitGrouping) testCasesOfRow.push(explicitTestCase[Number(explicitCaseColumn[row])]);
      else {
        if (grouping === 0) testCasesOfRow.push(0);
        for (const j of cellSets[grouping]) {
          const t = testCaseOfValue(j, keyColumns.get(j)![row]);
          if (t !== undefined) testCasesOfRow.push(t);
        }
      }
      for (const t of testCasesOfRow) for (const model of models) add(t, model, i, count);
    });
    for (const entry of cellsOf) {
      if (!entry) continue;
      if (dense) inCodeOrder(entry.cells, presentCells(entry.byCode));
      else if (numericKeys)
        inCodeOrder(
          entry.cells,
          Float64Array.from(entry.index.keys() as Iterable<number>)
            .sort()
            .map((code) => entry.index.get(code)!),
        );
    }
  });

  return {
    datapoints,
    testCases,
    statistics: (t, model, g, m) => statistics.get(statisticsKey(t, model, g, m)) ?? emptyStatistics(plan.plans[g][m], model !== referenceIndex),
    testCaseOfKey: testCaseOfValue,
    explicitTestCases: explicitTestCase,
  };
}

/** One (metric, model)'s statistics from a row of the main part, where the plan put them. */
function readMain(reading: MainReading, row: Record<string, unknown>, plan: StatisticsPlan, g: number, m: number, model: number): SufficientStatistics {
  const number = (name: string) => Number(row[name] ?? 0);
  switch (reading.shape) {
    case "count":
      return { shape: "count", n: Number(row[reading.n]) };
    case "binary":
      return {
        shape: "binary",
        n: number(reading.n),
        successes: number(reading.successes),
        paired: reading.paired
          ? { n: number(reading.paired.n), modelOnly: number(reading.paired.modelOnly), referenceOnly: number(reading.paired.referenceOnly) }
          : undefined,
      };
    case "moments":
      return { shape: "moments", ...spreadMoments(row, reading.spread), paired: reading.difference ? spreadMoments(row, reading.difference) : undefined };
    case "cells":
      return emptyCells(plan.plans[g][m], model !== plan.referenceIndex); // filled from the cells parts
    case "detection":
      return { shape: "detection", n: number(reading.n) };
  }
}

/**
 * The values of a column at `rows` as codes 0, 1, … in the cells' canonical order of their values
 * (compareCellValues), and the values they stand for: a tuple of codes then sorts as its values do.
 */
function codeValues(column: unknown[], rows: number[]): { codes: Int32Array; values: Scalar[] } {
  const codes = new Int32Array(rows.length);
  const seen: Scalar[] = [];
  const codeOf = new Map<Scalar, number>();
  rows.forEach((row, i) => {
    const value = normalize(column[row]);
    let code = codeOf.get(value);
    if (code === undefined) {
      codeOf.set(value, (code = seen.length));
      seen.push(value);
    }
    codes[i] = code;
  });
  const values = [...seen].sort(compareCellValues);
  const place = new Int32Array(seen.length);
  values.forEach((value, code) => (place[codeOf.get(value)!] = code));
  for (let i = 0; i < codes.length; i++) codes[i] = place[codes[i]];
  return { codes, values };
}

/** The cells an array by code holds (−1: no such tuple), in code order (a typed array's filter is some 10× slower). */
function presentCells(byCode: Int32Array): number[] {
  const cells: number[] = [];
  for (let code = 0; code < byCode.length; code++) if (byCode[code] >= 0) cells.push(byCode[code]);
  return cells;
}

/** A table's cells put in the order `cells` (their tuples' codes ascending): the canonical order summarizeMetric would otherwise sort them in. */
function inCodeOrder(statistics: CellStatistics, cells: ArrayLike<number>): void {
  const values = new Array<Scalar[]>(cells.length);
  const counts = new Array<number>(cells.length);
  for (let i = 0; i < cells.length; i++) {
    values[i] = statistics.values[cells[i]];
    counts[i] = statistics.counts[cells[i]];
  }
  statistics.values = values;
  statistics.counts = counts;
}

function normalize(value: unknown): Scalar {
  if (typeof value === "bigint") return Number(value);
  if (value === undefined) return null;
  if (value instanceof Uint8Array) return `[${value.length} bytes]`;
  return value as Scalar;
}
