// A real JupyterLab for the notebook benchmark: the pinned one in <repo>/.venv, with slicewise's
// kernelspec and extension installed into that prefix, serving a folder under test/out/ (so the Deno
// kernel resolves `import … from "slicewise"` from this package). Its Jupyter config, data and
// runtime folders are private to the run; stopping it shuts its kernels down and waits for them.
// Much as test/e2e/jupyterServer.ts does for the e2e tests (whose install lock it shares).
"use strict";

const { execFileSync, spawn, spawnSync } = require("node:child_process");
const { existsSync, mkdirSync, readFileSync, rmSync } = require("node:fs");
const { createServer } = require("node:net");
const { join } = require("node:path");
const { randomBytes } = require("node:crypto");

const root = join(__dirname, "..");
const { venvPath: venv } = require("../test/helpers/venvPath");

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds));

const venvJupyterData = join(venv, "share", "jupyter");

/** Whether .venv already holds this build's kernelspec, labextension and nbextension (then nothing is copied). */
function installedCopyIsCurrent() {
  try {
    const build = (path) => JSON.parse(readFileSync(path, "utf8")).jupyterlab?._build?.load;
    const labextension = build(join(root, "dist", "labextension", "package.json"));
    const kernel = JSON.parse(readFileSync(join(venvJupyterData, "kernels", "deno", "kernel.json"), "utf8"));
    return (
      labextension !== undefined &&
      labextension === build(join(venvJupyterData, "labextensions", "slicewise", "package.json")) &&
      readFileSync(join(root, "dist", "index.js")).equals(readFileSync(join(venvJupyterData, "nbextensions", "slicewise", "index.js"))) &&
      existsSync(kernel.argv[0])
    );
  } catch {
    return false;
  }
}

/**
 * `node lib/src/cli/main.js jupyter install --prefix .venv`: the Deno kernelspec and the prebuilt extension,
 * unless .venv already has this build. Copies under the e2e tests' lock (test/out/jupyter-install.lock), so
 * a test run installing at the same time is not copied over.
 */
async function installIntoPrefix() {
  if (installedCopyIsCurrent()) return [`${venvJupyterData} already holds this build's kernelspec and extensions; nothing copied`];
  const lock = join(root, "test", "out", "jupyter-install.lock");
  mkdirSync(join(root, "test", "out"), { recursive: true });
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`waited 2 minutes for ${lock}; remove it if no test run is installing`);
      await sleep(200);
    }
  }
  try {
    const run = spawnSync(process.execPath, [join(root, "lib", "src", "cli", "main.js"), "jupyter", "install", "--prefix", venv], {
      cwd: root,
      encoding: "utf8",
    });
    if (run.status !== 0) throw new Error(`slicewise jupyter install --prefix .venv failed: ${run.stderr || run.stdout}`);
    return run.stdout.trim().split("\n");
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** The interpreter .venv/bin/jupyter's #! line names (another environment's when .venv was copied from one). */
function consoleScript() {
  try {
    return readFileSync(join(venv, "bin", "jupyter"), "utf8").split("\n")[0];
  } catch {
    return null;
  }
}

function childPids(pid) {
  const run = spawnSync("ps", ["-o", "pid=", "--ppid", String(pid)], { encoding: "utf8" });
  return run.stdout
    .split("\n")
    .map((line) => Number(line.trim()))
    .filter((child) => child > 0);
}

/** A process's start time (clock ticks after boot), so a pid the system has since reused is not taken for it. */
function startTime(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return null;
  }
}

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function waitForExit(pids, milliseconds) {
  const deadline = Date.now() + milliseconds;
  while (pids.some(alive) && Date.now() < deadline) await sleep(100);
  return pids.filter(alive);
}

/**
 * Starts `jupyter lab` serving `directory` (which must exist) and resolves once its API answers.
 * Returns { url, token, version, log(), api(path, init), stop() }.
 */
