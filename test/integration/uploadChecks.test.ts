// What an upload is refused for at the door, over HTTP: a CSV whose rows have different numbers
// of fields (with the line that is wrong), names holding bidi or invisible characters, and
// numeric buckets on a string field. Nothing refused is stored.
import { Platform } from "../../src/platform";
import { RunningApiServer, startApiServer } from "../helpers/apiServer";
import { rawRequest } from "../helpers/rawRequest";
import { makeTemporaryDirectory, removeTemporaryDirectory } from "../helpers/temporaryDirectory";

let directory: string;
let platform: Platform | undefined;
let server: RunningApiServer | undefined;

beforeAll(async () => {
  directory = makeTemporaryDirectory("slicewise-upload-checks-");
  platform = await Platform.open({ data: directory });
  server = await startApiServer(platform);
});

afterAll(async () => {
  await server?.stop();
  platform?.close();
  removeTemporaryDirectory(directory);
});

interface Answer {
  status: number;
  body: Record<string, unknown> & { error?: { code: string; message: string } };
}

async function send(method: string, path: string, contentType: string, body: string): Promise<Answer> {
  const answer = await rawRequest(server!.url, method, path, { "Content-Type": contentType, "Content-Length": String(Buffer.byteLength(body)) }, [body]);
  return { status: answer.status, body: answer.body ? JSON.parse(answer.body) : {} };
}

const putCsv = (path: string, csv: string) => send("PUT", path, "text/csv", csv);
const listDatasets = async () => (await send("GET", "/api/v1/datasets", "application/json", "")).body.datasets;

describe("a CSV with uneven rows", () => {
  test("a row with 2 fields under a 3-field header: 400 unreadable_body naming line 3; nothing stored", async () => {
    const answer = await putCsv("/api/v1/datasets/short", "id,a,b\n1,2,3\n2,3\n3,4,5\n");
    expect(answer.status).toBe(400);
    expect(answer.body.error!.code).toBe("unreadable_body");
    expect(answer.body.error!.message).toBe(
      'the csv upload is malformed: 1 line cannot be read (line 3: Expected Number of Columns: 3 Found: 2 in "2,3"); give every row as many fields as the header, and quote a field that holds the delimiter (a comma), a quote or a line break. Nothing was stored',
    );
    expect(await listDatasets()).not.toContain("short");
  });

  test("a row with 4 fields: 400 naming line 2", async () => {
    const answer = await putCsv("/api/v1/datasets/long", "id,a,b\n1,2,3,4\n2,3,4\n");
    expect(answer.status).toBe(400);
    expect(answer.body.error!.code).toBe("unreadable_body");
    expect(answer.body.error!.message).toContain('line 2: Expected Number of Columns: 3 Found: 4 in "1,2,3,4"');
  });

  test("a header shorter than every row is not skipped as a title: 400 naming lines 2 and 3", async () => {
    const answer = await putCsv("/api/v1/datasets/shortheader?id_fields=id", "id,a\n1,2,3\n2,3,4\n");
    expect(answer.status).toBe(400);
    expect(answer.body.error!.code).toBe("unreadable_body");
    expect(answer.body.error!.message).toContain("2 lines cannot be read (line 2: Expected Number of Columns: 2 Found: 3");
    expect(answer.body.error!.message).toContain("line 3:");
  });

  test("an uneven row past the rows DuckDB samples is named too", async () => {
    const lines = ["id,a,b", ...Array.from({ length: 30_000 }, (_, index) => (index === 25_000 ? `${index},1` : `${index},${index % 7},${index % 3}`))];
    const answer = await putCsv("/api/v1/datasets/deep", `${lines.join("\n")}\n`);
    expect(answer.status).toBe(400);
    expect(answer.body.error!.message).toContain('line 25002: Expected Number of Columns: 3 Found: 2 in "25000,1"');
    expect(await listDatasets()).not.toContain("deep");
  });

  test("a bad CSV over an existing dataset leaves its rows and commits as they were", async () => {
    const good = await putCsv("/api/v1/datasets/kept", "id,label\n1,cat\n2,dog\n3,cat\n");
    expect(good.status).toBe(201);
    const bad = await putCsv("/api/v1/datasets/kept", "id,label\n1,cat\n2\n3,cat,extra\n4,dog\n");
    expect(bad.status).toBe(400);
    expect(bad.body.error!.code).toBe("unreadable_body");
    expect(bad.body.error!.message).toContain("2 lines cannot be read (line 3:");
    const kept = await send("GET", "/api/v1/datasets/kept", "application/json", "");
    expect(kept.body).toMatchObject({ commit: 1, rows: 3, id_fields: ["id"], commits: [{ commit: 1, rows: 3 }] });
    expect((kept.body.columns as { name: string }[]).map((column) => column.name)).toEqual(["id", "label"]);
  });

  test("even CSVs still load: quoted commas, tabs, semicolons", async () => {
    expect((await putCsv("/api/v1/datasets/quoted", 'id,text\n1,"a, b"\n2,plain\n')).body).toMatchObject({ rows: 2, id_fields: ["id"] });
    expect((await putCsv("/api/v1/datasets/semicolons", "id;label\n1;cat\n2;dog\n")).body).toMatchObject({ rows: 2, id_fields: ["id"] });
    expect((await putCsv("/api/v1/datasets/tabs", "id\tlabel\n1\tcat\n2\tdog\n")).body).toMatchObject({ rows: 2, id_fields: ["id"] });
  });
});

