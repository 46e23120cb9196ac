// The SQL an engine speaks where DuckDB's and Spark's differ: the plans (src/platform/statistics,
// testCaseGroups.ts) write one description of each statement and ask the engine's dialect for
// these constructs only. Everything else they write is SQL both read alike (with Spark's session
// set to read "double-quoted" names as identifiers: sparkEngine.ts).

import { quoteLiteral } from "../store/database";

/** One part of a UNION by name: its SQL and the names of its columns. */
export interface UnionPart {
  sql: string;
  columns: string[];
}

export interface Dialect {
  /** A string literal. DuckDB doubles a quote; Spark reads a backslash as an escape, and 'a''b' as two literals run together ("ab"). */
  literal(value: string): string;
  /** A value as text. */
  text(sql: string): string;
  /** A struct value with the given fields. */
  struct(fields: { name: string; sql: string }[]): string;
  /** A list (array) value. */
  list(items: string[]): string;
  /** The most accurate sum of doubles the engine has. */
  sum(sql: string): string;
  /** A common table expression; `materialized` true or false asks the engine to keep it or inline it, where it can be told. */
  cte(name: string, sql: string, materialized?: boolean): string;
  /** Every column of the FROM but the ones named. */
  allColumnsExcept(columns: string[]): string;
  /** One row per element of a list (in a SELECT list). */
  unnest(list: string): string;
  /** One row per element of a list with its position (in a SELECT list): columns `item` and `position`, positions ascending. */
  unnestWithPosition(list: string, item: string, position: string): string;
  /** A struct's field by name. */
  field(struct: string, name: string): string;
  /** The 0-based positions of the true elements of a list of booleans, as a list. */
  truePositions(list: string): string;
  /** The continuous (linearly interpolated) quantiles of a numeric expression at the fractions `points`, as a list. */
  quantiles(sql: string, points: number[]): string;
  /** The parts' rows together, each column matched by name, NULL where a part has none. */
  unionAllByName(parts: UnionPart[]): string;
}

export const duckdbDialect: Dialect = {
  literal: quoteLiteral,
  text: (sql) => `CAST(${sql} AS VARCHAR)`,
  struct: (fields) => `struct_pack(${fields.map((field) => `${field.name} := ${field.sql}`).join(", ")})`,
  list: (items) => `[${items.join(", ")}]`,
  // fsum (Kahan–Babuška): accurate to about one unit in the last place whatever order DuckDB's threads add in.
  sum: (sql) => `fsum(${sql})`,
  cte: (name, sql, materialized) => `${name} AS ${materialized === undefined ? "" : materialized ? "MATERIALIZED " : "NOT MATERIALIZED "}(${sql})`,
  allColumnsExcept: (columns) => `* EXCLUDE (${columns.join(", ")})`,
  unnest: (list) => `unnest(${list})`,
  unnestWithPosition: (list, item, position) => `unnest(${list}) AS ${item}, generate_subscripts(${list}, 1) AS ${position}`,
  field: (struct, name) => `struct_extract(${struct}, '${name}')`,
  // The list comprehension binds faster than a CASE per element, and keeps only the true ones.
  truePositions: (list) => `[position - 1 FOR member, position IN ${list} IF member]`,
  quantiles: (sql, points) => `quantile_cont(${sql}, [${points.join(", ")}])`,
  unionAllByName: (parts) => parts.map((part) => `(${part.sql})`).join(" UNION ALL BY NAME "),
};

export const sparkDialect: Dialect = {
  // Spark 4 refuses VARCHAR without a length.
  text: (sql) => `CAST(${sql} AS STRING)`,
  literal: (value) => `'${value.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`,
  struct: (fields) => `named_struct(${fields.map((field) => `'${field.name}', ${field.sql}`).join(", ")})`,
  list: (items) => `array(${items.join(", ")})`,
  // Spark has no compensated sum: a plain one, whose last digits depend on the order partitions add in.
  sum: (sql) => `sum(${sql})`,
  // Spark decides itself whether a CTE read twice is computed twice (it has no MATERIALIZED hint).
  cte: (name, sql) => `${name} AS (${sql})`,
  allColumnsExcept: (columns) => `* EXCEPT (${columns.join(", ")})`,
  unnest: (list) => `explode(${list})`,
  unnestWithPosition: (list, item, position) => `posexplode(${list}) AS (${position}, ${item})`,
  field: (struct, name) => `${struct}."${name}"`,
  truePositions: (list) => `filter(transform(${list}, (member, position) -> IF(member, position, -1)), position -> position >= 0)`,
  // Spark's percentile is exact and interpolates between the two nearest ranks, as quantile_cont.
  quantiles: (sql, points) => `percentile(${sql}, array(${points.join(", ")}))`,
  // Spark SQL has no UNION BY NAME: every part is given every column, NULL where it has none.
  unionAllByName: (parts) => {
    const columns = [...new Set(parts.flatMap((part) => part.columns))];
    return parts
      .map((part) => {
        const own = new Set(part.columns);
        return `SELECT ${columns.map((column) => (own.has(column) ? column : `NULL AS ${column}`)).join(", ")} FROM (${part.sql})`;
      })
      .join(" UNION ALL ");
  },
};
