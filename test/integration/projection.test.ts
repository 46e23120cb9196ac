// The embedding map's projection on a real DuckDB store, in process and over HTTP: a dataset whose
// embeddings point in two directions lands as two points on the x axis, with each model's correctness,
// rows without an embedding or without a model's result left out, and errors that say what to do.
import { join } from "node:path";
import { Field, FixedSizeList, Float32, List, Table, tableFromArrays, vectorFromArray } from "apache-arrow";
import { SlicewiseError } from "../../src/core";
import { Platform } from "../../src/platform";
import { HttpWorkspace } from "../../src/client/httpWorkspace";
import { makeTemporaryDirectory, removeTemporaryDirectory } from "../helpers/temporaryDirectory";
import { startApiServer } from "../helpers/apiServer";

let directory: string;
let platform: Platform;

// Ids 10 … 70. Rows 10–30 point along (1, 0, 0) (lengths 1, 2, 3), rows 40–60 along (0, 1, 0); row 70 has no embedding.
const ids = [10, 20, 30, 40, 50, 60, 70];
const embeddings = [[1, 0, 0], [2, 0, 0], [3, 0, 0], [0, 1, 0], [0, 2, 0], [0, 3, 0], null];
const labels = ["a", "a", "a", "b", "b", "b", "b"];

beforeAll(async () => {
  directory = makeTemporaryDirectory("slicewise-projection-");
  platform = await Platform.open({ data: join(directory, "data") });
  const dataset = new Table({
    id: vectorFromArray(ids),
    label: vectorFromArray(labels),
    embedding: vectorFromArray(embeddings, new List(new Field("item", new Float32(), true))),
  });
  await platform.uploadDataset("shapes", { format: "table", table: dataset });
  // "boolean" says right on the a rows and on 40; "guess" predicts "a" everywhere; "partial" has no row 20.
  await platform.uploadResults("shapes", "boolean", {
    format: "table",
    table: tableFromArrays({ id: Int32Array.from(ids), correct: [true, true, true, true, false, false, false] }),
  });
  await platform.uploadResults("shapes", "guess", { format: "table", table: tableFromArrays({ id: Int32Array.from(ids), pred: ids.map(() => "a") }) });
  await platform.uploadResults("shapes", "partial", {
    format: "table",
    table: tableFromArrays({ id: Int32Array.of(10, 30, 40, 50, 60, 70), correct: [true, true, true, true, true, true] }),
  });
  // A line in 3-D: (t + 1, 2t + 1, 1 − t), for the projection without normalising.
  await platform.uploadDataset("line", {
    format: "table",
    table: new Table({
      id: vectorFromArray([1, 2, 3, 4, 5]),
      embedding: vectorFromArray(
        [0, 1, 2, 3, 4].map((t) => [t + 1, 2 * t + 1, 1 - t]),
        new List(new Field("item", new Float32(), true)),
      ),
    }),
  });
});

afterAll(() => {
  platform.close();
  removeTemporaryDirectory(directory);
});

const column = (table: Table, name: string) => Array.from(table.getChild(name)!.toArray() as ArrayLike<unknown>);
const rounded = (values: unknown[]) => values.map((value) => Math.round(Number(value) * 1e4) / 1e4);

