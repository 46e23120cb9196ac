// Bad request bodies are coded 4xx errors naming the field, never 500s, and never reach SQL
// (issue 12, point 4); limits are `limit_exceeded` naming the limit; the OpenAPI document at
// /api/v1/openapi.json is generated from the schemas that do the checking.
import { RecordBatch, Schema, Table, tableFromArrays, tableFromIPC, tableToIPC } from "apache-arrow";
import { Platform } from "../../src/platform";
import { RunningApiServer, startApiServer } from "../helpers/apiServer";
import { rawRequest } from "../helpers/rawRequest";
import { makeTemporaryDirectory, removeTemporaryDirectory } from "../helpers/temporaryDirectory";

let directory: string;
let platform: Platform | undefined;
let server: RunningApiServer | undefined;

beforeAll(async () => {
  directory = makeTemporaryDirectory("slicewise-validation-");
  platform = await Platform.open({ data: directory });
  server = await startApiServer(platform);
  // Six pets: ids 1–6, ink 10…60, species a/b; model m is right on ids 1–4.
  const dataset = tableFromArrays({
    id: Int32Array.from([1, 2, 3, 4, 5, 6]),
    ink: Float64Array.from([10, 20, 30, 40, 50, 60]),
    species: ["a", "b", "a", "b", "a", "b"],
  });
  await platform.uploadDataset("pets", { format: "table", table: dataset });
  const results = tableFromArrays({ id: Int32Array.from([1, 2, 3, 4, 5, 6]), correct: [true, true, true, true, false, false] });
  await platform.uploadResults("pets", "m", { format: "table", table: results });
  await platform.setQualityStandard("pets", {
    stratifications: [{ field: "species" }],
    metric_groups: [{ name: "q", metrics: [{ label: "Accuracy", kind: "mean", field: "correct" }] }],
  });
});

afterAll(async () => {
  await server?.stop();
  platform?.close();
  removeTemporaryDirectory(directory);
});

async function post(path: string, body: unknown): Promise<{ status: number; code?: string; message?: string }> {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  const answer = await rawRequest(server!.url, "POST", path, { "Content-Type": "application/json" }, [text]);
  const error = answer.status >= 400 ? (JSON.parse(answer.body) as { error: { code: string; message: string } }).error : undefined;
  return { status: answer.status, code: error?.code, message: error?.message };
}

const comparison = { field: "ink", op: "lt", value: 30 };
function nested(depth: number): object {
  let predicate: object = comparison;
  for (let level = 1; level < depth; level++) predicate = { not: predicate };
  return predicate;
}

describe("samples: every malformed option is a 400 naming it", () => {
  test.each([
    [{ where: { field: "ink", op: "like", value: 1 } }, "where.op: must be one of eq, ne, lt, le, gt, ge, in, between"],
    [{ where: { field: "ink", op: "in", value: 3 } }, 'where.value: must be a list for "in"'],
    [{ where: { and: "x" } }, "where.and: must be a list"],
    [{ where: { field: "ink", op: "between", value: [1] } }, 'where.value: must be [low, high] for "between"'],
    [{ where: 5 }, "where: must be a predicate such as"],
    [{ order_by: 123 }, "order_by: must be a field name"],
    [{ models: "m" }, 'models: must be a list; got "m"'],
    [{ offset: 1e21 }, "offset: must be at most 9,007,199,254,740,991"],
    [{ limit: -1 }, "limit: must be at least 0"],
    [{ wher: comparison }, 'has no key "wher"'],
    ["null", "samples options: must be an object; got null"],
  ])("%j", async (body, message) => {
    const answer = await post("/api/v1/datasets/pets/samples", body);
    expect(answer).toMatchObject({ status: 400, code: "bad_request" });
    expect(answer.message).toContain(message);
  });

  test("a string compared with a number column is a 422 naming the field", async () => {
    const answer = await post("/api/v1/datasets/pets/samples", { where: { field: "ink", op: "lt", value: "thirty" } });
    expect(answer.status).toBe(422);
    expect(answer.message).toContain('"ink"');
  });

  test("a predicate 3,000 deep is refused before it is walked; 33 deep is over the predicate limit; 32 is answered", async () => {
    const deep = await post("/api/v1/datasets/pets/samples", { where: nested(3_000) });
    expect(deep).toMatchObject({ status: 422, code: "limit_exceeded" });
    expect(deep.message).toContain("(the server's limit json_depth)");
    const over = await post("/api/v1/datasets/pets/samples", { where: nested(33) });
    expect(over).toMatchObject({ status: 422, code: "limit_exceeded" });
    expect(over.message).toBe("where: nests more than 32 levels of and/or/not (the server's limit predicate_depth)");
    // 31 nots around ink < 30: ink < 30 when 31 is even, so ink ≥ 30 — four pets.
    const within = await platform!.samples("pets", { where: nested(32) as never });
    expect(within.numRows).toBe(4);
  });
});

