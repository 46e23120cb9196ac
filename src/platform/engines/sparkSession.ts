// The Spark engine of a platform served with --engine spark: one Spark Connect session, set up
// once (setUpSparkSession), in which each stored table a statement names is a temporary view
// over its Parquet in the warehouse — written from the store first if the warehouse lacks it.
// The views made are remembered for the server's session; a session Spark lost (its server
// restarted, and made a new one of the same id without them) is set up again and the statement rerun.
import { DuckDBConnection } from "@duckdb/node-api";
import { Table } from "apache-arrow";
import { SlicewiseError } from "../../core";
import { Engine } from "./engine";
import { sparkDialect } from "./dialect";
import { SparkStatements, setUpSparkSession, sparkEngine } from "./sparkEngine";
import { sparkViewSql, writeTableParquet } from "./warehouse";

/** A Spark Connect client as the session needs it (SparkConnectClient). */
export interface SparkSessionClient extends SparkStatements {
  /** The server's id of the session as its last answer said (a new one after a restart). */
  readonly serverSessionId: string | undefined;
  close(): Promise<void>;
}

/**
 * The stored tables (t_<n>, as quoteIdentifier writes them) a statement reads, each once: the
 * names after FROM or JOIN, as the plans write them (a column may be called "t_5" too).
 */
export function storedTablesIn(sql: string): string[] {
  return [...new Set(Array.from(sql.matchAll(/\b(?:FROM|JOIN)\s+"(t_\d+)"/gi), (match) => match[1]))];
}

/** Spark's errors for a session it has closed (idle past its timeout, or released) or does not know: a new session is needed. */
const sessionGone = /INVALID_HANDLE\.SESSION_(CLOSED|NOT_FOUND|CHANGED)/;

export class SparkSession {
  readonly warehouse: string;
  private current: SparkSessionClient;
  private readonly connect: () => SparkSessionClient;
  /** The views made, for the server session `viewsOf`. */
  private readonly views = new Set<string>();
  private viewsOf: string | undefined;
  private ready = false;
  private settingUp: Promise<void> | undefined;

  /** `connect` makes a client of a new session: the first, and another when Spark closed one (an idle session times out, by default after an hour). */
  constructor(connect: () => SparkSessionClient, warehouse: string) {
    this.connect = connect;
    this.current = connect();
    this.warehouse = warehouse;
  }

  get client(): SparkSessionClient {
    return this.current;
  }

  /** The engine over this session for statements run on `connection` (the snapshot whose tables they read); `signal` cancels them. */
  engine(connection: DuckDBConnection, signal?: AbortSignal): Engine {
    const spark = () => sparkEngine(this.current, { signal });
    return {
      dialect: sparkDialect,
      readRows: (sql) => this.withViews(connection, sql, () => spark().readRows(sql)),
      readColumns: (sql, columnsOf, shared) => this.withViews(connection, sql, () => spark().readColumns(sql, columnsOf, shared)),
      estimateDistinct: (table, expressions) => this.withViews(connection, `FROM "${table}"`, () => spark().estimateDistinct(table, expressions)),
    };
  }

  /** A statement's whole answer as Arrow (the samples table). */
  readTable(connection: DuckDBConnection, sql: string, signal?: AbortSignal): Promise<Table> {
    return this.withViews(connection, sql, () => this.current.sql(sql, { signal }));
  }

  /** Whether Spark answers: undefined when it does, else its coded error's message. */
  async check(): Promise<string | undefined> {
    try {
      await this.current.sql("SELECT 1");
      return undefined;
    } catch (error) {
      return (error as Error).message;
    }
  }

  close(): Promise<void> {
    return this.current.close();
  }

  private async withViews<T>(connection: DuckDBConnection, sql: string, work: () => Promise<T>): Promise<T> {
    try {
      await this.prepare(connection, sql);
      return await work();
    } catch (error) {
      if (!(error instanceof SlicewiseError && error.code === "engine_failed")) throw error;
      if (sessionGone.test(error.message)) this.renew();
      else if (!(await this.sessionLost())) throw error;
      await this.prepare(connection, sql);
      return work();
    }
  }

  /** A client of a new session in place of one Spark closed; the old one's channel is closed. */
  private renew(): void {
    const old = this.current;
    this.current = this.connect();
    this.ready = false;
    void old.close();
  }

  /** Asked only after a failure: a new server session id means the settings and views are gone. */
  private async sessionLost(): Promise<boolean> {
    try {
      await this.current.sql("SELECT 1");
    } catch {
      return false;
    }
    return this.current.serverSessionId !== this.viewsOf;
  }

  private async prepare(connection: DuckDBConnection, sql: string): Promise<void> {
    if (!this.ready || this.current.serverSessionId !== this.viewsOf) {
      // Statements prepared at once share one setting-up.
      this.settingUp ??= this.setUp().finally(() => (this.settingUp = undefined));
      await this.settingUp;
    }
    for (const table of storedTablesIn(sql)) {
      if (this.views.has(table)) continue;
      await writeTableParquet(connection, table, this.warehouse);
      await this.current.command(sparkViewSql(table, this.warehouse));
      this.views.add(table);
    }
  }

  private async setUp(): Promise<void> {
    this.views.clear();
    await setUpSparkSession(this.client);
    this.viewsOf = this.current.serverSessionId;
    this.ready = true;
  }
}
