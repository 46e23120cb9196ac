// One piece of long work on a worker thread of its own, so that it does not hold every other
// request: discovery and the embedding map's projection each have a worker script that computes
// with the same src/metrics code as in process, so the answer does not depend on where it ran.
import { existsSync } from "node:fs";
import { Worker } from "node:worker_threads";
import { SlicewiseError } from "../core";

/**
 * Runs `script` (a compiled worker that answers its workerData with one message) on `input`; where
 * it cannot (the sources run untranspiled under ts-jest, or Deno's kernel, whose worker_threads is
 * a compatibility layer) runs `here` instead. `signal` stops the worker when the client goes away.
 */
export async function runOffThread<Input, Output>(
  script: string,
  input: Input,
  here: (input: Input) => Output,
  what: string,
  signal?: AbortSignal,
): Promise<Output> {
  const canUseWorker = typeof (process.versions as Record<string, string | undefined>).deno !== "string" && existsSync(script);
  if (!canUseWorker) return here(input);
  signal?.throwIfAborted();
  const worker = new Worker(script, { workerData: input });
  return new Promise<Output>((resolve, reject) => {
    const stop = () => {
      void worker.terminate();
      reject(new SlicewiseError("cancelled", `the client went away; ${what} was stopped`));
    };
    signal?.addEventListener("abort", stop, { once: true });
    const settle = () => signal?.removeEventListener("abort", stop);
    worker.once("message", (result: Output) => {
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
      reject(new Error(`the worker of ${what} stopped (exit code ${code}) before it answered`));
    });
  });
}
