// Normalises what a person hands to an upload (a table, row objects, a file path) into an
// Arrow table or a file with a known format.
import { existsSync } from "node:fs";
import { Table, tableFromJSON } from "apache-arrow";
import { SlicewiseError } from "../core";
import { FileFormat, formatOf } from "../platform";
import type { UploadInput } from "./workspace";

export type NormalizedInput = { format: "table"; table: Table } | { format: FileFormat; path: string };

export function normalizeUploadInput(data: UploadInput): NormalizedInput {
  if (data instanceof Table) return { format: "table", table: data };
  if (Array.isArray(data)) {
    if (data.length === 0) throw new SlicewiseError("empty_body", "the list of rows is empty; pass at least one row object");
    return { format: "table", table: tableFromJSON(data as Record<string, unknown>[]) };
  }
  if (typeof data === "string") {
    const format = formatOf(data);
    if (!format)
      throw new SlicewiseError("unsupported_content_type", `cannot tell the format of "${data}" from its name; use a .csv, .ndjson/.jsonl, .parquet or .arrow file`);
    if (!existsSync(data)) throw new SlicewiseError("bad_request", `there is no file "${data}"`);
    return { format, path: data };
  }
  throw new SlicewiseError("bad_request", "upload an Arrow Table, an array of row objects, or the path of a csv/ndjson/parquet/arrow file");
}
