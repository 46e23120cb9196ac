// Object-detection boxes in an upload: columns holding, per datapoint, a list of boxes — Arrow
// list<struct> (stored as JSON text by appendArrow), Parquet and NDJSON lists of objects, or a CSV
// cell of JSON text. Each is checked box by box and stored in one form, whatever it came in:
//
//   STRUCT(x_min DOUBLE, y_min DOUBLE, x_max DOUBLE, y_max DOUBLE, label VARCHAR, score DOUBLE, ignore BOOLEAN)[]
//
// Coordinates are pixels, continuous: a box over pixel columns 10…19 has x_min 10 and x_max 20.
// A box comes as corners (x_min, y_min, x_max, y_max) or as a corner and a size (x, y, w, h: COCO's
// bbox); `label` is a string or a number (stored as text); `score` (predictions) is any finite
// number; `ignore` or COCO's `iscrowd` marks a region that is neither to be found nor to be missed.
// A null cell is kept as null: a datapoint without boxes, as an empty list is.
import { DuckDBConnection } from "@duckdb/node-api";
import { SlicewiseError } from "../../core";
import { ColumnInfo } from "./catalog";
import { quoteIdentifier, quoteLiteral } from "./database";

/** The stored type of a box column, as DuckDB writes it (information_schema's data_type). */
export const boxListType = 'STRUCT(x_min DOUBLE, y_min DOUBLE, x_max DOUBLE, y_max DOUBLE, "label" VARCHAR, score DOUBLE, "ignore" BOOLEAN)[]';

const cornerFields = ["x_min", "y_min", "x_max", "y_max"] as const;
const sizeFields = ["x", "y", "w", "h"] as const;

/**
 * Whether an object's keys make it a box: two of the corners, or two of x, y, w, h — two, not
 * four, so that a box missing a field is reported as such rather than taken for other data.
 */
function hasBoxKeys(has: (field: string) => boolean): boolean {
  return cornerFields.filter(has).length >= 2 || sizeFields.filter(has).length >= 2;
}

/** Whether one parsed JSON value looks like a list of boxes (see hasBoxKeys). */
function looksLikeBoxes(value: unknown): boolean {
  if (!Array.isArray(value) || value.length === 0) return false;
  return value.some((item) => item !== null && typeof item === "object" && !Array.isArray(item) && hasBoxKeys((field) => field in item));
}

/** A struct list type whose fields are a box's (see hasBoxKeys), from DuckDB's type text. */
function isBoxStructList(type: string): boolean {
  if (!/^STRUCT\(.*\)\[\]$/s.test(type)) return false;
  return hasBoxKeys((field) => new RegExp(`[(,]\\s*"?${field}"?\\s`, "i").test(type));
}

/**
 * The columns of `tableName` that hold boxes: struct lists with box fields, and JSON or text
 * columns whose first non-empty value is a list of boxes. Only that first value is read, so a
 * plain string column costs a row or two, not a scan, on every upload.
 */
async function findBoxColumns(connection: DuckDBConnection, tableName: string, columns: ColumnInfo[]): Promise<ColumnInfo[]> {
  const found: ColumnInfo[] = [];
  for (const column of columns) {
    if (column.type === boxListType || isBoxStructList(column.type)) {
      found.push(column);
      continue;
    }
    if (column.type !== "JSON" && column.type !== "VARCHAR") continue;
    const name = quoteIdentifier(column.name);
    const reader = await connection.runAndReadAll(
      `SELECT ${name}::VARCHAR AS value FROM ${quoteIdentifier(tableName)}
        WHERE ${name} IS NOT NULL AND NOT regexp_full_match(${name}::VARCHAR, '\\s*(\\[\\s*\\])?\\s*') LIMIT 1`,
    );
    const first = reader.getRowObjectsJS()[0]?.value as string | undefined;
    if (first === undefined || !first.trimStart().startsWith("[")) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(first);
    } catch {
      continue;
    }
    if (looksLikeBoxes(parsed)) found.push(column);
  }
  return found;
}

/** Every field a box may have. */
const boxKeys = [...cornerFields, ...sizeFields, "label", "score", "ignore", "iscrowd"] as const;

/**
 * The column's boxes as a list of structs with every field of boxKeys (null where absent): JSON
 * text is parsed once per row into text fields; a struct list's fields keep their types (numbers
 * stay numbers: casting 10 million coordinates to text and back cost seconds).
 */
