// Appends Arrow record batches to a DuckDB table column-wise: fixed-width columns are copied
// into DuckDB's vectors as whole buffers, strings and blobs from their UTF-8/byte slices —
// no row objects, no per-value JS conversion for numbers.
import duckdb from "@duckdb/node-bindings";
import { DuckDBConnection, DuckDBDataChunk } from "@duckdb/node-api";
import { Data, DataType, Precision, RecordBatch, Schema, Type, makeVector } from "apache-arrow";
import { SlicewiseError } from "../../core";
import { quoteIdentifier } from "./database";

interface ColumnPlan {
  sql: string;
  duckType: duckdb.Type;
  /** Bytes per value for columns copied as whole buffers; 0 for the others. */
  width: number;
  write: "copy" | "boolean" | "bytes" | "dictionary" | "json" | "timestamp" | "null" | "list" | "struct";
  /** A list's item, or a struct's fields (named as in `names`). */
  children?: ColumnPlan[];
  names?: string[];
}

function planColumn(name: string, type: DataType): ColumnPlan {
  const copy = (sql: string, duckType: duckdb.Type, width: number): ColumnPlan => ({ sql, duckType, width, write: "copy" });
  switch (type.typeId) {
    case Type.Int:
    case Type.Int8:
    case Type.Int16:
    case Type.Int32:
    case Type.Int64:
    case Type.Uint8:
    case Type.Uint16:
    case Type.Uint32:
    case Type.Uint64: {
      if (!DataType.isInt(type)) break;
      const { bitWidth, isSigned } = type;
      const byWidth: Record<number, [string, duckdb.Type]> = {
        8: isSigned ? ["TINYINT", duckdb.Type.TINYINT] : ["UTINYINT", duckdb.Type.UTINYINT],
        16: isSigned ? ["SMALLINT", duckdb.Type.SMALLINT] : ["USMALLINT", duckdb.Type.USMALLINT],
        32: isSigned ? ["INTEGER", duckdb.Type.INTEGER] : ["UINTEGER", duckdb.Type.UINTEGER],
        64: isSigned ? ["BIGINT", duckdb.Type.BIGINT] : ["UBIGINT", duckdb.Type.UBIGINT],
      };
      const [sql, duckType] = byWidth[bitWidth];
      return copy(sql, duckType, bitWidth / 8);
    }
    case Type.Float:
    case Type.Float32:
    case Type.Float64: {
      if (!DataType.isFloat(type) || type.precision === Precision.HALF) break; // half floats: no DuckDB counterpart
      return type.precision === Precision.SINGLE ? copy("FLOAT", duckdb.Type.FLOAT, 4) : copy("DOUBLE", duckdb.Type.DOUBLE, 8);
    }
    case Type.Bool:
      return { sql: "BOOLEAN", duckType: duckdb.Type.BOOLEAN, width: 0, write: "boolean" };
    case Type.Null:
      // A column without a value (pyarrow's and our uploads' type of an all-null column): kept,
      // typed NULL, so that metrics and test cases read its values as null.
      return { sql: '"NULL"', duckType: duckdb.Type.SQLNULL, width: 0, write: "null" };
    case Type.Utf8:
    case Type.LargeUtf8:
      return { sql: "VARCHAR", duckType: duckdb.Type.VARCHAR, width: 0, write: "bytes" };
    case Type.Binary:
    case Type.LargeBinary:
      return { sql: "BLOB", duckType: duckdb.Type.BLOB, width: 0, write: "bytes" };
    case Type.Dictionary:
      return { sql: "VARCHAR", duckType: duckdb.Type.VARCHAR, width: 0, write: "dictionary" };
    case Type.Timestamp:
    case Type.Date:
      return { sql: "TIMESTAMP", duckType: duckdb.Type.TIMESTAMP, width: 0, write: "timestamp" };
    case Type.List:
    case Type.FixedSizeList:
    case Type.Struct:
      return planNested(name, type) ?? asJson;
    case Type.Map:
      return asJson;
  }
  throw new SlicewiseError(
    "unreadable_body",
    `column "${name}" has the Arrow type ${type}, which slicewise cannot store; convert it to a number, string, boolean or binary column`,
  );
}

