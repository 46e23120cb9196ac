// The store's file: a new store is made of small blocks, so that the many small tables uploads make
// do not each take DuckDB's default 256 KB per column; its allocator gives freed memory back.
import { Platform } from "../../../../src/platform";
import { Database } from "../../../../src/platform/store/database";
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

test("a new store is made of 16 KB blocks, and 200 small tables take under 10 MB once checkpointed", async () => {
  database = await Database.open(directory);
  const store = database;
  const [size] = await store.rows<{ block_size: bigint }>("SELECT block_size FROM pragma_database_size()");
  expect(Number(size.block_size)).toBe(16384);
  for (let table = 0; table < 200; table++) await store.run(`CREATE TABLE t${table} AS SELECT range AS i, range * 2.5 AS v, random() AS x FROM range(400)`);
  await store.run("CHECKPOINT");
  const [used] = await store.rows<{ used_blocks: bigint }>("SELECT used_blocks FROM pragma_database_size()");
  // At DuckDB's 256 KB blocks the same tables took 54.5 MB.
  expect(Number(used.used_blocks) * 16384).toBeLessThan(10e6);
});

test("the store's allocator hands freed memory back: a background thread, and 16 MiB cached per thread, not 128", async () => {
  database = await Database.open(directory);
  const settings = await database.rows<{ name: string; value: string }>(
    "SELECT name, value FROM duckdb_settings() WHERE name IN ('allocator_background_threads', 'allocator_flush_threshold') ORDER BY name",
  );
  expect(settings).toEqual([
    { name: "allocator_background_threads", value: "true" },
    { name: "allocator_flush_threshold", value: "16.0 MiB" },
  ]);
});

test("opened again in the same process (a notebook cell run twice), the store is the same database, closed by its last open", async () => {
  const first = await Database.open(directory);
  // Two opens at once wait for one file open between them.
  const [second, third] = await Promise.all([Database.open(directory), Database.open(`${directory}/.`)]);
  expect(second).toBe(first);
  expect(third).toBe(first);
  expect(first.shared).toBe(true);
  await first.run("CREATE TABLE t AS SELECT range AS i FROM range(3)");
  first.close();
  third.close();
  // One open remains: the store still answers.
  expect(await second.rows("SELECT count(*)::INTEGER AS n FROM t")).toEqual([{ n: 3 }]);
  expect(second.shared).toBe(false);
  second.close();
  // All closed: the next open is a new database over the same file, with what was written.
  database = await Database.open(directory);
  expect(database).not.toBe(first);
  expect(await database.rows("SELECT count(*)::INTEGER AS n FROM t")).toEqual([{ n: 3 }]);
});

test("a platform closed twice gives its open of a shared store back once: the other platform's store stays open", async () => {
  const first = await Platform.open({ data: directory });
  const second = await Platform.open({ data: directory });
  first.close();
  first.close();
  expect(await second.database.rows("SELECT 42 AS answer")).toEqual([{ answer: 42 }]);
  second.close();
});

test("a read learns which state of the store it sees: the writes ended before it began, or nothing while one is under way", async () => {
  database = await Database.open(directory);
  const seen = async () => database!.read(async (_connection, snapshot) => snapshot.writes);
  const first = await seen();
  expect(typeof first).toBe("number");
  expect(await seen()).toBe(first); // reading changes nothing
  await database.run("CREATE TABLE notes (n INTEGER)");
  expect(await seen()).toBe(first! + 1);
  await database.transaction((connection) => connection.run("INSERT INTO notes VALUES (1)"));
  expect(await seen()).toBe(first! + 2);
  // A transaction left open: a read begun meanwhile cannot tell whether it sees the write.
  let finish!: () => void;
  const open = database.transaction(async (connection) => {
    await connection.run("INSERT INTO notes VALUES (2)");
    await new Promise<void>((resolve) => (finish = resolve));
  });
  while (!finish) await new Promise((resolve) => setTimeout(resolve, 1));
  expect(await seen()).toBeUndefined();
  finish();
  await open;
  expect(await seen()).toBe(first! + 3);
  // A rolled-back write counts too: nothing tells a reader it changed nothing.
  await expect(database.transaction(async () => Promise.reject(new Error("no")))).rejects.toThrow("no");
  expect(await seen()).toBe(first! + 4);
});
