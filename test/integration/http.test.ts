// The HTTP API as a client without our library sees it: raw `fetch` against a real server on a
// free port over a real DuckDB store — status codes, JSON errors, Arrow IPC answers.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { tableFromIPC } from "apache-arrow";
import { evaluationRowsFromTable, evaluationInfo } from "../../src/core";
import { Platform } from "../../src/platform";
import { RunningApiServer, startApiServer } from "../helpers/apiServer";
import { makeTemporaryDirectory, removeTemporaryDirectory } from "../helpers/temporaryDirectory";

const token = "secret";
const authorization = { Authorization: `Bearer ${token}` };

let directory: string;
let platform: Platform | undefined;
let server: RunningApiServer | undefined;

beforeEach(async () => {
  directory = makeTemporaryDirectory("slicewise-http-");
  platform = await Platform.open({ data: directory });
  server = await startApiServer(platform, { token });
});

afterEach(async () => {
  await server?.stop();
  platform?.close();
  server = undefined;
  platform = undefined;
  removeTemporaryDirectory(directory);
});

const api = (path: string) => `${server!.url}/api/v1${path}`;

async function errorOf(response: Response): Promise<{ status: number; contentType: string | null; code: string; message: string }> {
  const body = (await response.json()) as { error: { code: string; message: string } };
  return { status: response.status, contentType: response.headers.get("content-type"), code: body.error.code, message: body.error.message };
}

// Six datapoints; the model is right on ids 1, 2, 4, 5: accuracy 4/6 overall, 2/3 in each group.
const datasetCsv = "id,group,label\n1,a,cat\n2,a,dog\n3,a,cat\n4,b,dog\n5,b,cat\n6,b,dog\n";
const resultsNdjson = [1, 2, 3, 4, 5, 6].map((id) => JSON.stringify({ id, correct: id !== 3 && id !== 6 })).join("\n") + "\n";
const standard = {
  stratifications: [{ name: "group", field: "group" }],
  metric_groups: [{ name: "quality", metrics: [{ label: "Accuracy", kind: "mean", field: "correct", higher_is_better: true }] }],
};

async function put(path: string, body: string, contentType: string): Promise<Response> {
  return fetch(api(path), { method: "PUT", body, headers: { ...authorization, "Content-Type": contentType } });
}

describe("authorisation", () => {
  test("401 without a token and with a wrong one; 200 with the right one", async () => {
    const without = await errorOf(await fetch(api("/datasets")));
    expect(without).toMatchObject({ status: 401, code: "unauthorized" });
    expect(without.contentType).toMatch(/^application\/json/);
    expect(without.message).toContain("Authorization: Bearer");

    const wrong = await errorOf(await fetch(api("/datasets"), { headers: { Authorization: "Bearer secreT" } }));
    expect(wrong).toMatchObject({ status: 401, code: "unauthorized" });
    const notBearer = await errorOf(await fetch(api("/datasets"), { headers: { Authorization: token } }));
    expect(notBearer).toMatchObject({ status: 401, code: "unauthorized" });

    const right = await fetch(api("/datasets"), { headers: authorization });
    expect(right.status).toBe(200);
    expect(await right.json()).toEqual({ datasets: [] });
  });

  test("an upload without a token is refused and stores nothing", async () => {
    const response = await fetch(api("/datasets/pets"), { method: "PUT", body: datasetCsv, headers: { "Content-Type": "text/csv" } });
    expect(response.status).toBe(401);
    expect(await platform!.listDatasets()).toEqual([]);
  });
});

