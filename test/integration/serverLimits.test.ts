// Bodies larger than the server takes are refused with 413 payload_too_large: before a byte is
// read when Content-Length announces the size, and as soon as the limit is passed when it does
// not (a chunked upload); nothing is stored and no upload file is left behind.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { Platform } from "../../src/platform";
import { RunningApiServer, startApiServer } from "../helpers/apiServer";
import { rawRequest } from "../helpers/rawRequest";
import { makeTemporaryDirectory, removeTemporaryDirectory } from "../helpers/temporaryDirectory";

let directory: string;
let platform: Platform | undefined;
let server: RunningApiServer | undefined;

beforeAll(async () => {
  directory = makeTemporaryDirectory("slicewise-limits-");
  platform = await Platform.open({ data: directory });
  server = await startApiServer(platform, { maxJsonBytes: 1_000, maxUploadBytes: 10_000 });
});

afterAll(async () => {
  await server?.stop();
  platform?.close();
  removeTemporaryDirectory(directory);
});

/** Sends `chunks` (chunked unless a Content-Length is given); answers with the status and the error's code and message. */
async function send(
  method: string,
  path: string,
  headers: Record<string, string>,
  chunks: string[],
): Promise<{ status: number; code?: string; message?: string }> {
  const answer = await rawRequest(server!.url, method, path, headers, chunks);
  const error = answer.body ? (JSON.parse(answer.body) as { error?: { code: string; message: string } }).error : undefined;
  return { status: answer.status, code: error?.code, message: error?.message };
}

const csvRows = (count: number) => ["id,label\n", ...Array.from({ length: count }, (_, index) => `${index},${index % 10}\n`)];

test("an upload announcing 2.5 GB is refused with 413 before it is read", async () => {
  // Only the headers go out: the server must answer without waiting for the body.
  const answer = await send("PUT", "/api/v1/datasets/huge", { "Content-Type": "text/csv", "Content-Length": String(2.5e9) }, []);
  expect(answer).toMatchObject({ status: 413, code: "payload_too_large" });
  expect(answer.message).toContain("10,000 bytes");
});

test("a chunked upload past the limit is cut off with 413; no dataset, no file left in uploads/", async () => {
  // 2,000 rows of about 7 bytes: 14 kB against a 10 kB limit.
  const answer = await send("PUT", "/api/v1/datasets/chunked?id_fields=id", { "Content-Type": "text/csv" }, csvRows(2_000));
  expect(answer).toMatchObject({ status: 413, code: "payload_too_large" });
  expect(await platform!.listDatasets()).toEqual([]);
  expect(readdirSync(join(directory, "uploads"))).toEqual([]);
});

test("an upload under the limit is stored: 500 rows", async () => {
  const answer = await send("PUT", "/api/v1/datasets/small?id_fields=id", { "Content-Type": "text/csv" }, csvRows(500));
  expect(answer.status).toBe(201);
  expect((await platform!.describeDataset("small")).rows).toBe(500);
});

test("a JSON body over its limit is 413, announced or not", async () => {
  const big = JSON.stringify({ models: ["x".repeat(2_000)] });
  const announced = await send(
    "POST",
    "/api/v1/datasets/small/evaluate",
    { "Content-Type": "application/json", "Content-Length": String(Buffer.byteLength(big)) },
    [big],
  );
  expect(announced).toMatchObject({ status: 413, code: "payload_too_large" });
  const chunked = await send("POST", "/api/v1/datasets/small/evaluate", { "Content-Type": "application/json" }, [big.slice(0, 900), big.slice(900)]);
  expect(chunked).toMatchObject({ status: 413, code: "payload_too_large" });
});
