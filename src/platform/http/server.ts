// The HTTP API under /api/v1: parses a request, authorises it, calls one platform service and
// encodes the answer (JSON, or Arrow IPC streams for tables). Upload bodies stream to a file
// under the data directory, never into the JS heap.
import { createWriteStream, readFileSync } from "node:fs";
import { mkdir, rm, stat } from "node:fs/promises";
import { IncomingMessage, Server, ServerResponse, createServer } from "node:http";
import { dirname, join } from "node:path";

import { createHash, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { tableToIPC } from "apache-arrow";
import { SlicewiseError } from "../../core";
import { Platform } from "../platform";
import { parseWith } from "../schemas/validate";
import { UploadSource, contentTypes, formatOf } from "../store/loadSource";
import { ApiExtensions, ApiRoute, Reply, apiRoutes, pathParameters } from "./apiRoutes";
import { openApiDocument } from "./openapi";
import { dashboardPageCsp, dashboardPageHtml } from "./dashboardPage";
import { OriginPolicy, hostAllowed, loopbackOrigins, originStanding } from "./requestOrigin";

export interface ServerOptions {
  /** Required on every request as `Authorization: Bearer <token>` when set. */
  token?: string;
  /** Host names accepted in the Host header besides the loopback ones (a loopback bind checks it). */
  allowHosts?: string[];
  /** Origins whose pages may call the API cross-origin (see requestOrigin.ts); default on a
   *  loopback bind: any loopback origin; otherwise none. */
  allowOrigins?: string[];
  /** Largest JSON request body, in bytes (default 16 MiB); larger is 413, refused before reading when announced. */
  maxJsonBytes?: number;
  /** Largest upload body, in bytes (default 4 GB); larger is 413, refused before reading when announced. */
  maxUploadBytes?: number;
  /** The widgets' standalone runtime that the dashboard page loads (`slicewise serve` passes the
   *  built bundle); a server without it serves the API alone, and the page says it cannot draw. */
  runtime?: () => string;
  /** The report writer and the widgets' static renderer (`slicewise serve` passes them, from src/export);
   *  a server without them answers their routes not_found. */
  extensions?: ApiExtensions;
  /** Where request lines and server errors go; default stderr. */
  log?: (line: string) => void;
}

const arrowStream = contentTypes.arrow;

/** Where upload bodies wait under the data directory while they are read; emptied when a server starts. */
export const uploadsFolder = "uploads";

export function createApiServer(platform: Platform, options: ServerOptions = {}): Server {
  const list = apiRoutes(platform, options.extensions);
  const routes = compileRoutes(list);
  const description = JSON.stringify(openApiDocument(list, packageVersion()));
  const log = options.log ?? ((line: string) => process.stderr.write(line + "\n"));
  return createServer((request, response) => {
    handle(request, response, { platform, routes, description, options }).catch((error) => {
      log(`slicewise: ${request.method} ${request.url} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      if (!response.headersSent) sendError(response, new SlicewiseError("internal", "the server failed to answer this request; its log says why"));
      else response.destroy();
    });
  });
}

/** What the request's connection and headers say about who is asking (requestOrigin.ts decides). */
function originPolicy(request: IncomingMessage, options: ServerOptions): OriginPolicy {
  const local = request.socket.localAddress ?? "";
  const loopback = local === "127.0.0.1" || local === "::1" || local === "::ffff:127.0.0.1";
  return { loopback, allowHosts: options.allowHosts ?? [], allowOrigins: options.allowOrigins ?? (loopback ? loopbackOrigins : []) };
}

interface ServerParts {
  platform: Platform;
  routes: CompiledRoute[];
  /** The OpenAPI document, as served at /api/v1/openapi.json. */
  description: string;
  options: ServerOptions;
}

async function handle(request: IncomingMessage, response: ServerResponse, { platform, routes, description, options }: ServerParts): Promise<void> {
  response.setHeader("X-Content-Type-Options", "nosniff");
  response.setHeader("X-Frame-Options", "DENY");
  response.setHeader("Referrer-Policy", "no-referrer");
  const policy = originPolicy(request, options);
  if (!hostAllowed(request.headers.host, policy)) {
    request.resume();
    sendError(
      response,
      new SlicewiseError(
        "forbidden_host",
        `this server answers to its own address, not to Host "${request.headers.host ?? ""}"; open it as http://127.0.0.1 or http://localhost, or start it with --allow-host NAME`,
      ),
    );
    return;
  }
  // A browser names the page's origin; authorisation is a bearer token, never a cookie, and only
  // the origins the user allows (a loopback JupyterLab by default) may make cross-origin calls.
  const origin = request.headers.origin;
  if (origin !== undefined) {
    const standing = originStanding(origin, request.headers.host, policy);
    if (standing === "refused") {
      request.resume();
      sendError(
        response,
        new SlicewiseError("forbidden_origin", `pages from ${origin} may not call this server; start it with --allow-origin ${origin} to let them`),
      );
      return;
    }
    if (standing === "allowed") {
      response.setHeader("Access-Control-Allow-Origin", origin);
      response.setHeader("Vary", "Origin");
      response.setHeader("Access-Control-Allow-Headers", "Authorization, Content-Type, If-None-Match");
      response.setHeader("Access-Control-Allow-Methods", "GET, PUT, POST, DELETE, OPTIONS");
      response.setHeader("Access-Control-Expose-Headers", "X-Slicewise-Evaluation, X-Slicewise-Progress, ETag");
    }
  }
  if (request.method === "OPTIONS") {
    response.writeHead(204).end();
    return;
  }
  const url = new URL(request.url ?? "/", "http://localhost");
  // The page and its script are public: they hold no data, and ask for the token themselves.
  if (request.method === "GET" && servePage(url.pathname, response, options)) return;
  // The API's description is public, as the page is: it holds no data.
  if (request.method === "GET" && url.pathname === "/api/v1/openapi.json") {
    response.writeHead(200, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(description) });
    response.end(description);
    return;
  }
  try {
    if (options.token !== undefined && !authorised(request, options.token))
      throw new SlicewiseError(
        "unauthorized",
        "this server needs a token: send the header `Authorization: Bearer <token>` (connect({ url, token }) or SLICEWISE_TOKEN)",
      );
    const path = url.pathname.replace(/\/+$/, "");
    const matching = routes.filter((route) => route.pattern.test(path));
    const route = matching.find((candidate) => candidate.method === request.method);
    if (!route && matching.length) {
      response.setHeader("Allow", matching.map((candidate) => candidate.method).join(", "));
      throw new SlicewiseError(
        "method_not_allowed",
        `${request.method} is not allowed on ${path}; use ${matching.map((candidate) => candidate.method).join(" or ")}`,
      );
    }
    if (!route)
      throw new SlicewiseError(
        "not_found",
        `there is no API route ${request.method} ${path}; the API lives under /api/v1 (e.g. GET /api/v1/datasets, or GET /api/v1/openapi.json for all of it)`,
      );
    send(response, await runRoute(route, request, response, path, url.searchParams, platform, options));
    return;
  } catch (error) {
    if (!(error instanceof SlicewiseError)) throw error;
    if (error.code === "payload_too_large") {
      // Reading the rest would take as long as the upload it refuses: answer, then hang up.
      response.setHeader("Connection", "close");
      response.once("finish", () => request.socket?.destroy());
    } else request.resume();
    sendError(response, error);
  }
}

function servePage(path: string, response: ServerResponse, options: ServerOptions): boolean {
  if (path === "/" || path === "/index.html") {
    const body = dashboardPageHtml();
    response.writeHead(200, {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Length": Buffer.byteLength(body),
      "Cache-Control": "no-cache",
      "Content-Security-Policy": dashboardPageCsp(),
    });
    response.end(body);
    return true;
  }
  if (path === "/static/slicewise-runtime.js") {
    if (!options.runtime) {
      sendError(response, new SlicewiseError("not_found", "this server was started without the widget runtime; `slicewise serve` serves it"));
      return true;
    }
    let body: string;
    try {
      body = options.runtime();
    } catch (error) {
      // Why (with paths on this machine) goes to the server's log, not to whoever asked.
      (options.log ?? ((line: string) => process.stderr.write(line + "\n")))(
        `slicewise: the widget runtime could not be read: ${error instanceof Error ? error.message : String(error)}`,
      );
      sendError(response, new SlicewiseError("internal", "the widget runtime is not built where this server runs; run `npm run build` there"));
      return true;
    }
    response.writeHead(200, { "Content-Type": "text/javascript; charset=utf-8", "Content-Length": Buffer.byteLength(body), "Cache-Control": "no-cache" });
    response.end(body);
    return true;
  }
  if (path === "/favicon.ico") {
    response.writeHead(204).end();
    return true;
  }
  return false;
}

function authorised(request: IncomingMessage, token: string): boolean {
  const header = request.headers.authorization ?? "";
  const given = Buffer.from(header.startsWith("Bearer ") ? header.slice(7) : "");
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function send(response: ServerResponse, reply: Reply): void {
  if ("notModified" in reply) {
    response.writeHead(304, reply.headers).end();
    return;
  }
  if ("html" in reply) {
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Content-Length": Buffer.byteLength(reply.html) });
    response.end(reply.html);
    return;
  }
  if ("table" in reply) {
    const bytes = tableToIPC(reply.table, "stream");
    response.writeHead(200, { "Content-Type": arrowStream, "Content-Length": bytes.byteLength, ...reply.headers });
    response.end(bytes);
    return;
  }
  const body = JSON.stringify(reply.json);
  response.writeHead(reply.status ?? 200, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(body), ...reply.headers });
  response.end(body);
}

function sendError(response: ServerResponse, error: SlicewiseError): void {
  const body = JSON.stringify(error.toJSON());
  response.writeHead(error.status, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(body) });
  response.end(body);
}

/** A route with its path as a regular expression, capturing each {parameter}. */
interface CompiledRoute extends ApiRoute {
  pattern: RegExp;
  parameterNames: string[];
}

function compileRoutes(routes: ApiRoute[]): CompiledRoute[] {
  return routes.map((route) => ({
    ...route,
    pattern: new RegExp(`^/api/v1${route.path.replace(/\{\w+\}/g, "([^/]+)")}$`),
    parameterNames: [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => name),
  }));
}

/**
 * Checks the path parameters, the query and the JSON body against the route's schemas, then runs
 * its handler. Work for a client that went away is cancelled: the handler's signal aborts when
 * the connection closes before the answer is sent.
 */
async function runRoute(
  route: CompiledRoute,
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
  searchParams: URLSearchParams,
  platform: Platform,
  options: ServerOptions,
): Promise<Reply> {
  const values = route.pattern.exec(path)!.slice(1).map(decodePathSegment);
  const parameters: Record<string, string> = {};
  route.parameterNames.forEach((name, index) => {
    parameters[name] = parseWith(pathParameters[name], values[index], { code: name === "run" ? "not_found" : "bad_request", what: `path parameter ${name}` });
  });
  const handle = route.accept(Object.fromEntries(searchParams));
  let body: unknown;
  if (route.body) {
    // No body at all reads as {} (every option defaulted); a body of null is checked as sent.
    const sent = await readJson(request, options.maxJsonBytes ?? 16 * 1024 * 1024);
    body = sent === undefined ? {} : sent;
    parseWith(route.body.schema, body, { code: route.body.code, what: route.body.what });
  }
  const entityTag = route.conditional ? answerTag(platform, request, path, searchParams, body) : null;
  if (entityTag && request.headers["if-none-match"] === entityTag) return { notModified: true, headers: { ETag: entityTag } };
  const cancel = new AbortController();
  const onClose = () => {
    if (!response.writableFinished) cancel.abort();
  };
  response.once("close", onClose);
  try {
    const reply = await handle({
      request,
      path: parameters,
      body,
      signal: cancel.signal,
      upload: (work) => withUpload(platform, request, options.maxUploadBytes ?? 4_096e6, work),
    });
    return entityTag ? { ...reply, headers: { ...("headers" in reply ? reply.headers : {}), ETag: entityTag } } : reply;
  } finally {
    if (cancel.signal.aborted) request.resume();
  }
}

/** Tells this server's runs apart: the commit count starts again at 0 when the store is reopened. */
const serverRun = randomBytes(6).toString("hex");

/**
 * The ETag of a conditional route's answer: the store's commit count when the request arrived
 * (the answer is read from a snapshot at least that new, and the tag changes with the next commit)
 * and a hash of what was asked. Weak, as the bytes are not compared.
 */
function answerTag(platform: Platform, request: IncomingMessage, path: string, searchParams: URLSearchParams, body: unknown): string {
  const asked = createHash("sha256")
    .update(`${request.method} ${path}?${searchParams.toString()}\n${JSON.stringify(body ?? null)}`)
    .digest("base64url")
    .slice(0, 22);
  return `W/"${serverRun}-${platform.database.commits}-${asked}"`;
}

/** This package's version, for the API's description: from the package.json above this file (src/ or lib/src/). */
function packageVersion(): string {
  for (let directory = __dirname; directory !== dirname(directory); directory = dirname(directory)) {
    try {
      const manifest = JSON.parse(readFileSync(join(directory, "package.json"), "utf8")) as { name?: string; version?: string };
      if (manifest.name === "slicewise" && manifest.version) return manifest.version;
    } catch {
      // not here: look one folder up
    }
  }
  return "unknown";
}

/** A dataset or model name from the path; malformed percent-encoding is the client's error, not ours. */
function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new SlicewiseError("bad_request", `the path segment "${segment}" is not valid percent-encoded UTF-8; encode names with encodeURIComponent`);
  }
}

