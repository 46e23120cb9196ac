// Reads the statistics statement's answer, in the spirit of Mosaic's queryResult(): pure, from
// its columns and the plan that wrote it to the test cases in order and each one's sufficient
// statistics per model and metric.
import { wholeDatasetTestCase } from "../../core";
// A stratification's nulls are the test case missingLevelName, as the browser's slicing names it.
import { SufficientStatistics, TestCaseKey, compareScalars, missingLevelName } from "../../metrics";
import { Columns } from "../engines/engine";
import { emptyCells, emptyStatistics } from "./emptyStatistics";
import { decodeCells } from "./decodeCells";
import { noValues, readerOf, rowsByPart } from "./columnValues";
import { normalize } from "./normalizeValue";
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

export function decodeStatistics(plan: StatisticsPlan, column: Columns): GatheredStatistics {
  const { groups, stratified, referenceIndex } = plan;
  const keys = stratified.map(keyName);
  const rowsOfPart = rowsByPart(column, 1 + plan.cellParts.length);
  const grouping = readerOf(column, "grouping");
  const key = new Map(stratified.map((g) => [g, readerOf(column, keyName(g))]));
  const main = readerOf(column, "main");
  const explicitMain = readerOf(column, "explicit_main");
  const explicitCase = readerOf(column, "explicit_case");
  const mainRows: Record<string, unknown>[] = [];
  const explicitRows: { explicitCase: number; row: Record<string, unknown> }[] = [];
  const fineGroups: FineGroup[] = [];
  const fine = plan.fine ? readerOf(column, "fine") : noValues;
  const mask = plan.fine?.explicit ? readerOf(column, "explicit_mask") : noValues;
  for (const row of rowsOfPart[0]) {
    const set = Number(grouping.at(row));
    if (set === fineGrouping) {
      fineGroups.push({
        keys: stratified.map((g) => normalize(key.get(g)!.at(row))),
        mask: Number(mask.at(row) ?? 0),
        values: fine.at(row) as unknown[],
      });
      continue;
    }
    if (set === explicitGrouping) {
      explicitRows.push({ explicitCase: Number(explicitCase.at(row)), row: explicitMain.at(row) as Record<string, unknown> });
      continue;
    }
    const values: Record<string, unknown> = { ...(main.at(row) as Record<string, unknown>) };
    stratified.forEach((g) => (values[keyName(g)] = key.get(g)!.at(row)));
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

  const keyTestCases = new KeyTestCases(stratified, index);
  decodeCells(plan, column, rowsOfPart, { count: testCases.length, ofKey: keyTestCases, explicit: explicitTestCase }, statistics);

  return {
    datapoints,
    testCases,
    statistics: (t, model, g, m) => statistics.get(statisticsKey(t, model, g, m)) ?? emptyStatistics(plan.plans[g][m], model !== referenceIndex),
    testCaseOfKey: (g, value) => keyTestCases.of(g, value),
    explicitTestCases: explicitTestCase,
  };
}

/**
 * The test case of a stratification's key value as the statement's rows name it, each value's
 * answer kept. An object of a class, not a closure: decodeCells calls it for each key value of each
 * cells part, and optimized code that calls a closure expects that very closure (a new one each
 * evaluation).
 */
class KeyTestCases {
  private readonly known: Map<number, Map<unknown, number | undefined>>;

  constructor(
    stratified: number[],
    /** "<group>\u0000<normalized key>" → test case index. */
    private readonly index: Map<string, number>,
  ) {
    this.known = new Map(stratified.map((g) => [g, new Map()]));
  }

  of(g: number, value: unknown): number | undefined {
    const known = this.known.get(g)!;
    let t = known.get(value);
    if (t === undefined && !known.has(value)) known.set(value, (t = this.index.get(`${g}\u0000${String(normalize(value))}`)));
    return t;
  }
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
