// The slicewise command as a person runs it: the compiled CLI in a child process on a fresh data
// directory. `serve` on a free port (--port 0): its ready line, SIGTERM, the refusal to expose
// data without a token, and the lock that sends a second process to the running server; then
// upload, standard and evaluate from files.
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

  test("--threads N runs DuckDB on N threads; a count that is not one exits with status 2 before opening the store", async () => {
    const server = slicewise(["serve", "--data", join(directory, "one"), "--port", "0", "--no-token", "--threads", "1"]);
    const [, url] = await server.waitForLine(readyLine);
    expect((await fetch(`${url}/api/v1/health`)).status).toBe(200);
    server.process.kill("SIGTERM");
    expect((await server.exited).code).toBe(0);

    const data = join(directory, "none");
    const refused = slicewise(["serve", "--data", data, "--port", "0", "--threads", "0"]);
    expect((await refused.exited).code).toBe(2);
    expect(refused.stderr()).toContain("--threads must be a whole number");
    expect(existsSync(data)).toBe(false);
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

describe("slicewise upload, standard and evaluate", () => {
  /** Runs one command to its end; its output, and stderr, which the camelCase client leaves free of deprecation warnings. */
  async function command(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const run = slicewise(args);
    const { code } = await run.exited;
    return { code, stdout: run.stdout(), stderr: run.stderr() };
  }

  test("upload names the id fields, and evaluate --min-n leaves the small test cases without a verdict", async () => {
    const data = join(directory, "data");
    // Six pets in groups a (4) and b (2); cand is right where base is wrong on ids 3 and 5.
    writeFileSync(join(directory, "pets.csv"), "id,group\n1,a\n2,a\n3,a\n4,a\n5,b\n6,b\n");
    writeFileSync(join(directory, "base.csv"), "id,correct\n1,true\n2,true\n3,false\n4,true\n5,false\n6,true\n");
    writeFileSync(join(directory, "cand.csv"), "id,correct\n1,true\n2,true\n3,true\n4,true\n5,true\n6,true\n");
    const standard = {
      stratifications: [{ name: "group", field: "group" }],
      metric_groups: [{ name: "quality", metrics: [{ label: "Accuracy", kind: "mean", field: "correct", higher_is_better: true }] }],
    };
    writeFileSync(join(directory, "standard.json"), JSON.stringify(standard));

    const dataset = await command(["upload", "pets", join(directory, "pets.csv"), "--id-fields", "id", "--data", data]);
    expect(dataset).toEqual({ code: 0, stdout: "uploaded 6 rows: dataset pets (commit 1, id fields id)\n", stderr: "" });
    for (const model of ["base", "cand"]) {
      const results = await command(["upload", "pets", join(directory, `${model}.csv`), "--model", model, "--data", data]);
      expect(results).toEqual({ code: 0, stdout: `uploaded 6 rows: results of ${model} for pets (commit 1, id fields id)\n`, stderr: "" });
    }
    expect(await command(["standard", "pets", join(directory, "standard.json"), "--data", data])).toEqual({
      code: 0,
      stdout: "quality standard of pets is now version 1\n",
      stderr: "",
    });

    const evaluation = await command(["evaluate", "pets", "--models", "base,cand", "--min-n", "5", "--data", data]);
    expect(evaluation.code).toBe(0);
    expect(evaluation.stderr).toBe("");
    const lines = evaluation.stdout.split("\n");
    expect(lines[0]).toBe("6 datapoints evaluated, 0 left out (not every model has results for them)");
    // Under 5 datapoints (group a has 4, b 2) the candidate's verdict is unknown: "?".
    expect(lines.find((line) => line.startsWith("group: a"))).toMatch(/^group: a\s+4\s+0\.7500\s+1\.0000 \?\+0\.2500\s*$/);
    expect(lines.find((line) => line.startsWith("group: b"))).toMatch(/^group: b\s+2\s+0\.5000\s+1\.0000 \?\+0\.5000\s*$/);
    expect(lines.find((line) => line.startsWith("dataset: all"))).not.toContain("?");
  });
});