describe("routing and request errors", () => {
  test("404 JSON for an unknown route, 405 for a known path with the wrong method", async () => {
    const unknown = await errorOf(await fetch(api("/nothing/here"), { headers: authorization }));
    expect(unknown).toMatchObject({ status: 404, code: "not_found" });
    expect(unknown.contentType).toMatch(/^application\/json/);
    expect(unknown.message).toContain("GET /api/v1/nothing/here");

    const outside = await errorOf(await fetch(`${server!.url}/index.php`, { headers: authorization }));
    expect(outside).toMatchObject({ status: 404, code: "not_found" });

    const wrongMethod = await errorOf(await fetch(api("/datasets"), { method: "DELETE", headers: authorization }));
    expect(wrongMethod).toMatchObject({ status: 405, code: "method_not_allowed" });
  });

  test("404 unknown_dataset names the dataset", async () => {
    const missing = await errorOf(await fetch(api("/datasets/ghosts"), { headers: authorization }));
    expect(missing).toMatchObject({ status: 404, code: "unknown_dataset" });
    expect(missing.message).toContain('"ghosts"');
  });

  test("415 for an upload of an unknown Content-Type, or none", async () => {
    const pdf = await errorOf(await put("/datasets/x", "%PDF-1.4", "application/pdf"));
    expect(pdf).toMatchObject({ status: 415, code: "unsupported_content_type" });
    expect(pdf.message).toContain('"application/pdf"');
    expect(pdf.message).toContain("text/csv");

    const none = await errorOf(await fetch(api("/datasets/x"), { method: "PUT", body: new Uint8Array([1, 2, 3]), headers: authorization }));
    expect(none).toMatchObject({ status: 415, code: "unsupported_content_type" });
    expect(await platform!.listDatasets()).toEqual([]);
  });

  test("400 empty_body for an empty upload body", async () => {
    const empty = await errorOf(await put("/datasets/x", "", "text/csv"));
    expect(empty).toMatchObject({ status: 400, code: "empty_body" });
    expect(empty.contentType).toMatch(/^application\/json/);
    expect(await platform!.listDatasets()).toEqual([]);
    // The body was spooled to a file under the data directory; it is gone again.
    expect(readdirSync(join(directory, "uploads"))).toEqual([]);
  });

  test("400 bad_request for a JSON body that does not parse; 415 for a JSON route sent as text", async () => {
    expect((await put("/datasets/pets", datasetCsv, "text/csv")).status).toBe(201);
    const broken = await errorOf(await put("/datasets/pets/quality-standard", "{not json", "application/json"));
    expect(broken).toMatchObject({ status: 400, code: "bad_request" });
    const asText = await errorOf(await put("/datasets/pets/quality-standard", JSON.stringify(standard), "text/plain"));
    expect(asText).toMatchObject({ status: 415, code: "unsupported_content_type" });
  });

  test("422 with the code for data errors: duplicate ids, unknown ids, a malformed quality standard", async () => {
    const duplicated = await errorOf(await put("/datasets/pets", "id,group\n1,a\n1,b\n", "text/csv"));
    expect(duplicated).toMatchObject({ status: 422, code: "duplicate_ids" });
    expect(duplicated.message).toContain('"1"');

    expect((await put("/datasets/pets", datasetCsv, "text/csv")).status).toBe(201);
    const unknown = await errorOf(await put("/datasets/pets/models/m/results", '{"id": 7, "correct": true}\n', "application/x-ndjson"));
    expect(unknown).toMatchObject({ status: 422, code: "unknown_ids" });
    expect(unknown.message).toContain('"7"');

    const malformed = await errorOf(
      await put("/datasets/pets/quality-standard", JSON.stringify({ metric_groups: [{ name: "q", metrics: [] }] }), "application/json"),
    );
    expect(malformed).toMatchObject({ status: 422, code: "invalid_quality_standard", message: "metric_groups[0].metrics: must be a non-empty list" });
    expect(readdirSync(join(directory, "uploads"))).toEqual([]);
  });
});

