// The Spark session's views: each stored table a statement names is made a view once per server
// session, and again (with the session's settings) after Spark lost the session. A fake client
// records the commands: what is tested is which commands are sent, not Spark (sparkServe.test.ts).
import { DuckDBInstance } from "@duckdb/node-api";
import { Table, tableFromArrays } from "apache-arrow";
import { SlicewiseError } from "../../../../src/core";
import { SparkSession, SparkSessionClient, storedTablesIn } from "../../../../src/platform/engines/sparkSession";
import { makeTemporaryDirectory, removeTemporaryDirectory } from "../../../helpers/temporaryDirectory";

test("the stored tables a statement names", () => {
  expect(storedTablesIn(`SELECT * FROM "t_1" d JOIN "t_12" r0 ON r0."id" = d."id" WHERE d.id IN (SELECT "id" FROM "t_1")`)).toEqual(["t_1", "t_12"]);
  expect(storedTablesIn(`SELECT 't_3' AS "t_x", d."t_5" FROM "t_1" d`)).toEqual(["t_1"]);
});

/** A server whose session is `session`; a statement naming a view it does not have fails as Spark's would. */
class FakeClient implements SparkSessionClient {
  serverSessionId: string | undefined;
  session = "first";
  commands: string[] = [];
  views = new Set<string>();
  async sql(query: string): Promise<Table> {
    if (this.closed)
      throw new SlicewiseError("engine_failed", "Spark could not run the query: [INVALID_HANDLE.SESSION_CLOSED] The handle is invalid. Session was closed.");
    this.serverSessionId = this.session;
    for (const table of storedTablesIn(query))
      if (!this.views.has(table)) throw new SlicewiseError("engine_failed", `Spark could not run the query: [TABLE_OR_VIEW_NOT_FOUND] ${table}`);
    return tableFromArrays({ n: Float64Array.of(1) });
  }
  async command(sql: string): Promise<void> {
    if (this.closed)
      throw new SlicewiseError("engine_failed", "Spark could not run the query: [INVALID_HANDLE.SESSION_CLOSED] The handle is invalid. Session was closed.");
    this.serverSessionId = this.session;
    this.commands.push(sql.replace(/ USING parquet.*/, ""));
    const view = /VIEW "(t_\d+)"/.exec(sql);
    if (view) this.views.add(view[1]);
  }
  async close(): Promise<void> {}
  /** Spark closed the session (idle too long): every later request of it fails. */
  closed = false;
  /** The server restarts: a new session of the same id, without views. */
  restart(): void {
    this.session = "second";
    this.views.clear();
  }
}

test("views made once per session, and made again with the settings after Spark lost the session", async () => {
  const directory = makeTemporaryDirectory("slicewise-spark-session-");
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    await connection.run(`CREATE TABLE "t_1" AS SELECT 1 AS id`);
    await connection.run(`CREATE TABLE "t_2" AS SELECT 1 AS id`);
    const client = new FakeClient();
    const session = new SparkSession(() => client, directory);
    const engine = session.engine(connection);
    await engine.readRows(`SELECT count(*) AS n FROM "t_1"`);
    await engine.readRows(`SELECT count(*) AS n FROM "t_1" JOIN "t_2" USING (id)`);
    const settings = client.commands.filter((command) => command.startsWith("SET "));
    expect(settings).toContain("SET spark.sql.ansi.doubleQuotedIdentifiers=true");
    expect(client.commands).toEqual([...settings, `CREATE OR REPLACE TEMPORARY VIEW "t_1"`, `CREATE OR REPLACE TEMPORARY VIEW "t_2"`]);

    client.restart();
    client.commands = [];
    expect(await engine.readRows(`SELECT count(*) AS n FROM "t_2"`)).toEqual([{ n: 1 }]);
    expect(client.commands).toEqual([...settings, `CREATE OR REPLACE TEMPORARY VIEW "t_2"`]);
  } finally {
    connection.closeSync();
    instance.closeSync();
    removeTemporaryDirectory(directory);
  }
});

test("a session Spark closed is replaced by a new one, set up again, and the statement rerun", async () => {
  const directory = makeTemporaryDirectory("slicewise-spark-session-");
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    await connection.run(`CREATE TABLE "t_1" AS SELECT 1 AS id`);
    const clients: FakeClient[] = [];
    const session = new SparkSession(() => {
      clients.push(new FakeClient());
      return clients.at(-1)!;
    }, directory);
    const engine = session.engine(connection);
    await engine.readRows(`SELECT count(*) AS n FROM "t_1"`);
    clients[0].closed = true;
    expect(await engine.readRows(`SELECT count(*) AS n FROM "t_1"`)).toEqual([{ n: 1 }]);
    expect(clients).toHaveLength(2);
    expect(clients[1].commands).toContain("SET spark.sql.ansi.doubleQuotedIdentifiers=true");
    expect(clients[1].commands).toContain(`CREATE OR REPLACE TEMPORARY VIEW "t_1"`);
  } finally {
    connection.closeSync();
    instance.closeSync();
    removeTemporaryDirectory(directory);
  }
});
