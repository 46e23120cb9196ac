// Runs the bootstraps of cell-shaped metrics on worker threads: each (test case, model, metric)
// has its own seed, so where it is computed does not change a number; only the wall time.
import { existsSync } from "node:fs";
import * as os from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { CellStatistics, MetricPlan, MetricSummary, SummaryOptions, summarizeMetric } from "../metrics";

export interface SummaryTask {
  plan: MetricPlan;
  statistics: CellStatistics;
  options: SummaryOptions;
}

/** Below this many Poisson draws (cells × resamples, all tasks; some 0.3 s) starting workers costs more than it saves. */
const workerThreshold = 5_000_000;

/** The compiled worker; absent when the sources run untranspiled (ts-jest), and then all work stays here. */
const workerScript = join(__dirname, "bootstrapWorker.js");

/** Node only: under Deno (the notebook kernel) worker_threads is a compatibility layer no test runs this on. */
const canUseWorkers = typeof (process.versions as Record<string, string | undefined>).deno !== "string" && existsSync(workerScript);

/** Summaries of `tasks`, in their order: on up to `threads` workers when the work is large, else here. */
export async function summarizeTasks(tasks: SummaryTask[], threads = os.availableParallelism?.() ?? os.cpus().length): Promise<MetricSummary[]> {
  const cost = tasks.map((task) => task.statistics.counts.length * task.options.resamples);
  const total = cost.reduce((sum, c) => sum + c, 0);
  const workers = Math.min(threads, tasks.length);
  if (workers < 2 || total < workerThreshold || !canUseWorkers)
    return tasks.map((task) => summarizeMetric(task.plan, task.statistics, task.options));
  // Longest first to the least loaded worker (LPT): the batches end at about the same time.
  const batches: number[][] = Array.from({ length: workers }, () => []);
  const load = new Array<number>(workers).fill(0);
  for (const index of tasks.map((_, i) => i).sort((a, b) => cost[b] - cost[a])) {
    const lightest = load.indexOf(Math.min(...load));
    batches[lightest].push(index);
    load[lightest] += cost[index];
  }
  const summaries = new Array<MetricSummary>(tasks.length);
  await Promise.all(
    batches.map(async (batch) => {
      const batchTasks = batch.map((index) => tasks[index]);
      // A host whose workers cannot load the script (or fail) gets the same figures computed here.
      const results = await runWorker(batchTasks).catch(() => batchTasks.map((task) => summarizeMetric(task.plan, task.statistics, task.options)));
      batch.forEach((index, i) => (summaries[index] = results[i]));
    }),
  );
  return summaries;
}

function runWorker(tasks: SummaryTask[]): Promise<MetricSummary[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerScript);
    let settled = false;
    const settle = (action: () => void) => {
      if (settled) return;
      settled = true;
      action();
      void worker.terminate();
    };
    worker.once("message", (summaries: MetricSummary[]) => settle(() => resolve(summaries)));
    worker.once("error", (error) => settle(() => reject(error)));
    worker.once("exit", (code) => settle(() => reject(new Error(`a bootstrap worker stopped (exit code ${code}) before it answered`))));
    worker.postMessage(tasks);
  });
}
