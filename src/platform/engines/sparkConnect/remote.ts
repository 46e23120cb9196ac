// Where a Spark Connect server is: its connection string parsed, as the Spark Connect client
// connection string defines it — `sc://host[:port][/;name=value;…]`, port 15002 by default.
import { SlicewiseError } from "../../../core";

export interface SparkRemote {
  host: string;
  port: number;
  /** Sent as `Authorization: Bearer …` (parameter `token`). */
  token?: string;
  /** The user the session belongs to (parameter `user_id`). */
  userId?: string;
  /** A session to join rather than a new one (parameter `session_id`, a UUID). */
  sessionId?: string;
  userAgent: string;
  /** TLS: parameter `use_ssl`; true when a token is given and it is not set (a bearer token travels encrypted). */
  useSsl: boolean;
  /** The largest message either side may send, in bytes (parameter `grpc_max_message_size`). */
  maxMessageSize: number;
  /** Every other parameter: sent as a gRPC metadata header on each call. */
  headers: Record<string, string>;
}

export const defaultSparkPort = 15002;
/** As pyspark's default: an Arrow batch of a wide answer can be far past gRPC's 4 MiB. */
const defaultMaxMessageSize = 128 * 1024 * 1024;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function parseSparkRemote(uri: string): SparkRemote {
  const bad = (why: string) =>
    new SlicewiseError("bad_request", `the Spark remote "${uri}" ${why}; write it as sc://HOST:15002 (parameters after "/;", e.g. sc://HOST:15002/;token=…)`);
  const match = /^sc:\/\/(\[[^\]]+\]|[^/:;]+)(?::(\d+))?(?:\/(.*))?$/.exec(uri.trim());
  if (!match) throw bad("is not a Spark Connect connection string");
  const [, host, portText, rest = ""] = match;
  const port = portText === undefined ? defaultSparkPort : Number(portText);
  if (!(port > 0 && port < 65536)) throw bad(`has port ${portText}, not one from 1 to 65535`);
  if (rest !== "" && !rest.startsWith(";")) throw bad(`has the path "/${rest}"; only parameters may follow the port`);
  const parameters = new Map<string, string>();
  for (const pair of rest.split(";").filter((part) => part !== "")) {
    const equals = pair.indexOf("=");
    if (equals <= 0) throw bad(`has the parameter "${pair}", not name=value`);
    parameters.set(pair.slice(0, equals), decodeURIComponent(pair.slice(equals + 1)));
  }
  const take = (name: string) => {
    const value = parameters.get(name);
    parameters.delete(name);
    return value;
  };
  const token = take("token");
  const userId = take("user_id");
  const sessionId = take("session_id");
  if (sessionId !== undefined && !uuidPattern.test(sessionId)) throw bad(`has session_id "${sessionId}", not a UUID`);
  const userAgent = take("user_agent") ?? "slicewise";
  const ssl = take("use_ssl");
  if (ssl !== undefined && ssl !== "true" && ssl !== "false") throw bad(`has use_ssl "${ssl}", not true or false`);
  const size = take("grpc_max_message_size");
  const maxMessageSize = size === undefined ? defaultMaxMessageSize : Number(size);
  if (!(Number.isInteger(maxMessageSize) && maxMessageSize > 0)) throw bad(`has grpc_max_message_size "${size}", not a positive whole number of bytes`);
  return {
    host: host.startsWith("[") ? host.slice(1, -1) : host,
    port,
    token,
    userId,
    sessionId,
    userAgent,
    useSsl: ssl === undefined ? token !== undefined : ssl === "true",
    maxMessageSize,
    headers: Object.fromEntries(parameters),
  };
}

/** host:port as gRPC dials it. */
export function sparkTarget(remote: SparkRemote): string {
  return `${remote.host.includes(":") ? `[${remote.host}]` : remote.host}:${remote.port}`;
}
