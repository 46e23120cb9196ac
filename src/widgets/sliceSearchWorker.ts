// Runs the worst-slices search off the main thread: the counting half in a Web Worker built from
// the counting function's own source text, the statistics half here.
import {
  CountPayload,
  CountResult,
  SliceSearchInput,
  SliceSearchResult,
  buildCountPayload,
  countSliceCandidates,
  finishSliceSearch,
} from "../metrics/slicing/sliceSearch";

export interface RunSliceSearchOptions {
  /** Aborting terminates the worker and rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * The worker's whole program: the counting function from its source text (it refers to nothing
 * outside itself, so it stands alone after minification too) and a message handler that hands
 * its typed arrays back without copying.
 */
export function sliceSearchWorkerSource(): string {
  return `const count = ${countSliceCandidates.toString()};
onmessage = (event) => {
  const result = count(event.data);
  postMessage(result, Object.values(result.slices).map((array) => array.buffer));
};
`;
}

/**
 * Runs the counting in a Web Worker (one per call, terminated after), the statistics here;
 * resolves the result. Where there is no Worker, Blob or URL.createObjectURL (jest, Node), or the
 * page does not allow a worker from a blob: URL, the counting runs here instead, with the same result.
 */
export function runSliceSearch(input: SliceSearchInput, options: RunSliceSearchOptions = {}): Promise<SliceSearchResult> {
  const { signal } = options;
  return new Promise<SliceSearchResult>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    let payload: CountPayload;
    try {
      payload = buildCountPayload(input);
    } catch (error) {
      return reject(error);
    }
    const runHere = () => {
      if (signal?.aborted) return reject(signal.reason);
      try {
        // The worker may have taken the first payload's buffers: build it again.
        resolve(finishSliceSearch(input, countSliceCandidates(buildCountPayload(input))));
      } catch (error) {
        reject(error);
      }
    };
    if (!workersAvailable()) {
      // Still asynchronous, as with a worker, so callers see one behaviour.
      queueMicrotask(runHere);
      return;
    }
    const url = URL.createObjectURL(new Blob([sliceSearchWorkerSource()], { type: "text/javascript" }));
    let worker: Worker;
    try {
      worker = new Worker(url);
    } catch {
      URL.revokeObjectURL(url);
      queueMicrotask(runHere);
      return;
    }
    const stop = () => {
      worker.terminate();
      URL.revokeObjectURL(url);
      signal?.removeEventListener("abort", onAbort);
    };
    const onAbort = () => {
      stop();
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    worker.onmessage = (event: MessageEvent<CountResult>) => {
      stop();
      try {
        resolve(finishSliceSearch(input, event.data));
      } catch (error) {
        reject(error);
      }
    };
    // A worker that cannot start (a content security policy without blob: workers) or fails:
    // count here; an error in the counting itself then surfaces from here, with its stack.
    const onFailure = (event: Event) => {
      event.preventDefault();
      stop();
      runHere();
    };
    worker.onerror = onFailure;
    worker.onmessageerror = onFailure;
    worker.postMessage(payload, transferables(payload));
  });
}

function workersAvailable(): boolean {
  return typeof Worker === "function" && typeof Blob === "function" && typeof URL !== "undefined" && typeof URL.createObjectURL === "function";
}

/** The payload's buffers: built fresh for this call, so handing them over detaches nothing of the caller's. */
function transferables(payload: CountPayload): ArrayBuffer[] {
  return [...payload.codes.map((codes) => codes.buffer), payload.levelCounts.buffer, payload.values.buffer] as ArrayBuffer[];
}
