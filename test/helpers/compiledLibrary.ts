// Tests that run `node lib/…` (the CLI, child processes) need lib/ compiled from the current
// src/. Rebuilds with `tsc -p .` when a source file is newer than the build; a lock directory
// keeps parallel jest workers from compiling over each other.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createHash } from "node:crypto";

export const repositoryRoot = resolve(__dirname, "../..");
export const cliPath = join(repositoryRoot, "lib/src/cli/main.js");

function newestModification(directory: string): number {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestModification(path));
    else if (entry.name.endsWith(".ts")) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function isStale(): boolean {
  if (!existsSync(cliPath)) return true;
  const sources = Math.max(newestModification(join(repositoryRoot, "src")), newestModification(join(repositoryRoot, "examples")));
  return sources > statSync(cliPath).mtimeMs;
}

function sleep(milliseconds: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, milliseconds);
}

/** Compiles the package into lib/ unless it is up to date. Throws with tsc's output when it fails. */
export function ensureCompiledLibrary(): void {
  if (!isStale()) return;
  const lock = join(tmpdir(), `slicewise-build-${createHash("sha1").update(repositoryRoot).digest("hex").slice(0, 12)}.lock`);
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`waited 2 minutes for ${lock}; remove it if no build is running`);
      sleep(200);
    }
  }
  try {
    if (!isStale()) return;
    try {
      execFileSync(process.execPath, [join(repositoryRoot, "node_modules/typescript/bin/tsc"), "-p", "."], { cwd: repositoryRoot, stdio: "pipe" });
    } catch (error) {
      const output = (error as { stdout?: Buffer }).stdout?.toString() ?? String(error);
      throw new Error(`npx tsc -p . failed, so lib/ cannot be tested:\n${output}`, { cause: error });
    }
  } finally {
    rmdirSync(lock);
  }
}
