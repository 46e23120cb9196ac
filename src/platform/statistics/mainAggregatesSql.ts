// The main part of the statistics statement: every count, binary and moment statistic of every
// test case in one pass, each test case's spreads merged exactly (see mainAggregatesSql).
import { Dialect } from "../engines/dialect";
import { Aggregate, Spread, spreadFields } from "./spread";

/** The `grouping` of the rows grouped by explicit test case (the stratifications' are 0, 1, …). */
export const explicitGrouping = -1;

/** At most this many groups of the keys' combinations (times the explicit test cases' memberships) are summed rather than grouped apart. */
const fineGroupsAtMost = 200_000;

/**
 * At most this many fine groups (the keys' combinations, times the explicit memberships) are
 * returned as they are and summed into test cases by rollUpFineGroups: the statement's merging of
 * a few hundred groups about their test cases' means cost DuckDB ~35 ms of its ~100 at 100,000
 * datapoints, mostly fixed costs of small joins and grouping sets; JS sums them in under 1 ms.
 */
export const rolledUpAtMost = 10_000;

/** Whether the main part returns its fine groups for rollUpFineGroups (explicit: the explicit test cases folded in, or 0). */
export function rollsUp(keyCounts: number[], explicit: number): boolean {
  return combinations(keyCounts) * 2 ** explicit <= rolledUpAtMost;
}

/** The `grouping` of the main part's fine groups, when it returns them (rollsUp). */
export const fineGrouping = -2;

/** Explicit test cases are folded into the fine groups up to this many (each datapoint's membership is one of 2^E sets). */
export const foldedExplicitAtMost = 8;

/** Whether the explicit test cases are gathered from the fine groups (their list of memberships a key of them): see mainAggregatesSql. */
export function foldsExplicit(keyCounts: number[], explicitCount: number): boolean {
  return explicitCount > 0 && explicitCount <= foldedExplicitAtMost && combinations(keyCounts) * 2 ** explicitCount <= fineGroupsAtMost;
}

function combinations(keyCounts: number[]): number {
  return keyCounts.reduce((product, count) => product * count, 1);
}

/**
 * The main part as its fine groups (rollsUp): one row per combination of the keys' values (and,
 * with `explicit` test cases folded in, of `explicit_mask`), its aggregates and spreads as a list
 * `fine` of doubles in their order (fineFieldNames) — summed into test cases by rollUpFineGroups.
 * A list, not a struct: DuckDB's Node client converts a struct field by field, some 3× slower.
 */
export function fineGroupsSql(dialect: Dialect, keys: string[], aggregates: Aggregate[], spreads: Spread[], explicit = 0): string {
  const fineKeys = fineGroupKeys(keys, explicit);
  const fields = [...aggregates, ...spreads.flatMap((spread) => spreadFields(spread, dialect))];
  const select = ["0 AS part", `${fineGrouping} AS grouping`, ...fineKeys, `${dialect.list(fields.map((field) => field.sql))} AS fine`];
  return `SELECT ${select.join(", ")} FROM datapoints${fineKeys.length ? ` GROUP BY ${fineKeys.join(", ")}` : ""}`;
}

/**
 * The main part of the statement: the test-case keys and a struct `main` of the grouping flags,
 * aggregates and spreads. Every aggregate is a count or a sum, so when the keys' combinations are
 * few, the rows are grouped by all keys at once and the test cases are sums of those groups —
 * one hash table instead of one per grouping set. Many combinations (e.g. a stratification with
 * thousands of values beside others) fall back to GROUPING SETS over the rows.
 *
 * With `explicit` test cases folded in (foldsExplicit; 0: none), the fine groups are also grouped
 * by the datapoints' `explicit_mask` (the test cases each is in, as bits), and the explicit test
 * cases are sums of the fine groups too, unnested by those bits: rows of grouping −1 with `explicit_case` and a struct `explicit_main` of the aggregates and
 * spreads — one pass over the datapoints for every test case, instead of a second over the
 * datapoints unnested by test case.
 *
 * A spread's squared deviations are no such sum (Σx² − (Σx)²/n loses every digit of a test case
 * whose values are close together, such as probabilities ≈ 1): each group takes its own by
 * Welford's update, and a test case merges its groups about its mean x̄ by the parallel variance
 * of Chan, Golub and LeVeque: with a group's count n_g, mean x̄_g and squared deviations M2_g,
 * Σ(x − x̄)² = Σ_g [M2_g + n_g·(x̄_g − x̄)²]. Each test case's x̄ is found from its groups first (per
 * key value, joined back beside them), so x̄_g − x̄ is within the test case's own range of values.
 */
