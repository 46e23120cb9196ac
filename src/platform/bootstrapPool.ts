// Runs the bootstraps of cell-shaped metrics and detection measures, and detection matching
// (summaryTasks.ts), on worker threads: each (test case, model, metric) has its own seed, so where it is computed does not
// change a number; only the wall time. The
// workers stay for the next evaluation (idle ones do not keep the process alive), so that a
// server's event loop is not held by resampling while other requests wait.
import { existsSync } from "node:fs";
import * as os from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { SummaryTask, TaskResult, runSummaryTask, summaryTaskCost } from "./summaryTasks";

/**
 * Below this many Poisson draws (cells × resamples, all tasks; some 6 ms of work) the messages to
 * the workers cost more than they save. Starting a worker costs about 40 ms, once per process.
 */
const workerThreshold = 100_000;

/**
 * How many batches each worker takes on average. Workers take the next batch when they finish
 * one, so a worker that runs slower (a busy machine) takes fewer; more batches even out the
 * ends better, and each costs a message both ways.
 */
const batchesPerWorker = 16;

/** The compiled worker; absent when the sources run untranspiled (ts-jest), and then all work stays here. */
const workerScript = join(__dirname, "bootstrapWorker.js");

/** Node only: under Deno (the notebook kernel) worker_threads is a compatibility layer no test runs this on. */
const canUseWorkers = typeof (process.versions as Record<string, string | undefined>).deno !== "string" && existsSync(workerScript);

const summarize = (task: SummaryTask) => runSummaryTask(task);

/** How many batches ran on a worker and how many here after a worker failed: the figures for a test that must tell them apart. */
export const poolCounts = { batchesOnWorkers: 0, batchesHere: 0 };

/** Summaries (or matches) of `tasks`, in their order: on up to `threads` workers when the work is large, else here. */
export async function summarizeTasks<T extends SummaryTask>(tasks: T[], threads = os.availableParallelism?.() ?? os.cpus().length): Promise<TaskResult<T>[]> {
  const cost = tasks.map(summaryTaskCost);
  const total = cost.reduce((sum, c) => sum + c, 0);
  const workers = Math.min(threads, tasks.length);
  if (workers < 2 || total < workerThreshold || !canUseWorkers) return tasks.map(summarize) as TaskResult<T>[];
  // Longest first, in batches of about equal cost that each worker takes as it comes free: the
  // workers end at about the same time, with the small tasks last.
  const order = tasks.map((_, i) => i).sort((a, b) => cost[b] - cost[a]);
  const batchCost = total / (workers * batchesPerWorker);
  const batches: number[][] = [];
  let batch: number[] = [];
  let batchTotal = 0;
  for (const index of order) {
    batch.push(index);
    batchTotal += cost[index];
    if (batchTotal >= batchCost) {
      batches.push(batch);
      batch = [];
      batchTotal = 0;
    }
  }
  if (batch.length) batches.push(batch);
  const summaries = new Array<Result>(tasks.length);
  let next = 0;
  const take = () => (next < batches.length ? batches[next++] : undefined);
  await Promise.all(Array.from({ length: workers }, () => drain(tasks, take, summaries)));
  return summaries as TaskResult<T>[];
}

/**
 * One worker's share: it takes batches until none is left, and puts their summaries in place.
 * A host whose workers cannot start or load the script (or fail) gets the same figures computed here.
 */
type Result = TaskResult<SummaryTask>;

async function drain(tasks: SummaryTask[], take: () => number[] | undefined, summaries: Result[]): Promise<void> {
  let worker = await acquireWorker();
  try {
    for (let batch = take(); batch; batch = take()) {
      const batchTasks = batch.map((index) => tasks[index]);
      let results = worker ? await ask(worker, batchTasks).catch(() => null) : null;
      if (results) poolCounts.batchesOnWorkers += 1;
      else {
        if (worker) discardWorker(worker);
        worker = null;
        results = batchTasks.map(summarize);
        poolCounts.batchesHere += 1;
      }
      batch.forEach((index, i) => (summaries[index] = results![i]));
    }
  } finally {
    if (worker) releaseWorker(worker);
  }
}

/** Workers of this process: idle ones wait for the next batch; at most `poolSize` exist. */
const idleWorkers: Worker[] = [];
const waitingForWorker: ((worker: Worker | null) => void)[] = [];
let liveWorkers = 0;
const poolSize = os.availableParallelism?.() ?? os.cpus().length;

/** A worker of the pool (started if there are fewer than poolSize), or null where none can start. */
async function acquireWorker(): Promise<Worker | null> {
  const idle = idleWorkers.pop();
  if (idle) {
    idle.ref();
    return idle;
  }
  if (liveWorkers >= poolSize) return new Promise((resolve) => waitingForWorker.push(resolve));
  try {
    const worker = new Worker(workerScript);
    liveWorkers += 1;
    // An error between batches must not be an uncaught 'error' event; ask() hears it during one.
    worker.on("error", () => undefined);
    worker.once("exit", () => forget(worker));
    return worker;
  } catch {
    return null;
  }
}

function releaseWorker(worker: Worker): void {
  const waiting = waitingForWorker.shift();
  if (waiting) return waiting(worker);
  // Idle, it must not keep a process (a CLI command, a test) from exiting.
  worker.unref();
  idleWorkers.push(worker);
}

function discardWorker(worker: Worker): void {
  forget(worker);
  void worker.terminate();
  // Whoever waited for this one starts a worker of their own, or works here.
  const waiting = waitingForWorker.shift();
  if (waiting) void acquireWorker().then(waiting);
}

function forget(worker: Worker): void {
  if (forgotten.has(worker)) return;
  forgotten.add(worker);
  liveWorkers -= 1;
  const idle = idleWorkers.indexOf(worker);
  if (idle >= 0) idleWorkers.splice(idle, 1);
}

const forgotten = new WeakSet<Worker>();

/** Sends one batch to a worker and waits for its summaries. */
function ask(worker: Worker, tasks: SummaryTask[]): Promise<Result[]> {
  return new Promise((resolve, reject) => {
    const onMessage = (summaries: Result[]) => settle(() => resolve(summaries));
    const onError = (error: Error) => settle(() => reject(error));
    const onExit = (code: number) => settle(() => reject(new Error(`a bootstrap worker stopped (exit code ${code}) before it answered`)));
    const settle = (action: () => void) => {
      worker.off("message", onMessage);
      worker.off("error", onError);
      worker.off("exit", onExit);
      action();
    };
    worker.once("message", onMessage);
    worker.once("error", onError);
    worker.once("exit", onExit);
    worker.postMessage(tasks);
  });
}