describe("quality standards and evaluate", () => {
  test("a standard nesting 3,000 deep, or with 10,001 test cases, is limit_exceeded; nothing stored", async () => {
    const put = async (standard: unknown) => {
      const answer = await rawRequest(server!.url, "PUT", "/api/v1/datasets/pets/quality-standard", { "Content-Type": "application/json" }, [
        JSON.stringify(standard),
      ]);
      return { status: answer.status, ...(JSON.parse(answer.body) as { error: { code: string; message: string } }).error };
    };
    const deep = await put({ test_cases: [{ name: "deep", where: nested(3_000) }] });
    expect(deep).toMatchObject({ status: 422, code: "limit_exceeded" });
    const many = await put({ test_cases: Array.from({ length: 10_001 }, (_, index) => ({ name: `t${index}`, where: comparison })) });
    expect(many).toMatchObject({ status: 422, code: "limit_exceeded", message: "test_cases: must have at most 10,000 items (the server's limit test_cases)" });
    expect((await platform!.describeDataset("pets")).quality_standard_version).toBe(1);
  });

  test("evaluate's version must be a whole number: SQL in it is a 400, and sw_runs is still there", async () => {
    const answer = await post("/api/v1/datasets/pets/evaluate", { models: ["m"], version: "1; DROP TABLE sw_runs" });
    expect(answer).toMatchObject({ status: 400, code: "bad_request" });
    expect(answer.message).toBe('version: must be a whole number; got "1; DROP TABLE sw_runs"');
    expect(await platform!.listRuns("pets")).toEqual([]);
  });

  test.each([
    [{ models: "m" }, 'models: must be a list; got "m"'],
    [{}, "models: is required: the models to compare"],
    [{ models: ["m"], confidence: 1.5 }, "confidence: must be less than 1; got 1.5"],
    [{ models: ["m"], resamples: 100_000 }, "resamples: must be at most 10,000 (the server's limit resamples)"],
  ])("evaluate %j is refused naming the field", async (body, message) => {
    const answer = await post("/api/v1/datasets/pets/evaluate", body);
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(answer.message).toContain(message);
    if (message.includes("server's limit")) expect(answer.code).toBe("limit_exceeded");
  });

  test("a stratification by a field of 40,000 values is limit_exceeded naming it, before the work", async () => {
    const ids = Int32Array.from({ length: 40_000 }, (_, index) => index);
    await platform!.uploadDataset("many", { format: "table", table: tableFromArrays({ id: ids, serial: Float64Array.from(ids, (id) => id * 1.5) }) });
    await platform!.uploadResults("many", "m", { format: "table", table: tableFromArrays({ id: ids, correct: Array.from(ids, (id) => id % 2 === 0) }) });
    await platform!.setQualityStandard("many", {
      stratifications: [{ field: "serial" }],
      metric_groups: [{ name: "q", metrics: [{ label: "Accuracy", kind: "mean", field: "correct" }] }],
    });
    const refused = await post("/api/v1/datasets/many/evaluate", { models: ["m"] });
    expect(refused).toMatchObject({ status: 422, code: "limit_exceeded" });
    expect(refused.message).toContain('stratification "serial" alone has about');
    expect(refused.message).toContain("(the server's limit evaluated_test_cases)");
    // Bucketed, the same field is four test cases besides the whole dataset.
    await platform!.setQualityStandard("many", {
      stratifications: [{ field: "serial", quantiles: 4 }],
      metric_groups: [{ name: "q", metrics: [{ label: "Accuracy", kind: "mean", field: "correct" }] }],
    });
    expect((await platform!.evaluate("many", { models: ["m"] })).rows).toHaveLength(5);
    await platform!.deleteDataset("many");
  });

  test("a valid standard whose only metric is a count evaluates: n per test case", async () => {
    await platform!.setQualityStandard("pets", {
      stratifications: [{ field: "species" }],
      metric_groups: [{ name: "sizes", metrics: [{ label: "n", kind: "count" }] }],
    });
    const evaluation = await platform!.evaluate("pets", { models: ["m"] });
    const counts = evaluation.rows.map((row) => [row.stratification, row.test_case, row.value]);
    expect(counts).toEqual([
      ["dataset", "all", 6],
      ["species", "a", 3],
      ["species", "b", 3],
    ]);
  });
});

