// A spread: a numeric outcome of the main pass (a moments metric's x, or its difference x − r to
// the reference), gathered per test case as the fields `<name>_n`, `<name>_sum` and `<name>_m2`:
// its count, Σx and Σ(x − x̄)², the squared deviations from the test case's own mean.
import { Moments } from "../../metrics";
import { Dialect, duckdbDialect } from "../engines/dialect";

/** An aggregate of the main pass: its name (a field of the `main` struct) and its SQL. */
export interface Aggregate {
  name: string;
  sql: string;
}

/** A spread's name (the prefix of its fields) and the SQL of its outcome. */
export interface Spread {
  name: string;
  sql: string;
}

/** A spread's count, sum and squared deviations, taken directly over a group's rows. */
export function spreadFields({ name, sql }: Spread, dialect: Dialect = duckdbDialect): Aggregate[] {
  // The dialect's most accurate sum (DuckDB's fsum, Kahan–Babuška: about one unit in the last
  // place, whatever order its threads add in; a plain sum drifts further).
  return [
    { name: `${name}_n`, sql: `count(${sql})::DOUBLE` },
    { name: `${name}_sum`, sql: `${dialect.sum(sql)}::DOUBLE` },
    { name: `${name}_m2`, sql: squaredDeviationsSql(sql) },
  ];
}

/**
 * Σ(x − x̄)² of a group by Welford's update: DuckDB's covar_pop(x, x), which (unlike var_pop)
 * gives NULL rather than an error for an infinite or NaN value — NaN here, as a plain sum would.
 */
function squaredDeviationsSql(x: string): string {
  return `(CASE WHEN count(${x}) = 0 THEN 0 ELSE coalesce(covar_pop(${x}, ${x}), 'NaN'::DOUBLE) * count(${x}) END)::DOUBLE`;
}

/** A spread's moments from a row of the main part: shifted by the test case's mean, so Σ(x − x̄) = 0. */
export function spreadMoments(row: Record<string, unknown>, name: string): Moments {
  const field = (suffix: string) => Number(row[`${name}_${suffix}`] ?? 0);
  return { n: field("n"), sum: field("sum"), shiftedSum: 0, shiftedSumOfSquares: field("m2") };
}
