// The Spark Connect client against a real local Spark Connect server: answers as Arrow, commands,
// Spark's errors coded, an unreachable server coded, and a stream cut mid-answer resumed.
import { Server, Socket, connect, createServer } from "node:net";
import { SparkConnectClient } from "../../src/platform/engines/sparkConnect/sparkConnection";
import { SparkConnectServer, sparkMissing, startSparkConnectServer } from "../helpers/sparkConnectServer";

const missing = sparkMissing();
if (missing) console.warn(`Spark tests skipped: ${missing}`);
const describeSpark = missing ? describe.skip : describe;

describeSpark("Spark Connect client", () => {
  let server: SparkConnectServer;
  let client: SparkConnectClient;

  beforeAll(async () => {
    server = await startSparkConnectServer();
    client = new SparkConnectClient(server.remote);
  }, 180_000);

  afterAll(async () => {
    await client?.close();
    await server?.stop();
  }, 60_000);

  test("a query's answer arrives as Arrow: numbers, strings, nulls and structs", async () => {
    const table = await client.sql(
      "SELECT id, CAST(id * 0.5 AS DOUBLE) AS half, IF(id = 2, NULL, concat('row ', id)) AS label, named_struct('n', id + 1) AS s FROM range(4) ORDER BY id",
    );
    expect(table.numRows).toBe(4);
    expect(Array.from(table.getChild("half")!.toArray() as Float64Array)).toEqual([0, 0.5, 1, 1.5]);
    expect(table.getChild("label")!.toJSON()).toEqual(["row 0", "row 1", null, "row 3"]);
    expect(table.getChild("s")!.get(3)!.toJSON()).toEqual({ n: 4n });
  });

  test("commands run in the session: a temporary view is there for the next query", async () => {
    await client.command("CREATE OR REPLACE TEMPORARY VIEW squares AS SELECT id, id * id AS square FROM range(1, 5)");
    const table = await client.sql("SELECT sum(square) AS total FROM squares");
    expect(table.getChild("total")!.get(0)).toBe(1n + 4n + 9n + 16n);
  });

  test("an empty answer still has its columns", async () => {
    const table = await client.sql("SELECT id AS kept FROM range(3) WHERE id > 5");
    expect(table.numRows).toBe(0);
    expect(table.schema.fields.map((field) => field.name)).toEqual(["kept"]);
  });

  test("a query Spark refuses is engine_failed (502) with Spark's message", async () => {
    await expect(client.sql("SELECT missing_column FROM range(1)")).rejects.toMatchObject({
      code: "engine_failed",
      status: 502,
      message: expect.stringContaining("UNRESOLVED_COLUMN"),
    });
  });

  test("a query that fails while it runs is engine_failed with the error it raised", async () => {
    await expect(client.sql("SELECT raise_error('no datapoint may be 7') FROM range(10) WHERE id = 7")).rejects.toMatchObject({
      code: "engine_failed",
      message: expect.stringContaining("no datapoint may be 7"),
    });
  });

  test("a server that is not there is engine_unavailable (503)", async () => {
    const closed = await listenOnce();
    const nowhere = new SparkConnectClient(`sc://127.0.0.1:${closed}`);
    await expect(nowhere.sql("SELECT 1")).rejects.toMatchObject({ code: "engine_unavailable", status: 503 });
    await nowhere.close();
  });

  test("a stream cut mid-answer is reattached and the answer is whole", async () => {
    // A proxy that drops the first connection once 6 MB of the answer have passed (Spark sends
    // at most 4 MiB per Arrow batch): the rest must come through ReattachExecute.
    const proxy = await cuttingProxy(Number(new URL(server.remote.replace("sc:", "http:")).port), 6_000_000);
    const resumed = new SparkConnectClient(`sc://127.0.0.1:${proxy.port}`);
    try {
      const rows = 3_000_000;
      const table = await resumed.sql(`SELECT id FROM range(${rows})`);
      expect(proxy.cuts()).toBe(1);
      expect(table.numRows).toBe(rows);
      const ids = table.getChild("id")!;
      let sum = 0n;
      for (const value of ids) sum += value as bigint;
      expect(sum).toBe((BigInt(rows) * BigInt(rows - 1)) / 2n);
    } finally {
      await resumed.close();
      await proxy.close();
    }
  }, 120_000);
});

/** A port that was free a moment ago and has nothing listening on it. */
async function listenOnce(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function cuttingProxy(target: number, afterBytes: number): Promise<{ port: number; cuts: () => number; close: () => Promise<void> }> {
  let cuts = 0;
  const sockets = new Set<Socket>();
  const proxy: Server = createServer((downstream) => {
    const upstream = connect(target, "127.0.0.1");
    sockets.add(downstream).add(upstream);
    const first = cuts === 0;
    let passed = 0;
    downstream.pipe(upstream);
    upstream.on("data", (chunk: Buffer) => {
      passed += chunk.length;
      if (first && cuts === 0 && passed > afterBytes) {
        cuts++;
        upstream.destroy();
        downstream.destroy();
        return;
      }
      downstream.write(chunk);
    });
    const end = () => {
      upstream.destroy();
      downstream.destroy();
    };
    upstream.on("error", end).on("close", end);
    downstream.on("error", end).on("close", end);
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  return {
    port: (proxy.address() as { port: number }).port,
    cuts: () => cuts,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => proxy.close(resolve));
    },
  };
}
