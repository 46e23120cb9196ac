// Frame figures from a Chrome trace (page.tracing): the renderer main thread's work per animation
// frame between two performance.mark()s, in wall time and in thread CPU time, what that work was
// (script, style, layout, paint …), the compositor's presented/dropped frames, and CPU per thread.
"use strict";

const { summary } = require("./statistics");

/** Main-thread phases, by trace event name; they hardly nest in one another, so their sums are comparable. */
const phases = {
  "script in animation frames": ["FireAnimationFrame"],
  "event handlers (scroll, image load, …)": ["EventDispatch"],
  microtasks: ["RunMicrotasks"],
  "style recalc": ["UpdateLayoutTree"],
  layout: ["Layout"],
  "pre-paint": ["PrePaint"],
  paint: ["Paint"],
  layerize: ["Layerize"],
  commit: ["Commit"],
  "garbage collection": ["MajorGC", "MinorGC"],
};

const ms = (microseconds) => Math.round(microseconds / 10) / 100;

function traceFrames(trace, { startMark, endMark }) {
  const events = trace.traceEvents ?? trace;
  const threadNames = new Map();
  for (const event of events) if (event.name === "thread_name") threadNames.set(`${event.pid}:${event.tid}`, event.args.name);
  const start = events.find((event) => event.name === startMark);
  const end = events.find((event) => event.name === endMark);
  if (!start || !end) return { problem: `the trace has no ${start ? endMark : startMark} mark` };
  const inWindow = (event) => event.ph === "X" && event.ts >= start.ts && event.ts + (event.dur ?? 0) <= end.ts;
  const main = events.filter((event) => event.pid === start.pid && event.tid === start.tid && inWindow(event)).sort((a, b) => a.ts - b.ts || b.dur - a.dur);

  // Top-level tasks: not contained in an earlier one.
  const tasks = [];
  for (const event of main) {
    const last = tasks[tasks.length - 1];
    if (last && event.ts < last.ts + last.dur) {
      if (event.name === "FireAnimationFrame") last.animationFrames++;
      continue;
    }
    tasks.push({ ts: event.ts, dur: event.dur ?? 0, tdur: event.tdur ?? event.dur ?? 0, animationFrames: event.name === "FireAnimationFrame" ? 1 : 0 });
  }
  const frameTasks = tasks.filter((task) => task.animationFrames > 0);
  // Everything the main thread did from one frame's start to the next: the frame task plus the tasks between.
  const intervals = [];
  for (let index = 0, next = 0; index + 1 < frameTasks.length; index++) {
    let wall = 0;
    let cpu = 0;
    while (next < tasks.length && tasks[next].ts < frameTasks[index].ts) next++;
    for (let task = next; task < tasks.length && tasks[task].ts < frameTasks[index + 1].ts; task++) {
      wall += tasks[task].dur;
      cpu += tasks[task].tdur;
    }
    intervals.push({ wall: wall / 1000, cpu: cpu / 1000, gap: (frameTasks[index + 1].ts - frameTasks[index].ts) / 1000 });
  }

  const frames = frameTasks.length;
  const phaseCpu = {};
  let phaseTotal = 0;
  for (const [phase, names] of Object.entries(phases)) {
    const cpu = main.filter((event) => names.includes(event.name)).reduce((sum, event) => sum + (event.tdur ?? event.dur ?? 0), 0);
    phaseCpu[phase] = ms(cpu / Math.max(1, frames));
    phaseTotal += cpu;
  }
  const mainCpu = tasks.reduce((sum, task) => sum + task.tdur, 0);
  phaseCpu.other = ms((mainCpu - phaseTotal) / Math.max(1, frames));

  const pipeline = {};
  for (const event of events)
    if (event.name === "PipelineReporter" && event.ph === "b" && event.ts >= start.ts && event.ts <= end.ts) {
      const state = event.args?.frame_reporter?.state ?? event.args?.chrome_frame_reporter?.state ?? "unknown";
      pipeline[state] = (pipeline[state] ?? 0) + 1;
    }

  const threadCpu = {};
  for (const event of events) {
    if (!inWindow(event) || (event.name !== "ThreadControllerImpl::RunTask" && event.name !== "ThreadPool_RunTask" && event.name !== "RunTask")) continue;
    const name = threadNames.get(`${event.pid}:${event.tid}`) ?? "unknown";
    const key = `${name}:${event.pid}:${event.tid}`;
    threadCpu[key] = threadCpu[key] ?? { thread: name, spans: [] };
    threadCpu[key].spans.push([event.ts, event.ts + event.dur, event.tdur ?? event.dur]);
  }
  const cpuByThread = {};
  for (const { thread, spans } of Object.values(threadCpu)) {
    // Count only outermost task spans (RunTask wraps ThreadControllerImpl::RunTask).
    spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
    let until = -Infinity;
    let cpu = 0;
    for (const [from, to, time] of spans) {
      if (from < until) continue;
      until = to;
      cpu += time;
    }
    cpuByThread[thread] = (cpuByThread[thread] ?? 0) + cpu;
  }
  const windowMs = (end.ts - start.ts) / 1000;
  const chromiumCpu = Object.values(cpuByThread).reduce((sum, cpu) => sum + cpu, 0);
  return {
    window_ms: Math.round(windowMs),
    animation_frames_on_main_thread: frames,
    frame_task_wall_ms: summary(frameTasks.map((task) => task.dur / 1000)),
    frame_task_cpu_ms: summary(frameTasks.map((task) => task.tdur / 1000)),
    main_thread_per_frame_wall_ms: summary(intervals.map((interval) => interval.wall)),
    main_thread_per_frame_cpu_ms: summary(intervals.map((interval) => interval.cpu)),
    main_thread_cpu_per_frame_by_phase_ms: phaseCpu,
    main_thread_busy_share: Math.round((tasks.reduce((sum, task) => sum + task.dur, 0) / 1000 / windowMs) * 100) / 100,
    compositor_frames: pipeline,
    chromium_cpu_per_frame_ms: ms(chromiumCpu / Math.max(1, frames)),
    chromium_cores_busy: Math.round((chromiumCpu / 1000 / windowMs) * 100) / 100,
    cpu_ms_by_thread: Object.fromEntries(
      Object.entries(cpuByThread)
        .sort((a, b) => b[1] - a[1])
        .map(([thread, cpu]) => [thread, ms(cpu)]),
    ),
  };
}

module.exports = { traceFrames };
