// The embedded engine's reading of lists of numbers (detection's boxes at scale), and the dialect's
// text places it reads labels by, on a real in-memory DuckDB.
import { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { duckdbDialect } from "../../src/platform/engines/dialect";
import { duckdbEngine } from "../../src/platform/engines/duckdbEngine";
import { Engine } from "../../src/platform/engines/engine";

let connection: DuckDBConnection;
let engine: Engine;

beforeAll(async () => {
  connection = await (await DuckDBInstance.create(":memory:")).connect();
  engine = duckdbEngine(connection);
});

afterAll(() => connection.closeSync());

const rowsOf = (lists: { start: Int32Array; columns: Float64Array[] }, column: number) =>
  Array.from({ length: lists.start.length - 1 }, (_, r) => Array.from(lists.columns[column].subarray(lists.start[r], lists.start[r + 1])));

test("each row's elements land in row order whatever order the rows come in; a missing row is empty, null is NaN", async () => {
  const lists = await engine.readNumberLists!(`SELECT * FROM (VALUES (3, [7.5, 8.0], [1.0, 2.0]), (0, [1.0], [NULL]), (1, [], [])) AS t(r, a, b)`, "r", 5, [
    "a",
    "b",
  ]);
  expect(Array.from(lists.start)).toEqual([0, 1, 1, 1, 3, 3]);
  expect(rowsOf(lists, 0)).toEqual([[1], [], [], [7.5, 8], []]);
  expect(rowsOf(lists, 1)).toEqual([[NaN], [], [], [1, 2], []]);
  expect(lists.columns[0].buffer).toBeInstanceOf(SharedArrayBuffer);
});

test("a null list is read as an empty one", async () => {
  const rows = 5000;
  const lists = await engine.readNumberLists!(`SELECT r, CASE WHEN r % 3 = 1 THEN NULL ELSE [r, r + 0.5] END AS a FROM range(${rows}) AS t(r)`, "r", rows, [
    "a",
  ]);
  expect(lists.start[rows]).toBe(2 * 3333); // 1,667 of the 5,000 rows are null
  expect(rowsOf(lists, 0).slice(0, 4)).toEqual([[0, 0.5], [], [2, 2.5], [3, 3.5]]);
});

test("rows over several chunks (DuckDB's are 2,048 rows) keep their elements", async () => {
  const rows = 5000;
  const lists = await engine.readNumberLists!(
    `SELECT r, [r * 10 + k FOR k IN range(r % 4)]::DOUBLE[] AS a FROM range(${rows}) AS t(r) ORDER BY hash(r)`,
    "r",
    rows,
    ["a"],
  );
  expect(lists.start[rows]).toBe((0 + 1 + 2 + 3) * (rows / 4));
  expect(rowsOf(lists, 0)[4999]).toEqual([49990, 49991, 49992]);
  expect(rowsOf(lists, 0)[2050]).toEqual([20500, 20501]);
});

test("a row twice, a row out of range, or lists of two lengths in a row are refused", async () => {
  await expect(engine.readNumberLists!(`SELECT * FROM (VALUES (1, [1.0]), (1, [2.0])) AS t(r, a)`, "r", 3, ["a"])).rejects.toThrow(
    /row 1 is not one of 0 … 2 once/,
  );
  await expect(engine.readNumberLists!(`SELECT * FROM (VALUES (3, [1.0])) AS t(r, a)`, "r", 3, ["a"])).rejects.toThrow(/row 3 is not one of/);
  await expect(engine.readNumberLists!(`SELECT * FROM (VALUES (0, [1.0], [1.0, 2.0])) AS t(r, a, b)`, "r", 1, ["a", "b"])).rejects.toThrow(/differ in length/);
});

test("a text's place among distinct texts, quotes and all; NULL where it is none of them", async () => {
  const place = (text: string) => duckdbDialect.placeAmong(duckdbDialect.literal(text), ["cat", "it's", "zebra"]);
  const [row] = await engine.readRows(`SELECT ${place("cat")} AS cat, ${place("it's")} AS quoted, ${place("zebra")} AS last, ${place("dog")} AS none`);
  expect(row).toEqual({ cat: 0, quoted: 1, last: 2, none: null });
});
