// Platform.discoverSlices on a real DuckDB store: an embedding list column uploaded with the
// dataset, a planted subclass found and named by its ids, saved as an id-set test case and
// evaluated to the cluster's accuracy; clear errors for a bad embedding column or model.
import { join } from "node:path";
import { Field, Float32, Float64, List, tableFromArrays, vectorFromArray, Table } from "apache-arrow";
import { SlicewiseError } from "../../src/core";
import { Platform } from "../../src/platform";
import { plantedData } from "../unit/metrics/discoveryData";
import { makeTemporaryDirectory, removeTemporaryDirectory } from "../helpers/temporaryDirectory";
import { startApiServer } from "../helpers/apiServer";
import { HttpWorkspace } from "../../src/client/httpWorkspace";

let directory: string;
let platform: Platform;
const data = plantedData({ seed: 4, classes: 3, perClass: 1000, dimension: 16, subclassShare: 0.05, subclassOf: 1, error: 0.05, subclassError: 0.6 });
const rows = data.classes.length;
// Ids that are not row numbers, so a mix-up would show: 1000 + 3·row.
const ids = Int32Array.from({ length: rows }, (_, row) => 1000 + 3 * row);

function embeddingsAsLists(dimension: number, lengthOf: (row: number) => number = () => dimension): number[][] {
  return Array.from({ length: rows }, (_, row) => Array.from(data.embeddings.subarray(row * dimension, row * dimension + lengthOf(row))));
}

beforeAll(async () => {
  directory = makeTemporaryDirectory("slicewise-discover-");
  platform = await Platform.open({ data: join(directory, "data") });
  const lists = embeddingsAsLists(data.dimension);
  const dataset = new Table({
    id: vectorFromArray(ids),
    label: vectorFromArray(Array.from(data.classes, String)),
    embedding: vectorFromArray(lists, new List(new Field("item", new Float32(), true))),
    note: vectorFromArray(Array.from({ length: rows }, () => "x")),
  });
  await platform.uploadDataset("digits", { format: "table", table: dataset });
  // The model predicts its label, or "wrong" where it errs; the reference is right everywhere.
  const pred = Array.from(data.classes, (label, row) => (data.errors[row] ? "wrong" : String(label)));
  const correct = Array.from(data.errors, (error) => error === 0);
  await platform.uploadResults("digits", "model", { format: "table", table: tableFromArrays({ id: ids, pred, correct }) });
  await platform.uploadResults("digits", "predictions", { format: "table", table: tableFromArrays({ id: ids, pred }) });
  await platform.uploadResults("digits", "perfect", {
    format: "table",
    table: tableFromArrays({ id: ids, correct: Array.from({ length: rows }, () => true) }),
  });
  const ragged = new Table({
    id: vectorFromArray(ids),
    label: vectorFromArray(Array.from(data.classes, String)),
    embedding: vectorFromArray(
      embeddingsAsLists(data.dimension, (row) => (row === 5 ? 15 : 16)),
      new List(new Field("item", new Float64(), true)),
    ),
  });
  await platform.uploadDataset("ragged", { format: "table", table: ragged });
  await platform.uploadResults("ragged", "model", { format: "table", table: tableFromArrays({ id: ids, pred }) });
});

afterAll(() => {
  platform.close();
  removeTemporaryDirectory(directory);
});

test("finds the planted subclass first and names it by the dataset's ids", async () => {
  const discovery = await platform.discoverSlices("digits", { embedding: "embedding", per: "label", models: ["model"], reference: "perfect" });
  const [first] = discovery.candidates;
  expect(first.class).toBe("1");
  expect(first.q_value).toBeLessThan(1e-6);
  expect(first.name).toMatch(/^label 1, cluster \d of \d$/);
  const planted = new Set(Array.from(data.planted, (row) => ids[row]));
  expect(first.ids.filter((id) => planted.has(id as number)).length).toBeGreaterThanOrEqual(45);
  expect(first.size).toBe(first.ids.length);
  // Against a reference that is never wrong, every error is a loss.
  expect(first.regression!.wins).toBe(0);
  expect(first.regression!.losses).toBe(Math.round(first.error * first.size));
  expect(discovery.classes.map((entry) => entry.class)).toEqual(["0", "1", "2"]);

  // Saved as an id-set test case, it evaluates to the cluster's accuracy, 1 − its error.
  await platform.setQualityStandard("digits", {
    stratifications: [],
    test_cases: [{ name: first.name, ids: first.ids }],
    metric_groups: [{ name: "quality", metrics: [{ label: "Accuracy", kind: "mean", field: "correct", higher_is_better: true }] }],
  });
  const { rows: evaluated } = await platform.evaluate("digits", { models: ["model"] });
  const saved = evaluated.find((row) => row.test_case === first.name)!;
  expect(saved.n).toBe(first.size);
  expect(saved.value).toBeCloseTo(1 - first.error, 12);
  // And by hand from the planted errors: row = (id − 1000)/3.
  const right = first.ids.filter((id) => data.errors[((id as number) - 1000) / 3] === 0).length;
  expect(right / first.size).toBeCloseTo(1 - first.error, 12);
});

