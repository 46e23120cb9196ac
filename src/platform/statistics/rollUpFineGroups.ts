// The main part's test cases summed from its fine groups (one per combination of the keys'
// values and explicit memberships), in JS: the statement then stops at one GROUP BY, where
// merging a few hundred groups in SQL cost DuckDB more (bench/README.md, issue 14) than the pass.
import { Scalar } from "../../core";
import { compareScalars } from "../../metrics";

/** A fine group: its keys' values (in the order of the keys), its explicit memberships as bits, its fields' values (in fineFieldNames' order; null: none). */
export interface FineGroup {
  keys: Scalar[];
  mask: number;
  values: ArrayLike<unknown>;
}

/** What the fine groups hold: the names of the plain sums (counts) and of the spreads (spread.ts). */
export interface FineFields {
  /** Counts, summed exactly by plain addition (integers far below 2^53). */
  counts: string[];
  /** Spreads: `<name>_n`, `<name>_sum` and `<name>_m2` each. */
  spreads: string[];
}

/** The names of a fine group's values, in their order: the counts, then each spread's count, Σx and squared deviations. */
export function fineFieldNames({ counts, spreads }: FineFields): string[] {
  return [...counts, ...spreads.flatMap((name) => [`${name}_n`, `${name}_sum`, `${name}_m2`])];
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
  // Each field as one column over the ordered groups: a test case sums some of its entries.
  const column = new Map(fineFieldNames(fields).map((name, i) => [name, fieldColumn(ordered, i)]));
  const sum = (members: number[]) => sumGroups(members, fields, (name) => column.get(name)!);
  const everyGroup = ordered.map((_, i) => i);
  const main = [Object.assign(flags(keys, -1, null), sum(everyGroup))];
  keys.forEach((_, j) => {
    const byValue = new Map<Scalar, number[]>();
    ordered.forEach((group, i) => {
      const value = group.keys[j];
      let members = byValue.get(value);
      if (!members) byValue.set(value, (members = []));
      members.push(i);
    });
    for (const [value, members] of byValue) main.push(Object.assign(flags(keys, j, value), sum(members)));
  });
  const explicit: RolledUp["explicit"] = [];
  for (let e = 0; e < explicitCount; e++) {
    const members = everyGroup.filter((i) => (ordered[i].mask >> e) & 1);
    if (members.length) explicit.push({ explicitCase: e, row: sum(members) });
  }
  return { main, explicit };
}

/** The i-th field of every group (none: 0), by a loop: Float64Array.from with a function went through an iterator. */
function fieldColumn(groups: FineGroup[], i: number): Float64Array {
  const column = new Float64Array(groups.length);
  for (let g = 0; g < groups.length; g++) column[g] = Number(groups[g].values[i] ?? 0);
  return column;
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

/** The fields of the groups `members` (indices into the columns) summed. */
function sumGroups(members: number[], { counts, spreads }: FineFields, column: (name: string) => Float64Array): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const name of counts) {
    const values = column(name);
    let total = 0;
    for (const i of members) total += values[i];
    row[name] = total;
  }
  for (const name of spreads) {
    const counted = column(`${name}_n`);
    const sums = column(`${name}_sum`);
    const squares = column(`${name}_m2`);
    const n = new CompensatedSum();
    const sum = new CompensatedSum();
    for (const i of members) {
      n.add(counted[i]);
      sum.add(sums[i]);
    }
    const mean = sum.value / n.value;
    // A group without a value has no mean: SQL's NULL, left out of the merge.
    const m2 = new CompensatedSum();
    for (const i of members) if (counted[i] > 0) m2.add(squares[i] + counted[i] * (sums[i] / counted[i] - mean) ** 2);
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
