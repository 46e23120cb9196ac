// `slicewise serve`: the HTTP API over the data directory, until SIGTERM or SIGINT.
import { randomBytes } from "node:crypto";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SlicewiseError } from "../core";
import { Platform, defaultDataDirectory } from "../platform";
import { widgetRuntime } from "../export/widgetRuntime";
import { EmbeddedWorkspace } from "../client/embeddedWorkspace";
import { report } from "../export/report";
import { widgetPictureSvg, widgetStaticHtml } from "../export/staticWidget";
import type { ApiExtensions } from "../platform/http/apiRoutes";
import { widgetDescriptors } from "../widgets/kinds/descriptors";
import { createApiServer, uploadsFolder } from "../platform/http/server";
import { serverFileName } from "../platform/store/database";
import type { EngineOptions } from "../platform/engines/engineOptions";

export interface ServeOptions extends EngineOptions {
  data?: string;
  host?: string;
  port?: number;
  /** The token every request must carry; default SLICEWISE_TOKEN, else a new random one. */
  token?: string;
  /** No token at all (loopback binds only). */
  noToken?: boolean;
  allowOrigins?: string[];
  allowHosts?: string[];
  /** Largest upload body the server reads, in MB (10⁶ bytes); default 4,096. */
  maxUploadMegabytes?: number;
  /** DuckDB's worker threads (default all cores); 1 makes sums of doubles add in one order, so evaluations repeat bit for bit. */
  threads?: number;
}

export interface Serving {
  /** The server's address, without the token. */
  url: string;
  /** The dashboard's address with the token in it (as Jupyter prints its URL). */
  pageUrl: string;
}

const loopback = new Set(["127.0.0.1", "localhost", "::1"]);

/** Starts the server; resolves with its addresses once it listens. */
export async function serve(options: ServeOptions): Promise<Serving> {
  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? 8765;
  if (options.noToken && (options.token !== undefined || !loopback.has(host)))
    throw new SlicewiseError(
      "bad_request",
      options.token !== undefined
        ? "give --token or --no-token, not both"
        : `--no-token is for a loopback server only; binding ${host} exposes the data beyond this machine, so it needs a token`,
    );
  // Like Jupyter: a token unless the user opts out, so no other page or local user can read the data.
  const token = options.noToken ? undefined : (options.token ?? process.env.SLICEWISE_TOKEN ?? randomBytes(24).toString("hex"));
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new SlicewiseError("bad_request", `--port must be 0–65535; got ${options.port}`);
  if (options.maxUploadMegabytes !== undefined && !(options.maxUploadMegabytes > 0))
    throw new SlicewiseError("bad_request", `--max-upload-mb must be a positive number of megabytes; got ${options.maxUploadMegabytes}`);
  if (options.threads !== undefined && !(Number.isInteger(options.threads) && options.threads >= 1 && options.threads <= 1024))
    throw new SlicewiseError("bad_request", `--threads must be a whole number of threads from 1 to 1024; got ${options.threads}`);
  const platform = await Platform.open({
    data: options.data ?? defaultDataDirectory(),
    threads: options.threads,
    engine: options.engine,
    sparkRemote: options.sparkRemote,
    warehouse: options.warehouse,
  });
  // Bodies a killed server was reading: this process holds the store's lock, so none is in use.
  rmSync(join(platform.dataDirectory, uploadsFolder), { recursive: true, force: true });
  const server = createApiServer(platform, {
    token,
    allowOrigins: options.allowOrigins,
    allowHosts: options.allowHosts,
    maxUploadBytes: options.maxUploadMegabytes === undefined ? undefined : options.maxUploadMegabytes * 1e6,
    runtime: widgetRuntime,
    extensions: serverExtensions,
  });
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
  const pageUrl = token ? `${url}/?token=${token}` : `${url}/`;
  process.stdout.write(`slicewise listening on ${url}\n`);
  if (platform.engine.kind === "spark") {
    process.stdout.write(`  engine: Spark at ${platform.engine.remote}, warehouse ${platform.engine.warehouse}\n`);
    // Not fatal: the server answers what the catalog knows, and evaluations say 503 until Spark is up.
    const problem = await platform.spark!.check();
    if (problem) process.stdout.write(`  warning: ${problem}\n`);
  }
  process.stdout.write(
    token ? `  open ${pageUrl} (the token is in the address; clients send it as Authorization: Bearer)\n` : `  open ${pageUrl} (no token: --no-token)\n`,
  );
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
  return { url, pageUrl };
}

/** What the server's report and static-widget routes run: the export tier's work, injected as the runtime is. */
export const serverExtensions: ApiExtensions = {
  report: async (platform, dataset, options) =>
    (
      await report(EmbeddedWorkspace.over(platform), {
        dataset,
        models: options.models,
        reference: options.reference,
        confidence: options.confidence,
        title: options.title,
        maxSamples: options.max_samples,
        theme: options.theme,
        history: options.history,
        slicer: options.slicer,
        embeddingMap: options.embedding_map,
      })
    ).html,
  staticWidget: (kind, tables, options, { picture }) => {
    const descriptor = widgetDescriptors.find((candidate) => candidate.kind === kind);
    if (!descriptor)
      throw new SlicewiseError("not_found", `"${kind}" is not a slicewise widget; the widgets are ${widgetDescriptors.map((known) => known.kind).join(", ")}`);
    const { selection: _selection, fallback: _fallback, ...drawn } = options;
    try {
      const html = widgetStaticHtml(descriptor, tables, drawn);
      // The picture of a large table takes seconds; a notebook's static copy needs only the HTML.
      const svg = picture && tables[descriptor.picture.table] ? widgetPictureSvg(descriptor, tables, drawn) : null;
      return { html, svg };
    } catch (error) {
      if (error instanceof SlicewiseError) throw error;
      throw new SlicewiseError(
        "bad_request",
        `a ${kind} cannot be drawn from these tables and options (${(error as Error).message}); send the tables the client returned (evaluate, samples, history)`,
      );
    }
  },
};
