// A tiny HTTP server on 127.0.0.1 for the browser benchmarks: serves fixed bodies by path
// (the blank page, the runtime bundle, Arrow and JSON data), so nothing is fetched from elsewhere.
"use strict";

const { createServer } = require("node:http");

/** `routes`: path → { type, body }. Resolves with { url, close() } once listening on a free port. */
function startStaticServer(routes) {
  const server = createServer((request, response) => {
    const route = routes[new URL(request.url, "http://localhost").pathname];
    if (!route) {
      response.writeHead(404, { "content-type": "text/plain" }).end(`no route ${request.url}`);
      return;
    }
    response.writeHead(200, { "content-type": route.type, "content-length": route.body.length, "cache-control": "no-store" });
    response.end(route.body);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

module.exports = { startStaticServer };
