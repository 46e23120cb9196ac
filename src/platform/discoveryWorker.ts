// Hidden-subclass discovery off the server's thread: a worker runs src/metrics' discoverSubclasses on
// the inputs it is sent (typed arrays, copied once) and posts the result back. The same code as in
// process, so the answer does not depend on where it ran.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { SlicewiseError } from "../core";
import { DiscoveryInput, DiscoveryResult, discoverSubclasses } from "../metrics";

/** The compiled script; absent when the sources run untranspiled (ts-jest), and then discovery runs here. */
const workerScript = join(__dirname, "discoveryWorker.js");
const canUseWorker = typeof (process.versions as Record<string, string | undefined>).deno !== "string" && existsSync(workerScript);

/**
 * Runs discovery on a worker thread of its own (clustering 100,000 embeddings takes seconds, which
 * must not hold every other request); `signal` stops the worker when the client goes away.
 */
export async function discoverOffThread(input: DiscoveryInput, signal?: AbortSignal): Promise<DiscoveryResult> {
  if (!canUseWorker) return discoverSubclasses(input);
  signal?.throwIfAborted();
  const worker = new Worker(workerScript, { workerData: input });
  return new Promise<DiscoveryResult>((resolve, reject) => {
    const stop = () => {
      void worker.terminate();
      reject(new SlicewiseError("cancelled", "the client went away; discovery was stopped"));
    };
    signal?.addEventListener("abort", stop, { once: true });
    const settle = () => signal?.removeEventListener("abort", stop);
    worker.once("message", (result: DiscoveryResult) => {
      settle();
      resolve(result);
      void worker.terminate();
    });
    worker.once("error", (error) => {
      settle();
      reject(error);
    });
    worker.once("exit", (code) => {
      settle();
      reject(new Error(`the discovery worker stopped (exit code ${code}) before it answered`));
    });
  });
}

if (!isMainThread && parentPort && workerData) parentPort.postMessage(discoverSubclasses(workerData as DiscoveryInput));
