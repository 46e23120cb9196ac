// `slicewise serve` as a person runs it: the compiled CLI in a child process on a fresh data
// directory and a free port (--port 0), its ready line, SIGTERM, the refusal to expose data
// without a token, and the lock that sends a second process to the running server.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { EmbeddedWorkspace } from "../../src/client";
import { SlicewiseError } from "../../src/core";
import { ChildRun, killAllChildren, startChild, withoutSlicewiseSettings } from "../helpers/childProcess";
import { cliPath, ensureCompiledLibrary, repositoryRoot } from "../helpers/compiledLibrary";
import { makeTemporaryDirectory, removeTemporaryDirectory } from "../helpers/temporaryDirectory";

const readyLine = /^slicewise listening on (http:\/\/\S+)$/;

/** The environment without SLICEWISE_* settings, so that only the flags given count. */
const cleanEnvironment = () => withoutSlicewiseSettings();

function slicewise(args: string[]): ChildRun {
  return startChild(process.execPath, [cliPath, ...args], { cwd: repositoryRoot, env: cleanEnvironment() });
}

let directory: string;

beforeAll(() => ensureCompiledLibrary(), 180_000);

beforeEach(() => {
  directory = makeTemporaryDirectory("slicewise-cli-");
});

afterEach(async () => {
  await killAllChildren();
  removeTemporaryDirectory(directory);
});

describe("slicewise serve", () => {
  test("prints its URL when ready, answers /api/v1/health, and exits 0 on SIGTERM", async () => {
    const data = join(directory, "data");
    // A body a killed server was reading is removed when the next one starts.
    mkdirSync(join(data, "uploads"), { recursive: true });
    writeFileSync(join(data, "uploads", "left-by-a-kill.csv"), "id\n1\n");
    const server = slicewise(["serve", "--data", data, "--port", "0"]);
    const [, url] = await server.waitForLine(readyLine);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Number(new URL(url).port)).toBeGreaterThan(0);

    // A new token each start, printed in the dashboard's address (as Jupyter does).
    const [, pageUrl, token] = await server.waitForLine(/^ {2}open (http:\/\/\S+\/\?token=([0-9a-f]{48})) /);
    expect(pageUrl).toBe(`${url}/?token=${token}`);
    expect(existsSync(join(data, "uploads", "left-by-a-kill.csv"))).toBe(false);
    expect((await fetch(`${url}/api/v1/datasets`)).status).toBe(401);
    const authorization = { Authorization: `Bearer ${token}` };
    const health = await fetch(`${url}/api/v1/health`, { headers: authorization });
    expect(health.status).toBe(200);
    // Up, and nothing about where the data lies.
    expect(await health.json()).toEqual({ status: "ok" });
    expect(await (await fetch(`${url}/api/v1/datasets`, { headers: authorization })).json()).toEqual({ datasets: [] });
    expect(JSON.parse(readFileSync(join(data, "server.json"), "utf8"))).toEqual({ url, pid: server.process.pid });

    server.process.kill("SIGTERM");
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(existsSync(join(data, "server.json"))).toBe(false);
    await expect(fetch(`${url}/api/v1/health`)).rejects.toThrow();
  });

  test("--no-token serves a loopback server without a token; on --host 0.0.0.0 it exits with status 2 and says a token is needed", async () => {
    const open = slicewise(["serve", "--data", join(directory, "open"), "--port", "0", "--no-token"]);
    const [, openUrl] = await open.waitForLine(readyLine);
    expect(await (await fetch(`${openUrl}/api/v1/datasets`)).json()).toEqual({ datasets: [] });
    open.process.kill("SIGTERM");
    expect((await open.exited).code).toBe(0);

    const data = join(directory, "data");
    const server = slicewise(["serve", "--data", data, "--host", "0.0.0.0", "--port", "0", "--no-token"]);
    const { code, signal } = await server.exited;
    expect({ code, signal }).toEqual({ code: 2, signal: null });
    expect(server.stderr()).toContain("0.0.0.0");
    expect(server.stderr()).toContain("token");
    expect(server.stderr()).toContain("[bad_request]");
    expect(server.stdout()).toBe("");
    // It refused before opening the store.
    expect(existsSync(data)).toBe(false);
  });

  test("--host 0.0.0.0 with a token serves, and asks every request for the token", async () => {
    const server = slicewise(["serve", "--data", join(directory, "data"), "--host", "0.0.0.0", "--port", "0", "--token", "t0ken"]);
    const [, url] = await server.waitForLine(readyLine);
    const port = new URL(url).port;
    const loopback = `http://127.0.0.1:${port}/api/v1/health`;
    expect((await fetch(loopback)).status).toBe(401);
    expect((await fetch(loopback, { headers: { Authorization: "Bearer t0ken" } })).status).toBe(200);
    server.process.kill("SIGTERM");
    expect((await server.exited).code).toBe(0);
  });

  test("a second process opening the data directory gets store_locked naming the server's URL", async () => {
    const data = join(directory, "data");
    const server = slicewise(["serve", "--data", data, "--port", "0", "--no-token"]);
    const [, url] = await server.waitForLine(readyLine);

    // This test process, through the client's embedded mode.
    let failure: unknown;
    try {
      const workspace = await EmbeddedWorkspace.open({ data });
      await workspace.close();
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(SlicewiseError);
    expect((failure as SlicewiseError).code).toBe("store_locked");
    expect((failure as SlicewiseError).message).toContain(url);
    expect((failure as SlicewiseError).message).toContain(`pid ${server.process.pid}`);

    // A second server on the same directory.
    const second = slicewise(["serve", "--data", data, "--port", "0"]);
    const { code } = await second.exited;
    expect(code).toBe(2);
    expect(second.stderr()).toContain("[store_locked]");
    expect(second.stderr()).toContain(url);
    expect(second.stdout()).toBe("");

    // The first server is unharmed.
    expect((await fetch(`${url}/api/v1/health`)).status).toBe(200);
    server.process.kill("SIGTERM");
    expect((await server.exited).code).toBe(0);

    // Once it is gone, the directory opens.
    const workspace = await EmbeddedWorkspace.open({ data });
    expect(await workspace.listDatasets()).toEqual([]);
    await workspace.close();
  });
});