function rawBoxesSql(column: ColumnInfo): string {
  const name = quoteIdentifier(column.name);
  if (column.type === "JSON" || column.type === "VARCHAR") {
    const spec = `[{${boxKeys.map((key) => `"${key}":"VARCHAR"`).join(",")}}]`;
    return `from_json(${name}::VARCHAR, ${quoteLiteral(spec)})`;
  }
  const has = (key: string) => new RegExp(`[(,]\\s*"?${key}"?\\s`, "i").test(column.type);
  const fields = boxKeys.map((key) => `${quoteLiteral(key)}: ${has(key) ? `b.${quoteIdentifier(key)}` : "NULL::VARCHAR"}`);
  return `list_transform(${name}, lambda b: {${fields.join(", ")}})`;
}

/**
 * A field of box `b` (a struct of rawBoxesSql): as it is (for IS NULL), as a number (null when not
 * one) and as text, which only a problem's message reads — a CASE evaluates it for those boxes alone.
 */
const field = (name: string) => `b.${quoteIdentifier(name)}`;
const number = (name: string) => `TRY_CAST(b.${quoteIdentifier(name)} AS DOUBLE)`;
const text = (name: string) => `b.${quoteIdentifier(name)}::VARCHAR`;
/** Whether box `b` comes as corners (else as x, y, w, h). */
const hasCorners = `(${field("x_min")} IS NOT NULL OR ${field("x_max")} IS NOT NULL)`;

/**
 * The first problem of box `b`, or null: a field missing, not a number, not finite, corners the
 * wrong way round (or a negative size), no label, a score or ignore flag that is not one.
 */
function boxProblemSql(): string {
  const coordinateChecks = (names: readonly string[]) =>
    names.flatMap((name) => [
      `WHEN ${field(name)} IS NULL THEN 'has no ${name}'`,
      `WHEN ${number(name)} IS NULL THEN '${name} is not a number (' || ${text(name)} || ')'`,
      `WHEN NOT isfinite(${number(name)}) THEN '${name} is ' || CASE WHEN isnan(${number(name)}) THEN 'NaN' ELSE 'infinite' END`,
    ]);
  return `CASE
    WHEN ${[...cornerFields, ...sizeFields].map((name) => `${field(name)} IS NULL`).join(" AND ")}
      THEN 'has no coordinates (x_min, y_min, x_max, y_max or x, y, w, h)'
    WHEN ${hasCorners} THEN CASE
      ${coordinateChecks(cornerFields).join("\n      ")}
      WHEN ${number("x_max")} < ${number("x_min")} THEN 'x_max (' || ${text("x_max")} || ') is less than x_min (' || ${text("x_min")} || ')'
      WHEN ${number("y_max")} < ${number("y_min")} THEN 'y_max (' || ${text("y_max")} || ') is less than y_min (' || ${text("y_min")} || ')'
      END
    ELSE CASE
      ${coordinateChecks(sizeFields).join("\n      ")}
      WHEN ${number("w")} < 0 THEN 'w is negative (' || ${text("w")} || ')'
      WHEN ${number("h")} < 0 THEN 'h is negative (' || ${text("h")} || ')'
      END
    END`;
}

function labelAndFlagsProblemSql(): string {
  return `CASE
    WHEN ${field("label")} IS NULL OR trim(${text("label")}) = '' THEN 'has no label'
    WHEN ${field("score")} IS NOT NULL AND (${number("score")} IS NULL OR NOT isfinite(${number("score")})) THEN 'score is not a finite number (' || ${text("score")} || ')'
    WHEN ${field("ignore")} IS NOT NULL AND TRY_CAST(${field("ignore")} AS BOOLEAN) IS NULL THEN 'ignore is not true or false (' || ${text("ignore")} || ')'
    WHEN ${field("iscrowd")} IS NOT NULL AND TRY_CAST(${field("iscrowd")} AS BOOLEAN) IS NULL THEN 'iscrowd is not 0 or 1 (' || ${text("iscrowd")} || ')'
    END`;
}

/** Box `b` in the stored form. */
function canonicalBoxSql(): string {
  const corner = (cornerField: string, sizeSql: string) => `CASE WHEN ${hasCorners} THEN ${number(cornerField)} ELSE ${sizeSql} END`;
  return `{
    'x_min': ${corner("x_min", number("x"))},
    'y_min': ${corner("y_min", number("y"))},
    'x_max': ${corner("x_max", `${number("x")} + ${number("w")}`)},
    'y_max': ${corner("y_max", `${number("y")} + ${number("h")}`)},
    'label': ${text("label")},
    'score': ${number("score")},
    'ignore': coalesce(TRY_CAST(${field("ignore")} AS BOOLEAN), TRY_CAST(${field("iscrowd")} AS BOOLEAN), false)
  }`;
}

