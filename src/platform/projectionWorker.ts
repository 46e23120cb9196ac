// The embedding map's projection off the server's thread (offThread.ts): the worker runs src/metrics'
// mapProjection (a million rows' plane takes a second, their clusters longer) and posts the typed arrays back.
import { join } from "node:path";
import { isMainThread, parentPort, workerData } from "node:worker_threads";
import { MapProjection, MapProjectionInput, mapProjection } from "../metrics";
import { runOffThread } from "./offThread";

/** Projects on a worker thread of its own; `signal` stops it when the client goes away. */
export function projectOffThread(input: MapProjectionInput, signal?: AbortSignal): Promise<MapProjection> {
  return runOffThread(join(__dirname, "projectionWorker.js"), input, mapProjection, "the projection", signal);
}

if (!isMainThread && parentPort && workerData) {
  const result = mapProjection(workerData as MapProjectionInput);
  const buffers = [result.x.buffer, result.y.buffer, ...(result.cluster ? [result.cluster.buffer] : [])] as ArrayBuffer[];
  parentPort.postMessage(result, buffers);
}
