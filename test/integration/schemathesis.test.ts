// Schemathesis, from the server's own OpenAPI document, against `slicewise serve` on a data
// directory with one seeded dataset: a bounded run (20 examples per operation and phase, a fixed
// seed) in which no answer may be a 5xx, break its documented schema, status or content type,
// accept a request the schema refuses, or hang. An hour of it: bench/fuzz.js.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { ChildRun, killAllChildren, startChild, withoutSlicewiseSettings } from "../helpers/childProcess";
import { cliPath, ensureCompiledLibrary, repositoryRoot } from "../helpers/compiledLibrary";
import { makeTemporaryDirectory, removeTemporaryDirectory } from "../helpers/temporaryDirectory";

const { schemathesisPath, seedPets, schemathesisArguments } = require("../helpers/schemathesis") as {
  schemathesisPath: string;
  seedPets(url: string, token: string): Promise<void>;
  schemathesisArguments(url: string, token: string, bounds: string[]): string[];
};

let directory: string;
let server: ChildRun;

beforeAll(async () => {
  ensureCompiledLibrary();
  directory = makeTemporaryDirectory("slicewise-fuzz-");
  // At low priority, as the fuzzer: the end-to-end tests beside it (Jupyter, Chromium) wait for
  // widgets with timeouts, and the machine may have two cores.
  server = startChild("nice", ["-n", "10", process.execPath, cliPath, "serve", "--data", join(directory, "data"), "--port", "0"], {
    cwd: repositoryRoot,
    env: withoutSlicewiseSettings(),
  });
}, 180_000);

afterAll(async () => {
  await killAllChildren();
  removeTemporaryDirectory(directory);
});

test("schemathesis finds no server error, no answer off its schema and no accepted bad request", async () => {
  expect(existsSync(schemathesisPath)).toBe(true); // made by test/setup.js from test/requirements-fuzz.txt
  const [, url, token] = await server.waitForLine(/^ {2}open (http:\/\/[^/\s]+)\/\?token=([0-9a-f]+) /);
  await seedPets(url, token);
  // Bounded by examples, not time (with --max-time, fuzzing repeats until the time is spent).
  const bounds = ["--max-examples", "20", "--seed", "1", "--request-timeout", "60"];
  const run = await new Promise<{ status: number | null; output: string }>((resolve) => {
    const child = startChild("nice", ["-n", "10", schemathesisPath, ...schemathesisArguments(url, token, bounds)], {
      cwd: directory,
      env: { ...process.env, NO_COLOR: "1" },
    });
    child.exited.then(({ code }) => resolve({ status: code, output: child.stdout() + child.stderr() }));
  });
  // The summary names each failure; printed so that CI's log shows it.
  if (run.status !== 0) console.log(run.output.slice(-20_000));
  expect(run.output).toMatch(/Test cases:\s+\d+ generated/);
  expect(run.output).not.toMatch(/Failures:/);
  expect(run.status).toBe(0);
  expect(server.stderr()).not.toContain("failed:"); // the server logs every 500 with its stack
}, 900_000);
