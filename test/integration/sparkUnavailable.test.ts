// A platform on the Spark engine whose Spark Connect server is not there (nothing listens on the
// port): uploads still land (they need only the store and the warehouse), an evaluation or a
// samples request is engine_unavailable (503) naming the remote and the option to check, and the
// server goes on answering what the catalog knows. No Spark is started: this runs everywhere.
import { createServer } from "node:net";
import { join } from "node:path";
import { tableFromArrays } from "apache-arrow";
import { SlicewiseError } from "../../src/core";
import { Platform } from "../../src/platform";
import { startApiServer } from "../helpers/apiServer";
import { makeTemporaryDirectory, removeTemporaryDirectory } from "../helpers/temporaryDirectory";

/** A port nothing listens on: one the system gave out and took back. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
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

test("Spark unreachable: uploads land, evaluate and samples are 503 engine_unavailable, the server stays up", async () => {
  const directory = makeTemporaryDirectory("slicewise-spark-unavailable-");
  const remote = `sc://127.0.0.1:${await closedPort()}`;
  const platform = await Platform.open({ data: join(directory, "data"), engine: "spark", sparkRemote: remote, warehouse: join(directory, "warehouse") });
  const server = await startApiServer(platform);
  try {
    const ids = Int32Array.of(1, 2, 3);
    await platform.uploadDataset("three", { format: "table", table: tableFromArrays({ id: ids }) });
    await platform.uploadResults("three", "m", { format: "table", table: tableFromArrays({ id: ids, correct: [true, false, true] }) });
    await platform.setQualityStandard("three", {
      stratifications: [],
      test_cases: [],
      metric_groups: [{ name: "q", metrics: [{ label: "Accuracy", kind: "mean", field: "correct", higher_is_better: true }] }],
    });

    const evaluation = await failureOf(() => platform.evaluate("three", { models: ["m"], reference: "m" }));
    expect(evaluation.code).toBe("engine_unavailable");
    expect(evaluation.status).toBe(503);
    expect(evaluation.message).toContain(`Spark Connect at ${remote} is unreachable`);
    expect(evaluation.message).toContain("check --spark-remote");
    expect((await failureOf(() => platform.samples("three", { models: ["m"] }))).code).toBe("engine_unavailable");

    const response = await fetch(`${server.url}/api/v1/datasets/three/evaluate`, {
      method: "POST",
      body: JSON.stringify({ models: ["m"], reference: "m" }),
      headers: { "Content-Type": "application/json" },
    });
    expect(response.status).toBe(503);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("engine_unavailable");
    const described = await fetch(`${server.url}/api/v1/datasets/three`);
    expect(described.status).toBe(200);
    expect(((await described.json()) as { rows: number }).rows).toBe(3);
  } finally {
    await server.stop();
    platform.close();
    removeTemporaryDirectory(directory);
  }
});
