// Samples, the quality standard and the embedding map's projection carry an ETag: a client that holds a current copy asks with
// If-None-Match and gets 304 without the work; any commit makes every copy stale.
import { Field, Float32, List, Table, tableFromArrays, vectorFromArray } from "apache-arrow";
import { Platform } from "../../src/platform";
import { RunningApiServer, startApiServer } from "../helpers/apiServer";
import { rawRequest } from "../helpers/rawRequest";
import { makeTemporaryDirectory, removeTemporaryDirectory } from "../helpers/temporaryDirectory";

let directory: string;
let platform: Platform;
let server: RunningApiServer;

const standard = {
  stratifications: [{ name: "size", field: "size" }],
  test_cases: [],
  metric_groups: [{ name: "Counts", metrics: [{ label: "n", kind: "count" }] }],
};

beforeAll(async () => {
  directory = makeTemporaryDirectory("slicewise-conditional-");
  platform = await Platform.open({ data: directory });
  await platform.uploadDataset(
    "shapes",
    { format: "table", table: tableFromArrays({ id: Int32Array.from([1, 2, 3]), size: ["small", "large", "small"] }) },
    { idFields: ["id"] },
  );
  await platform.setQualityStandard("shapes", standard);
  const embeddings = [
    [1, 0],
    [0, 1],
    [1, 1],
    [2, 1],
  ];
  const points = new Table({
    id: vectorFromArray([1, 2, 3, 4]),
    embedding: vectorFromArray(embeddings, new List(new Field("item", new Float32(), true))),
  });
  await platform.uploadDataset("points", { format: "table", table: points }, { idFields: ["id"] });
  server = await startApiServer(platform);
});

afterAll(async () => {
  await server.stop();
  platform.close();
  removeTemporaryDirectory(directory);
});

const samplesBody = JSON.stringify({ limit: 2 });
const samples = (headers: Record<string, string> = {}) =>
  rawRequest(server.url, "POST", "/api/v1/datasets/shapes/samples", { "Content-Type": "application/json", ...headers }, [samplesBody]);

test("asking again with the samples' ETag answers 304 with no body; other options or a commit answer 200 with a new tag", async () => {
  const first = await samples();
  expect(first.status).toBe(200);
  const tag = first.headers.etag as string;
  expect(tag).toMatch(/^W\/".+"$/);

  const again = await samples({ "If-None-Match": tag });
  expect(again.status).toBe(304);
  expect(again.body).toBe("");
  expect(again.headers.etag).toBe(tag);

  const otherOptions = await rawRequest(server.url, "POST", "/api/v1/datasets/shapes/samples", { "Content-Type": "application/json", "If-None-Match": tag }, [
    JSON.stringify({ limit: 3 }),
  ]);
  expect(otherOptions.status).toBe(200);
  expect(otherOptions.headers.etag).not.toBe(tag);

  await platform.uploadDataset("other", { format: "table", table: tableFromArrays({ id: Int32Array.from([9]) }) }, { idFields: ["id"] });
  const afterCommit = await samples({ "If-None-Match": tag });
  expect(afterCommit.status).toBe(200);
  expect(afterCommit.headers.etag).not.toBe(tag);
});

test("the quality standard revalidates the same way, and a changed standard is never answered 304", async () => {
  const first = await rawRequest(server.url, "GET", "/api/v1/datasets/shapes/quality-standard", {});
  expect(first.status).toBe(200);
  const tag = first.headers.etag as string;
  expect((await rawRequest(server.url, "GET", "/api/v1/datasets/shapes/quality-standard", { "If-None-Match": tag })).status).toBe(304);

  await platform.setQualityStandard("shapes", { ...standard, test_cases: [{ name: "first", where: { field: "id", op: "eq", value: 1 } }] });
  const changed = await rawRequest(server.url, "GET", "/api/v1/datasets/shapes/quality-standard", { "If-None-Match": tag });
  expect(changed.status).toBe(200);
  expect(JSON.parse(changed.body).test_cases.map((testCase: { name: string }) => testCase.name)).toEqual(["first"]);
});

test("the projection (seeded) revalidates too: the dashboard's Evaluate does not project the embeddings again", async () => {
  const project = (body: object, headers: Record<string, string> = {}) =>
    rawRequest(server.url, "POST", "/api/v1/datasets/points/projection", { "Content-Type": "application/json", ...headers }, [JSON.stringify(body)]);
  const first = await project({ embedding: "embedding" });
  expect(first.status).toBe(200);
  const tag = first.headers.etag as string;
  expect(tag).toMatch(/^W\/".+"$/);
  // Asked again without the tag, the same request gives the same bytes: the answer depends on the request alone.
  expect((await project({ embedding: "embedding" })).body).toBe(first.body);
  const again = await project({ embedding: "embedding" }, { "If-None-Match": tag });
  expect([again.status, again.body]).toEqual([304, ""]);
  expect((await project({ embedding: "embedding", seed: 7 }, { "If-None-Match": tag })).status).toBe(200);
});

test("evaluations and descriptions carry no ETag", async () => {
  const description = await rawRequest(server.url, "GET", "/api/v1/datasets/shapes", {});
  expect(description.status).toBe(200);
  expect(description.headers.etag).toBeUndefined();
});