/** Nested values DuckDB gets no native column for here are kept as JSON text, which its json functions read. */
const asJson: ColumnPlan = { sql: "JSON", duckType: duckdb.Type.VARCHAR, width: 0, write: "json" };

/**
 * Lists and structs (boxes: list<struct<x_min, …, label, score>>) become DuckDB LIST and STRUCT
 * columns, written buffer by buffer like the flat ones; null when a part has no native plan (a map,
 * a struct with unusable field names), and the column is then kept as JSON.
 */
function planNested(name: string, type: DataType): ColumnPlan | null {
  const fields = type.children;
  // A fixed-size list (an embedding of 64 floats) is a list whose rows all have its size.
  if (DataType.isList(type) || DataType.isFixedSizeList(type)) {
    const item = planColumn(`${name}.item`, fields[0].type);
    if (item.write === "json") return null;
    return { sql: `${item.sql}[]`, duckType: duckdb.Type.LIST, width: 0, write: "list", children: [item] };
  }
  const names = fields.map((field) => field.name);
  if (names.some((field) => !field || field.trim() === "") || new Set(names.map((field) => field.toLowerCase())).size !== names.length) return null;
  const children = fields.map((field) => planColumn(`${name}.${field.name}`, field.type));
  if (children.length === 0 || children.some((child) => child.write === "json")) return null;
  const members = children.map((child, index) => `${quoteIdentifier(names[index])} ${child.sql}`);
  return { sql: `STRUCT(${members.join(", ")})`, duckType: duckdb.Type.STRUCT, width: 0, write: "struct", children, names };
}

/** DuckDB's logical type for a plan (nested ones built from their children's). */
function logicalType(plan: ColumnPlan): duckdb.LogicalType {
  if (plan.write === "list") return duckdb.create_list_type(logicalType(plan.children![0]));
  if (plan.write === "struct") return duckdb.create_struct_type(plan.children!.map(logicalType), plan.names!);
  return duckdb.create_logical_type(plan.duckType);
}

/** The CREATE TABLE statement for an Arrow schema, whose column names must be usable (checkColumnNames). */
export function createTableSql(tableName: string, schema: Schema): string {
  checkColumnNames(schema.fields.map((field) => field.name));
  const columns = schema.fields.map((field) => `${quoteIdentifier(field.name)} ${planColumn(field.name, field.type).sql}`);
  return `CREATE TABLE ${quoteIdentifier(tableName)} (${columns.join(", ")})`;
}

const chunkRows = duckdb.vector_size();

/**
 * Streams batches into `tableName` (already created with `createTableSql`). Returns the number
 * of rows appended; `onRows` hears the running total after each batch.
 */