describe("projectEmbedding", () => {
  it("puts two directions at ±√2/2 on x, ordered by id, with each model's correctness", async () => {
    const table = await platform.projectEmbedding("shapes", { embedding: "embedding", models: ["boolean", "guess"], label: "label" });
    expect(table.schema.fields.map((field) => field.name)).toEqual(["id", "label", "x", "y", "boolean.correct", "guess.correct"]);
    expect(column(table, "id")).toEqual([10, 20, 30, 40, 50, 60]);
    // Normalised, the rows are (1, 0, 0) or (0, 1, 0); their mean is (½, ½, 0) and the axis (1, −1, 0)/√2.
    expect(rounded(column(table, "x"))).toEqual([0.7071, 0.7071, 0.7071, -0.7071, -0.7071, -0.7071]);
    expect(rounded(column(table, "y"))).toEqual([0, 0, 0, 0, 0, 0]);
    expect(table.getChild("boolean.correct")!.toArray().length).toBe(6);
    expect([...table.getChild("boolean.correct")!]).toEqual([true, true, true, true, false, false]);
    // guess says "a": right on the label-a rows only.
    expect([...table.getChild("guess.correct")!]).toEqual([true, true, true, false, false, false]);
    const info = JSON.parse(table.schema.metadata.get("slicewise.projection")!);
    expect(info).toMatchObject({ embedding: "embedding", dimension: 3, rows: 6, fitted: 6, id_fields: ["id"], models: ["boolean", "guess"], label: "label" });
    expect(info.explained).toBeCloseTo(1, 6);
  });

  it("maps only the datapoints every model has results for", async () => {
    const table = await platform.projectEmbedding("shapes", { embedding: "embedding", models: ["partial"] });
    expect(column(table, "id")).toEqual([10, 30, 40, 50, 60]);
  });

  it("without normalising, puts points on a line along x at √6·(t − 2)", async () => {
    const table = await platform.projectEmbedding("line", { embedding: "embedding", normalize: false });
    const x = column(table, "x") as number[];
    x.forEach((value, t) => expect(value).toBeCloseTo(Math.sqrt(6) * (t - 2), 4));
    (column(table, "y") as number[]).forEach((value) => expect(value).toBeCloseTo(0, 4));
  });

  it("carries the embedding as fixed-size float32 lists and the clusters within each class", async () => {
    const table = await platform.projectEmbedding("shapes", { embedding: "embedding", label: "label", clusters: true, include_embedding: true });
    const embedding = table.getChild("embedding")!;
    expect(embedding.type).toBeInstanceOf(FixedSizeList);
    expect(Array.from(embedding.get(1) as Iterable<number>)).toEqual([2, 0, 0]);
    const clusters = column(table, "cluster") as number[];
    expect(clusters).toHaveLength(6);
    // Every row is in a cluster numbered from 1; identical directions share one.
    expect(clusters.every((cluster) => cluster >= 1)).toBe(true);
    expect(new Set(clusters.slice(0, 3)).size).toBe(1);
  });

  it("says what is missing: clusters without a label, a model with neither correct nor a label to compare pred with", async () => {
    await expect(platform.projectEmbedding("shapes", { embedding: "embedding", clusters: true })).rejects.toThrow(/needs `label`/);
    const error = await platform.projectEmbedding("shapes", { embedding: "embedding", models: ["guess"] }).catch((caught) => caught);
    expect(error).toBeInstanceOf(SlicewiseError);
    expect(error.code).toBe("invalid_metric");
    expect(error.message).toContain('the results of model "guess" have no boolean "correct"');
    await expect(platform.projectEmbedding("shapes", { embedding: "label" })).rejects.toThrow(/not a list of numbers/);
  });

  it("answers over HTTP with the same Arrow table, and 400 for a bad option", async () => {
    const server = await startApiServer(platform, { token: "secret" });
    try {
      const workspace = new HttpWorkspace(server.url, "secret");
      const table = await workspace.projectEmbedding("shapes", { embedding: "embedding", models: ["boolean"], fitRows: 4, seed: 1 });
      expect(column(table, "id")).toEqual([10, 20, 30, 40, 50, 60]);
      expect(JSON.parse(table.schema.metadata.get("slicewise.projection")!).fitted).toBe(4);
      const refused = await fetch(`${server.url}/api/v1/datasets/shapes/projection`, {
        method: "POST",
        headers: { Authorization: "Bearer secret", "Content-Type": "application/json" },
        body: JSON.stringify({ embedding: "embedding", fit_rows: 1 }),
      });
      expect(refused.status).toBe(400);
      expect((await refused.json()).error.code).toBe("bad_request");
    } finally {
      await server.stop();
    }
  });
});
