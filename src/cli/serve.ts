// `slicewise serve`: the HTTP API over the data directory, until SIGTERM or SIGINT.
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SlicewiseError } from "../core";
import { Platform, defaultDataDirectory } from "../platform";
import { createApiServer } from "../platform/http/server";
import { serverFileName } from "../platform/store/database";

export interface ServeOptions {
  data?: string;
  host?: string;
  port?: number;
  token?: string;
}

const loopback = new Set(["127.0.0.1", "localhost", "::1"]);

/** Starts the server; resolves with its URL once it listens. */
export async function serve(options: ServeOptions): Promise<string> {
  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? 8765;
  const token = options.token ?? process.env.SLICEWISE_TOKEN ?? undefined;
  if (!loopback.has(host) && !token)
    throw new SlicewiseError("bad_request", `binding ${host} exposes the data beyond this machine; give a token (--token or SLICEWISE_TOKEN) or bind 127.0.0.1`);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new SlicewiseError("bad_request", `--port must be 0–65535; got ${options.port}`);
  const platform = await Platform.open({ data: options.data ?? defaultDataDirectory() });
  const server = createApiServer(platform, { token });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(error.code === "EADDRINUSE" ? new SlicewiseError("bad_request", `port ${port} on ${host} is in use; pick another with --port`) : error),
    );
    server.listen(port, host, resolve);
  });
  const address = server.address();
  const actualPort = typeof address === "object" && address ? address.port : port;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${actualPort}`;
  const serverFile = join(platform.dataDirectory, serverFileName);
  writeFileSync(serverFile, JSON.stringify({ url, pid: process.pid }));
  process.stdout.write(`slicewise listening on ${url}\n`);
  const stop = () => {
    server.close(() => {
      platform.close();
      rmSync(serverFile, { force: true });
      process.exit(0);
    });
    server.closeAllConnections();
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
  return url;
}
