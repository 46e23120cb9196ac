// The main part's test cases summed from its fine groups (one per combination of the keys'
// values and explicit memberships), in JS: the statement then stops at one GROUP BY, where
// merging a few hundred groups in SQL cost DuckDB more (bench/README.md, issue 14) than the pass.
import { Scalar } from "../../core";
import { compareScalars } from "../../metrics";

/** A fine group: its keys' values (in the order of the keys), its explicit memberships as bits, its fields. */
export interface FineGroup {
  keys: Scalar[];
  mask: number;
  fields: Record<string, unknown>;
}

/** What the fine groups hold: the names of the plain sums (counts) and of the spreads (spread.ts). */
export interface FineFields {
  /** Counts, summed exactly by plain addition (integers far below 2^53). */
  counts: string[];
  /** Spreads: `<name>_n`, `<name>_sum` and `<name>_m2` each. */
  spreads: string[];
}

/** Rows as the statement's main part would give them: `main` rows with `g_<key>` flags and key values, and the explicit test cases' rows. */
export interface RolledUp {
  main: Record<string, unknown>[];
  explicit: { explicitCase: number; row: Record<string, unknown> }[];
}

/**
 * Sums the fine groups into the whole dataset, each key's values and each explicit test case
 * (bit e of a group's mask: its datapoints are in test case e). Counts are added; a spread's Σx
 * by Neumaier's compensated sum, as DuckDB's fsum; its squared deviations merged about the test
 * case's own mean by the parallel variance of Chan, Golub and LeVeque, Σ_g [M2_g + n_g·(x̄_g − x̄)²],
 * as mainAggregatesSql does in SQL. The groups are taken in the keys' order, so the figures do
 * not depend on the order the engine returned them in.
 */
export function rollUpFineGroups(groups: FineGroup[], keys: string[], explicitCount: number, fields: FineFields): RolledUp {
  const ordered = [...groups].sort(compareGroups);
  const members: { row: Record<string, unknown>; groups: FineGroup[] }[] = [];
  const whole = { row: flags(keys, -1, null), groups: ordered };
  members.push(whole);
  keys.forEach((_, j) => {
    const byValue = new Map<Scalar, FineGroup[]>();
    for (const group of ordered) {
      const value = group.keys[j];
      let list = byValue.get(value);
      if (!list) byValue.set(value, (list = []));
      list.push(group);
    }
    for (const [value, list] of byValue) members.push({ row: flags(keys, j, value), groups: list });
  });
  const main = members.map(({ row, groups }) => Object.assign(row, sumGroups(groups, fields)));
  const explicit: RolledUp["explicit"] = [];
  for (let e = 0; e < explicitCount; e++) {
    const list = ordered.filter((group) => (group.mask >> e) & 1);
    if (list.length) explicit.push({ explicitCase: e, row: sumGroups(list, fields) });
  }
  return { main, explicit };
}

/** A main row's grouping flags (GROUPING(k) = 0 for the key it is grouped by, j; −1: none) and key values. */
function flags(keys: string[], j: number, value: Scalar): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  keys.forEach((key, i) => {
    row[`g_${key}`] = i === j ? 0 : 1;
    row[key] = i === j ? value : null;
  });
  return row;
}

function sumGroups(groups: FineGroup[], { counts, spreads }: FineFields): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const name of counts) {
    let total = 0;
    for (const group of groups) total += Number(group.fields[name] ?? 0);
    row[name] = total;
  }
  for (const name of spreads) {
    const n = new CompensatedSum();
    const sum = new CompensatedSum();
    for (const group of groups) {
      n.add(Number(group.fields[`${name}_n`] ?? 0));
      sum.add(Number(group.fields[`${name}_sum`] ?? 0));
    }
    const mean = sum.value / n.value;
    // A group without a value has no mean: SQL's NULL, left out of the merge.
    const m2 = new CompensatedSum();
    for (const group of groups) {
      const count = Number(group.fields[`${name}_n`] ?? 0);
      if (count === 0) continue;
      const groupMean = Number(group.fields[`${name}_sum`]) / count;
      m2.add(Number(group.fields[`${name}_m2`]) + count * (groupMean - mean) ** 2);
    }
    row[`${name}_n`] = n.value;
    row[`${name}_sum`] = sum.value;
    row[`${name}_m2`] = n.value === 0 ? null : m2.value;
  }
  return row;
}

/** Neumaier's improvement of Kahan summation (the Kahan–Babuška sum DuckDB's fsum uses). */
class CompensatedSum {
  private sum = 0;
  private compensation = 0;

  add(value: number): void {
    const total = this.sum + value;
    if (Math.abs(this.sum) >= Math.abs(value)) this.compensation += this.sum - total + value;
    else this.compensation += value - total + this.sum;
    this.sum = total;
  }

  get value(): number {
    // An infinite or NaN value makes the compensation NaN; the plain sum says what it is.
    return Number.isFinite(this.sum) ? this.sum + this.compensation : this.sum;
  }
}

function compareGroups(a: FineGroup, b: FineGroup): number {
  for (let j = 0; j < a.keys.length; j++) {
    const order = compareScalars(a.keys[j], b.keys[j]);
    if (order !== 0) return order;
  }
  return a.mask - b.mask;
}
