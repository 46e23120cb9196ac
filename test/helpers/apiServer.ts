// Runs the platform's HTTP API in the test process on 127.0.0.1 and a free port (port 0), and stops it.
import { AddressInfo } from "node:net";
import { Platform } from "../../src/platform";
import { ServerOptions, createApiServer } from "../../src/platform/http/server";

export interface RunningApiServer {
  url: string;
  /** Stops accepting requests and closes open connections. */
  stop(): Promise<void>;
}

export async function startApiServer(platform: Platform, options: ServerOptions = {}): Promise<RunningApiServer> {
  // Server errors are answered as JSON; the log line with the stack would only clutter test output.
  const server = createApiServer(platform, { log: () => undefined, ...options });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
