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

/**
 * Progress of long work, so far: an upload's rows appended, bytes sent, or percent of a file read;
 * an evaluation's tasks finished on the Spark engine (of the tasks its stages have so far).
 */
export interface Progress {
  done: number;
  total?: number;
  unit: "rows" | "bytes" | "percent" | "tasks";
  /** With unit tasks: the engine's stages finished, of those known so far. */
  stages?: { done: number; total: number };
  /** With unit tasks: the bytes the tasks read from storage. */
  bytesRead?: number;
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
  const rejects = { errors: `${tableName}_csv_rejects`, scans: `${tableName}_csv_scans` };
  const reader = {
    csv: `read_csv(${path}, header = true, ${csvRejectOptions(rejects)})`,
    ndjson: `read_json(${path}, format = 'newline_delimited')`,
    parquet: `read_parquet(${path})`,
  }[source.format];
  // DuckDB reads the file on its own threads; its query progress is polled meanwhile.
  const poll = onProgress ? setInterval(() => reportQueryProgress(connection, onProgress), 250) : undefined;
  try {
    await connection.run(`CREATE TABLE ${table} AS SELECT * FROM ${reader}`);
  } catch (error) {
    throw unreadable(source.format, error, source.path);
  } finally {
    clearInterval(poll);
  }
  if (source.format === "csv") await refuseRejectedRows(connection, rejects);
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
      throw unreadable("arrow", error, path);
    }
    if (reader.schema === undefined || reader.schema.fields.length === 0)
      throw new SlicewiseError("unreadable_body", "the Arrow IPC data has no columns; send a stream or file written by tableToIPC");
    await connection.run(createTableSql(tableName, reader.schema));
    return await appendArrowBatches(connection, tableName, reader.schema, reader, (rows) => onProgress?.({ done: rows, unit: "rows" }));
  } finally {
    await handle.close();
  }
}

/** Where DuckDB records the CSV rows it could not read: temporary tables of this connection. */
interface RejectTables {
  errors: string;
  scans: string;
}

/** The maximum number of a CSV's unreadable rows recorded; the error shows a few of them. */
const rejectLimit = 1000;

/**
 * DuckDB's dialect sniffer, given a small CSV whose rows have different numbers of fields, finds
 * no delimiter that splits every row alike and reads each line as one text column, which only
 * shows up later as a missing id field; a header shorter than the rows is skipped as if it were a
 * title. Told to skip (and record) the rows that do not fit, it settles on the delimiter that fits
 * most, and the recorded rows, each with its line number, become the error: no row is dropped.
 */
function csvRejectOptions(rejects: RejectTables): string {
  return `ignore_errors = true, store_rejects = true, rejects_table = ${quoteLiteral(rejects.errors)}, rejects_scan = ${quoteLiteral(rejects.scans)}, rejects_limit = ${rejectLimit}`;
}

/** What to do about each kind of line DuckDB could not read (its reject error types). */
const rejectAdvice: Record<string, string> = {
  "MISSING COLUMNS": "give every row as many fields as the header, and quote a field that holds the delimiter (a comma), a quote or a line break",
  "TOO MANY COLUMNS": "give every row as many fields as the header, and quote a field that holds the delimiter (a comma), a quote or a line break",
  CAST: "make each value fit its column (the column types are guessed from the first rows), or send Parquet or Arrow, whose columns carry their types",
  "INVALID ENCODING": "save the file as UTF-8",
};

/** Throws unreadable_body, naming the first lines DuckDB could not read, if it recorded any. */
async function refuseRejectedRows(connection: DuckDBConnection, rejects: RejectTables): Promise<void> {
  const reader = await connection.runAndReadAll(
    `WITH rejected AS (SELECT * FROM ${quoteIdentifier(rejects.errors)})
     SELECT line::DOUBLE AS line, error_type::VARCHAR AS error_type, error_message, csv_line,
            (SELECT count(DISTINCT line) FROM rejected)::DOUBLE AS lines, (SELECT count(*) FROM rejected)::DOUBLE AS records
       FROM rejected QUALIFY row_number() OVER (PARTITION BY line ORDER BY column_idx) = 1 ORDER BY line LIMIT 3`,
  );
  await connection.run(`DROP TABLE ${quoteIdentifier(rejects.errors)}`);
  await connection.run(`DROP TABLE ${quoteIdentifier(rejects.scans)}`);
  const rows = reader.getRowObjectsJS() as {
    line: number;
    error_type: string;
    error_message: string;
    csv_line: string | null;
    lines: number;
    records: number;
  }[];
  if (rows.length === 0) return;
  const { lines, records } = rows[0];
  const count = `${records >= rejectLimit ? "at least " : ""}${lines} ${lines === 1 ? "line" : "lines"}`;
  const shown = rows
    .map((row) => `line ${row.line}: ${row.error_message}${row.csv_line === null ? "" : ` in ${JSON.stringify(shortened(row.csv_line))}`}`)
    .join("; ");
  const fixes = [...new Set(rows.map((row) => rejectAdvice[row.error_type] ?? "correct those lines"))].join("; ");
  throw new SlicewiseError("unreadable_body", `the csv upload is malformed: ${count} cannot be read (${shown}); ${fixes}. Nothing was stored`);
}

function shortened(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

function reportQueryProgress(connection: DuckDBConnection, onProgress: ProgressListener): void {
  const percentage = connection.progress.percentage;
  if (percentage >= 0) onProgress({ done: percentage, total: 100, unit: "percent" });
}

/**
 * DuckDB's reason, without what it says of the server: the statement it ran (after "LINE 1:")
 * and the path of the file the upload was written to.
 */
function unreadable(format: string, error: unknown, path: string): SlicewiseError {
  if (error instanceof SlicewiseError) return error;
  const message = (error instanceof Error ? error.message : String(error))
    .split(/\n\s*LINE \d+:/)[0]
    .replaceAll(`'${path}'`, "the upload")
    .replaceAll(`"${path}"`, "the upload")
    .replaceAll(path, "the upload");
  return new SlicewiseError("unreadable_body", `the ${format} upload could not be read: ${message.replace(/\s+/g, " ").trim().slice(0, 500)}`);
}
