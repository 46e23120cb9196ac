// Hidden-subclass discovery off the server's thread (offThread.ts): the worker runs src/metrics'
// discoverSubclasses on the inputs it is sent (typed arrays, copied once) and posts the result back.
import { join } from "node:path";
import { isMainThread, parentPort, workerData } from "node:worker_threads";
import { DiscoveryInput, DiscoveryResult, discoverSubclasses } from "../metrics";
import { runOffThread } from "./offThread";

/** Clustering 100,000 embeddings takes seconds; `signal` stops the worker when the client goes away. */
export function discoverOffThread(input: DiscoveryInput, signal?: AbortSignal): Promise<DiscoveryResult> {
  return runOffThread(join(__dirname, "discoveryWorker.js"), input, discoverSubclasses, "discovery", signal);
}

if (!isMainThread && parentPort && workerData) parentPort.postMessage(discoverSubclasses(workerData as DiscoveryInput));
