// The routes the Python client needs beyond the TypeScript client's: the CI gate as one request
// (POST …/check), the HTML report (POST …/report) and a widget's static copy (POST
// /widgets/{kind}/static). The gate's answer is the TypeScript check()'s; the export tier's work
// is injected as `slicewise serve` injects it, and a server without it answers not_found.
import { Table, tableFromIPC, tableToIPC } from "apache-arrow";
import { buildDigitsExample } from "../../examples/digits";
import { serverExtensions } from "../../src/cli/serve";
import { HttpWorkspace, check } from "../../src/client";
import { Platform } from "../../src/platform";
import { RunningApiServer, startApiServer } from "../helpers/apiServer";
import { rawRequest } from "../helpers/rawRequest";
import { makeTemporaryDirectory, removeTemporaryDirectory } from "../helpers/temporaryDirectory";

let directory: string;
let platform: Platform;
let server: RunningApiServer;
let bare: RunningApiServer;

beforeAll(async () => {
  directory = makeTemporaryDirectory("slicewise-python-routes-");
  platform = await Platform.open({ data: directory });
  const example = buildDigitsExample();
  await platform.uploadDataset("digits", { format: "table", table: example.dataset }, { idFields: ["image_id"] });
  for (const model of example.models) await platform.uploadResults("digits", model, { format: "table", table: example.results[model] });
  await platform.setQualityStandard("digits", example.qualityStandard);
  server = await startApiServer(platform, { extensions: serverExtensions });
  bare = await startApiServer(platform);
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await bare?.stop();
  platform?.close();
  removeTemporaryDirectory(directory);
});

function post(url: string, path: string, body: unknown) {
  return rawRequest(url, "POST", `/api/v1${path}`, { "Content-Type": "application/json" }, [JSON.stringify(body)]);
}

test("POST …/check records a run and answers the gate TypeScript's check() gives", async () => {
  const example = buildDigitsExample();
  const [reference, candidate] = example.models;
  const answer = await post(server.url, "/datasets/digits/check", { candidate, reference, metrics: ["Accuracy"], label: "ci-1" });
  expect(answer.status).toBe(200);
  const result = JSON.parse(answer.body);
  expect(typeof result.passed).toBe("boolean");
  expect(result.findings.length).toBeGreaterThan(0);
  expect(result.regressions).toEqual(result.findings.filter((finding: { status: string }) => finding.status === "failed"));
  expect(result.passed).toBe(result.regressions.length === 0);
  expect(result.fail_on).toBe("regressed");
  expect(result.min_n).toBe(30);
  const runs = await platform.listRuns("digits");
  expect(runs.at(-1)).toMatchObject({ run_id: result.run_id, label: "ci-1", models: [reference, candidate] });
  expect(result.info.run_id).toBe(result.run_id);

  const typescript = await check(new HttpWorkspace(server.url), { dataset: "digits", candidate, reference, metrics: ["Accuracy"] });
  expect(result.findings).toEqual(JSON.parse(JSON.stringify(typescript.findings)));
  expect(result.passed).toBe(typescript.passed);
});

test("POST …/check refuses bad options and unknown datasets with coded errors", async () => {
  const missing = await post(server.url, "/datasets/digits/check", { candidate: "knn" });
  expect(missing.status).toBe(400);
  expect(JSON.parse(missing.body).error.code).toBe("bad_request");
  const failOn = await post(server.url, "/datasets/digits/check", { candidate: "knn", reference: "logistic", fail_on: "sometimes" });
  expect(failOn.status).toBe(400);
  const unknown = await post(server.url, "/datasets/nope/check", { candidate: "knn", reference: "logistic" });
  expect(unknown.status).toBe(404);
  expect(JSON.parse(unknown.body).error.code).toBe("unknown_dataset");
});

test("POST …/report answers the self-contained HTML report; a server without the writer answers not_found", async () => {
  const example = buildDigitsExample();
  const answer = await post(server.url, "/datasets/digits/report", { models: example.models, title: "digits from Python", max_samples: 50 });
  expect(answer.status).toBe(200);
  expect(answer.headers["content-type"]).toBe("text/html; charset=utf-8");
  expect(answer.body).toMatch(/^<!doctype html>/i);
  expect(answer.body).toContain("digits from Python");
  const without = await post(bare.url, "/datasets/digits/report", { models: example.models });
  expect(without.status).toBe(404);
  expect(JSON.parse(without.body).error.code).toBe("not_found");
  const bad = await post(server.url, "/datasets/digits/report", {});
  expect(bad.status).toBe(400);
}, 60_000);

test("POST /widgets/{kind}/static answers a widget's static HTML and SVG from base64 Arrow tables", async () => {
  const example = buildDigitsExample();
  const results: Table = (await platform.evaluate("digits", { models: example.models })).table;
  const base64 = Buffer.from(tableToIPC(results, "stream")).toString("base64");
  const table = await post(server.url, "/widgets/MetricsTable/static", { tables: { results: base64 }, options: { selection: [] } });
  expect(table.status).toBe(200);
  const copy = JSON.parse(table.body);
  expect(copy.html).toContain("slicewise-static");
  expect(copy.svg).toMatch(/^<svg/);
  const htmlOnly = JSON.parse((await post(server.url, "/widgets/MetricsTable/static", { tables: { results: base64 }, picture: false })).body);
  expect(htmlOnly).toEqual({ html: copy.html, svg: null });
  const gallery = await post(server.url, "/widgets/SampleGallery/static", {
    tables: { samples: Buffer.from(tableToIPC(await platform.samples("digits", { limit: 5 }), "stream")).toString("base64") },
  });
  expect(gallery.status).toBe(200);
  const empty = JSON.parse((await post(server.url, "/widgets/History/static", {})).body);
  expect(empty).toEqual({ html: expect.stringContaining("nothing to show"), svg: null });
  // what the client sent round-trips: the route read the stream it was given
  expect(tableFromIPC(Buffer.from(base64, "base64")).numRows).toBe(results.numRows);
}, 60_000);

test("POST /widgets/{kind}/static refuses an unknown kind, bad tables, and answers not_found without the renderer", async () => {
  const unknown = await post(server.url, "/widgets/Piechart/static", {});
  expect(unknown.status).toBe(404);
  expect(JSON.parse(unknown.body).error.message).toContain("MetricsTable");
  const garbage = await post(server.url, "/widgets/MetricsTable/static", { tables: { results: "AAAA" } });
  expect(garbage.status).toBe(400);
  expect(JSON.parse(garbage.body).error.code).toBe("unreadable_body");
  const notBase64 = await post(server.url, "/widgets/MetricsTable/static", { tables: { results: "not base64!" } });
  expect(notBase64.status).toBe(400);
  const without = await post(bare.url, "/widgets/MetricsTable/static", {});
  expect(without.status).toBe(404);
  expect(JSON.parse(without.body).error.code).toBe("not_found");
});

test("the OpenAPI document describes the three routes", async () => {
  const document = JSON.parse((await rawRequest(server.url, "GET", "/api/v1/openapi.json", {})).body);
  expect(document.paths["/api/v1/datasets/{dataset}/check"].post.requestBody.content["application/json"].schema.$ref).toBe("#/components/schemas/CheckOptions");
  expect(Object.keys(document.paths["/api/v1/datasets/{dataset}/report"].post.responses["200"].content)).toEqual(["text/html"]);
  expect(document.paths["/api/v1/widgets/{kind}/static"].post.responses["200"].content["application/json"].schema.$ref).toBe(
    "#/components/schemas/StaticWidget",
  );
});