async function readJson(request: IncomingMessage, maxBytes: number): Promise<unknown> {
  const type = (request.headers["content-type"] ?? "application/json").split(";")[0].trim();
  if (type !== "application/json")
    throw new SlicewiseError("unsupported_content_type", `send this request as JSON (Content-Type: application/json), not ${type}`);
  refuseAnnouncedSize(request, maxBytes, "JSON body");
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += chunk.length;
    if (size > maxBytes) throw tooLarge("JSON body", maxBytes);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SlicewiseError("bad_request", `the body is not valid JSON: ${(error as Error).message}`);
  }
}

/**
 * Writes the request body to `path`, stopping at `maxBytes`. The request is left open (not
 * destroyed, as a failed pipeline would) so that the 413 can still be answered on its connection.
 */
function receiveBody(request: IncomingMessage, path: string, maxBytes: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const file = createWriteStream(path);
    let size = 0;
    let failed = false;
    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      request.unpipe(file);
      request.pause();
      file.end();
      reject(error);
    };
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) fail(tooLarge("upload", maxBytes));
    });
    request.once("aborted", () => fail(new SlicewiseError("bad_request", "the client stopped sending the upload before its end; nothing was stored")));
    request.once("error", fail);
    file.once("error", fail);
    file.once("finish", () => {
      if (!failed) resolve();
    });
    request.pipe(file);
  });
}

