// What the platform's statistics need from a query engine (docs/architecture.md, "An evaluation, step by step"): run a
// statement and read its answer. The plans (src/platform/statistics) write the statements and
// decode the answers; an engine only runs them. DuckDB is the embedded one (duckdbEngine.ts).

import { Dialect } from "./dialect";

/** A statement's answer column-wise: a column's values (JS numbers, bigints, strings, structs as objects, null) by its name. */
export type Columns = (name: string) => unknown[];

/**
 * A relation a statement reads more than once, apart from the statement: its SQL, and the same
 * statement reading it from a relation of another name (a table or view the engine made of it).
 */
export interface SharedRelation {
  sql: string;
  over(relation: string): string;
}

export interface Engine {
  /** The SQL it speaks where engines differ: the plans write their statements in it. */
  readonly dialect: Dialect;
  /** Runs a statement whose answer is a few rows and reads them as JS objects. */
  readRows(sql: string): Promise<Record<string, unknown>[]>;
  /**
   * Runs a statement whose rows each belong to a `part` and a `grouping` (both columns of it; a
   * statement without `grouping` has grouping 0) and reads it column-wise. `columnsOf(part,
   * grouping)` names the only columns those rows have values in: an engine need not read the others.
   * `shared`, when given, is the relation the statement reads more than once, for an engine that
   * would otherwise compute it once per reader (Spark: sparkWarehouse.ts caches it).
   */
  readColumns(sql: string, columnsOf: (part: number, grouping: number) => string[], shared?: SharedRelation): Promise<Columns>;
  /**
   * About how many distinct values each SQL expression over the table `table` (alias `d`) takes,
   * the missing value aside: an estimate, from the engine's statistics where it keeps them.
   */
  estimateDistinct(table: string, expressions: string[]): Promise<number[]>;
}
