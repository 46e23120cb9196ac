// Reads a column of a DuckDB result chunk straight from its vector's memory (the C API's data and
// validity buffers, through @duckdb/node-bindings): numbers, booleans, text and lists of those.
// node-api's converters test each value's validity bit with BigInt arithmetic, which allocates; at
// 100k datapoints the statistics statement's 37k rows took 24 ms to convert and left much of an
// evaluation's garbage. Here a value costs a typed-array read. Other types go through node-api.
import duckdb from "@duckdb/node-bindings";
import { DuckDBDataChunk, DuckDBListType, DuckDBType, DuckDBTypeId, JSDuckDBValueConverter } from "@duckdb/node-api";
import { endianness } from "node:os";
import { NumberColumn } from "./engine";

/** The numbers of a fixed-width vector of `count` values, from its data buffer (typed views, as node-api makes them). */
const numberViews: Partial<Record<DuckDBTypeId, (data: Uint8Array, count: number) => ArrayLike<number>>> = {
  [DuckDBTypeId.TINYINT]: (data, count) => new Int8Array(data.buffer, data.byteOffset, count),
  [DuckDBTypeId.SMALLINT]: (data, count) => new Int16Array(data.buffer, data.byteOffset, count),
  [DuckDBTypeId.INTEGER]: (data, count) => new Int32Array(data.buffer, data.byteOffset, count),
  [DuckDBTypeId.UTINYINT]: (data, count) => new Uint8Array(data.buffer, data.byteOffset, count),
  [DuckDBTypeId.USMALLINT]: (data, count) => new Uint16Array(data.buffer, data.byteOffset, count),
  [DuckDBTypeId.UINTEGER]: (data, count) => new Uint32Array(data.buffer, data.byteOffset, count),
  [DuckDBTypeId.FLOAT]: (data, count) => new Float32Array(data.buffer, data.byteOffset, count),
  [DuckDBTypeId.DOUBLE]: (data, count) => new Float64Array(data.buffer, data.byteOffset, count),
  [DuckDBTypeId.BIGINT]: (data, count) => wideIntegers(data, count, true),
  [DuckDBTypeId.UBIGINT]: (data, count) => wideIntegers(data, count, false),
};

/** Bytes per value in a vector's data buffer, for the types read here. */
const widths: Partial<Record<DuckDBTypeId, number>> = {
  [DuckDBTypeId.BOOLEAN]: 1,
  [DuckDBTypeId.TINYINT]: 1,
  [DuckDBTypeId.UTINYINT]: 1,
  [DuckDBTypeId.SMALLINT]: 2,
  [DuckDBTypeId.USMALLINT]: 2,
  [DuckDBTypeId.INTEGER]: 4,
  [DuckDBTypeId.UINTEGER]: 4,
  [DuckDBTypeId.FLOAT]: 4,
  [DuckDBTypeId.BIGINT]: 8,
  [DuckDBTypeId.UBIGINT]: 8,
  [DuckDBTypeId.DOUBLE]: 8,
  [DuckDBTypeId.VARCHAR]: 16, // duckdb_string_t
  [DuckDBTypeId.LIST]: 16, // duckdb_list_entry: offset and length, 64 bits each
};

const text = new TextDecoder();

/** The validity bits and the 64-bit halves below are read as little-endian memory lays them out. */
const littleEndian = endianness() === "LE";

/** Whether readChunkNumbers reads a column of `type`: fixed-width numbers, 64-bit integers among them. */
export function readsNumbers(type: DuckDBType): boolean {
  return littleEndian && numberViews[type.typeId] !== undefined;
}

/** Writes a chunk's column of numbers (readsNumbers) into `into` from row `at` on: each value, and 1 where there is one. */
export function readChunkNumbers(chunk: DuckDBDataChunk, column: number, type: DuckDBType, into: NumberColumn, at: number): void {
  const count = chunk.rowCount;
  if (count === 0) return;
  const vector = duckdb.data_chunk_get_vector(chunk.chunk, column);
  const validity = validityOf(vector, count);
  const view = numberViews[type.typeId]!(duckdb.vector_get_data(vector, count * widths[type.typeId]!), count);
  into.values.set(view, at);
  for (let i = 0; i < count; i++) into.valid[at + i] = isValid(validity, i) ? 1 : 0;
}

/** Whether this reader can read a column of `type` (else the caller converts it with node-api). */
export function readsDirectly(type: DuckDBType): boolean {
  if (!littleEndian) return false;
  if (type.typeId === DuckDBTypeId.LIST) {
    const child = (type as DuckDBListType).valueType;
    return child.typeId !== DuckDBTypeId.LIST && readsDirectly(child);
  }
  return widths[type.typeId] !== undefined;
}

/**
 * Writes a chunk's column into `into` from index `at` on, as JS values: numbers (BIGINT and
 * UBIGINT as the nearest Number, as `Number()` gives them), booleans, strings, arrays for lists,
 * null for a missing value. Types readsDirectly refuses come from node-api's converter (BIGINT
 * there as bigint).
 */