test("tells right from wrong by pred ≠ label when the results have no correct column", async () => {
  const byCorrect = await platform.discoverSlices("digits", { embedding: "embedding", per: "label", models: ["model"] });
  const byPred = await platform.discoverSlices("digits", { embedding: "embedding", per: "label", models: ["predictions"] });
  expect(byPred.candidates.map((candidate) => [candidate.name, candidate.error, candidate.ids.length])).toEqual(
    byCorrect.candidates.map((candidate) => [candidate.name, candidate.error, candidate.ids.length]),
  );
});

test("refuses a column that is not a list, rows of different lengths, and an unknown model", async () => {
  const code = async (promise: Promise<unknown>) =>
    promise.then(
      () => "no error",
      (error: SlicewiseError) => `${error.code}: ${error.message}`,
    );
  expect(await code(platform.discoverSlices("digits", { embedding: "note", per: "label", models: ["model"] }))).toMatch(
    /^invalid_metric: embedding "note" .* VARCHAR, not a list of numbers/,
  );
  expect(await code(platform.discoverSlices("digits", { embedding: "nothing", per: "label", models: ["model"] }))).toMatch(
    /^invalid_metric: there is no embedding column "nothing"/,
  );
  expect(await code(platform.discoverSlices("ragged", { embedding: "embedding", per: "label", models: ["model"] }))).toMatch(
    /^invalid_metric: .* rows of 15 and of 16 dimensions/,
  );
  expect(await code(platform.discoverSlices("digits", { embedding: "embedding", per: "label", models: ["knn"] }))).toMatch(
    /^unknown_model: .*"knn"; its models are/,
  );
});

test("POST /api/v1/datasets/{dataset}/discover answers the same candidates as JSON, and 422 for a bad embedding", async () => {
  const server = await startApiServer(platform, { token: "secret" });
  try {
    const post = (body: unknown) =>
      fetch(`${server.url}/api/v1/datasets/digits/discover`, {
        method: "POST",
        body: JSON.stringify(body),
        headers: { Authorization: "Bearer secret", "Content-Type": "application/json" },
      });
    const response = await post({ embedding: "embedding", per: "label", models: ["model"] });
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { candidates: { name: string; ids: number[]; q_value: number }[] };
    const direct = await platform.discoverSlices("digits", { embedding: "embedding", per: "label", models: ["model"] });
    expect(answer.candidates[0].name).toBe(direct.candidates[0].name);
    expect(answer.candidates[0].ids).toEqual(direct.candidates[0].ids);
    const refused = await post({ embedding: "note", per: "label", models: ["model"] });
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("invalid_metric");
  } finally {
    await server.stop();
  }
});

test("the TypeScript client's discoverSlices gives the same candidates in camelCase over HTTP as the platform does", async () => {
  const server = await startApiServer(platform, { token: "secret" });
  try {
    const workspace = new HttpWorkspace(server.url, "secret");
    const found = await workspace.discoverSlices("digits", { embedding: "embedding", per: "label", models: ["model"], kMax: 4, seed: 3 });
    const direct = await platform.discoverSlices("digits", { embedding: "embedding", per: "label", models: ["model"], k_max: 4, seed: 3 } as never);
    expect(found.map((slice) => [slice.name, slice.size, slice.restError, slice.pValue, slice.qValue])).toEqual(
      direct.candidates.map((slice) => [slice.name, slice.size, slice.rest_error, slice.p_value, slice.q_value]),
    );
    expect(found[0].ids).toEqual(direct.candidates[0].ids);
  } finally {
    await server.stop();
  }
});
