// The main part of the statistics statement: every count, binary and moment statistic of every
// test case in one pass, each test case's spreads merged exactly (see mainAggregatesSql).
import { Dialect } from "../engines/dialect";
import { Aggregate, Spread, spreadFields } from "./spread";

/**
 * The main part of the statement: the test-case keys and a struct `main` of the grouping flags,
 * aggregates and spreads. Every aggregate is a count or a sum, so when the keys' combinations are
 * few, the rows are grouped by all keys at once and the test cases are sums of those groups —
 * one hash table instead of one per grouping set. Many combinations (e.g. a stratification with
 * thousands of values beside others) fall back to GROUPING SETS over the rows.
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
): string {
  const select = (fields: Aggregate[]) => `SELECT ${["0 AS part", "0 AS grouping", ...keys, `${dialect.struct(fields)} AS main`].join(", ")}`;
  const spreadsFields = spreads.flatMap((spread) => spreadFields(spread, dialect));
  const direct = `${select([...groupingFields, ...aggregates, ...spreadsFields])} FROM datapoints GROUP BY GROUPING SETS (${sets})`;
  if (keys.length < 2) return direct;
  const combinations = keyCounts.reduce((product, count) => product * count, 1);
  if (combinations > 200_000) return direct;
  const fineFields = [...aggregates, ...spreadsFields];
  const fine = `SELECT ${[...keys, ...fineFields.map((field) => `${field.sql} AS ${field.name}`)].join(", ")} FROM datapoints GROUP BY ALL`;
  const sums = aggregates.map((aggregate) => ({ name: aggregate.name, sql: `${dialect.sum(aggregate.name)}::DOUBLE` }));
  if (spreads.length === 0) return `${select([...groupingFields, ...sums])} FROM (${fine}) fine GROUP BY GROUPING SETS (${sets})`;
  // Beside each group: its mean, and the means of the test cases it is in — c0 of the whole
  // dataset, c1 of its value of k0, and so on.
  const means = (key: string | null) =>
    `SELECT ${[...(key ? [key] : []), ...spreads.map(({ name }) => `${dialect.sum(`${name}_sum`)} / nullif(${dialect.sum(`${name}_n`)}, 0) AS ${name}_mean`)].join(", ")} FROM fine${key ? ` GROUP BY ${key}` : ""}`;
  const joins = [
    `CROSS JOIN (${means(null)}) c0`,
    ...keys.map((key, j) => `LEFT JOIN (${means(key)}) c${j + 1} ON fine.${key} IS NOT DISTINCT FROM c${j + 1}.${key}`),
  ];
  const meanColumns = spreads.flatMap(({ name }) => [
    `fine.${name}_sum / nullif(fine.${name}_n, 0) AS ${name}_mean`,
    ...["", ...keys].map((_, j) => `c${j}.${name}_mean AS ${name}_c${j}`),
  ]);
  const centred = `WITH ${dialect.cte("fine", fine, true)} SELECT fine.*, ${meanColumns.join(", ")} FROM fine ${joins.join(" ")}`;
  // A grouping set merges its groups about its own test cases' means (GROUPING(k) = 0: grouped by k).
  const ofSet = (sum: (j: number) => string) => `CASE ${keys.map((key, j) => `WHEN GROUPING(${key}) = 0 THEN ${sum(j + 1)}`).join(" ")} ELSE ${sum(0)} END`;
  const merged = spreads.flatMap(({ name }) => [
    { name: `${name}_n`, sql: `${dialect.sum(`${name}_n`)}::DOUBLE` },
    { name: `${name}_sum`, sql: `${dialect.sum(`${name}_sum`)}::DOUBLE` },
    { name: `${name}_m2`, sql: ofSet((j) => `${dialect.sum(`${name}_m2 + ${name}_n * pow(${name}_mean - ${name}_c${j}, 2)`)}::DOUBLE`) },
  ]);
  return `${select([...groupingFields, ...sums, ...merged])} FROM (${centred}) centred GROUP BY GROUPING SETS (${sets})`;
}
