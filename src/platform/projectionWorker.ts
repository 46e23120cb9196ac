// The embedding map's projection off the server's thread: a worker runs src/metrics' mapProjection
// (a million rows' plane takes a second, their clusters longer) and posts the typed arrays back.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { SlicewiseError } from "../core";
import { MapProjection, MapProjectionInput, mapProjection } from "../metrics";

/** The compiled script; absent when the sources run untranspiled (ts-jest), and then the projection runs here. */
const workerScript = join(__dirname, "projectionWorker.js");
const canUseWorker = typeof (process.versions as Record<string, string | undefined>).deno !== "string" && existsSync(workerScript);

/** Projects on a worker thread of its own; `signal` stops it when the client goes away. */
export async function projectOffThread(input: MapProjectionInput, signal?: AbortSignal): Promise<MapProjection> {
  if (!canUseWorker) return mapProjection(input);
  signal?.throwIfAborted();
  const worker = new Worker(workerScript, { workerData: input });
  return new Promise<MapProjection>((resolve, reject) => {
    const stop = () => {
      void worker.terminate();
      reject(new SlicewiseError("cancelled", "the client went away; the projection was stopped"));
    };
    signal?.addEventListener("abort", stop, { once: true });
    const settle = () => signal?.removeEventListener("abort", stop);
    worker.once("message", (result: MapProjection) => {
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
      reject(new Error(`the projection worker stopped (exit code ${code}) before it answered`));
    });
  });
}

if (!isMainThread && parentPort && workerData) {
  const result = mapProjection(workerData as MapProjectionInput);
  const buffers = [result.x.buffer, result.y.buffer, ...(result.cluster ? [result.cluster.buffer] : [])] as ArrayBuffer[];
  parentPort.postMessage(result, buffers);
}
