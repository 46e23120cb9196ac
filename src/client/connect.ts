// connect(): the embedded platform by default, a server when given a URL (or SLICEWISE_URL).
import { SlicewiseError } from "../core";
import { EmbeddedWorkspace } from "./embeddedWorkspace";
import { HttpWorkspace } from "./httpWorkspace";
import type { Workspace } from "./workspace";

export interface ConnectOptions {
  /** A platform server, e.g. http://127.0.0.1:8765; default SLICEWISE_URL, else embedded. */
  url?: string;
  /** Bearer token of the server; default SLICEWISE_TOKEN. */
  token?: string;
  /** Data directory of the embedded platform; default SLICEWISE_DATA or ./.slicewise. */
  data?: string;
  /** The embedded platform's engine: "duckdb" or "spark"; default SLICEWISE_ENGINE, else duckdb. */
  engine?: string;
  /** With engine "spark": the Spark Connect server, sc://HOST:15002; default SLICEWISE_SPARK_REMOTE. */
  sparkRemote?: string;
  /** With engine "spark": the directory of Parquet Spark reads; default SLICEWISE_WAREHOUSE. */
  warehouse?: string;
}

export async function connect(options: ConnectOptions = {}): Promise<Workspace> {
  const url = options.url ?? process.env.SLICEWISE_URL;
  if (url) {
    if (options.engine !== undefined || options.sparkRemote !== undefined || options.warehouse !== undefined)
      throw new SlicewiseError(
        "bad_request",
        `engine, sparkRemote and warehouse choose the embedded platform's engine; the server at ${url} evaluates on its own (slicewise serve --engine)`,
      );
    return new HttpWorkspace(url, options.token ?? process.env.SLICEWISE_TOKEN);
  }
  return EmbeddedWorkspace.open({ data: options.data, engine: options.engine, sparkRemote: options.sparkRemote, warehouse: options.warehouse });
}
