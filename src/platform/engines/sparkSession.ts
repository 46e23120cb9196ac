// The Spark engine of a platform served with --engine spark: one Spark Connect session, set up
// once (setUpSparkSession), in which each stored table a statement names is a temporary view
// over its Parquet in the warehouse — written from the store first if the warehouse lacks it.
// The views made are remembered for the server's session; a session Spark lost (its server
// restarted, and made a new one of the same id without them) is set up again and the statement rerun.
import { DuckDBConnection } from "@duckdb/node-api";
import { Table } from "apache-arrow";
import { SlicewiseError } from "../../core";
import { Engine } from "./engine";
import { SparkStatements, setUpSparkSession, sparkEngine } from "./sparkEngine";
import { sparkViewSql, writeTableParquet } from "./warehouse";

/** A Spark Connect client as the session needs it (SparkConnectClient). */
export interface SparkSessionClient extends SparkStatements {
  /** The server's id of the session as its last answer said (a new one after a restart). */
  readonly serverSessionId: string | undefined;
  close(): Promise<void>;
}

/** The stored tables (t_<n>, as quoteIdentifier writes them) a statement reads, each once. */
export function storedTablesIn(sql: string): string[] {
  return [...new Set(Array.from(sql.matchAll(/"(t_\d+)"/g), (match) => match[1]))];
}

export class SparkSession {
  readonly client: SparkSessionClient;
  readonly warehouse: string;
  /** The views made, for the server session `viewsOf`. */
  private readonly views = new Set<string>();
  private viewsOf: string | undefined;
  private ready = false;
  private settingUp: Promise<void> | undefined;

  constructor(client: SparkSessionClient, warehouse: string) {
    this.client = client;
    this.warehouse = warehouse;
  }

  /** The engine over this session for statements run on `connection` (the snapshot whose tables they read); `signal` cancels them. */
  engine(connection: DuckDBConnection, signal?: AbortSignal): Engine {
    const spark = sparkEngine(this.client, { signal });
    return {
      dialect: spark.dialect,
      readRows: (sql) => this.withViews(connection, sql, () => spark.readRows(sql)),
      readColumns: (sql, columnsOf, shared) => this.withViews(connection, sql, () => spark.readColumns(sql, columnsOf, shared)),
      estimateDistinct: (table, expressions) => this.withViews(connection, `"${table}"`, () => spark.estimateDistinct(table, expressions)),
    };
  }

  /** A statement's whole answer as Arrow (the samples table). */
  readTable(connection: DuckDBConnection, sql: string, signal?: AbortSignal): Promise<Table> {
    return this.withViews(connection, sql, () => this.client.sql(sql, { signal }));
  }

  /** Whether Spark answers: undefined when it does, else its coded error's message. */
  async check(): Promise<string | undefined> {
    try {
      await this.client.sql("SELECT 1");
      return undefined;
    } catch (error) {
      return (error as Error).message;
    }
  }

  close(): Promise<void> {
    return this.client.close();
  }

  private async withViews<T>(connection: DuckDBConnection, sql: string, work: () => Promise<T>): Promise<T> {
    await this.prepare(connection, sql);
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof SlicewiseError && error.code === "engine_failed") || !(await this.sessionLost())) throw error;
      await this.prepare(connection, sql);
      return work();
    }
  }

  /** Asked only after a failure: a new server session id means the settings and views are gone. */
  private async sessionLost(): Promise<boolean> {
    try {
      await this.client.sql("SELECT 1");
    } catch {
      return false;
    }
    return this.client.serverSessionId !== this.viewsOf;
  }

  private async prepare(connection: DuckDBConnection, sql: string): Promise<void> {
    if (!this.ready || this.client.serverSessionId !== this.viewsOf) {
      // Statements prepared at once share one setting-up.
      this.settingUp ??= this.setUp().finally(() => (this.settingUp = undefined));
      await this.settingUp;
    }
    for (const table of storedTablesIn(sql)) {
      if (this.views.has(table)) continue;
      await writeTableParquet(connection, table, this.warehouse);
      await this.client.command(sparkViewSql(table, this.warehouse));
      this.views.add(table);
    }
  }

  private async setUp(): Promise<void> {
    this.views.clear();
    await setUpSparkSession(this.client);
    this.viewsOf = this.client.serverSessionId;
    this.ready = true;
  }
}