describe("quality standards whose fields do not fit the data", () => {
  test("422 JSON with the code, the field, its type and what to do; nothing is stored", async () => {
    expect((await put("/datasets/pets", datasetCsv, "text/csv")).status).toBe(201);
    expect((await put("/datasets/pets/models/m/results", resultsNdjson, "application/x-ndjson")).status).toBe(201);
    const setting = (definition: unknown) => put("/datasets/pets/quality-standard", JSON.stringify(definition), "application/json");

    const order = await errorOf(await setting({ ...standard, test_cases: [{ name: "small", where: { field: "group", op: "lt", value: 5 } }] }));
    expect(order).toMatchObject({
      status: 422,
      code: "invalid_quality_standard",
      message:
        'test case "small" (test_cases[0].where) compares field "group", which holds strings (VARCHAR), with 5 (a number); compare it with a string, e.g. {"field": "group", "op": "lt", "value": "5"}',
    });
    expect(order.contentType).toMatch(/^application\/json/);

    const rate = await errorOf(await setting({ metric_groups: [{ name: "q", metrics: [{ label: "Cats", kind: "rate", field: "label", value: 1 }] }] }));
    expect(rate).toMatchObject({ status: 422, code: "invalid_metric" });
    expect(rate.message).toBe(
      'metric "Cats" for model "m" counts the rows where field "label" equals 1 (a number), but the field holds strings (VARCHAR) in the dataset, so no row ever would; give a value of its type, e.g. "value": "1"',
    );

    const labels = await errorOf(
      await setting({ metric_groups: [{ name: "q", metrics: [{ label: "Acc", kind: "classification", measure: "accuracy", gt: "id", pred: "label" }] }] }),
    );
    expect(labels).toMatchObject({ status: 422, code: "invalid_metric" });
    expect(labels.message).toContain("upload the predictions as numbers, or the ground truth as strings");

    const missing = await errorOf(await setting({ stratifications: [{ name: "size", field: "size" }] }));
    expect(missing).toMatchObject({ status: 422, code: "unknown_field" });
    expect(missing.message).toContain('its columns are "id", "group", "label"');

    expect((await fetch(api("/datasets/pets/quality-standard"), { headers: authorization })).status).toBe(404);
  });
});

