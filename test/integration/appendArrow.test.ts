// Arrow tables whose columns are slices of larger buffers (Data.offset > 0) and come in several
// batches land in DuckDB with the right values: numbers, strings, booleans and nulls.
import { join } from "node:path";
import {
  Bool,
  Field,
  FixedSizeList,
  Float32,
  Float64,
  Int32,
  LargeUtf8,
  List,
  Struct,
  Table,
  Utf8,
  makeData,
  makeVector,
  tableFromArrays,
  vectorFromArray,
} from "apache-arrow";
import { Platform } from "../../src/platform";
import { makeTemporaryDirectory, removeTemporaryDirectory } from "../helpers/temporaryDirectory";

let directory: string;
let platform: Platform;

beforeAll(async () => {
  directory = makeTemporaryDirectory("slicewise-append-");
  platform = await Platform.open({ data: join(directory, "data") });
});

afterAll(() => {
  platform.close();
  removeTemporaryDirectory(directory);
});

test("a slice of a table (offset 3) uploads exactly the sliced rows", async () => {
  const whole = tableFromArrays({
    id: Int32Array.from({ length: 10 }, (_, i) => i),
    score: Float64Array.from({ length: 10 }, (_, i) => i / 10),
    name: ["a", "bb", "ccc", "d", "ee", "fff", "g", "hh", "iii", "j"],
  });
  const sliced = whole.slice(3, 8);
  await platform.uploadDataset("sliced", { format: "table", table: sliced });
  const rows = (await platform.samples("sliced", { limit: 10 })).toArray().map((row) => row.toJSON());
  expect(rows).toEqual([
    { id: 3, score: 0.3, name: "d" },
    { id: 4, score: 0.4, name: "ee" },
    { id: 5, score: 0.5, name: "fff" },
    { id: 6, score: 0.6, name: "g" },
    { id: 7, score: 0.7, name: "hh" },
  ]);
});

test("columns chunked differently, booleans and nulls included, keep their rows together", async () => {
  const id = vectorFromArray([1, 2, 3, 4, 5, 6], new Int32());
  const flag = vectorFromArray([true, null, false, true, false, true], new Bool())
    .slice(0, 3)
    .concat(vectorFromArray([true, false, true], new Bool()));
  const label = vectorFromArray(["x", null, "z"], new Utf8()).concat(vectorFromArray(["u", "v", null], new Utf8()));
  await platform.uploadDataset("chunked", { format: "table", table: new Table({ id, flag, label }) });
  const rows = (await platform.samples("chunked", { limit: 10 })).toArray().map((row) => row.toJSON());
  expect(rows).toEqual([
    { id: 1, flag: true, label: "x" },
    { id: 2, flag: null, label: null },
    { id: 3, flag: false, label: "z" },
    { id: 4, flag: true, label: "u" },
    { id: 5, flag: false, label: "v" },
    { id: 6, flag: true, label: null },
  ]);
});

test("a string column without nulls, longer than one DuckDB chunk, keeps every value in its row", async () => {
  const rows = 5000;
  const names = Array.from({ length: rows }, (_, i) => (i % 7 === 0 ? `a longer name that DuckDB does not inline, row ${i}` : `r${i}`));
  await platform.uploadDataset("long strings", {
    format: "table",
    table: tableFromArrays({ id: Int32Array.from({ length: rows }, (_, i) => i), name: names }),
  });
  const stored = (await platform.samples("long strings", { limit: rows })).toArray().map((row) => [row.id, row.name]);
  expect(stored).toEqual(names.map((name, i) => [i, name]));
});

