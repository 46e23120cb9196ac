// Loads one upload (a CSV, NDJSON, Parquet or Arrow IPC file, or an in-memory Arrow table)
// into a new DuckDB table, inside the caller's transaction.
import { open, stat } from "node:fs/promises";
import { DuckDBConnection } from "@duckdb/node-api";
import { RecordBatchReader, Table } from "apache-arrow";
import { arrowFileEnding } from "./arrowEnd";
import { SlicewiseError } from "../../core";
import { appendArrowBatches, createTableSql } from "./appendArrow";
import { quoteIdentifier, quoteLiteral } from "./database";

export type FileFormat = "csv" | "ndjson" | "parquet" | "arrow";

export type UploadSource = { format: FileFormat; path: string } | { format: "table"; table: Table };

/** Progress of a long upload: rows appended, bytes sent, or percent of a file read, so far. */
export interface Progress {
  done: number;
  total?: number;
  unit: "rows" | "bytes" | "percent";
}

export type ProgressListener = (progress: Progress) => void;

export const contentTypes: Record<FileFormat, string> = {
  arrow: "application/vnd.apache.arrow.stream",
  csv: "text/csv",
  ndjson: "application/x-ndjson",
  parquet: "application/vnd.apache.parquet",
};

/** The file format of an HTTP Content-Type, or of a file name's extension. */
export function formatOf(contentTypeOrPath: string): FileFormat | null {
  const value = contentTypeOrPath.toLowerCase().split(";")[0].trim();
  const byType: Record<string, FileFormat> = {
    "application/vnd.apache.arrow.stream": "arrow",
    "application/vnd.apache.arrow.file": "arrow",
    "text/csv": "csv",
    "application/x-ndjson": "ndjson",
    "application/jsonl": "ndjson",
    "application/vnd.apache.parquet": "parquet",
    "application/x-parquet": "parquet",
  };
  if (byType[value]) return byType[value];
  const extension = /\.([a-z0-9]+)(\.gz)?$/.exec(value)?.[1];
  const byExtension: Record<string, FileFormat> = {
    csv: "csv",
    tsv: "csv",
    ndjson: "ndjson",
    jsonl: "ndjson",
    parquet: "parquet",
    arrow: "arrow",
    arrows: "arrow",
    feather: "arrow",
    ipc: "arrow",
  };
  return extension ? (byExtension[extension] ?? null) : null;
}

export async function loadSource(connection: DuckDBConnection, tableName: string, source: UploadSource, onProgress?: ProgressListener): Promise<number> {
  const table = quoteIdentifier(tableName);
  if (source.format === "table") {
    await connection.run(createTableSql(tableName, source.table.schema));
    const total = source.table.numRows;
    return appendArrowBatches(connection, tableName, source.table.schema, source.table.batches, (rows) => onProgress?.({ done: rows, total, unit: "rows" }));
  }
  if ((await stat(source.path)).size === 0)
    throw new SlicewiseError("empty_body", `the ${source.format} file ${source.path} is empty; send at least a header and one row`);
  if (source.format === "arrow") return loadArrowFile(connection, tableName, source.path, onProgress);
  const path = quoteLiteral(source.path);
  const reader = {
    csv: `read_csv(${path}, header = true)`,
    ndjson: `read_json(${path}, format = 'newline_delimited')`,
    parquet: `read_parquet(${path})`,
  }[source.format];
  // DuckDB reads the file on its own threads; its query progress is polled meanwhile.
  const poll = onProgress ? setInterval(() => reportQueryProgress(connection, onProgress), 250) : undefined;
  try {
    await connection.run(`CREATE TABLE ${table} AS SELECT * FROM ${reader}`);
  } catch (error) {
    throw unreadable(source.format, error);
  } finally {
    clearInterval(poll);
  }
  const count = await connection.runAndReadAll(`SELECT count(*)::DOUBLE AS n FROM ${table}`);
  const rows = count.getRowObjectsJS()[0].n as number;
  onProgress?.({ done: rows, total: rows, unit: "rows" });
  return rows;
}

async function loadArrowFile(connection: DuckDBConnection, tableName: string, path: string, onProgress?: ProgressListener): Promise<number> {
  const handle = await open(path, "r");
  try {
    if ((await arrowFileEnding(handle, (await handle.stat()).size)) === "truncated")
      throw new SlicewiseError(
        "truncated_upload",
        "the Arrow IPC data ends without its end-of-stream marker (or a file without its closing ARROW1), so rows may be missing; nothing was stored. Send the whole stream, written by a writer that was closed (tableToIPC, pyarrow's ipc.new_stream(...).close())",
      );
    let reader;
    try {
      reader = await RecordBatchReader.from(handle);
      await reader.open();
    } catch (error) {
      throw unreadable("arrow", error);
    }
    if (reader.schema === undefined || reader.schema.fields.length === 0)
      throw new SlicewiseError("unreadable_body", "the Arrow IPC data has no columns; send a stream or file written by tableToIPC");
    await connection.run(createTableSql(tableName, reader.schema));
    return await appendArrowBatches(connection, tableName, reader.schema, reader, (rows) => onProgress?.({ done: rows, unit: "rows" }));
  } finally {
    await handle.close();
  }
}

function reportQueryProgress(connection: DuckDBConnection, onProgress: ProgressListener): void {
  const percentage = connection.progress.percentage;
  if (percentage >= 0) onProgress({ done: percentage, total: 100, unit: "percent" });
}

function unreadable(format: string, error: unknown): SlicewiseError {
  if (error instanceof SlicewiseError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new SlicewiseError("unreadable_body", `the ${format} upload could not be read: ${message.replace(/\s+/g, " ").slice(0, 500)}`);
}
