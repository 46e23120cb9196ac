// Which engine a platform runs on, from options and environment, and the errors that name the option to fix.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { SlicewiseError } from "../../../../src/core";
import { resolveEngineSetting } from "../../../../src/platform/engines/engineOptions";
import { makeTemporaryDirectory, removeTemporaryDirectory } from "../../../helpers/temporaryDirectory";

let directory: string;
beforeEach(() => (directory = makeTemporaryDirectory("slicewise-engine-options-")));
afterEach(() => removeTemporaryDirectory(directory));

function failure(call: () => unknown): { code: string; message: string } {
  try {
    call();
  } catch (error) {
    if (error instanceof SlicewiseError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error("expected an error");
}

test("DuckDB unless told otherwise", () => {
  expect(resolveEngineSetting({}, {})).toEqual({ kind: "duckdb" });
  expect(resolveEngineSetting({ engine: "duckdb" }, { SLICEWISE_ENGINE: "spark" })).toEqual({ kind: "duckdb" });
});

test("Spark from options, or from the environment; the warehouse made and absolute", () => {
  const warehouse = join(directory, "warehouse", "nested");
  expect(resolveEngineSetting({ engine: "spark", sparkRemote: "sc://spark.example:15002", warehouse }, {})).toEqual({
    kind: "spark",
    remote: "sc://spark.example:15002",
    warehouse,
  });
  expect(existsSync(warehouse)).toBe(true);
  const fromEnvironment = resolveEngineSetting({}, { SLICEWISE_ENGINE: "spark", SLICEWISE_SPARK_REMOTE: "sc://h", SLICEWISE_WAREHOUSE: `file://${warehouse}` });
  expect(fromEnvironment).toEqual({ kind: "spark", remote: "sc://h", warehouse });
});

test("each missing or wrong option is named", () => {
  const warehouse = join(directory, "w");
  expect(failure(() => resolveEngineSetting({ engine: "presto" }, {}))).toEqual({
    code: "bad_request",
    message: '--engine (SLICEWISE_ENGINE) is duckdb or spark; got "presto"',
  });
  expect(failure(() => resolveEngineSetting({ engine: "spark", warehouse }, {})).message).toMatch(/^--engine spark needs --spark-remote sc:\/\/HOST:15002/);
  expect(failure(() => resolveEngineSetting({ engine: "spark", sparkRemote: "http://h:15002", warehouse }, {})).message).toMatch(
    /^--spark-remote: the Spark remote "http:\/\/h:15002" is not a Spark Connect connection string/,
  );
  expect(failure(() => resolveEngineSetting({ engine: "spark", sparkRemote: "sc://h" }, {})).message).toMatch(/^--engine spark needs --warehouse DIR/);
  expect(failure(() => resolveEngineSetting({ engine: "spark", sparkRemote: "sc://h", warehouse: "s3://bucket/w" }, {})).message).toMatch(
    /^--warehouse "s3:\/\/bucket\/w": only a directory/,
  );
  expect(failure(() => resolveEngineSetting({ sparkRemote: "sc://h" }, {})).message).toBe("--spark-remote is for --engine spark; the engine is duckdb");
});
