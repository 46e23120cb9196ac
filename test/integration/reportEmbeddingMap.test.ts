// The report's embedding map on a real DuckDB store: a dataset with an embedding column gets the
// projection in the dashboard's data (with discovery's clusters within the standard's ground truth,
// and the embedding for "more like this"), a fact line and the map's picture for readers without
// scripts; a dataset without one, or `embeddingMap: false`, gets none of it.
import { join } from "node:path";
import { Field, FixedSizeList, Float32, List, Table, tableFromIPC, vectorFromArray } from "apache-arrow";
import { EmbeddedWorkspace } from "../../src/client";
import { report } from "../../src/export/report";
import { mapRequest } from "../../src/export/reportProjection";
import { makeTemporaryDirectory, removeTemporaryDirectory } from "../helpers/temporaryDirectory";

let directory: string;
let workspace: EmbeddedWorkspace;

// Ids 1 … 8: label "a" rows point along (1, 0), label "b" rows along (0, 1); the model is wrong on 3 and 8.
const ids = [1, 2, 3, 4, 5, 6, 7, 8];
const labels = ["a", "a", "a", "a", "b", "b", "b", "b"];
const standard = {
  stratifications: [{ name: "label", field: "label" }],
  metric_groups: [
    {
      name: "quality",
      metrics: [
        { label: "Accuracy", kind: "mean", field: "correct", higher_is_better: true },
        { label: "Macro F1", kind: "classification", measure: "f1", average: "macro", gt: "label", pred: "pred", higher_is_better: true },
      ],
    },
  ],
};

beforeAll(async () => {
  directory = makeTemporaryDirectory("slicewise-report-map-");
  workspace = await EmbeddedWorkspace.open({ data: join(directory, "data") });
  const embedding = ids.map((id) => (id <= 4 ? [1, id / 100] : [id / 100, 1]));
  const table = new Table({
    id: vectorFromArray(ids),
    label: vectorFromArray(labels),
    embedding: vectorFromArray(embedding, new List(new Field("item", new Float32(), true))),
  });
  const pred = labels.map((label, row) => (row === 2 || row === 7 ? (label === "a" ? "b" : "a") : label));
  const results = new Table({
    id: vectorFromArray(ids),
    pred: vectorFromArray(pred),
    correct: vectorFromArray(pred.map((value, row) => value === labels[row])),
  });
  for (const name of ["mapped", "plain"]) {
    await workspace.uploadDataset(name, name === "mapped" ? table : table.select(["id", "label"]), { idFields: ["id"] });
    await workspace.uploadResults(name, "model", results);
    await workspace.setQualityStandard(name, standard);
  }
});

afterAll(async () => {
  await workspace.close();
  removeTemporaryDirectory(directory);
});

/** The dashboard's data block of a report. */
function dashboardSpec(html: string): { projection?: string; options: { map?: unknown } } {
  const blocks = [...html.matchAll(/<script type="application\/vnd\.slicewise\.report\+json">([\s\S]*?)<\/script>/g)].map((match) => JSON.parse(match[1]));
  return blocks.find((block) => block.widget === "dashboard");
}

test("a dataset with an embedding column carries its projection, clusters and embedding into the report's dashboard", async () => {
  const { html } = await report(workspace, { dataset: "mapped", models: ["model"], maxSamples: 100 });
  const spec = dashboardSpec(html);
  const projection = tableFromIPC(Buffer.from(spec.projection!, "base64"));
  expect(projection.numRows).toBe(8);
  expect(Array.from(projection.getChild("id")!.toArray() as ArrayLike<number>, Number)).toEqual(ids);
  expect(projection.schema.fields.map((field) => field.name)).toEqual(["id", "label", "x", "y", "model.correct", "cluster", "embedding"]);
  expect(projection.getChild("embedding")!.type).toBeInstanceOf(FixedSizeList);
  expect(Array.from(projection.getChild("model.correct")!, Boolean)).toEqual([true, true, false, true, true, true, true, false]);
  expect(spec.options.map).toEqual({ dataset: "mapped", idFields: ["id"] });
  expect(html).toContain("<dt>embedding map</dt><dd>embedding, 8 points (first two principal components, the plane shows");
  // Without scripts: the map's picture, one circle per point.
  const noscript = html.slice(html.indexOf("<noscript>"), html.indexOf("</noscript>"));
  expect(noscript.match(/<circle /g)).toHaveLength(8);
});

test("a dataset without an embedding column, or embeddingMap: false, has no map", async () => {
  const plain = await report(workspace, { dataset: "plain", models: ["model"] });
  expect(dashboardSpec(plain.html).projection).toBeUndefined();
  expect(plain.html).not.toContain("<dt>embedding map</dt>");
  const off = await report(workspace, { dataset: "mapped", models: ["model"], embeddingMap: false });
  expect(dashboardSpec(off.html).projection).toBeUndefined();
});

test("mapRequest takes a column of numbers lists, 'embedding' first, and the standard's classification ground truth", () => {
  const columns = [
    { name: "id", type: "INTEGER" },
    { name: "label", type: "VARCHAR" },
    { name: "tags", type: "VARCHAR[]" },
    { name: "features", type: "DOUBLE[]" },
    { name: "embedding", type: "FLOAT[64]" },
  ];
  expect(mapRequest(columns, standard)).toEqual({ embedding: "embedding", label: "label" });
  expect(mapRequest(columns.slice(0, 4), { metric_groups: [] })).toEqual({ embedding: "features" });
  expect(mapRequest(columns.slice(0, 3), standard)).toBeNull();
});
