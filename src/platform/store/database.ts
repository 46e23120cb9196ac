// The embedded DuckDB store: one database file under the data directory. Writes go through one
// connection, serialised, so that a transaction never interleaves with another writer's work;
// reads take connections of their own, each in a transaction of its own (one snapshot of the
// store), so that a describe never waits behind a long evaluation or an upload.
import { mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { DuckDBConnection, DuckDBInstance, DuckDBValue } from "@duckdb/node-api";
import { SlicewiseError } from "../../core";
import { TableFacts } from "./tableFacts";

export const databaseFileName = "slicewise.duckdb";
/** Written by `slicewise serve` so that a second process can say where to connect instead. */
export const serverFileName = "server.json";

export type SqlParameters = Record<string, DuckDBValue> | DuckDBValue[];

/**
 * Which state of the store a reader's transaction sees: `writes`, how many of the writer's works
 * had ended when it began (none being under way, and none ending or starting while it began), or
 * undefined when that cannot be told. Only this process writes (the store is locked to it), so
 * what is read at one count is read again the same until the next write: an answer may be kept by it.
 */
export interface Snapshot {
  writes: number | undefined;
}

/**
 * Reads running at once, each on its own connection, by lane; more wait for one of their lane
 * to be free. "quick" reads (a description, a list, a standard) have connections of their own, so
 * that they never queue behind evaluations and samples. DuckDB's threads are shared by all.
 */
const readerConnections = { quick: 4, long: 8 };

export type ReadLane = keyof typeof readerConnections;

/**
 * The block size of a new store file (an existing file keeps its own). DuckDB's default, 256 KB,
 * is the least a table's column takes on disk and in the buffer pool once checkpointed, and every
 * upload is a table: 200 uploads of 400 rows × 3 columns took 54.5 MB at 256 KB and 5.4 MB at 16 KB
 * (measured with DuckDB 1.5.6).
 */
const blockBytes = 16 * 1024;

/**
 * How DuckDB's allocator gives freed memory back. By default each thread keeps up to 128 MiB of
 * freed memory cached and nothing returns idle pages to the system, so a long-running server's
 * RSS climbs with every burst of work and never comes down. A background thread that returns
 * them, and a cache of 16 MiB per thread: in 3 × 600 uploads of small tables, RSS 12 s after each
 * checkpoint was 125 / 163 / 208 MB against 152 / 200 / 235 MB with the defaults (DuckDB 1.5.6).
 */
const allocatorSettings = { allocator_background_threads: "true", allocator_flush_threshold: "16MiB" };

/** The connections of one lane: idle ones, how many are open, and who waits for one. */
class ReaderLane {
  readonly idle: DuckDBConnection[] = [];
  open = 0;
  readonly waiting: ((connection: DuckDBConnection) => void)[] = [];
  constructor(readonly size: number) {}
}

/**
 * The stores open in this process, by absolute directory. DuckDB lets one process open the same
 * file twice (its lock is per process), and two instances writing one file corrupt it: a notebook
 * cell that connects again (run twice, or after a page reload) would crash its kernel inside
 * DuckDB on the third run. A second open of a directory shares the first one's database instead.
 */
const openStores = new Map<string, Promise<Database>>();

export class Database {
  readonly directory: string;
  private readonly instance: DuckDBInstance;
  readonly connection: DuckDBConnection;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly lanes: Record<ReadLane, ReaderLane> = { quick: new ReaderLane(readerConnections.quick), long: new ReaderLane(readerConnections.long) };
  private closed = false;
  private committed = 0;
  private writesStarted = 0;
  private writesEnded = 0;
  /** Opens of this store in this process not yet closed: the last close closes it. */
  private handles = 1;
  /** What evaluations learnt of the stored tables, which never change (tableFacts.ts). */
  readonly tableFacts = new TableFacts();

  private constructor(directory: string, instance: DuckDBInstance, connection: DuckDBConnection) {
    this.directory = directory;
    this.instance = instance;
    this.connection = connection;
  }

  /**
   * Opens (creating if needed) the store in `directory`; another process that has it open gets
   * `store_locked`. Opened again in this process, it is the same database (its first open's
   * `threads` hold), closed by the last of its opens.
   */
  static async open(directory: string, options: { threads?: number } = {}): Promise<Database> {
    const absolute = resolve(directory);
    const pending = openStores.get(absolute);
    if (pending) {
      const database = await pending;
      if (database.closed) return Database.open(directory, options); // its last close came while this waited
      database.handles += 1;
      return database;
    }
    const opening = Database.openFile(absolute, options);
    openStores.set(absolute, opening);
    opening.catch(() => openStores.delete(absolute));
    return opening;
  }

  private static async openFile(absolute: string, options: { threads?: number }): Promise<Database> {
    mkdirSync(absolute, { recursive: true });
    const settings: Record<string, string> = { default_block_size: String(blockBytes), ...allocatorSettings };
    if (options.threads) settings.threads = String(options.threads);
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(join(absolute, databaseFileName), settings);
    } catch (error) {
      throw lockedOrRethrow(error, absolute);
    }
    const connection = await instance.connect();
    return new Database(absolute, instance, connection);
  }

  /** Whether this store is open more than once in this process (start-up clean-ups are left to its first open). */
  get shared(): boolean {
    return this.handles > 1;
  }

  /**
   * Runs `work` on a reader connection, in one transaction: every statement sees the store as it
   * was when the first one ran (a commit made meanwhile is seen whole or not at all), and `work`
   * learns which state that is when it can be known (Snapshot). When
   * `signal` aborts, the running statement is interrupted and the work fails with `cancelled`.
   * A few statements on the catalog go in the "quick" lane, anything that scans data in "long".
   * Work that writes must use `transaction` instead.
   */
  async read<T>(work: (connection: DuckDBConnection, snapshot: Snapshot) => Promise<T>, options: { signal?: AbortSignal; lane?: ReadLane } = {}): Promise<T> {
    const { signal } = options;
    const lane = this.lanes[options.lane ?? "long"];
    throwIfCancelled(signal);
    const connection = await this.takeReader(lane);
    const interrupt = () => connection.interrupt();
    signal?.addEventListener("abort", interrupt, { once: true });
    try {
      throwIfCancelled(signal); // it may have aborted while waiting for a connection
      const before = this.writes();
      await connection.run("BEGIN TRANSACTION");
      const after = this.writes();
      // No write under way when the transaction began, and none ended or started meanwhile: it sees the store as of `before.ended`.
      const settled = before.started === before.ended && after.started === before.started && after.ended === before.ended;
      try {
        return await work(connection, { writes: settled ? before.ended : undefined });
      } catch (error) {
        throwIfCancelled(signal);
        throw error;
      } finally {
        await connection.run("ROLLBACK").catch(() => undefined);
      }
    } finally {
      signal?.removeEventListener("abort", interrupt);
      this.giveBackReader(lane, connection);
    }
  }

  private async takeReader(lane: ReaderLane): Promise<DuckDBConnection> {
    const idle = lane.idle.pop();
    if (idle) return idle;
    if (lane.open < lane.size) {
      lane.open += 1;
      try {
        return await this.instance.connect();
      } catch (error) {
        lane.open -= 1;
        throw error;
      }
    }
    return new Promise((resolve) => lane.waiting.push(resolve));
  }

  private giveBackReader(lane: ReaderLane, connection: DuckDBConnection): void {
    const waiting = lane.waiting.shift();
    if (waiting) waiting(connection);
    else if (this.closed) connection.closeSync();
    else lane.idle.push(connection);
  }

  /** Runs `work` alone on the writer connection: no other write starts until it settles. */
  private exclusive<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    const result = this.queue.then(() => work(this.connection));
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** The writer's work (`run`, `transaction`), counted as it starts and as it ends. */
  private writes(): { started: number; ended: number } {
    return { started: this.writesStarted, ended: this.writesEnded };
  }

  private async write<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    return this.exclusive(async (connection) => {
      this.writesStarted += 1;
      try {
        return await work(connection);
      } finally {
        this.writesEnded += 1;
      }
    });
  }

  /**
   * How many write transactions have committed since the store was opened. Only this process
   * writes (the store is locked to it), so an answer read at one count holds until it changes.
   */
  get commits(): number {
    return this.committed;
  }

  /** Runs `work` in one transaction: all of it is visible afterwards, or none of it. */
  transaction<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    return this.write(async (connection) => {
      await connection.run("BEGIN TRANSACTION");
      try {
        const value = await work(connection);
        await connection.run("COMMIT");
        this.committed += 1;
        return value;
      } catch (error) {
        await connection.run("ROLLBACK").catch(() => undefined);
        throw error;
      }
    });
  }

  /** Reads a statement's rows on the writer's connection, after any write queued before it (a statement that writes goes through `run`). */
  async rows<T = Record<string, unknown>>(sql: string, parameters?: SqlParameters): Promise<T[]> {
    return this.exclusive(async (connection) => {
      const reader = await connection.runAndReadAll(sql, parameters);
      return reader.getRowObjectsJS() as T[];
    });
  }

  async run(sql: string, parameters?: SqlParameters): Promise<void> {
    await this.write((connection) => connection.run(sql, parameters));
  }

  close(): void {
    if (this.closed) return;
    this.handles -= 1;
    if (this.handles > 0) return;
    openStores.delete(this.directory);
    this.closed = true;
    for (const lane of Object.values(this.lanes)) for (const reader of lane.idle.splice(0)) reader.closeSync();
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

/** A client that went away: its work stops, and what it would have answered is not sent. */
function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new SlicewiseError("cancelled", "the request was cancelled (its client went away); nothing was changed");
}

function lockedOrRethrow(error: unknown, directory: string): unknown {
  const message = error instanceof Error ? error.message : String(error);
  if (!/Could not set lock|Conflicting lock/i.test(message)) return error;
  const pid = /PID (\d+)/.exec(message)?.[1];
  const server = readServerFile(directory);
  const holder = server ? `slicewise serve (pid ${server.pid}) at ${server.url}` : `another process${pid ? ` (pid ${pid})` : ""}`;
  const fix = server
    ? `connect to it instead: connect({ url: "${server.url}" }) or SLICEWISE_URL=${server.url}`
    : `stop that process, or run \`slicewise serve --data ${directory}\` once and connect every client to it with SLICEWISE_URL`;
  return new SlicewiseError("store_locked", `the data directory ${directory} is already open read-write by ${holder}; ${fix}`);
}

export function readServerFile(directory: string): { url: string; pid: number } | null {
  try {
    return JSON.parse(readFileSync(join(directory, serverFileName), "utf8"));
  } catch {
    return null;
  }
}

/** Quotes an identifier for SQL ("a""b"). */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Quotes a string literal for SQL ('it''s'). */
export function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
