// The dashboard page's script comes from the runtime the server was handed (`slicewise serve` hands
// it the built bundle): the platform itself never reads the front end's build output.
import { Platform } from "../../src/platform";
import { startApiServer } from "../helpers/apiServer";
import { rawRequest } from "../helpers/rawRequest";
import { makeTemporaryDirectory, removeTemporaryDirectory } from "../helpers/temporaryDirectory";

let directory: string;
let platform: Platform;

beforeAll(async () => {
  directory = makeTemporaryDirectory("slicewise-runtime-route-");
  platform = await Platform.open({ data: directory });
});

afterAll(() => {
  platform.close();
  removeTemporaryDirectory(directory);
});

test("a server handed a runtime serves it as the page's script", async () => {
  const server = await startApiServer(platform, { runtime: () => "window.slicewise = {};" });
  try {
    const answer = await rawRequest(server.url, "GET", "/static/slicewise-runtime.js", {});
    expect(answer.status).toBe(200);
    expect(answer.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect(answer.body).toBe("window.slicewise = {};");
  } finally {
    await server.stop();
  }
});

test("a server without one answers not_found for the script and still serves the API", async () => {
  const server = await startApiServer(platform);
  try {
    const script = await rawRequest(server.url, "GET", "/static/slicewise-runtime.js", {});
    expect(script.status).toBe(404);
    expect(JSON.parse(script.body).error.code).toBe("not_found");
    expect((await rawRequest(server.url, "GET", "/api/v1/datasets", {})).status).toBe(200);
  } finally {
    await server.stop();
  }
});
