// Normalises what a person hands to an upload (a table, row objects, a file path) into an
// Arrow table or a file with a known format.
import { existsSync } from "node:fs";
import { Null, Table, Vector, makeData, makeVector, tableFromJSON } from "apache-arrow";
import { SlicewiseError } from "../core";
import { FileFormat, formatOf } from "../platform";
import type { UploadInput } from "./workspace";

export type NormalizedInput = { format: "table"; table: Table } | { format: FileFormat; path: string };

export function normalizeUploadInput(data: UploadInput): NormalizedInput {
  if (data instanceof Table) return { format: "table", table: data };
  if (Array.isArray(data)) {
    if (data.length === 0) throw new SlicewiseError("empty_body", "the list of rows is empty; pass at least one row object");
    const rows = data as Record<string, unknown>[];
    return { format: "table", table: withAllNullKeys(tableFromJSON(rows), rows) };
  }
  if (typeof data === "string") {
    const format = formatOf(data);
    if (!format)
      throw new SlicewiseError(
        "unsupported_content_type",
        `cannot tell the format of "${data}" from its name; use a .csv, .ndjson/.jsonl, .parquet or .arrow file`,
      );
    if (!existsSync(data)) throw new SlicewiseError("bad_request", `there is no file "${data}"`);
    return { format, path: data };
  }
  throw new SlicewiseError("bad_request", "upload an Arrow Table, an array of row objects, or the path of a csv/ndjson/parquet/arrow file");
}

/**
 * tableFromJSON leaves out a key that is null in every row (it infers a field's type from its
 * first value); such a key comes back here as a column of Arrow type Null, in the rows' key order,
 * so that an all-null `correct` is uploaded as nulls rather than lost.
 */
function withAllNullKeys(table: Table, rows: Record<string, unknown>[]): Table {
  const keys = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) keys.add(key);
  if (keys.size === table.schema.fields.length) return table;
  const columns: Record<string, Vector> = {};
  for (const key of keys) columns[key] = table.getChild(key) ?? makeVector(makeData({ type: new Null(), length: table.numRows }));
  return new Table(columns);
}
