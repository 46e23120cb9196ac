// Object-detection boxes in uploads (issue 17): Arrow list<struct>, NDJSON lists of objects, CSV
// cells of JSON text and Parquet lists all land in one stored form — corners in pixels, a label,
// a score, an ignore flag — and a malformed box is a coded error naming the row, its id and the
// field, with nothing stored.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { Field, Float64, Int32, List, Struct, Table, Utf8, makeVector, vectorFromArray } from "apache-arrow";
import { SlicewiseError } from "../../src/core";
import { Platform } from "../../src/platform";
import { makeTemporaryDirectory, removeTemporaryDirectory } from "../helpers/temporaryDirectory";

let directory: string;
let platform: Platform;

beforeAll(async () => {
  directory = makeTemporaryDirectory("slicewise-boxes-");
  platform = await Platform.open({ data: join(directory, "data") });
});

afterAll(() => {
  platform.close();
  removeTemporaryDirectory(directory);
});

interface StoredBox {
  x_min: number;
  y_min: number;
  x_max: number;
  y_max: number;
  label: string;
  score: number | null;
  ignore: boolean;
}

/** The stored boxes of each row, by id, as the samples route gives them (JSON text per cell). */
async function storedBoxes(dataset: string, column: string, model?: string): Promise<Record<number, StoredBox[] | null>> {
  const table = await platform.samples(dataset, { limit: 100, order_by: "id", ...(model ? { models: [model] } : {}) });
  const field = model ? `${model}.${column}` : column;
  return Object.fromEntries(
    table.toArray().map((row) => {
      const cell = row[field] as string | null;
      return [Number(row.id), cell === null ? null : (JSON.parse(cell) as StoredBox[])];
    }),
  );
}

const box = (x_min: number, y_min: number, x_max: number, y_max: number, label: string, extra: Partial<StoredBox> = {}): StoredBox => ({
  x_min,
  y_min,
  x_max,
  y_max,
  label,
  score: null,
  ignore: false,
  ...extra,
});

function writeFile(name: string, text: string): string {
  const path = join(directory, name);
  writeFileSync(path, text);
  return path;
}

/** Expects `upload` to fail with invalid_box, its message holding every part of `parts`, and `dataset` not to exist. */
async function expectInvalidBox(upload: Promise<unknown>, parts: string[], dataset: string): Promise<void> {
  const error = await upload.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(SlicewiseError);
  expect((error as SlicewiseError).code).toBe("invalid_box");
  expect((error as SlicewiseError).status).toBe(422);
  for (const part of parts) expect((error as SlicewiseError).message).toContain(part);
  expect(await platform.listDatasets()).not.toContain(dataset);
}

test("Arrow list<struct> boxes, as corners and as x, y, w, h, are stored as corners with a text label", async () => {
  const cornerType = new Struct([
    new Field("x_min", new Float64()),
    new Field("y_min", new Float64()),
    new Field("x_max", new Float64()),
    new Field("y_max", new Float64()),
    new Field("label", new Utf8()),
  ]);
  const gt = vectorFromArray(
    [[{ x_min: 10, y_min: 20, x_max: 30, y_max: 60, label: "cat" }], [], null, [{ x_min: 0, y_min: 0, x_max: 5.5, y_max: 5.5, label: "dog" }]],
    new List(new Field("item", cornerType, true)),
  );
  await platform.uploadDataset("arrow boxes", { format: "table", table: new Table({ id: makeVector(Int32Array.from([1, 2, 3, 4])), gt }) });
  expect(await storedBoxes("arrow boxes", "gt")).toEqual({
    1: [box(10, 20, 30, 60, "cat")],
    2: [],
    3: null,
    4: [box(0, 0, 5.5, 5.5, "dog")],
  });

  const sizeType = new Struct([
    new Field("x", new Float64()),
    new Field("y", new Float64()),
    new Field("w", new Float64()),
    new Field("h", new Float64()),
    new Field("label", new Int32()),
    new Field("score", new Float64()),
  ]);
  const pred = vectorFromArray(
    [[{ x: 10, y: 20, w: 20, h: 40, label: 3, score: 0.9 }], [{ x: 1, y: 2, w: 0, h: 0, label: 4, score: 0.25 }], [], []],
    new List(new Field("item", sizeType, true)),
  );
  await platform.uploadResults("arrow boxes", "detector", { format: "table", table: new Table({ id: makeVector(Int32Array.from([1, 2, 3, 4])), pred }) });
  expect(await storedBoxes("arrow boxes", "pred", "detector")).toEqual({
    1: [box(10, 20, 30, 60, "3", { score: 0.9 })],
    2: [box(1, 2, 1, 2, "4", { score: 0.25 })],
    3: [],
    4: [],
  });
});