export async function appendArrowBatches(
  connection: DuckDBConnection,
  tableName: string,
  schema: Schema,
  batches: AsyncIterable<RecordBatch> | Iterable<RecordBatch>,
  onRows?: (rows: number) => void,
): Promise<number> {
  const plans = schema.fields.map((field) => planColumn(field.name, field.type));
  const logicalTypes = plans.map(logicalType);
  const chunk = duckdb.create_data_chunk(logicalTypes);
  const appender = await connection.createAppender(tableName);
  let total = 0;
  try {
    for await (const batch of batches as AsyncIterable<RecordBatch>) {
      for (let start = 0; start < batch.numRows; start += chunkRows) {
        const count = Math.min(chunkRows, batch.numRows - start);
        duckdb.data_chunk_reset(chunk);
        plans.forEach((plan, column) => {
          const data = batch.getChildAt(column)!.data[0];
          writeColumn(duckdb.data_chunk_get_vector(chunk, column), plan, data, start, count);
        });
        duckdb.data_chunk_set_size(chunk, count);
        appender.appendDataChunk(new DuckDBDataChunk(chunk));
      }
      total += batch.numRows;
      onRows?.(total);
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
  return total;
}

function writeColumn(vector: duckdb.Vector, plan: ColumnPlan, data: Data, start: number, count: number): void {
  // A sliced Data (offset > 0) has its fixed-width values and its value offsets already sliced,
  // but its bit-packed buffers (booleans, validity) still start at bit 0.
  if (plan.write === "null") {
    // Arrow's Null data has no validity buffer (getValid says true): every row is marked null here.
    duckdb.vector_ensure_validity_writable(vector);
    const mask = new Uint8Array(Math.ceil(count / 64) * 8);
    duckdb.copy_data_to_vector_validity(vector, 0, mask.buffer, 0, mask.byteLength);
    return;
  }
  if (plan.write === "copy") {
    const values = data.values as ArrayBufferView & { BYTES_PER_ELEMENT: number };
    duckdb.copy_data_to_vector(vector, 0, values.buffer as ArrayBuffer, values.byteOffset + start * plan.width, count * plan.width);
  } else if (plan.write === "boolean") {
    const bits = data.values as Uint8Array;
    const bytes = new Uint8Array(count);
    for (let i = 0; i < count; i++) {
      const bit = data.offset + start + i;
      bytes[i] = (bits[bit >> 3] >> (bit & 7)) & 1;
    }
    duckdb.copy_data_to_vector(vector, 0, bytes.buffer, 0, count);
  } else if (plan.write === "list") {
    writeList(vector, plan.children![0], data, start, count);
  } else if (plan.write === "struct") {
    plan.children!.forEach((child, index) => writeColumn(duckdb.struct_vector_get_child(vector, index), child, data.children[index], start, count));
  } else if (plan.write === "bytes") {
    const offsets = data.valueOffsets as Int32Array | BigInt64Array;
    const values = data.values as Uint8Array;
    const narrow = narrowOffsets(offsets);
    if (narrow) {
      // A null slot is written as whatever its offsets span (usually nothing), then masked by the validity below.
      writeStrings(vector, values, narrow, start, count);
    } else {
      for (let i = 0; i < count; i++) {
        if (!data.getValid(start + i)) continue;
        const row = start + i;
        duckdb.vector_assign_string_element_len(vector, i, values.subarray(Number(offsets[row]), Number(offsets[row + 1])));
      }
    }
  } else {
    // Dictionary, timestamp and nested columns: rare and small, read value by value.
    const vectorOfData = makeReader(data);
    for (let i = 0; i < count; i++) {
      const value = vectorOfData(start + i);
      if (value === null || value === undefined) continue;
      if (plan.write === "timestamp") {
        const micros = BigInt(Math.round((value instanceof Date ? value.getTime() : Number(value)) * 1000));
        const buffer = new BigInt64Array([micros]);
        duckdb.copy_data_to_vector(vector, i * 8, buffer.buffer, 0, 8);
      } else {
        const text = plan.write === "json" ? JSON.stringify(toPlain(value)) : String(value);
        duckdb.vector_assign_string_element(vector, i, text);
      }
    }
  }
  writeValidity(vector, data, start, count);
}

/** The offsets as 32-bit numbers, with a stride: large_utf8's 64-bit offsets are read as their low words while all fit in 31 bits. */
interface NarrowOffsets {
  words: Int32Array;
  stride: 1 | 2;
}

function narrowOffsets(offsets: Int32Array | BigInt64Array): NarrowOffsets | null {
  if (offsets instanceof Int32Array) return { words: offsets, stride: 1 };
  // Offsets only grow, so the last one bounds them all (little-endian: the low word comes first).
  if (offsets.length === 0 || offsets[offsets.length - 1] >= 2n ** 31n || offsets[0] < 0n) return null;
  return { words: new Int32Array(offsets.buffer, offsets.byteOffset, offsets.length * 2), stride: 2 };
}

/** DuckDB's string_t is 16 bytes: a 32-bit length, then up to 12 bytes inline, else a prefix and a pointer. */
const stringBytes = 16;
const inlineLength = 12;
let stringScratch = new Uint8Array(0);

/**
 * A column whose offsets fit in 31 bits: strings of up to 12 bytes — labels,
 * regions, devices — are written as inline string_t values in one copy per chunk, with no N-API call
 * per value; longer ones still go one call each, since DuckDB must own the bytes they point to.
 */
function writeStrings(vector: duckdb.Vector, values: Uint8Array, { words, stride }: NarrowOffsets, start: number, count: number): void {
  if (stringScratch.length < count * stringBytes) stringScratch = new Uint8Array(count * stringBytes);
  const scratch = stringScratch;
  // Inline strings compare as whole 16-byte words, so the bytes past the string must be zero.
  scratch.fill(0, 0, count * stringBytes);
  const lengths = new DataView(scratch.buffer);
  let long = 0;
  for (let i = 0, at = start * stride; i < count; i++, at += stride) {
    const from = words[at];
    const length = words[at + stride] - from;
    if (length > inlineLength) {
      long += 1;
      continue;
    }
    const to = i * stringBytes;
    lengths.setUint32(to, length, true);
    for (let b = 0; b < length; b++) scratch[to + 4 + b] = values[from + b];
  }
  if (long < count) duckdb.copy_data_to_vector(vector, 0, scratch.buffer, 0, count * stringBytes);
  if (long === 0) return;
  for (let i = 0, at = start * stride; i < count; i++, at += stride)
    if (words[at + stride] - words[at] > inlineLength) duckdb.vector_assign_string_element_len(vector, i, values.subarray(words[at], words[at + stride]));
}

/**
 * A list column's rows start…start+count: DuckDB's entries (a 64-bit offset and length per row,
 * into the child vector) and, in the child, the items those rows hold — one run of Arrow's child.
 */
function writeList(vector: duckdb.Vector, item: ColumnPlan, data: Data, start: number, count: number): void {
  // A fixed-size list has no offsets: row r's items start at r × size of its (already sliced) child.
  const offsets = DataType.isFixedSizeList(data.type) ? fixedOffsets(data.type.listSize, start + count) : (data.valueOffsets as Int32Array);
  const first = offsets[start];
  const items = offsets[start + count] - first;
  // Little-endian 64-bit words written as their low halves: offsets and lengths stay below 2³¹.
  const entries = new Uint32Array(count * 4);
  for (let i = 0; i < count; i++) {
    entries[4 * i] = offsets[start + i] - first;
    entries[4 * i + 2] = offsets[start + i + 1] - offsets[start + i];
  }
  duckdb.copy_data_to_vector(vector, 0, entries.buffer, 0, entries.byteLength);
  duckdb.list_vector_reserve(vector, items);
  duckdb.list_vector_set_size(vector, items);
  if (items > 0) writeColumn(duckdb.list_vector_get_child(vector), item, data.children[0], first, items);
}

function fixedOffsets(size: number, rows: number): Int32Array {
  const offsets = new Int32Array(rows + 1);
  for (let row = 0; row <= rows; row++) offsets[row] = row * size;
  return offsets;
}

function makeReader(data: Data): (index: number) => unknown {
  // A one-chunk Vector over the Data gives Arrow's own decoding of dictionaries and nested types.
  const vector = makeVector(data);
  return (index) => vector.get(index);
}

function toPlain(value: unknown): unknown {
  if (value && typeof value === "object" && "toJSON" in value && typeof (value as { toJSON: unknown }).toJSON === "function")
    return toPlain((value as { toJSON(): unknown }).toJSON());
  if (Array.isArray(value)) return value.map(toPlain);
  if (typeof value === "bigint") return Number(value);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, toPlain(inner)]));
  return value;
}

