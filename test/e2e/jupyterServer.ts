// Real Jupyter for the e2e tests: slicewise installed into the pinned virtual environment with its
// own CLI, JupyterLab 4 / Notebook 7 started on a free loopback port behind a random token over a
// copy of examples/, and everything stopped again by pid — the server and the Deno kernels it ran.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { ChildRun, startChild, withoutSlicewiseSettings } from "../helpers/childProcess";
import { cliPath, ensureCompiledLibrary, repositoryRoot } from "../helpers/compiledLibrary";
import { makeTemporaryDirectory, removeTemporaryDirectory } from "../helpers/temporaryDirectory";

/** The virtual environment with the pinned JupyterLab, Notebook 7, nbclient and nbconvert. */
export const venv: string = require("../helpers/venvPath").venvPath;
export const venvJupyterData = join(venv, "share", "jupyter");
/** Where e2e tests leave what a person looks at afterwards (not committed). */
export const outDirectory = join(repositoryRoot, "test", "out");

export function venvExecutable(name: string): string {
  return join(venv, "bin", name);
}

/** Throws, saying what to do, when the virtual environment or the build is missing. */
export function checkPrerequisites(): void {
  if (!existsSync(venvExecutable("jupyter")))
    throw new Error(
      `no Jupyter in ${venv}: \`node test/setup.js\` (which \`npm test\` runs first) creates it from test/requirements-jupyter.txt; or set SLICEWISE_VENV`,
    );
  for (const built of ["dist/index.js", "dist/labextension/package.json"])
    if (!existsSync(join(repositoryRoot, built))) throw new Error(`${built} is missing; run \`npm run build\` before the e2e tests`);
  ensureCompiledLibrary();
}

function newestModification(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestModification(join(path, name))), 0);
}

/** Warns when the prebuilt extension is older than the widget sources: JupyterLab would then show
 *  what an earlier build drew, and a failure could be the build's, not the code's. */
function warnIfFrontEndIsStale(): void {
  const built = statSync(join(repositoryRoot, "dist/labextension/package.json")).mtimeMs;
  const sources = Math.max(...["src/widgets", "src/charts", "css"].map((folder) => newestModification(join(repositoryRoot, folder))));
  if (sources > built)
    console.warn(
      `dist/labextension is older than src/widgets, src/charts or css (by ${Math.round((sources - built) / 1000)} s): JupyterLab and Notebook 7 will run the older build; run \`npm run build\` first`,
    );
}

/** The environment Jupyter, its kernels and nbclient run with: the venv's data directory first on
 *  the Jupyter path (so its Deno kernelspec wins over any user one), no update checks. */
export function jupyterEnvironment(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const environment = withoutSlicewiseSettings({ ...process.env, JUPYTER_PATH: venvJupyterData, DENO_NO_UPDATE_CHECK: "1", PYTHONUNBUFFERED: "1", ...extra });
  delete environment.JUPYTER_DATA_DIR;
  return environment;
}

// --- (a) install ----------------------------------------------------------------------------

/** One id for one jest run: the jest process (the parent of a worker, or this process when jest runs
 *  in band) with its start time, so that a later run given the same pid is told apart. */
function runId(): string {
  const jest = process.send ? process.ppid : process.pid;
  let started = "";
  try {
    const stat = readFileSync(`/proc/${jest}/stat`, "utf8");
    started = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    // No /proc: the pid alone.
  }
  return `${jest}@${started}`;
}

function sleepSync(milliseconds: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, milliseconds);
}

/** `slicewise jupyter install --prefix <venv>`, once per jest run (test files share it through a
 *  stamp in test/out, and a lock keeps two workers from copying over each other). Returns the
 *  install's report, or that of the run that did it. */