function tooLarge(what: string, maxBytes: number): SlicewiseError {
  return new SlicewiseError(
    "payload_too_large",
    `the ${what} is larger than this server takes (${maxBytes.toLocaleString("en-US")} bytes); send less, or start the server with a larger limit`,
  );
}

/** A Content-Length above the limit is refused before a byte is read (the client is told at once). */
function refuseAnnouncedSize(request: IncomingMessage, maxBytes: number, what: string): void {
  const announced = Number(request.headers["content-length"]);
  if (Number.isFinite(announced) && announced > maxBytes) throw tooLarge(what, maxBytes);
}

/** Streams an upload body to a file under the data directory, runs `work` on it, removes it. */
async function withUpload<T>(
  platform: Platform,
  request: IncomingMessage,
  maxBytes: number,
  work: (source: UploadSource & { path: string }) => Promise<T>,
): Promise<T> {
  const contentType = request.headers["content-type"];
  const format = contentType ? formatOf(contentType) : null;
  if (!format)
    throw new SlicewiseError(
      "unsupported_content_type",
      `cannot read an upload of type ${contentType ? `"${contentType}"` : "(none)"}; send one of ${Object.values(contentTypes).join(", ")}`,
    );
  refuseAnnouncedSize(request, maxBytes, "upload");
  const directory = join(platform.dataDirectory, uploadsFolder);
  await mkdir(directory, { recursive: true });
  const path = join(directory, `${randomUUID()}.${format}`);
  try {
    await receiveBody(request, path, maxBytes);
    if ((await stat(path)).size === 0) throw new SlicewiseError("empty_body", "the request body is empty; send the rows to upload");
    return await work({ format, path });
  } finally {
    await rm(path, { force: true });
  }
}
