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

test("a runtime that cannot be read is a 500 whose message keeps the server's paths to its log", async () => {
  const logged: string[] = [];
  const server = await startApiServer(platform, {
    runtime: () => {
      throw new Error("ENOENT: no such file or directory, open '/srv/secret/dist/slicewise-runtime.js'");
    },
    log: (line) => logged.push(line),
  });
  try {
    const script = await rawRequest(server.url, "GET", "/static/slicewise-runtime.js", {});
    expect(script.status).toBe(500);
    expect(JSON.parse(script.body).error).toEqual({
      code: "internal",
      message: "the widget runtime is not built where this server runs; run `npm run build` there",
    });
    expect(script.body).not.toContain("/srv/secret");
    expect(logged.join("\n")).toContain("/srv/secret/dist/slicewise-runtime.js");
  } finally {
    await server.stop();
  }
});
