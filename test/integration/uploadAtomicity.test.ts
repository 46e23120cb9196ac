// An upload is one transaction: a process killed in the middle of one, or a file that turns out
// unreadable halfway, leaves the store as it was — no dataset, no commit, no stray table.
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tableFromArrays } from "apache-arrow";
import { SlicewiseError } from "../../src/core";
import { Platform } from "../../src/platform";
import { startApiServer } from "../helpers/apiServer";
import { killAllChildren, startChild } from "../helpers/childProcess";
import { ensureCompiledLibrary, repositoryRoot } from "../helpers/compiledLibrary";
import { makeTemporaryDirectory, removeTemporaryDirectory } from "../helpers/temporaryDirectory";

const uploadScript = join(__dirname, "fixtures/uploadDataset.js");

function uploadInChild(data: string, dataset: string, rows: number, rowsPerBatch: number) {
  return startChild(process.execPath, [uploadScript, data, dataset, String(rows), String(rowsPerBatch)], { cwd: repositoryRoot });
}

/** The data tables (t_<n>) in the store, and the ones the catalog points at: equal when nothing is left behind. */
async function dataTables(platform: Platform): Promise<{ inStore: string[]; inCatalog: string[] }> {
  const inStore = await platform.database.rows<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' AND regexp_matches(table_name, '^t_[0-9]+$') ORDER BY table_name",
  );
  const inCatalog = await platform.database.rows<{ table_name: string }>(
    "SELECT table_name FROM sw_dataset_commits UNION SELECT table_name FROM sw_results ORDER BY table_name",
  );
  return { inStore: inStore.map((row) => row.table_name), inCatalog: inCatalog.map((row) => row.table_name) };
}

async function failureOf(call: () => Promise<unknown>): Promise<SlicewiseError> {
  try {
    await call();
  } catch (error) {
    if (error instanceof SlicewiseError) return error;
    throw error;
  }
  throw new Error("expected a SlicewiseError, but the call succeeded");
}

let directory: string;
let platform: Platform | undefined;

beforeAll(() => ensureCompiledLibrary(), 180_000);

beforeEach(() => {
  directory = makeTemporaryDirectory("slicewise-atomicity-");
});

afterEach(async () => {
  await killAllChildren();
  platform?.close();
  platform = undefined;
  removeTemporaryDirectory(directory);
});

test("a process killed in the middle of an upload leaves the store as it was", async () => {
  const data = join(directory, "data");

  // "keep": 1,000 rows, uploaded by a child process that finishes.
  const keep = uploadInChild(data, "keep", 1000, 1000);
  const kept = await keep.exited;
  expect({ ...kept, stderr: keep.stderr() }).toEqual({ code: 0, signal: null, stderr: "" });
  expect(keep.stdout()).toContain('done {"dataset":"keep","commit":1,"rows":1000,"id_fields":["id"]}');

  // "big": three million rows in batches of 50,000, killed once the first batch is in the store.
  const big = uploadInChild(data, "big", 3_000_000, 50_000);
  await big.waitForLine(/^started$/, 30_000);
  await new Promise((resolve) => setTimeout(resolve, 100));
  big.process.kill("SIGKILL");
  const killed = await big.exited;
  expect(killed.signal).toBe("SIGKILL");
  // The kill landed before the upload committed (else this test would prove nothing).
  expect(big.stdout()).not.toContain("done");

  platform = await Platform.open({ data });
  expect(await platform.listDatasets()).toEqual(["keep"]);
  const description = await platform.describeDataset("keep");
  expect(description).toMatchObject({ commit: 1, rows: 1000, id_fields: ["id"] });
  expect(description.commits.map(({ commit, rows }) => ({ commit, rows }))).toEqual([{ commit: 1, rows: 1000 }]);
  const rows = await platform.samples("keep", { limit: 5000 });
  expect(rows.numRows).toBe(1000);
  // ids 1…1000: their sum is 1000 · 1001 / 2.
  expect(Array.from(rows.getChild("id")!.toArray() as Int32Array).reduce((sum, id) => sum + id, 0)).toBe(500_500);
  expect(rows.getChild("label")!.get(999)).toBe("row 0001000");
  const tables = await dataTables(platform);
  expect(tables.inStore).toEqual(tables.inCatalog);

  // The store takes new uploads: "big" starts again at commit 1, "keep" goes on to commit 2.
  const ids = Int32Array.from({ length: 5 }, (_, i) => i + 1);
  const again = await platform.uploadDataset("big", { format: "table", table: tableFromArrays({ id: ids }) });
  expect(again).toEqual({ dataset: "big", commit: 1, rows: 5, id_fields: ["id"] });
  const second = await platform.uploadDataset("keep", { format: "table", table: tableFromArrays({ id: ids }) });
  expect(second).toEqual({ dataset: "keep", commit: 2, rows: 5, id_fields: ["id"] });
  expect(await platform.listDatasets()).toEqual(["big", "keep"]);
}, 60_000);

describe("a CSV with a malformed row far down the file", () => {
  const goodRows = 100_000;

  function writeCsv(path: string, badLine: string): void {
    const lines = ["id,value,group"];
    for (let id = 1; id <= goodRows; id++) lines.push(`${id},${id / 4},${id % 3 === 0 ? "a" : "b"}`);
    lines.push(badLine);
    writeFileSync(path, lines.join("\n") + "\n");
  }

  beforeEach(async () => {
    platform = await Platform.open({ data: join(directory, "data") });
    await platform.uploadDataset("keep", { format: "table", table: tableFromArrays({ id: Int32Array.of(1, 2, 3) }) });
  });

  test.each([
    ["a word in a numeric column", `${goodRows + 1},not-a-number,a`],
    ["a row with too many columns", `${goodRows + 1},1.5,a,surplus,fields`],
  ])("%s fails with unreadable_body and leaves nothing behind", async (_what, badLine) => {
    const path = join(directory, "malformed.csv");
    writeCsv(path, badLine);
    const before = await dataTables(platform!);
    const codes: Record<string, string> = {};

    const fresh = await failureOf(() => platform!.uploadDataset("malformed", { format: "csv", path }));
    codes["new dataset"] = fresh.code;
    expect(fresh.message).toContain("csv");
    const onto = await failureOf(() => platform!.uploadDataset("keep", { format: "csv", path }));
    codes["new commit of keep"] = onto.code;

    expect(await platform!.listDatasets()).toEqual(["keep"]);
    expect(await platform!.describeDataset("keep")).toMatchObject({ commit: 1, rows: 3 });
    expect(await dataTables(platform!)).toEqual(before);

    // Over HTTP the same, and the spooled body is removed.
    const server = await startApiServer(platform!);
    try {
      const response = await fetch(`${server.url}/api/v1/datasets/malformed`, {
        method: "PUT",
        body: new Uint8Array(readFileSync(path)),
        headers: { "Content-Type": "text/csv" },
      });
      expect(response.status).toBe(400);
      codes["over HTTP"] = ((await response.json()) as { error: { code: string } }).error.code;
    } finally {
      await server.stop();
    }
    expect(readdirSync(join(directory, "data", "uploads"))).toEqual([]);
    expect(await platform!.listDatasets()).toEqual(["keep"]);
    expect(await dataTables(platform!)).toEqual(before);

    // The file is not empty — 100,000 good rows — so the code must say unreadable, not empty.
    expect(codes).toEqual({ "new dataset": "unreadable_body", "new commit of keep": "unreadable_body", "over HTTP": "unreadable_body" });
    expect(fresh.message).toContain(`line ${goodRows + 2}:`);
  });
});