export function installIntoVenv(): string {
  checkPrerequisites();
  mkdirSync(outDirectory, { recursive: true });
  const stamp = join(outDirectory, "jupyter-install.json");
  const lock = join(outDirectory, "jupyter-install.lock");
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`waited 2 minutes for ${lock}; remove it if no test run is installing`);
      sleepSync(200);
    }
  }
  try {
    const previous = existsSync(stamp) ? (JSON.parse(readFileSync(stamp, "utf8")) as { run: string; venv: string; report: string }) : undefined;
    const installed = ["kernels/deno/kernel.json", "labextensions/slicewise/package.json", "nbextensions/slicewise/index.js"].every((path) =>
      existsSync(join(venvJupyterData, path)),
    );
    if (previous && previous.run === runId() && previous.venv === venv && installed) return previous.report;
    let report: string;
    try {
      report = execFileSync(process.execPath, [cliPath, "jupyter", "install", "--prefix", venv], {
        cwd: repositoryRoot,
        encoding: "utf8",
        stdio: "pipe",
        env: jupyterEnvironment(),
      });
    } catch (error) {
      const failed = error as { stdout?: string; stderr?: string; status?: number };
      throw new Error(`slicewise jupyter install --prefix ${venv} failed (status ${failed.status}):\n${failed.stdout ?? ""}${failed.stderr ?? String(error)}`, {
        cause: error,
      });
    }
    warnIfFrontEndIsStale();
    writeFileSync(stamp, JSON.stringify({ run: runId(), venv, report }, null, 2) + "\n");
    return report;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

// --- the notebooks ----------------------------------------------------------------------------

/** A fresh copy of examples/ under test/out (inside the package, so that the kernel's
 *  `import … from "slicewise"` finds the repository's package.json above it). */
export function copyExamples(): string {
  const directory = join(outDirectory, `notebooks-${randomBytes(4).toString("hex")}`);
  cpSync(join(repositoryRoot, "examples"), directory, {
    recursive: true,
    filter: (source) => !/[\\/](\.slicewise|\.slicewise-python|\.ipynb_checkpoints)$/.test(source) && !source.endsWith("digits-report.html"),
  });
  return directory;
}

export function removeExamplesCopy(directory: string | undefined): void {
  if (directory && directory.startsWith(outDirectory)) rmSync(directory, { recursive: true, force: true });
}

// --- processes ------------------------------------------------------------------------------

interface ProcessEntry {
  pid: number;
  parent: number;
  command: string;
}

function processTable(): ProcessEntry[] {
  const entries: ProcessEntry[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // The command name sits in parentheses and may hold spaces: the fields after it are fixed.
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const command = readFileSync(`/proc/${name}/cmdline`, "utf8").split("\0").join(" ").trim();
      entries.push({ pid: Number(name), parent, command });
    } catch {
      // Gone while we looked.
    }
  }
  return entries;
}

/** Every live process below `pid`, with its command line. */
export function descendants(pid: number): ProcessEntry[] {
  const table = processTable();
  const found: ProcessEntry[] = [];
  const parents = new Set([pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const entry of table)
      if (parents.has(entry.parent) && !parents.has(entry.pid)) {
        parents.add(entry.pid);
        found.push(entry);
        grew = true;
      }
  }
  return found;
}

export function isDenoKernel(entry: ProcessEntry): boolean {
  return /\bdeno\b.*\bjupyter\b.*--kernel/.test(entry.command);
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie has exited; its parent has not reaped it yet.
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

async function waitUntilGone(pids: number[], timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const alive = pids.filter(isAlive);
    if (alive.length === 0 || Date.now() > deadline) return alive;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Remembers every Deno kernel seen below `pid` while it runs (polled), so that a kernel started and
 *  left behind is known even when its parent is gone. */
export class KernelWatch {
  readonly seen = new Map<number, string>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly pid: number) {
    this.timer = setInterval(() => this.look(), 500);
    this.timer.unref();
  }

  look(): void {
    for (const entry of descendants(this.pid)) if (isDenoKernel(entry)) this.seen.set(entry.pid, entry.command);
  }

  /** Stops watching; SIGKILLs and returns the kernels still alive after `graceMs`. */
  async finish(graceMs = 5_000): Promise<string[]> {
    clearInterval(this.timer);
    const survivors = await waitUntilGone([...this.seen.keys()], graceMs);
    for (const pid of survivors) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // Exited meanwhile.
      }
    }
    return survivors.map((pid) => `${pid} ${this.seen.get(pid)}`);
  }
}

// --- (b) start, (c) stop ------------------------------------------------------------------------

export type JupyterApp = "lab" | "notebook";

export interface StopReport {
  /** How the server ended: "SIGTERM" when it left on its own after SIGTERM, "SIGKILL" when it had to be killed. */
  stoppedBy: "SIGTERM" | "SIGKILL" | "already exited";
  /** Deno kernels the server started (pid and command line). */
  kernels: string[];
  /** Those of them still alive after the server had gone (killed now, and a failure). */
  survivingKernels: string[];
}

