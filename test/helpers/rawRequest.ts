// One HTTP request sent as written — a forged Host, a body in chunks without a Content-Length —
// which fetch will not send; answers with the status, headers and body text. A server may answer
// and hang up before the whole body is out (413): that is not an error here.
import { IncomingHttpHeaders, request } from "node:http";

export interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export function rawRequest(serverUrl: string, method: string, path: string, headers: Record<string, string>, chunks: string[] = []): Promise<RawAnswer> {
  const { port } = new URL(serverUrl);
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: "127.0.0.1", port, method, path, headers }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    outgoing.on("error", (error: NodeJS.ErrnoException) => (error.code === "EPIPE" || error.code === "ECONNRESET" ? undefined : reject(error)));
    for (const chunk of chunks) outgoing.write(chunk);
    outgoing.end();
  });
}
