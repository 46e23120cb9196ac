// A client that goes away cancels its work (issue 12, point 2): the server interrupts the
// evaluation's SQL when the connection closes before the answer, instead of finishing work
// nobody will read while other requests wait.
import { request } from "node:http";
import { tableFromArrays } from "apache-arrow";
import { Platform } from "../../src/platform";
import { RunningApiServer, startApiServer } from "../helpers/apiServer";
import { makeTemporaryDirectory, removeTemporaryDirectory } from "../helpers/temporaryDirectory";

let directory: string;
let platform: Platform;
let server: RunningApiServer;
/** How each evaluation the server started ended: "answered" or its error's code. */
const endings: string[] = [];

beforeAll(async () => {
  directory = makeTemporaryDirectory("slicewise-cancel-");
  platform = await Platform.open({ data: directory });
  // 300,000 rows and 2,000 explicit test cases: seconds of SQL, so the client is gone long before.
  const rows = 300_000;
  const ids = Int32Array.from({ length: rows }, (_, index) => index);
  await platform.uploadDataset("big", { format: "table", table: tableFromArrays({ id: ids, ink: Float64Array.from(ids, (id) => (id * 7919) % 1000) }) });
  await platform.uploadResults("big", "m", { format: "table", table: tableFromArrays({ id: ids, score: Float64Array.from(ids, (id) => (id % 97) / 97) }) });
  const testCases = Array.from({ length: 2_000 }, (_, index) => ({
    name: `ink ${index}`,
    where: { field: "ink", op: "between", value: [index % 900, (index % 900) + 100] },
  }));
  await platform.setQualityStandard("big", {
    test_cases: testCases,
    metric_groups: [{ name: "q", metrics: [{ label: "Mean score", kind: "mean", field: "score" }] }],
  });
  const evaluate = platform.evaluate.bind(platform);
  platform.evaluate = (dataset, options, context) =>
    evaluate(dataset, options, context).then(
      (evaluation) => (endings.push("answered"), evaluation),
      (error) => {
        endings.push((error as { code?: string }).code ?? "other");
        throw error;
      },
    );
  server = await startApiServer(platform);
}, 120_000);

afterAll(async () => {
  await server.stop();
  platform.close();
  removeTemporaryDirectory(directory);
});

test("an evaluate whose client hangs up after 300 ms ends as cancelled, and the server answers the next request", async () => {
  const { port } = new URL(server.url);
  await new Promise<void>((resolve) => {
    const outgoing = request({
      host: "127.0.0.1",
      port,
      method: "POST",
      path: "/api/v1/datasets/big/evaluate",
      headers: { "Content-Type": "application/json" },
    });
    outgoing.on("error", () => resolve()); // the socket we destroy
    outgoing.end(JSON.stringify({ models: ["m"] }));
    setTimeout(() => outgoing.destroy(), 300);
  });
  const deadline = Date.now() + 60_000;
  while (endings.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(endings).toEqual(["cancelled"]);
  const describe = await fetch(`${server.url}/api/v1/datasets/big`);
  expect(((await describe.json()) as { rows: number }).rows).toBe(300_000);
}, 90_000);