async function startJupyterLab(directory, { stateDirectory }) {
  // `python -m jupyterlab` rather than .venv/bin/jupyter: a console script's #! line names the Python the
  // environment was created with, which is another environment when the folder was copied or moved.
  const python = join(venv, "bin", "python");
  if (!existsSync(python)) throw new Error(`no Python environment at ${venv}: create the pinned virtual environment first (.ci/run does)`);
  const [jupyterlabVersion, serverVersion, prefix] = execFileSync(
    python,
    ["-c", "import sys, jupyterlab, jupyter_server; print(jupyterlab.__version__, jupyter_server.__version__, sys.prefix)"],
    { encoding: "utf8" },
  )
    .trim()
    .split(" ");
  for (const name of ["config", "data", "runtime", "settings", "workspaces"]) mkdirSync(join(stateDirectory, name), { recursive: true });
  const port = await freePort();
  const token = randomBytes(16).toString("hex");
  const output = [];
  const server = spawn(
    python,
    [
      "-m",
      "jupyterlab",
      "--no-browser",
      "--allow-root",
      "--ServerApp.ip=127.0.0.1",
      `--ServerApp.port=${port}`,
      "--ServerApp.port_retries=0",
      `--ServerApp.token=${token}`,
      `--ServerApp.root_dir=${directory}`,
      `--LabApp.user_settings_dir=${join(stateDirectory, "settings")}`,
      `--LabApp.workspaces_dir=${join(stateDirectory, "workspaces")}`,
      "--LabApp.news_url=None",
      "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ],
    {
      cwd: directory,
      env: {
        ...process.env,
        // Private config, data and runtime folders: the kernelspec and extension come from the .venv prefix only.
        JUPYTER_PATH: venvJupyterData,
        JUPYTER_CONFIG_DIR: join(stateDirectory, "config"),
        JUPYTER_DATA_DIR: join(stateDirectory, "data"),
        JUPYTER_RUNTIME_DIR: join(stateDirectory, "runtime"),
        DENO_NO_UPDATE_CHECK: "1",
        NO_COLOR: "1",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  server.stdout.on("data", (chunk) => output.push(chunk.toString()));
  server.stderr.on("data", (chunk) => output.push(chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const api = async (path, init = {}) => {
    const response = await fetch(`${url}${path}`, { ...init, headers: { authorization: `token ${token}`, ...(init.headers ?? {}) } });
    if (!response.ok) throw new Error(`${init.method ?? "GET"} ${path}: HTTP ${response.status}`);
    return response.status === 204 ? null : response.json();
  };
  /** The server's children seen so far (its kernels), pid → start time. */
  const seenKernels = new Map();
  const rememberChildren = () => {
    const pids = childPids(server.pid);
    for (const pid of pids) if (!seenKernels.has(pid)) seenKernels.set(pid, startTime(pid));
    return pids;
  };
  const stop = async () => {
    rememberChildren();
    try {
      for (const session of await api("/api/sessions")) await api(`/api/sessions/${session.id}`, { method: "DELETE" }).catch(() => undefined);
    } catch {
      // The server may already be gone; its pid is stopped below either way.
    }
    if (alive(server.pid)) server.kill("SIGTERM");
    let left = await waitForExit([server.pid], 15_000);
    if (left.length > 0) server.kill("SIGKILL");
    // Kernels the server started and did not take down with it, by pid (and only while the pid is still theirs).
    left = (await waitForExit([...seenKernels.keys()], 5_000)).filter((pid) => startTime(pid) === seenKernels.get(pid));
    for (const pid of left) process.kill(pid, "SIGKILL");
    return { server_children_seen: seenKernels.size, killed_after_shutdown: left.length };
  };
  const started = Date.now();
  for (;;) {
    if (server.exitCode !== null) throw new Error(`jupyter lab exited (${server.exitCode}):\n${output.join("").slice(-3000)}`);
    try {
      await api("/api/status");
      break;
    } catch {
      if (Date.now() - started > 60_000) {
        await stop();
        throw new Error(`jupyter lab did not answer within 60 s:\n${output.join("").slice(-3000)}`);
      }
      await sleep(200);
    }
  }
  return {
    url,
    token,
    pid: server.pid,
    versions: { jupyterlab: jupyterlabVersion, jupyter_server: serverVersion, python_prefix: prefix, console_script: consoleScript() },
    startup_ms: Date.now() - started,
    log: () => output.join(""),
    api,
    stop,
    /** The server's child processes (its kernels), remembered so stop() can make sure they are gone. */
    kernelPids: rememberChildren,
  };
}

module.exports = { startJupyterLab, installIntoPrefix, freePort };