test("strings of 0, 11, 12 and 13 bytes, multi-byte UTF-8 included, read back and compare as the same text (utf8 and large_utf8)", async () => {
  // DuckDB keeps strings of up to 12 bytes inline; the upload writes those itself, the rest through DuckDB.
  const texts = ["", "a", "eleven-byte", "twelve-bytes", "thirteen-byte", "épée", "ünïcødé-ok", "naïve-12byte"];
  const rows = 3 * 2048 + 5;
  // Shifted by one in each 2,048-row chunk, so no row sees the same text as in the chunk before.
  const names = Array.from({ length: rows }, (_, i) => texts[(i + Math.floor(i / 2048)) % texts.length]);
  await platform.uploadDataset("inline strings", {
    format: "table",
    table: new Table({
      id: vectorFromArray(Int32Array.from({ length: rows }, (_, i) => i)),
      name: vectorFromArray(names, new Utf8()),
      large: vectorFromArray(names, new LargeUtf8()),
    }),
  });
  const stored = (await platform.samples("inline strings", { limit: rows })).toArray().map((row) => [row.name, row.large]);
  expect(stored).toEqual(names.map((name) => [name, name]));
  for (const text of texts) {
    const expected = names.filter((name) => name === text).length;
    const matched = await platform.samples("inline strings", { where: { field: "name", op: "eq", value: text }, limit: rows });
    const matchedLarge = await platform.samples("inline strings", { where: { field: "large", op: "eq", value: text }, limit: rows });
    expect([text, matched.numRows, matchedLarge.numRows]).toEqual([text, expected, expected]);
  }
});

test("lists and structs, with null lists, null items and null fields, across chunks and from a slice, keep their values", async () => {
  const rows = 2 * 2048 + 11;
  const tags = Array.from({ length: rows }, (_, i) =>
    i % 5 === 0 ? null : Array.from({ length: i % 4 }, (_, k) => (k === 1 && i % 3 === 0 ? null : i * 10 + k)),
  );
  const where = Array.from({ length: rows }, (_, i) => (i % 7 === 0 ? null : { x: i / 2, name: i % 2 ? `p${i}` : null }));
  const pointType = new Struct([new Field("x", new Float64()), new Field("name", new Utf8())]);
  const whole = new Table({
    id: vectorFromArray(Int32Array.from({ length: rows }, (_, i) => i)),
    tags: vectorFromArray(tags, new List(new Field("item", new Int32(), true))),
    where: vectorFromArray(where, pointType),
  });
  const sliced = whole.slice(3);
  await platform.uploadDataset("nested", { format: "table", table: sliced });
  const stored = (await platform.samples("nested", { limit: rows, order_by: "id" })).toArray().map((row) => [row.id, row.tags, row.where]);
  const text = (value: unknown) => (value === null ? null : JSON.stringify(value));
  expect(stored).toEqual(tags.slice(3).map((list, i) => [i + 3, text(list), text(where[i + 3])]));
});

test("a fixed-size list (an embedding) lands as a list of its numbers, each row its own, across chunks and from a slice", async () => {
  const rows = 2048 + 5;
  // Row i holds (i, i + 0.5, -i): float32 keeps these exactly.
  const values = new Float32Array(rows * 3);
  for (let i = 0; i < rows; i++) values.set([i, i + 0.5, -i], 3 * i);
  const child = makeData({ type: new Float32(), length: values.length, nullCount: 0, data: values });
  const embedding = makeVector(makeData({ type: new FixedSizeList(3, new Field("item", new Float32(), false)), length: rows, nullCount: 0, child }));
  const whole = new Table({ id: vectorFromArray(Int32Array.from({ length: rows }, (_, i) => i)), embedding });
  await platform.uploadDataset("fixed", { format: "table", table: whole.slice(2) });
  const stored = await platform.samples("fixed", { limit: rows, order_by: "id" });
  expect(stored.numRows).toBe(rows - 2);
  expect([stored.get(0)?.id, JSON.parse(String(stored.get(0)?.embedding))]).toEqual([2, [2, 2.5, -2]]);
  expect([stored.get(2047)?.id, JSON.parse(String(stored.get(2047)?.embedding))]).toEqual([2049, [2049, 2049.5, -2049]]);
  // The projection reads it as an embedding (a list of numbers), not as JSON text.
  const projection = await platform.projectEmbedding("fixed", { embedding: "embedding" });
  expect(projection.numRows).toBe(rows - 2);
});