export interface JupyterServer {
  app: JupyterApp;
  /** http://127.0.0.1:<port> */
  url: string;
  token: string;
  pid: number;
  rootDirectory: string;
  /** Everything the server printed. */
  log(): string;
  /** `<url><path>` with the token as a query parameter. */
  address(path: string): string;
  /** SIGTERM, wait for the exit, SIGKILL after 10 s; then makes sure none of its kernels lives on. */
  stop(): Promise<StopReport>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** User settings for both apps: no news prompt, no update check (nothing fetched from the web). */
function writeUserSettings(settingsDirectory: string): void {
  const notification = join(settingsDirectory, "@jupyterlab", "apputils-extension");
  mkdirSync(notification, { recursive: true });
  writeFileSync(join(notification, "notification.jupyterlab-settings"), JSON.stringify({ fetchNews: "false", checkForUpdates: false }, null, 2));
}

function serverArguments(app: JupyterApp, port: number, token: string, rootDirectory: string, state: string): string[] {
  const appClass = app === "lab" ? "LabApp" : "JupyterNotebookApp";
  const common = [
    app,
    "--no-browser",
    "--allow-root",
    "--ServerApp.ip=127.0.0.1",
    `--ServerApp.port=${port}`,
    "--ServerApp.port_retries=0",
    `--ServerApp.token=${token}`,
    `--ServerApp.root_dir=${rootDirectory}`,
    `--${appClass}.user_settings_dir=${join(state, "user-settings")}`,
    `--${appClass}.workspaces_dir=${join(state, "workspaces")}`,
  ];
  if (app === "lab") common.push("--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate");
  return common;
}

async function waitForStatus(run: ChildRun, url: string, token: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer yet";
  while (Date.now() < deadline) {
    if (run.process.exitCode !== null || run.process.signalCode !== null)
      throw new Error(`the Jupyter server exited (${run.process.exitCode ?? run.process.signalCode}) before answering`);
    try {
      const response = await fetch(`${url}/api/status?token=${token}`, { signal: AbortSignal.timeout(5_000) });
      if (response.ok) return;
      last = `status ${response.status}`;
    } catch (error) {
      last = String((error as Error).cause ?? error);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`GET ${url}/api/status did not answer 200 within ${timeoutMs / 1000} s (${last})`);
}

/** Starts `<venv>/bin/jupyter lab|notebook` over `rootDirectory` and waits until its API answers.
 *  On any failure the server is stopped before the error is thrown. */
export async function startJupyterServer(app: JupyterApp, rootDirectory: string, options: { timeoutMs?: number } = {}): Promise<JupyterServer> {
  const token = randomBytes(24).toString("hex");
  const state = makeTemporaryDirectory(`slicewise-jupyter-${app}-`);
  writeUserSettings(join(state, "user-settings"));
  const environment = jupyterEnvironment({
    // Config, runtime (connection files) and settings of this server alone: nothing read from or
    // written to ~/.jupyter, and a theme switched in a test stays in the test.
    JUPYTER_CONFIG_DIR: join(state, "config"),
    JUPYTER_RUNTIME_DIR: join(state, "runtime"),
  });
  let failure: unknown;
  // The port is free when asked, but another process may take it before Jupyter binds it
  // (port_retries=0 makes Jupyter fail then rather than move): try a few.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const run = startChild(venvExecutable("jupyter"), serverArguments(app, port, token, rootDirectory, state), { cwd: rootDirectory, env: environment });
    const pid = run.process.pid!;
    const kernels = new KernelWatch(pid);
    const log = () => run.stdout() + run.stderr();
    let stopped: Promise<StopReport> | undefined;
    const server: JupyterServer = {
      app,
      url,
      token,
      pid,
      rootDirectory,
      log,
      address: (path) => `${url}${path}${path.includes("?") ? "&" : "?"}token=${token}`,
      stop: () => (stopped ??= stopServer(run, kernels).finally(() => removeTemporaryDirectory(state))),
    };
    try {
      await waitForStatus(run, url, token, options.timeoutMs ?? 60_000);
      return server;
    } catch (error) {
      failure = new Error(`jupyter ${app} did not start on ${url}: ${(error as Error).message}\n--- server log ---\n${log()}`);
      await stopServer(run, kernels);
      if (!/already in use|not available/i.test(log())) break;
    }
  }
  removeTemporaryDirectory(state);
  throw failure;
}

async function stopServer(run: ChildRun, kernels: KernelWatch): Promise<StopReport> {
  const pid = run.process.pid!;
  kernels.look();
  let stoppedBy: StopReport["stoppedBy"] = "already exited";
  if (run.process.exitCode === null && run.process.signalCode === null) {
    stoppedBy = "SIGTERM";
    run.process.kill("SIGTERM");
    const exited = await Promise.race([run.exited.then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), 10_000).unref())]);
    if (!exited) {
      stoppedBy = "SIGKILL";
      await run.kill();
    }
  }
  if (isAlive(pid)) throw new Error(`the Jupyter server ${pid} is still alive after ${stoppedBy}`);
  const survivingKernels = await kernels.finish();
  return { stoppedBy, kernels: [...kernels.seen.entries()].map(([kernel, command]) => `${kernel} ${command}`), survivingKernels };
}

// --- failures -------------------------------------------------------------------------------

/** Writes `test/out/<name>-server.log` and returns its path. */
export function saveServerLog(server: JupyterServer | undefined, name: string): string | undefined {
  if (!server) return undefined;
  mkdirSync(outDirectory, { recursive: true });
  const path = join(outDirectory, `${name}-server.log`);
  writeFileSync(path, server.log());
  return path;
}
