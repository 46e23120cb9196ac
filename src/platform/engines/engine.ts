// What the platform's statistics need from a query engine (docs/architecture.md, "An evaluation, step by step"): run a
// statement and read its answer. The plans (src/platform/statistics) write the statements and
// decode the answers; an engine only runs them. DuckDB is the embedded one (duckdbEngine.ts).

import { Dialect } from "./dialect";

/** A column of numbers read straight into typed arrays: `values[row]` where `valid[row]` is 1, else no value. */
export interface NumberColumn {
  values: Float64Array;
  valid: Uint8Array;
}

/**
 * A statement's answer column-wise: a column's values (JS numbers, bigints, strings, structs as
 * objects, null) by its name. An engine that reads numbers into typed arrays also gives a numeric
 * column as those (`numbers`; undefined for a column of another type): no JS value per row, and no
 * array of them (arrays of over 16k values each went to the old generation, and full collections
 * followed every few evaluations).
 */
export interface Columns {
  (name: string): unknown[];
  numbers?(name: string): NumberColumn | undefined;
}

/**
 * A relation a statement reads more than once, apart from the statement: its SQL, and the same
 * statement reading it from a relation of another name (a table or view the engine made of it).
 */
export interface SharedRelation {
  sql: string;
  over(relation: string): string;
}

/** readNumberLists' answer: row r's elements are at start[r] … start[r + 1] − 1 of every column. */
export interface NumberLists {
  start: Int32Array;
  columns: Float64Array[];
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
   * Optional, for lists of millions of numbers in all (detection's boxes): runs a statement of one
   * row per number 0 … rows − 1 (column `row`, each at most once, in any order; a row not there
   * has no elements) whose columns `names` are lists of numbers (null as empty), of one length within a row, and
   * reads each column's elements end to end, rows in order, into a Float64Array (null as NaN).
   * A chunk at a time, so that no JS value is made per number and the event loop is free between
   * chunks; and no sort of the elements, which at 10 million boxes was most of the read.
   */
  readNumberLists?(sql: string, row: string, rows: number, names: string[]): Promise<NumberLists>;
  /**
   * About how many distinct values each SQL expression over the table `table` (alias `d`) takes,
   * the missing value aside: an estimate, from the engine's statistics where it keeps them.
   */
  estimateDistinct(table: string, expressions: string[]): Promise<number[]>;
}
