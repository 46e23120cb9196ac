// A worker thread of the bootstrap pool (bootstrapPool.ts): summarizes the metrics it is sent
// with the same src/metrics code as the main thread, so the figures are the same to the bit.
import { parentPort } from "node:worker_threads";
import { SummaryTask, runSummaryTask } from "./summaryTasks";

parentPort!.on("message", (tasks: SummaryTask[]) => {
  parentPort!.postMessage(tasks.map((task) => runSummaryTask(task)));
});
