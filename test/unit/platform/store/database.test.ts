// The store's file: small blocks for new stores, and a checkpoint that steady reads cannot put off.
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { Database, databaseFileName } from "../../../../src/platform/store/database";
import { makeTemporaryDirectory, removeTemporaryDirectory } from "../../../helpers/temporaryDirectory";

let directory: string;
let database: Database | undefined;

beforeEach(() => {
  directory = makeTemporaryDirectory();
});

afterEach(() => {
  database?.close();
  database = undefined;
  removeTemporaryDirectory(directory);
});

const walBytes = () => {
  const path = join(directory, `${databaseFileName}.wal`);
  return existsSync(path) ? statSync(path).size : 0;
};

/** A read that holds its transaction open until released, and what it read after that. */
async function holdReader(store: Database): Promise<{ release: () => void; finished: Promise<unknown> }> {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let started!: () => void;
  const running = new Promise<void>((resolve) => (started = resolve));
  const finished = store.read(async (connection) => {
    await connection.run("SELECT count(*) FROM a");
    started();
    await held;
    return (await connection.runAndReadAll("SELECT count(*) AS n FROM a")).getRowObjectsJS()[0].n;
  });
  await running;
  return { release, finished };
}

test("a new store is made of 16 KB blocks", async () => {
  database = await Database.open(directory);
  const [size] = await database.rows<{ block_size: bigint }>("SELECT block_size FROM pragma_database_size()");
  expect(Number(size.block_size)).toBe(16384);
});

test("a commit past the log's checkpoint size checkpoints even while a reader's transaction is open", async () => {
  database = await Database.open(directory, { checkpointWalBytes: 64 * 1024 });
  const store = database;
  await store.transaction((connection) => connection.run("CREATE TABLE a AS SELECT range AS i FROM range(10)"));
  const reader = await holdReader(store);
  // Many small tables, as uploads make them: DuckDB's own checkpoint gives up while the reader is open.
  const write = store.transaction(async (connection) => {
    for (let table = 0; table < 20; table++) await connection.run(`CREATE TABLE t${table} AS SELECT range AS i, random() AS x FROM range(2000)`);
  });
  setTimeout(reader.release, 200);
  await write;
  expect(await reader.finished).toBe(10n);
  expect(walBytes()).toBe(0);
  const [count] = await store.rows<{ n: bigint }>("SELECT count(*) AS n FROM t19");
  expect(count.n).toBe(2000n);
});

test("below the checkpoint size the log is left to DuckDB", async () => {
  database = await Database.open(directory, { checkpointWalBytes: 1e9 });
  const store = database;
  await store.transaction((connection) => connection.run("CREATE TABLE a AS SELECT range AS i FROM range(10)"));
  const reader = await holdReader(store);
  await store.transaction((connection) => connection.run("CREATE TABLE b AS SELECT range AS i, random() AS x FROM range(2000)"));
  expect(walBytes()).toBeGreaterThan(0);
  reader.release();
  await reader.finished;
});