describe("names that would display as other names", () => {
  test("a dataset name with U+202E, percent-encoded in the path: 400 bad_request naming it; nothing stored", async () => {
    const answer = await putCsv(`/api/v1/datasets/${encodeURIComponent("digits\u202Etxt.exe")}`, "id,label\n1,cat\n");
    expect(answer.status).toBe(400);
    expect(answer.body.error).toEqual({
      code: "bad_request",
      message:
        "the dataset name is not usable: the character at position 7 is U+202E, a bidi control, which reorders how the text around it is displayed; use 1–200 visible characters without slashes",
    });
    expect(await listDatasets()).not.toContain("digits\u202Etxt.exe");
  });

  test("a model name with U+200B: 400 bad_request naming it; no results stored", async () => {
    expect((await putCsv("/api/v1/datasets/pets", "id,label\n1,cat\n2,dog\n")).status).toBe(201);
    const answer = await putCsv(`/api/v1/datasets/pets/models/${encodeURIComponent("knn\u200B")}/results`, "id,pred\n1,cat\n2,dog\n");
    expect(answer.status).toBe(400);
    expect(answer.body.error!.code).toBe("bad_request");
    expect(answer.body.error!.message).toContain("the model name is not usable: the character at position 4 is U+200B, an invisible formatting character");
    expect((await send("GET", "/api/v1/datasets/pets", "application/json", "")).body.models).toEqual([]);
  });

  test("a model named property: 400 bad_request, since property.<name> columns are the dataset's measured properties", async () => {
    expect((await putCsv("/api/v1/datasets/pets", "id,label\n1,cat\n2,dog\n")).status).toBe(201);
    const answer = await putCsv("/api/v1/datasets/pets/models/property/results", "id,pred\n1,cat\n2,dog\n");
    expect(answer.status).toBe(400);
    expect(answer.body.error!.message).toContain('the model name "property" is reserved');
    expect((await send("GET", "/api/v1/datasets/pets", "application/json", "")).body.models).toEqual([]);
  });

  test("names in other scripts are stored as sent", async () => {
    expect((await putCsv(`/api/v1/datasets/${encodeURIComponent("数字")}`, "id,label\n1,cat\n")).status).toBe(201);
    expect((await putCsv(`/api/v1/datasets/${encodeURIComponent("数字")}/models/${encodeURIComponent("ü-net")}/results`, "id,pred\n1,cat\n")).status).toBe(201);
    expect(await listDatasets()).toContain("数字");
    expect((await send("GET", `/api/v1/datasets/${encodeURIComponent("数字")}`, "application/json", "")).body.models).toMatchObject([
      { model: "ü-net", rows: 1 },
    ]);
  });
});

test("buckets on a string field are refused when the quality standard is set: 422 naming the field", async () => {
  expect((await putCsv("/api/v1/datasets/animals", "id,label,size\n1,cat,3\n2,dog,5\n")).status).toBe(201);
  const standard = { stratifications: [{ name: "s", field: "label", buckets: [1, 2] }], test_cases: [], metric_groups: [] };
  const answer = await send("PUT", "/api/v1/datasets/animals/quality-standard", "application/json", JSON.stringify(standard));
  expect(answer.status).toBe(422);
  expect(answer.body.error!.code).toBe("invalid_quality_standard");
  expect(answer.body.error!.message).toContain(
    'stratification "s" (stratifications[0]) puts field "label" into numeric buckets, but it holds strings (VARCHAR)',
  );
  expect((await send("GET", "/api/v1/datasets/animals", "application/json", "")).body.quality_standard_version).toBeNull();
});

describe("an unreadable file says why, and nothing of the server", () => {
  test.each([
    ["application/vnd.apache.parquet", "garbage", "too small to be a Parquet file"],
    ["application/x-ndjson", '{"a":', "Malformed JSON in file the upload"],
  ])("%s: 400 unreadable_body with DuckDB's reason, without the data directory's path or the SQL", async (contentType, body, reason) => {
    const answer = await send("PUT", "/api/v1/datasets/broken?id_fields=id", contentType, body);
    expect(answer.status).toBe(400);
    expect(answer.body.error!.code).toBe("unreadable_body");
    expect(answer.body.error!.message).toContain(reason);
    expect(answer.body.error!.message).not.toContain(directory);
    expect(answer.body.error!.message).not.toMatch(/CREATE TABLE|uploads\//);
  });
});
