// Child processes for integration tests: collect their output, wait for a line or for the exit,
// and make sure none outlives its test.
import { ChildProcess, SpawnOptions, spawn } from "node:child_process";

export interface ChildRun {
  process: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first stdout line matching `pattern`; rejects if the child exits first or time runs out. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Resolves with the exit code and signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILLs the child if it still runs (for afterEach). */
  kill(): Promise<void>;
}

const running = new Set<ChildProcess>();

export function startChild(command: string, args: string[], options: SpawnOptions = {}): ChildRun {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], ...options });
  running.add(child);
  let stdout = "";
  let stderr = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("close", (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }),
  );
  const waitForLine = (pattern: RegExp, timeoutMs = 20_000) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const check = () => {
        for (const line of stdout.split("\n")) {
          const match = pattern.exec(line);
          if (match) {
            finish();
            resolve(match);
            return true;
          }
        }
        return false;
      };
      const onExit = () => {
        if (check()) return;
        finish();
        reject(new Error(`the child exited before printing ${pattern}; stdout: ${stdout}\nstderr: ${stderr}`));
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms; stdout: ${stdout}\nstderr: ${stderr}`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        child.stdout!.off("data", check);
        child.off("close", onExit);
      };
      if (check()) return;
      child.stdout!.on("data", check);
      child.once("close", onExit);
    });
  return {
    process: child,
    stdout: () => stdout,
    stderr: () => stderr,
    waitForLine,
    exited,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}

/** Kills every child still running (afterEach / afterAll safety net). */
/** A copy of `environment` without SLICEWISE_* settings, so that a child sees only the flags it is given. */
export function withoutSlicewiseSettings(environment: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(environment).filter(([name]) => !name.startsWith("SLICEWISE_")));
}

export async function killAllChildren(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once("close", () => resolve());
          child.kill("SIGKILL");
        }),
    ),
  );
}