export function readChunkColumn(chunk: DuckDBDataChunk, column: number, type: DuckDBType, into: unknown[], at = 0): void {
  if (readsDirectly(type)) {
    readVector(duckdb.data_chunk_get_vector(chunk.chunk, column), type, chunk.rowCount, into, at);
    return;
  }
  const values = chunk.convertColumnValues(column, JSDuckDBValueConverter);
  for (let i = 0; i < values.length; i++) into[at + i] = values[i];
}

function readVector(vector: duckdb.Vector, type: DuckDBType, count: number, into: unknown[], at: number): void {
  if (count === 0) return;
  const validity = validityOf(vector, count);
  const data = duckdb.vector_get_data(vector, count * widths[type.typeId]!);
  const numbers = numberViews[type.typeId];
  if (numbers) {
    const view = numbers(data, count);
    for (let i = 0; i < count; i++) into[at + i] = isValid(validity, i) ? view[i] : null;
  } else if (type.typeId === DuckDBTypeId.BOOLEAN) {
    for (let i = 0; i < count; i++) into[at + i] = isValid(validity, i) ? data[i] !== 0 : null;
  } else if (type.typeId === DuckDBTypeId.VARCHAR) {
    const words = new Uint32Array(data.buffer, data.byteOffset, count * 4);
    for (let i = 0; i < count; i++) {
      if (!isValid(validity, i)) {
        into[at + i] = null;
        continue;
      }
      const length = words[4 * i];
      const string = 16 * i;
      // Up to 12 bytes are inline after the length; longer text is behind the pointer at byte 8.
      into[at + i] =
        length <= 12
          ? shortTexts.text(data, string + 4, length)
          : text.decode(duckdb.get_data_from_pointer(data.buffer as ArrayBuffer, data.byteOffset + string + 8, length));
    }
  } else {
    // LIST: each entry's offset and length into the child vector (64-bit; a list of over 2^32 values is not read here).
    const words = new Uint32Array(data.buffer, data.byteOffset, count * 4);
    const childCount = duckdb.list_vector_get_size(vector);
    const children = new Array<unknown>(childCount);
    readVector(duckdb.list_vector_get_child(vector), (type as DuckDBListType).valueType, childCount, children, 0);
    for (let i = 0; i < count; i++) into[at + i] = isValid(validity, i) ? children.slice(words[4 * i], words[4 * i] + words[4 * i + 2]) : null;
  }
}

/**
 * Short texts lately read, by a hash of their bytes. A GROUP BY's answer repeats a few keys
 * thousands of times, and each string made anew cost several allocations (some 2 MB of a 100k
 * evaluation's garbage); a text is made again only when another one took its slot.
 */
class ShortTextCache {
  private static readonly slots = 256;
  private readonly bytes = new Uint8Array(ShortTextCache.slots * 12);
  private readonly lengths = new Int8Array(ShortTextCache.slots).fill(-1);
  private readonly texts = new Array<string>(ShortTextCache.slots).fill("");

  /** The text of the `length` (≤ 12) UTF-8 bytes of `data` from `at` on. */
  text(data: Uint8Array, at: number, length: number): string {
    let hash = 0x811c9dc5 ^ length;
    for (let b = 0; b < length; b++) hash = Math.imul(hash ^ data[at + b], 0x01000193);
    const slot = (hash >>> 0) % ShortTextCache.slots;
    if (this.lengths[slot] === length && this.holds(slot, data, at, length)) return this.texts[slot];
    const text = shortText(data, at, length);
    this.lengths[slot] = length;
    for (let b = 0; b < length; b++) this.bytes[slot * 12 + b] = data[at + b];
    this.texts[slot] = text;
    return text;
  }

  private holds(slot: number, data: Uint8Array, at: number, length: number): boolean {
    for (let b = 0; b < length; b++) if (this.bytes[slot * 12 + b] !== data[at + b]) return false;
    return true;
  }
}

const shortTexts = new ShortTextCache();

/** UTF-8 bytes as text; ASCII without a TextDecoder call, which costs some 10× more for a short string. */
function shortText(data: Uint8Array, at: number, length: number): string {
  let ascii = "";
  for (let b = at; b < at + length; b++) {
    if (data[b] >= 0x80) return text.decode(data.subarray(at, at + length));
    ascii += String.fromCharCode(data[b]);
  }
  return ascii;
}

/** The vector's validity mask (none: every value is there). */
function validityOf(vector: duckdb.Vector, count: number): Uint8Array | null {
  return duckdb.vector_get_validity(vector, Math.ceil(count / 64) * 8) || null;
}

/**
 * Whether value i is there: bit i of the mask. A function of the mask rather than a closure made
 * per chunk, which optimized loops calling it would expect to be that very one.
 */
function isValid(validity: Uint8Array | null, i: number): boolean {
  return validity === null || ((validity[i >> 3] >> (i & 7)) & 1) === 1;
}

/** 64-bit integers as Numbers: high half × 2^32 + low half, one rounding as Number(bigint) does. */
function wideIntegers(data: Uint8Array, count: number, signed: boolean): Float64Array {
  const low = new Uint32Array(data.buffer, data.byteOffset, count * 2);
  const high = signed ? new Int32Array(data.buffer, data.byteOffset, count * 2) : low;
  const numbers = new Float64Array(count);
  for (let i = 0; i < count; i++) numbers[i] = high[2 * i + 1] * 4294967296 + low[2 * i];
  return numbers;
}