describe("uploads", () => {
  test.each([
    ["duplicate", tableToIPC(tableFromArrays({ id: Int32Array.from([1]), x: Int32Array.from([2]) }), "stream"), "x", "id"],
    ["empty", tableToIPC(tableFromArrays({ id: Int32Array.from([1]), x: Int32Array.from([2]) }), "stream"), "x", ""],
  ])("an Arrow upload with %s column names is a 4xx naming them", async (_, bytes, from, to) => {
    const renamed = renameArrowColumn(bytes, from, to);
    const answer = await rawRequest(server!.url, "PUT", "/api/v1/datasets/odd?id_fields=id", { "Content-Type": "application/vnd.apache.arrow.stream" }, [
      renamed as unknown as string,
    ]);
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(JSON.parse(answer.body).error.message).toMatch(/column name|empty column name/);
    expect(await platform!.listDatasets()).toEqual(["pets"]);
  });
});

describe("the OpenAPI document", () => {
  test("is served without a token, as OpenAPI 3.1, with every route and the limits the server checks", async () => {
    const answer = await rawRequest(server!.url, "GET", "/api/v1/openapi.json", {});
    expect(answer.status).toBe(200);
    const document = JSON.parse(answer.body);
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths).sort()).toEqual([
      "/api/v1/datasets",
      "/api/v1/datasets/{dataset}",
      "/api/v1/datasets/{dataset}/check",
      "/api/v1/datasets/{dataset}/detection-charts",
      "/api/v1/datasets/{dataset}/discover",
      "/api/v1/datasets/{dataset}/evaluate",
      "/api/v1/datasets/{dataset}/history",
      "/api/v1/datasets/{dataset}/models/{model}/results",
      "/api/v1/datasets/{dataset}/projection",
      "/api/v1/datasets/{dataset}/properties",
      "/api/v1/datasets/{dataset}/quality-standard",
      "/api/v1/datasets/{dataset}/quality-standard/test-cases/{test_case}/ids",
      "/api/v1/datasets/{dataset}/report",
      "/api/v1/datasets/{dataset}/runs",
      "/api/v1/datasets/{dataset}/runs/{run}",
      "/api/v1/datasets/{dataset}/samples",
      "/api/v1/health",
      "/api/v1/operations/{operation}/progress",
      "/api/v1/widgets/{kind}/static",
    ]);
    expect(Object.keys(document.paths["/api/v1/datasets/{dataset}"]).sort()).toEqual(["delete", "get", "put"]);
    const { schemas } = document.components;
    expect(schemas.EvaluateOptions.properties.resamples).toMatchObject({ type: "integer", minimum: 100, maximum: 10_000 });
    expect(schemas.EvaluateOptions.required).toEqual(["models"]);
    expect(schemas.QualityStandard.properties.test_cases.maxItems).toBe(10_000);
    // The predicate refers to itself through the components, as the schema that checks it does.
    expect(JSON.stringify(schemas.Predicate)).toContain('"$ref":"#/components/schemas/Predicate"');
    expect(document.paths["/api/v1/datasets/{dataset}/samples"].post.requestBody.content["application/json"].schema).toEqual({
      $ref: "#/components/schemas/SamplesOptions",
    });
  });

  test("a method a path does not have is 405 with Allow", async () => {
    const answer = await rawRequest(server!.url, "PATCH", "/api/v1/datasets/pets", {});
    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toBe("GET, DELETE, PUT");
  });
});

/** The same Arrow stream with one column renamed: the library writes a name it would not give. */
function renameArrowColumn(bytes: Uint8Array, from: string, to: string): Uint8Array {
  const table = tableFromIPC(bytes);
  const schema = new Schema(
    table.schema.fields.map((field) => (field.name === from ? field.clone({ name: to }) : field)),
    table.schema.metadata,
  );
  return tableToIPC(
    new Table(
      schema,
      table.batches.map((batch) => new RecordBatch(schema, batch.data)),
    ),
    "stream",
  );
}
