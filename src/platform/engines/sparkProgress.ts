// An evaluation's progress on Spark, from its statements' reports: the stages of every statement
// run so far (Spark numbers stages across its jobs, so an id names one stage), with their tasks
// summed, as one Progress in tasks — what a progress line or a notebook's bar shows.
import { Progress, ProgressListener } from "../store/loadSource";
import { SparkStage, StatementProgress } from "./sparkConnect/sparkConnection";

/** A listener for each statement's reports that tells `listener` the whole evaluation's progress. */
export function sparkProgress(listener: ProgressListener): (report: StatementProgress) => void {
  const stages = new Map<number, SparkStage>();
  return (report) => {
    for (const reported of report.stages) {
      // Tasks only ever finish: a stage attempted again (a lost executor) reports fewer done than before.
      const completedTasks = Math.max(reported.completedTasks, stages.get(reported.id)?.completedTasks ?? 0);
      const stage = { ...reported, completedTasks };
      if (!report.complete || stage.done) stages.set(stage.id, stage);
      // A complete statement's stage that is not done was skipped (its shuffle output reused) and will
      // not run; or it was cut short (a limit met) after some tasks: those are all it ran.
      else if (completedTasks === 0) stages.delete(stage.id);
      else stages.set(stage.id, { ...stage, tasks: completedTasks, done: true });
    }
    if (stages.size > 0) listener(progressOfStages(stages.values()));
  };
}

export function progressOfStages(stages: Iterable<SparkStage>): Progress {
  let total = 0;
  let done = 0;
  let tasks = 0;
  let completedTasks = 0;
  let bytesRead = 0;
  for (const stage of stages) {
    total++;
    if (stage.done) done++;
    tasks += stage.tasks;
    // A task run again (a lost executor, speculation) may be counted twice: never more than the stage has.
    completedTasks += Math.min(stage.completedTasks, stage.tasks);
    bytesRead += stage.bytesRead;
  }
  return { done: completedTasks, total: tasks, unit: "tasks", stages: { done, total }, bytesRead };
}