describe("a session over raw HTTP", () => {
  test("uploads answer 201 with their summary; evaluate answers an Arrow stream that tableFromIPC reads", async () => {
    const dataset = await put("/datasets/pets", datasetCsv, "text/csv");
    expect(dataset.status).toBe(201);
    expect(await dataset.json()).toEqual({ dataset: "pets", commit: 1, rows: 6, id_fields: ["id"] });
    const results = await put("/datasets/pets/models/m/results", resultsNdjson, "application/x-ndjson");
    expect(results.status).toBe(201);
    expect(await results.json()).toEqual({ dataset: "pets", model: "m", commit: 1, rows: 6, id_fields: ["id"] });
    const stored = await put("/datasets/pets/quality-standard", JSON.stringify(standard), "application/json");
    expect(stored.status).toBe(200);
    expect(await stored.json()).toMatchObject({ version: 1, stratifications: [{ name: "group", field: "group" }] });

    const response = await fetch(api("/datasets/pets/evaluate"), {
      method: "POST",
      body: JSON.stringify({ models: ["m"] }),
      headers: { ...authorization, "Content-Type": "application/json" },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/vnd.apache.arrow.stream");
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(Number(response.headers.get("content-length"))).toBe(bytes.byteLength);
    const table = tableFromIPC(bytes);
    const rows = evaluationRowsFromTable(table).map((row) => [row.stratification, row.test_case, row.model, row.n, row.value]);
    expect(rows).toEqual([
      ["dataset", "all", "m", 6, 4 / 6],
      ["group", "a", "m", 3, 2 / 3],
      ["group", "b", "m", 3, 2 / 3],
    ]);
    const header = JSON.parse(response.headers.get("x-slicewise-evaluation") ?? "null");
    expect(header).toMatchObject({
      dataset: "pets",
      dataset_commit: 1,
      quality_standard_version: 1,
      models: ["m"],
      reference: "m",
      datapoints: 6,
      excluded_datapoints: 0,
    });
    expect(evaluationInfo(table)).toEqual(header);
  });

  test("samples answer an Arrow stream with the dataset's and the model's columns", async () => {
    await put("/datasets/pets", datasetCsv, "text/csv");
    await put("/datasets/pets/models/m/results", resultsNdjson, "application/x-ndjson");
    await put("/datasets/pets/quality-standard", JSON.stringify(standard), "application/json");
    const response = await fetch(api("/datasets/pets/samples"), {
      method: "POST",
      body: JSON.stringify({ models: ["m"], test_case: "group/b", order_by: "id desc" }),
      headers: { ...authorization, "Content-Type": "application/json" },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/vnd.apache.arrow.stream");
    const table = tableFromIPC(new Uint8Array(await response.arrayBuffer()));
    expect(table.schema.fields.map((field) => field.name)).toEqual(["id", "group", "label", "m.correct"]);
    expect(Array.from(table.getChild("id")!.toArray(), Number)).toEqual([6, 5, 4]);
    expect([0, 1, 2].map((i) => table.getChild("m.correct")!.get(i))).toEqual([false, true, true]);
  });

  test("GET /health says the server is up and nothing about where its data lies; DELETE removes a dataset", async () => {
    const health = await fetch(api("/health"), { headers: authorization });
    expect(await health.json()).toEqual({ status: "ok" });
    await put("/datasets/pets", datasetCsv, "text/csv");
    const deleted = await fetch(api("/datasets/pets"), { method: "DELETE", headers: authorization });
    expect(deleted.status).toBe(200);
    expect(await deleted.json()).toEqual({ deleted: "pets" });
    expect(await (await fetch(api("/datasets"), { headers: authorization })).json()).toEqual({ datasets: [] });
  });
});

describe("min_n over HTTP (issue 11)", () => {
  test("min_n in the evaluate body withholds the verdicts below it; a bad one is a 400 naming it", async () => {
    await put("/datasets/pets", datasetCsv, "text/csv");
    await put("/datasets/pets/models/m/results", resultsNdjson, "application/x-ndjson");
    // A second model right everywhere: 6/6 against 4/6 (two discordant pairs).
    await put(
      "/datasets/pets/models/all-right/results",
      [1, 2, 3, 4, 5, 6].map((id) => JSON.stringify({ id, correct: true })).join("\n") + "\n",
      "application/x-ndjson",
    );
    await put("/datasets/pets/quality-standard", JSON.stringify(standard), "application/json");
    const evaluate = (body: object) =>
      fetch(api("/datasets/pets/evaluate"), { method: "POST", body: JSON.stringify(body), headers: { ...authorization, "Content-Type": "application/json" } });

    const response = await evaluate({ models: ["m", "all-right"], min_n: 4 });
    expect(response.status).toBe(200);
    const table = tableFromIPC(new Uint8Array(await response.arrayBuffer()));
    const candidate = evaluationRowsFromTable(table).filter((row) => row.model === "all-right");
    // dataset/all (n = 6) is tested: McNemar on 2 discordant pairs, p = 2·(½)² = 0.5; the groups (n = 3) are not.
    expect(candidate.map((row) => [row.test_case, row.n, row.q_value === null ? null : "q", row.verdict])).toEqual([
      ["all", 6, "q", "similar"],
      ["a", 3, null, "unknown"],
      ["b", 3, null, "unknown"],
    ]);
    expect(candidate[0].p_value).toBeCloseTo(0.5, 12);
    expect(candidate[0].q_value).toBe(candidate[0].p_value);
    // One discordant pair in each group: McNemar p = 1, reported though no verdict is drawn from it.
    expect(candidate.slice(1).map((row) => row.p_value)).toEqual([1, 1]);
    expect(evaluationInfo(table)).toMatchObject({ min_n: { quality: { Accuracy: 4 } } });

    const refused = await errorOf(await evaluate({ models: ["m", "all-right"], min_n: 0 }));
    expect(refused).toMatchObject({ status: 400, code: "bad_request" });
    expect(refused.message).toBe("min_n: must be a positive whole number of datapoints, e.g. 2 (or 30 for a stricter standard); got 0");
  });
});
