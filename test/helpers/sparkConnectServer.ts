// A local Spark Connect server for the Spark engine's tests: pyspark's Spark (the test venv's,
// test/requirements-spark.txt, or SLICEWISE_SPARK_HOME) on Java 17, `local[N]` on a free port with
// its own temporary directories, started in a process group of its own and stopped with it.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { SparkConnectClient } from "../../src/platform/engines/sparkConnect/sparkConnection";
import { makeTemporaryDirectory, removeTemporaryDirectory } from "./temporaryDirectory";
const { venvPath } = require("./venvPath") as { venvPath: string };

export interface SparkConnectServer {
  /** sc://127.0.0.1:PORT */
  remote: string;
  pid: number;
  /** From spawning to the first answered query, in ms. */
  startMs: number;
  stop(): Promise<void>;
}

/** Spark's home: SLICEWISE_SPARK_HOME, or the pyspark package in the test venv (it carries Spark's jars and bin/). */
export function sparkHome(): string | undefined {
  if (process.env.SLICEWISE_SPARK_HOME) return process.env.SLICEWISE_SPARK_HOME;
  const lib = join(venvPath, "lib");
  if (!existsSync(lib)) return undefined;
  for (const python of readdirSync(lib)) {
    const home = join(lib, python, "site-packages", "pyspark");
    if (existsSync(join(home, "bin", "spark-submit"))) return home;
  }
  return undefined;
}

/** Why the Spark tests cannot run here (no Java, no pyspark), or undefined when they can. */
export function sparkMissing(): string | undefined {
  const java = spawnSync("java", ["-version"], { encoding: "utf8" });
  if (java.error || java.status !== 0) return "no `java` on PATH: install Java 17 (Debian: `apt-get install openjdk-17-jre-headless`)";
  if (!sparkHome()) return `no pyspark in ${venvPath} (test/requirements-spark.txt; \`node test/setup.js\` installs it) and SLICEWISE_SPARK_HOME is not set`;
  return undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startSparkConnectServer(options: { cores?: number; timeoutMs?: number } = {}): Promise<SparkConnectServer> {
  const home = sparkHome();
  if (!home) throw new Error(sparkMissing());
  const directory = makeTemporaryDirectory("slicewise-spark-");
  const port = await freePort();
  const started = Date.now();
  const javaOptions = `-Djava.io.tmpdir=${directory} -Dderby.system.home=${join(directory, "derby")}`;
  const child = spawn(
    join(home, "bin", "spark-submit"),
    [
      "--class",
      "org.apache.spark.sql.connect.service.SparkConnectServer",
      "--master",
      `local[${options.cores ?? 2}]`,
      ...Object.entries({
        "spark.connect.grpc.binding.address": "127.0.0.1",
        "spark.connect.grpc.binding.port": String(port),
        "spark.ui.enabled": "false",
        "spark.sql.session.timeZone": "UTC",
        "spark.local.dir": join(directory, "local"),
        "spark.sql.warehouse.dir": join(directory, "warehouse"),
        "spark.driver.extraJavaOptions": javaOptions,
      }).flatMap(([name, value]) => ["--conf", `${name}=${value}`]),
    ],
    // A process group of its own: spark-submit starts the JVM as a child, and both go at stop().
    { cwd: directory, detached: true, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, SPARK_HOME: home, SPARK_LOG_DIR: directory } },
  );
  let log = "";
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (log = (log + chunk).slice(-20_000)));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let running = true;
  void exited.then(() => (running = false));
  const stop = async () => {
    if (running) {
      process.kill(-child.pid!, "SIGTERM");
      const killer = setTimeout(() => running && process.kill(-child.pid!, "SIGKILL"), 15_000);
      await exited;
      clearTimeout(killer);
    }
    removeTemporaryDirectory(directory);
  };
  const remote = `sc://127.0.0.1:${port}`;
  const deadline = started + (options.timeoutMs ?? 120_000);
  for (;;) {
    if (!running) {
      await stop();
      throw new Error(`the Spark Connect server exited before answering; its log ends:\n${log.slice(-4000)}`);
    }
    const client = new SparkConnectClient(remote);
    try {
      await client.sql("SELECT 1");
      return { remote, pid: child.pid!, startMs: Date.now() - started, stop };
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`the Spark Connect server did not answer within ${options.timeoutMs ?? 120_000} ms; its log ends:\n${log.slice(-4000)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    } finally {
      await client.close();
    }
  }
}
