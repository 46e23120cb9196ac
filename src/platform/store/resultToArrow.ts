// Converts a DuckDB query result to an Arrow table, keeping each column's type (integers stay
// integers, BLOBs stay binary) so the samples table arrives as uploaded.
import { DuckDBResultReader, DuckDBTypeId } from "@duckdb/node-api";
import {
  Binary,
  Bool,
  DataType,
  Float32,
  Float64,
  Int16,
  Int32,
  Int64,
  Int8,
  Table,
  TimestampMillisecond,
  Uint16,
  Uint32,
  Uint64,
  Uint8,
  Utf8,
  makeVector,
  vectorFromArray,
} from "apache-arrow";

/** The typed arrays a column without nulls is copied into, one per numeric DuckDB type. */
type NumericArray = Int8Array | Int16Array | Int32Array | BigInt64Array | Uint8Array | Uint16Array | Uint32Array | BigUint64Array | Float32Array | Float64Array;

type Converter = { type: DataType; typed?: new (length: number) => NumericArray };

function converterFor(typeId: DuckDBTypeId): Converter {
  switch (typeId) {
    case DuckDBTypeId.BOOLEAN:
      return { type: new Bool() };
    case DuckDBTypeId.TINYINT:
      return { type: new Int8(), typed: Int8Array };
    case DuckDBTypeId.SMALLINT:
      return { type: new Int16(), typed: Int16Array };
    case DuckDBTypeId.INTEGER:
      return { type: new Int32(), typed: Int32Array };
    case DuckDBTypeId.BIGINT:
      return { type: new Int64(), typed: BigInt64Array };
    case DuckDBTypeId.UTINYINT:
      return { type: new Uint8(), typed: Uint8Array };
    case DuckDBTypeId.USMALLINT:
      return { type: new Uint16(), typed: Uint16Array };
    case DuckDBTypeId.UINTEGER:
      return { type: new Uint32(), typed: Uint32Array };
    case DuckDBTypeId.UBIGINT:
      return { type: new Uint64(), typed: BigUint64Array };
    case DuckDBTypeId.FLOAT:
      return { type: new Float32(), typed: Float32Array };
    case DuckDBTypeId.DOUBLE:
    case DuckDBTypeId.DECIMAL:
    case DuckDBTypeId.HUGEINT:
      return { type: new Float64(), typed: Float64Array };
    case DuckDBTypeId.BLOB:
      return { type: new Binary() };
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.DATE:
      return { type: new TimestampMillisecond() };
    default:
      return { type: new Utf8() };
  }
}

export function resultToArrow(result: DuckDBResultReader): Table {
  const names = result.columnNames();
  const types = result.columnTypes();
  const columns = result.getColumnsJS();
  const vectors = Object.fromEntries(
    names.map((name, index) => {
      const converter = converterFor(types[index].typeId);
      const values = (columns[index] ?? []) as unknown[];
      return [name, toVector(values, converter)];
    }),
  );
  if (names.length === 0) return new Table();
  return new Table(vectors);
}

function toVector(values: unknown[], converter: Converter) {
  const hasNull = values.some((value) => value === null || value === undefined);
  if (converter.typed && !hasNull) {
    const typed = new converter.typed(values.length);
    if (typed instanceof BigInt64Array || typed instanceof BigUint64Array) for (let i = 0; i < values.length; i++) typed[i] = BigInt(values[i] as bigint);
    else for (let i = 0; i < values.length; i++) typed[i] = Number(values[i]);
    return makeVector(typed);
  }
  if (converter.type instanceof Utf8) {
    return vectorFromArray(
      values.map((value) => (value === null || value === undefined ? null : typeof value === "object" ? JSON.stringify(value, bigintToNumber) : String(value))),
      new Utf8(),
    );
  }
  if (converter.type instanceof TimestampMillisecond)
    return vectorFromArray(
      values.map((value) => (value instanceof Date ? value.getTime() : (value ?? null))),
      converter.type,
    );
  if (converter.type instanceof Binary)
    return vectorFromArray(
      values.map((value) => (value == null ? null : new Uint8Array(value as Uint8Array))),
      converter.type,
    );
  return vectorFromArray(values, converter.type);
}

const bigintToNumber = (_key: string, value: unknown) => (typeof value === "bigint" ? Number(value) : value);
