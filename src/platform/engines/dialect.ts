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
  /** Each element of a list through an expression `sql` of it (named `element` there), as a list. */
  transformEach(list: string, element: string, sql: string): string;
  /** A text's 0-based place among distinct texts `values`; NULL where it is none of them. */
  placeAmong(sql: string, values: string[]): string;
  /** The 0-based positions of the true elements of a list of booleans, as a list. */
  truePositions(list: string): string;
  /** The positions 0 … bits − 1 of the set bits of an integer, ascending, as a list. */
  setBits(integer: string, bits: number): string;
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
  transformEach: (list, element, sql) => `list_transform(${list}, ${element} -> ${sql})`,
  // An enum type's codes are the values' places: a hashed cast, where list_position compares
  // each value in turn (0.35 s against 3.1 s over 10 million labels among 80).
  placeAmong: (sql, values) => `enum_code(TRY_CAST(${sql} AS ENUM(${values.map(quoteLiteral).join(", ")})))`,
  // The list comprehension binds faster than a CASE per element, and keeps only the true ones.
  truePositions: (list) => `[position - 1 FOR member, position IN ${list} IF member]`,
  // Read where the only columns are the statement's own (bit_position is none of them).
  setBits: (integer, bits) => `[bit_position FOR bit_position IN range(${bits}) IF (${integer} >> bit_position) & 1 = 1]`,
  quantiles: (sql, points) => `quantile_cont(${sql}, [${points.join(", ")}])`,
  unionAllByName: (parts) => parts.map((part) => `(${part.sql})`).join(" UNION ALL BY NAME "),
};

function sparkLiteral(value: string): string {
  return `'${value.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
}

export const sparkDialect: Dialect = {
  // Spark 4 refuses VARCHAR without a length.
  text: (sql) => `CAST(${sql} AS STRING)`,
  literal: sparkLiteral,
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
  transformEach: (list, element, sql) => `transform(${list}, ${element} -> ${sql})`,
  placeAmong: (sql, values) => `nullif(array_position(array(${values.map(sparkLiteral).join(", ")}), ${sql}), 0) - 1`,
  truePositions: (list) => `filter(transform(${list}, (member, position) -> IF(member, position, -1)), position -> position >= 0)`,
  setBits: (integer, bits) => `filter(sequence(0, ${bits - 1}), bit_position -> shiftright(${integer}, bit_position) & 1 = 1)`,
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
