// The Spark engine: runs the plans' statements (written in sparkDialect) on Apache Spark through
// Spark Connect and reads their Arrow answers as the DuckDB engine reads its own — the same JS
// values (numbers, bigints, strings, structs as objects, lists as arrays, null), by column.
import { randomUUID } from "node:crypto";
import { Table, Vector } from "apache-arrow";
import { quoteIdentifier } from "../store/database";
import { sparkDialect } from "./dialect";
import { Columns, Engine, SharedRelation } from "./engine";
import { ExecuteOptions } from "./sparkConnect/sparkConnection";

/** What the engine asks of a Spark Connect client (SparkConnectClient). */
export interface SparkStatements {
  sql(query: string, options?: ExecuteOptions): Promise<Table>;
  command(sql: string, options?: ExecuteOptions): Promise<void>;
}

/**
 * What a session needs before the plans' SQL means there what it means in DuckDB: names in
 * "double quotes" are identifiers (Spark reads them as strings otherwise; it does so only under
 * ANSI mode, Spark 4's default, set here too), and times are UTC.
 */
export const sparkSessionSettings: Record<string, string> = {
  "spark.sql.ansi.enabled": "true",
  "spark.sql.ansi.doubleQuotedIdentifiers": "true",
  "spark.sql.session.timeZone": "UTC",
  // Joins of a dataset to its models' results are of tables alike in size: broadcasting one (the
  // planner's choice under 10 MB of Parquet, which a million rows can be) ran a 1 GB driver out of memory.
  "spark.sql.autoBroadcastJoinThreshold": "-1",
};

/** Sets the session up (sparkSessionSettings, fitShufflePartitions) and returns the engine over it. */
export async function openSparkEngine(client: SparkStatements): Promise<Engine> {
  await setUpSparkSession(client);
  return sparkEngine(client);
}

export async function setUpSparkSession(client: SparkStatements): Promise<void> {
  for (const [name, value] of Object.entries(sparkSessionSettings)) await client.command(`SET ${name}=${value}`);
  await fitShufflePartitions(client);
}

/** Spark's own default of spark.sql.shuffle.partitions: one the server's operator did not choose. */
const defaultShufflePartitions = "200";

/**
 * One shuffle partition per core: Spark's default of 200 made each of an evaluation's joins and
 * aggregations 200 tasks, and the digits' evaluation on local[2] 6 times slower. The cores are the
 * partitions Spark splits a range into (its default parallelism: the executors' cores when asked).
 * A value the server was given (spark-defaults.conf, --conf) is kept.
 */
export async function fitShufflePartitions(client: SparkStatements): Promise<void> {
  const setting = await client.sql("SET spark.sql.shuffle.partitions");
  if (String(setting.getChild("value")?.get(0)) !== defaultShufflePartitions) return;
  const answer = await client.sql("SELECT count(DISTINCT partition) AS cores FROM (SELECT spark_partition_id() AS partition FROM range(0, 1000000))");
  const cores = Number(answer.getChild("cores")?.get(0));
  if (cores >= 1) await client.command(`SET spark.sql.shuffle.partitions=${cores}`);
}

/** `execute` goes with every statement: a signal that cancels them (the client went away), a progress listener. */
export function sparkEngine(client: SparkStatements, execute: ExecuteOptions = {}): Engine {
  return {
    dialect: sparkDialect,
    readRows: async (sql) => rowsOf(await client.sql(sql, execute)),
    readColumns: async (sql, _columnsOf, shared) => columnsOf(shared ? await readOverCache(client, shared, execute) : await client.sql(sql, execute)),
    estimateDistinct: (table, expressions) => estimateDistinct(client, table, expressions, execute),
  };
}

/**
 * Spark has no MATERIALIZED: a CTE that several parts of a UNION read is computed again for each
 * (the join of the datapoints once per part). Cached first (CACHE TABLE is eager), it is computed once.
 */
async function readOverCache(client: SparkStatements, shared: SharedRelation, execute: ExecuteOptions): Promise<Table> {
  const name = `sw_shared_${randomUUID().replaceAll("-", "")}`;
  await client.command(`CACHE TABLE ${name} AS ${shared.sql}`, execute);
  try {
    return await client.sql(shared.over(name), execute);
  } finally {
    // Dropping the cached view frees its blocks; a failure here only leaves them to the session's end.
    await client.command(`DROP VIEW IF EXISTS ${name}`).catch(() => undefined);
  }
}

export function rowsOf(table: Table): Record<string, unknown>[] {
  const names = table.schema.fields.map((field) => field.name);
  const columns = names.map((name) => jsValues(table.getChild(name)!));
  return Array.from({ length: table.numRows }, (_, row) => Object.fromEntries(names.map((name, j) => [name, columns[j][row]])));
}

/** Column-wise, each column converted when it is first asked for (a part's rows have values in only some). */
function columnsOf(table: Table): Columns {
  const converted = new Map<string, unknown[]>();
  return (name) => {
    let values = converted.get(name);
    if (!values) {
      const vector = table.getChild(name);
      converted.set(name, (values = vector ? jsValues(vector) : new Array<unknown>(table.numRows).fill(null)));
    }
    return values;
  };
}

function jsValues(vector: Vector): unknown[] {
  const values = new Array<unknown>(vector.length);
  for (let row = 0; row < vector.length; row++) values[row] = jsValue(vector.get(row));
  return values;
}

/** An Arrow value as a plain JS one: a struct row as an object, a list as an array. */
function jsValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Vector) return jsValues(value);
  if (typeof value === "object" && !(value instanceof Uint8Array) && "toJSON" in value) {
    const fields = (value as { toJSON(): Record<string, unknown> }).toJSON();
    return Object.fromEntries(Object.entries(fields).map(([name, field]) => [name, jsValue(field)]));
  }
  return value;
}

/** Spark keeps no statistics a query can read without a scan: approx_count_distinct (HyperLogLog++) over the table. */
async function estimateDistinct(client: SparkStatements, table: string, expressions: string[], execute: ExecuteOptions): Promise<number[]> {
  if (expressions.length === 0) return [];
  const answer = await client.sql(
    `SELECT ${expressions.map((sql, j) => `approx_count_distinct(${sql}) AS k${j}`).join(", ")} FROM ${quoteIdentifier(table)} d`,
    execute,
  );
  return expressions.map((_, j) => Number(answer.getChild(`k${j}`)!.get(0)));
}
