// Reading a DuckDB chunk's column from its vector's memory: the same values node-api's converter
// gives, on a real in-memory DuckDB, for every type the statistics statements return.
import { DuckDBConnection, DuckDBInstance, JSDuckDBValueConverter } from "@duckdb/node-api";
import { readChunkColumn, readsDirectly } from "../../src/platform/engines/duckdbVectors";

let connection: DuckDBConnection;

beforeAll(async () => {
  connection = await (await DuckDBInstance.create(":memory:")).connect();
});

afterAll(() => connection.closeSync());

/** Every column of a statement, read both ways over all its chunks. */
async function bothWays(sql: string) {
  const result = await connection.run(sql);
  const types = result.columnTypes();
  const chunks = await result.fetchAllChunks();
  return result.columnNames().map((name, column) => ({
    name,
    direct: readsDirectly(types[column]),
    read: chunks.flatMap((chunk) => {
      const values = new Array<unknown>(chunk.rowCount);
      readChunkColumn(chunk, column, types[column], values);
      return values;
    }),
    converted: chunks.flatMap((chunk) => chunk.convertColumnValues(column, JSDuckDBValueConverter)),
  }));
}

test("numbers, booleans and text, nulls among them, read as node-api converts them", async () => {
  const columns = await bothWays(`
    SELECT * FROM (VALUES
      (-3::TINYINT, -300::SMALLINT, -70000::INTEGER, 200::UTINYINT, 60000::USMALLINT, 4000000000::UINTEGER,
       1.5::FLOAT, -0.1::DOUBLE, true, 'east', 'a text longer than twelve bytes', 'größe'),
      (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
      (127::TINYINT, 32767::SMALLINT, 2147483647::INTEGER, 0::UTINYINT, 0::USMALLINT, 0::UINTEGER,
       'NaN'::FLOAT, 'inf'::DOUBLE, false, '', 'ünïcödé text that is long', 'twelve bytes')
    ) AS t(i8, i16, i32, u8, u16, u32, f32, f64, flag, short, long, accented)`);
  for (const { name, direct, read, converted } of columns) {
    expect({ name, direct }).toEqual({ name, direct: true });
    expect({ name, read }).toEqual({ name, read: converted });
  }
  expect(columns.find((column) => column.name === "accented")!.read).toEqual(["größe", null, "twelve bytes"]);
});

test("64-bit integers as the nearest Number, where node-api gives a bigint", async () => {
  const [signed, unsigned] = await bothWays(`
    SELECT * FROM (VALUES (-1::BIGINT, 1::UBIGINT), (-4294967297::BIGINT, 4294967296::UBIGINT), (NULL, NULL),
      (9007199254740993::BIGINT, 18446744073709551615::UBIGINT)) AS t(i64, u64)`);
  expect(signed.read).toEqual([-1, -4294967297, null, 9007199254740992]);
  expect(signed.read).toEqual(signed.converted.map((value) => (value === null ? null : Number(value))));
  expect(unsigned.read).toEqual([1, 4294967296, null, 18446744073709551616]);
  expect(unsigned.read).toEqual(unsigned.converted.map((value) => (value === null ? null : Number(value))));
});

test("lists of numbers or text, a null list and null elements, over several chunks", async () => {
  const columns = await bothWays(`
    SELECT CASE WHEN r % 5 = 0 THEN NULL ELSE [r * 0.5, NULL, r]::DOUBLE[] END AS numbers,
           CASE WHEN r % 7 = 0 THEN [] ELSE ['label ' || (r % 3), NULL] END AS labels,
           r::INTEGER AS r
    FROM range(5000) AS t(r)`);
  for (const { name, direct, read, converted } of columns) {
    expect({ name, direct }).toEqual({ name, direct: true });
    expect({ name, read }).toEqual({ name, read: converted });
  }
  expect(columns[0].read.slice(0, 2)).toEqual([null, [0.5, null, 1]]);
  expect(columns[1].read[4999]).toEqual(["label 1", null]);
});

test("other types go through node-api's converter", async () => {
  const columns = await bothWays(`SELECT {'a': 1} AS s, 12.5::DECIMAL(5, 2) AS d, DATE '2026-12-05' AS day, [[1]] AS nested`);
  expect(columns.map((column) => column.direct)).toEqual([false, false, false, false]);
  for (const { read, converted } of columns) expect(read).toEqual(converted);
  expect(columns[0].read).toEqual([{ a: 1 }]);
});

test("short texts repeated many times, and more distinct ones than the reader keeps, read as they are", async () => {
  // 5,000 rows cycling through 600 distinct texts of 1–12 bytes (some non-ASCII): the reader keeps 256 lately read,
  // so texts come back from it and are made anew after another took their place.
  const [column] = await bothWays(`
    SELECT CASE WHEN r % 3 = 0 THEN 'ü' || (r % 600) ELSE 'k' || (r % 600) || repeat('x', (r % 600) % 7) END AS key
    FROM range(5000) t(r)`);
  expect(column.direct).toBe(true);
  expect(column.read).toEqual(column.converted);
  expect(new Set(column.read).size).toBe(600);
  expect(column.read.slice(0, 4)).toEqual(["ü0", "k1x", "k2xx", "ü3"]);
});