test("NDJSON lists of objects and CSV cells of JSON text give the same stored boxes; iscrowd becomes ignore", async () => {
  const rows = [
    { id: 1, gt: [{ x: 1, y: 2, w: 3, h: 4, label: "person", iscrowd: 1 }] },
    { id: 2, gt: [{ x_min: 5, y_min: 6, x_max: 7, y_max: 8, label: "car" }] },
    { id: 3, gt: [] },
  ];
  const expected = { 1: [box(1, 2, 4, 6, "person", { ignore: true })], 2: [box(5, 6, 7, 8, "car")], 3: [] };
  const ndjson = writeFile("boxes.ndjson", rows.map((row) => JSON.stringify(row)).join("\n") + "\n");
  await platform.uploadDataset("ndjson boxes", { format: "ndjson", path: ndjson });
  expect(await storedBoxes("ndjson boxes", "gt")).toEqual(expected);

  const csvCell = (value: unknown) => `"${JSON.stringify(value).replaceAll('"', '""')}"`;
  const csv = writeFile("boxes.csv", ["id,gt", ...rows.map((row) => `${row.id},${csvCell(row.gt)}`)].join("\n") + "\n");
  await platform.uploadDataset("csv boxes", { format: "csv", path: csv });
  expect(await storedBoxes("csv boxes", "gt")).toEqual(expected);
});

test("Parquet list<struct> boxes are stored the same way", async () => {
  const path = join(directory, "boxes.parquet");
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  await connection.run(
    `COPY (SELECT * FROM (VALUES (1, [{'x_min': 1.0, 'y_min': 1.0, 'x_max': 9.0, 'y_max': 9.0, 'label': 'a', 'score': 0.5}]),
                                 (2, [{'x_min': 2.0, 'y_min': 2.0, 'x_max': 4.0, 'y_max': 3.0, 'label': 'b', 'score': 0.75}])) t(id, pred))
       TO '${path}' (FORMAT parquet)`,
  );
  connection.closeSync();
  instance.closeSync();
  await platform.uploadDataset("parquet boxes", { format: "parquet", path });
  expect(await storedBoxes("parquet boxes", "pred")).toEqual({ 1: [box(1, 1, 9, 9, "a", { score: 0.5 })], 2: [box(2, 2, 4, 3, "b", { score: 0.75 })] });
});

test("a malformed box is invalid_box naming the row, its id, the box and the field; nothing is stored", async () => {
  const upload = (name: string, cells: unknown[]) =>
    platform.uploadDataset(name, {
      format: "ndjson",
      path: writeFile(`${name}.ndjson`, cells.map((gt, index) => JSON.stringify({ id: 100 + index, gt })).join("\n") + "\n"),
    });
  const good = { x_min: 0, y_min: 0, x_max: 1, y_max: 1, label: "a" };
  await expectInvalidBox(
    upload("reversed", [[good], [good, { ...good, x_min: 9 }]]),
    ["row 2", "id 101", "box 2", "x_max (1", "less than x_min (9"],
    "reversed",
  );
  await expectInvalidBox(upload("unlabelled", [[good], [], [{ x: 1, y: 1, w: 2, h: 2 }]]), ["row 3", "id 102", "box 1", "has no label"], "unlabelled");
  await expectInvalidBox(upload("negative size", [[{ x: 1, y: 1, w: -2, h: 2, label: "a" }]]), ["row 1", "id 100", "w is negative"], "negative size");
  await expectInvalidBox(upload("no corner", [[{ x_min: 1, y_min: 1, x_max: 2, label: "a" }]]), ["row 1", "has no y_max"], "no corner");
  await expectInvalidBox(upload("text coordinate", [[{ ...good, y_min: "top" }]]), ["y_min is not a number (top)"], "text coordinate");
  await expectInvalidBox(upload("bad score", [[{ ...good, score: "high" }]]), ["score is not a finite number (high)"], "bad score");
});

test("NaN in an Arrow box and a CSV cell that is not JSON are invalid_box too", async () => {
  const type = new Struct([
    new Field("x_min", new Float64()),
    new Field("y_min", new Float64()),
    new Field("x_max", new Float64()),
    new Field("y_max", new Float64()),
    new Field("label", new Utf8()),
  ]);
  const gt = vectorFromArray(
    [[{ x_min: 1, y_min: 1, x_max: 2, y_max: 2, label: "a" }], [{ x_min: NaN, y_min: 1, x_max: 2, y_max: 2, label: "a" }]],
    new List(new Field("item", type, true)),
  );
  await expectInvalidBox(
    platform.uploadDataset("nan box", { format: "table", table: new Table({ id: makeVector(Int32Array.from([7, 8])), gt }) }),
    ["row 2", "id 8", "box 1", "x_min is NaN"],
    "nan box",
  );
  const csv = writeFile("broken.csv", 'id,gt\n1,"[{""x"":1,""y"":1,""w"":1,""h"":1,""label"":""a""}]"\n2,not json\n');
  await expectInvalidBox(platform.uploadDataset("broken csv", { format: "csv", path: csv }), ["row 2", "id 2", "not a JSON list of boxes"], "broken csv");
});