/** Throws invalid_box naming the first row (and its ids) and box of `column` that is not a box. */
async function checkBoxes(connection: DuckDBConnection, tableName: string, column: ColumnInfo, idFields: string[], what: string): Promise<void> {
  const table = quoteIdentifier(tableName);
  const name = quoteIdentifier(column.name);
  const ids = idFields.filter((field) => field !== column.name).map(quoteIdentifier);
  // Rows of a table not yet committed have row ids far from 0: the first row's is the origin.
  const rowNumber = `(rowid - (SELECT min(rowid) FROM ${table}))::DOUBLE AS r`;
  const idColumns = ids.map((id, index) => `${id}::VARCHAR AS id${index}`);
  // A row the checks found: its number (r) and ids (id0, id1, …) name it in the error.
  const refuse = (bad: Record<string, unknown>, problem: string) =>
    invalidBox(
      what,
      column.name,
      bad.r as number,
      ids.map((_, index) => bad[`id${index}`]),
      idFields,
      problem,
    );
  if (column.type === "JSON" || column.type === "VARCHAR") {
    // A text cell must hold a JSON list before its boxes can be read.
    const reader = await connection.runAndReadAll(
      `SELECT ${rowNumber}, ${[...idColumns, `${name}::VARCHAR AS value`].join(", ")} FROM ${table}
        WHERE ${name} IS NOT NULL AND (NOT json_valid(${name}::VARCHAR) OR json_type(${name}::JSON) <> 'ARRAY') ORDER BY rowid LIMIT 1`,
    );
    const bad = reader.getRowObjectsJS()[0];
    if (bad) {
      const value = String(bad.value);
      throw refuse(bad, `is not a JSON list of boxes (${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}…` : value)})`);
    }
  }
  const reader = await connection.runAndReadAll(
    `WITH raw AS (SELECT ${rowNumber}, ${[...idColumns, `${rawBoxesSql(column)} AS boxes`].join(", ")} FROM ${table} WHERE ${name} IS NOT NULL),
     boxes AS (SELECT * EXCLUDE (boxes), unnest(boxes) AS b, generate_subscripts(boxes, 1) AS i FROM raw)
     SELECT r, i::DOUBLE AS i, ${[...ids.map((_, index) => `id${index}`), "problem"].join(", ")}
       FROM (SELECT *, coalesce(${boxProblemSql()}, ${labelAndFlagsProblemSql()}) AS problem FROM boxes)
      WHERE problem IS NOT NULL ORDER BY r, i LIMIT 1`,
  );
  const bad = reader.getRowObjectsJS()[0];
  if (bad) throw refuse(bad, `box ${bad.i} ${bad.problem}`);
}

function invalidBox(what: string, column: string, row: number, idValues: unknown[], idFields: string[], problem: string): SlicewiseError {
  const shownIds = idValues.length ? ` (${idFields.map((field, index) => `${field} ${idValues[index]}`).join(", ")})` : "";
  return new SlicewiseError(
    "invalid_box",
    `${what}: row ${row + 1}${shownIds}, column "${column}": ${problem}; a box has x_min, y_min, x_max, y_max (or x, y, w, h) as finite numbers in pixels with x_max ≥ x_min and y_max ≥ y_min, a label, and on predictions a score. Nothing was stored`,
  );
}

/**
 * Finds the box columns of a just-loaded table, checks every box (invalid_box names the first
 * bad one) and stores them in the one form (boxListType). Returns the box columns' names.
 */
export async function normalizeBoxColumns(
  connection: DuckDBConnection,
  tableName: string,
  columns: ColumnInfo[],
  idFields: string[],
  what: string,
): Promise<string[]> {
  const boxColumns = await findBoxColumns(connection, tableName, columns);
  if (boxColumns.length === 0) return [];
  for (const column of boxColumns) await checkBoxes(connection, tableName, column, idFields, what);
  const pending = boxColumns.filter((column) => column.type !== boxListType);
  if (pending.length > 0) {
    const replaced = pending.map(
      (column) =>
        `CASE WHEN ${quoteIdentifier(column.name)} IS NULL THEN NULL ELSE list_transform(${rawBoxesSql(column)}, lambda b: ${canonicalBoxSql()}) END::${boxListType} AS ${quoteIdentifier(column.name)}`,
    );
    const rewritten = `${tableName}_boxes`;
    await connection.run(`CREATE TABLE ${quoteIdentifier(rewritten)} AS SELECT * REPLACE (${replaced.join(", ")}) FROM ${quoteIdentifier(tableName)}`);
    await connection.run(`DROP TABLE ${quoteIdentifier(tableName)}`);
    await connection.run(`ALTER TABLE ${quoteIdentifier(rewritten)} RENAME TO ${quoteIdentifier(tableName)}`);
  }
  return boxColumns.map((column) => column.name);
}