export function mainAggregatesSql(
  dialect: Dialect,
  keyCounts: number[],
  keys: string[],
  groupingFields: Aggregate[],
  aggregates: Aggregate[],
  spreads: Spread[],
  sets: string,
  explicit = 0,
): string {
  // With the explicit test cases folded in, every row says which it is: a test case's row of the stratifications, or an explicit one's.
  const explicitColumns = explicit ? ["NULL AS explicit_case", "NULL AS explicit_main"] : [];
  const select = (fields: Aggregate[]) =>
    `SELECT ${["0 AS part", "0 AS grouping", ...keys, `${dialect.struct(fields)} AS main`, ...explicitColumns].join(", ")}`;
  const spreadsFields = spreads.flatMap((spread) => spreadFields(spread, dialect));
  const direct = `${select([...groupingFields, ...aggregates, ...spreadsFields])} FROM datapoints GROUP BY GROUPING SETS (${sets})`;
  if (!explicit && (keys.length < 2 || combinations(keyCounts) > fineGroupsAtMost)) return direct;
  const fineKeys = fineGroupKeys(keys, explicit);
  const fineFields = [...aggregates, ...spreadsFields];
  const fine = `SELECT ${[...fineKeys, ...fineFields.map((field) => `${field.sql} AS ${field.name}`)].join(", ")} FROM datapoints GROUP BY ${fineKeys.join(", ")}`;
  const sums = aggregates.map((aggregate) => ({ name: aggregate.name, sql: `${dialect.sum(aggregate.name)}::DOUBLE` }));
  // The explicit test cases' rows: the fine groups unnested by the test cases they are in, summed per test case.
  const unnested = `SELECT *, ${dialect.unnest(dialect.setBits("explicit_mask", explicit))} AS explicit_case FROM fine`;
  const explicitRows = (fields: Aggregate[], from: string) =>
    `SELECT ${["0 AS part", `${explicitGrouping} AS grouping`, ...keys.map((key) => `NULL AS ${key}`), "NULL AS main", "explicit_case", `${dialect.struct(fields)} AS explicit_main`].join(", ")} FROM ${from} GROUP BY explicit_case`;
  if (spreads.length === 0) {
    const stratified = `${select([...groupingFields, ...sums])} FROM fine GROUP BY GROUPING SETS (${sets})`;
    const ctes = [dialect.cte("fine", fine, true)];
    if (!explicit) return `${select([...groupingFields, ...sums])} FROM (${fine}) fine GROUP BY GROUPING SETS (${sets})`;
    return wrapped(`WITH ${ctes.join(", ")} ${stratified} UNION ALL ${explicitRows(sums, `(${unnested}) unnested`)}`);
  }
  // Beside each group: its mean, and the means of the test cases it is in — c0 of the whole
  // dataset, c1 of its value of k0, and so on.
  const means = (key: string | null, from = "fine") =>
    `SELECT ${[...(key ? [key] : []), ...spreads.map(({ name }) => `${dialect.sum(`${name}_sum`)} / nullif(${dialect.sum(`${name}_n`)}, 0) AS ${name}_mean`)].join(", ")} FROM ${from}${key ? ` GROUP BY ${key}` : ""}`;
  const joins = [
    `CROSS JOIN (${means(null)}) c0`,
    ...keys.map((key, j) => `LEFT JOIN (${means(key)}) c${j + 1} ON fine.${key} IS NOT DISTINCT FROM c${j + 1}.${key}`),
  ];
  const meanColumns = spreads.flatMap(({ name }) => [
    `fine.${name}_sum / nullif(fine.${name}_n, 0) AS ${name}_mean`,
    ...["", ...keys].map((_, j) => `c${j}.${name}_mean AS ${name}_c${j}`),
  ]);
  const centred = `SELECT fine.*, ${meanColumns.join(", ")} FROM fine ${joins.join(" ")}`;
  // A grouping set merges its groups about its own test cases' means (GROUPING(k) = 0: grouped by k).
  const ofSet = (sum: (j: number) => string) =>
    keys.length ? `CASE ${keys.map((key, j) => `WHEN GROUPING(${key}) = 0 THEN ${sum(j + 1)}`).join(" ")} ELSE ${sum(0)} END` : sum(0);
  const merged = (about: (name: string) => string) =>
    spreads.flatMap(({ name }) => [
      { name: `${name}_n`, sql: `${dialect.sum(`${name}_n`)}::DOUBLE` },
      { name: `${name}_sum`, sql: `${dialect.sum(`${name}_sum`)}::DOUBLE` },
      { name: `${name}_m2`, sql: about(name) },
    ]);
  const squaredDeviations = (name: string, mean: string) => `${dialect.sum(`${name}_m2 + ${name}_n * pow(${name}_mean - ${mean}, 2)`)}::DOUBLE`;
  const stratifiedFields = [...groupingFields, ...sums, ...merged((name) => ofSet((j) => squaredDeviations(name, `${name}_c${j}`)))];
  if (!explicit) return `${select(stratifiedFields)} FROM (WITH ${dialect.cte("fine", fine, true)} ${centred}) centred GROUP BY GROUPING SETS (${sets})`;
  // The explicit test cases merge their groups about their own means, as the stratifications' do.
  const unnestedCentred = `SELECT unnested.*, ${spreads.map(({ name }) => `unnested.${name}_sum / nullif(unnested.${name}_n, 0) AS ${name}_mean, e.${name}_mean AS ${name}_e`).join(", ")} FROM unnested JOIN (${means("explicit_case", "unnested")}) e ON unnested.explicit_case = e.explicit_case`;
  const explicitFields = [...sums, ...merged((name) => squaredDeviations(name, `${name}_e`))];
  const ctes = [dialect.cte("fine", fine, true), dialect.cte("unnested", unnested)];
  return wrapped(
    `WITH ${ctes.join(", ")} ${select(stratifiedFields)} FROM (${centred}) centred GROUP BY GROUPING SETS (${sets}) UNION ALL ${explicitRows(explicitFields, `(${unnestedCentred}) explicit_centred`)}`,
  );
}

/** What the fine groups are grouped by: every key, and with explicit test cases folded in, the datapoints' `explicit_mask`. */
export function fineGroupKeys(keys: string[], explicit: number): string[] {
  return [...keys, ...(explicit ? ["explicit_mask"] : [])];
}

/** A statement with CTEs of its own as one SELECT: DuckDB does not parse `(WITH …)` as the only part of the statement after its own WITH. */
function wrapped(sql: string): string {
  return `SELECT * FROM (${sql}) main_part`;
}
