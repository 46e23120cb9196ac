// Main-thread CPU of marked work, from a Chrome trace: for each performance.mark(start) … mark(end)
// pair, the wall time between the marks, the wall and thread-CPU time of the task they ran in, and the
// style and layout CPU between the marks.
// On a shared machine the CPU time is the steadier figure: it leaves out time the thread waited for a core.
"use strict";

function markedTasks(trace, { startMark, endMark }) {
  const events = trace.traceEvents ?? trace;
  const starts = events.filter((event) => event.name === startMark).sort((a, b) => a.ts - b.ts);
  const ends = events.filter((event) => event.name === endMark).sort((a, b) => a.ts - b.ts);
  if (starts.length === 0) return [];
  const { pid, tid } = starts[0];
  const thread = events.filter((event) => event.pid === pid && event.tid === tid && event.ph === "X");
  const tasks = thread.filter((event) => event.name === "RunTask" || event.name === "ThreadControllerImpl::RunTask");
  const cpuOf = (name, from, to) =>
    thread.filter((event) => event.name === name && event.ts >= from && event.ts + event.dur <= to).reduce((sum, event) => sum + (event.tdur ?? event.dur), 0) /
    1000;
  return starts.map((start) => {
    const end = ends.find((candidate) => candidate.ts >= start.ts);
    // The outermost task around the start mark.
    const task = tasks.filter((candidate) => candidate.ts <= start.ts && candidate.ts + candidate.dur >= start.ts).sort((a, b) => b.dur - a.dur)[0];
    const to = end ? end.ts : start.ts;
    return {
      between_marks_ms: end ? (end.ts - start.ts) / 1000 : null,
      task_wall_ms: task ? task.dur / 1000 : null,
      task_cpu_ms: task ? (task.tdur ?? task.dur) / 1000 : null,
      // Between the marks: style recalc and layout (forced by reads of clientHeight, clientWidth, getBoundingClientRect).
      style_cpu_ms: cpuOf("UpdateLayoutTree", start.ts, to),
      layout_cpu_ms: cpuOf("Layout", start.ts, to),
    };
  });
}

module.exports = { markedTasks };