function writeValidity(vector: duckdb.Vector, data: Data, start: number, count: number): void {
  if (data.nullCount === 0) return;
  // DuckDB's validity mask is little-endian 64-bit words, bit i = row i valid: Arrow's layout.
  const mask = new Uint8Array(Math.ceil(count / 64) * 8);
  for (let i = 0; i < count; i++) if (data.getValid(start + i)) mask[i >> 3] |= 1 << (i & 7);
  duckdb.vector_ensure_validity_writable(vector);
  duckdb.copy_data_to_vector_validity(vector, 0, mask.buffer, 0, mask.byteLength);
}

/**
 * Every column needs a name, and no two the same: DuckDB compares names without case, so
 * "Label" and "label" are the same column. Arrow allows both; a table cannot hold them.
 */
export function checkColumnNames(names: (string | null)[]): void {
  const seen = new Map<string, string>();
  names.forEach((name, index) => {
    // The Arrow library reads an empty name back as null.
    if (name === null || name.trim() === "")
      throw new SlicewiseError("unreadable_body", `column ${index + 1} of the upload has an empty column name; give every column a name`);
    const earlier = seen.get(name.toLowerCase());
    if (earlier !== undefined)
      throw new SlicewiseError(
        "unreadable_body",
        `the column name "${name}" is used twice in the upload${earlier === name ? "" : ` (as "${earlier}" too: column names ignore case)`}; give every column its own name`,
      );
    seen.set(name.toLowerCase(), name);
  });
}
