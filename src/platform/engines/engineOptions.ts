// Which engine a platform evaluates on, from its options or the environment: DuckDB (the default)
// or Spark through Spark Connect, which needs a remote and a warehouse. Checked at the edge, each
// error naming the option (and its environment variable) to fix.
import { accessSync, constants, mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { SlicewiseError } from "../../core";
import { parseSparkRemote } from "./sparkConnect/remote";

export interface EngineOptions {
  /** "duckdb" or "spark"; default SLICEWISE_ENGINE, else duckdb. */
  engine?: string;
  /** The Spark Connect server, sc://HOST:15002; default SLICEWISE_SPARK_REMOTE. */
  sparkRemote?: string;
  /** The directory where the datapoints and results are written as Parquet for Spark; default SLICEWISE_WAREHOUSE. */
  warehouse?: string;
}

export type EngineSetting = { kind: "duckdb" } | { kind: "spark"; remote: string; warehouse: string };

export const engineKinds = ["duckdb", "spark"] as const;

/** The setting the options and environment ask for; the warehouse made if absent and checked writable. */
export function resolveEngineSetting(options: EngineOptions = {}, environment: NodeJS.ProcessEnv = process.env): EngineSetting {
  const engine = options.engine ?? (environment.SLICEWISE_ENGINE || "duckdb");
  if (engine !== "duckdb" && engine !== "spark") throw new SlicewiseError("bad_request", `--engine (SLICEWISE_ENGINE) is duckdb or spark; got "${engine}"`);
  if (engine === "duckdb") {
    // Given on the command line or to connect() without the engine they are for, they would be silently ignored.
    const stray = [options.sparkRemote !== undefined && "--spark-remote", options.warehouse !== undefined && "--warehouse"].filter(Boolean);
    if (stray.length)
      throw new SlicewiseError("bad_request", `${stray.join(" and ")} ${stray.length > 1 ? "are" : "is"} for --engine spark; the engine is duckdb`);
    return { kind: "duckdb" };
  }
  const remote = options.sparkRemote ?? environment.SLICEWISE_SPARK_REMOTE;
  if (!remote)
    throw new SlicewiseError("bad_request", "--engine spark needs --spark-remote sc://HOST:15002 (or SLICEWISE_SPARK_REMOTE): the Spark Connect server");
  try {
    parseSparkRemote(remote);
  } catch (error) {
    throw new SlicewiseError("bad_request", `--spark-remote: ${(error as Error).message}`);
  }
  const given = options.warehouse ?? environment.SLICEWISE_WAREHOUSE;
  if (!given)
    throw new SlicewiseError(
      "bad_request",
      "--engine spark needs --warehouse DIR (or SLICEWISE_WAREHOUSE): a directory this server writes Parquet to and Spark reads, at the same path",
    );
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(given) && !given.startsWith("file://"))
    throw new SlicewiseError(
      "bad_request",
      `--warehouse "${given}": only a directory is supported so far (a local disk, or S3/HDFS mounted at the same path on this server and on Spark's machines)`,
    );
  const warehouse = resolve(given.replace(/^file:\/\//, ""));
  try {
    mkdirSync(warehouse, { recursive: true });
    accessSync(warehouse, constants.W_OK);
  } catch (error) {
    throw new SlicewiseError(
      "bad_request",
      `--warehouse "${warehouse}" cannot be written (${(error as NodeJS.ErrnoException).code}); give a directory this server may write`,
    );
  }
  return { kind: "spark", remote, warehouse };
}
