// A V8 CPU profile of the page around one piece of work (CDP Profiler), summarised as the functions
// with the most self time — with the unminified runtime bundle, these are the library's own names.
"use strict";

/** Runs `work()` under the sampling profiler (100 µs) and returns the profile. */
async function profiled(page, work) {
  const session = await page.createCDPSession();
  try {
    await session.send("Profiler.enable");
    await session.send("Profiler.setSamplingInterval", { interval: 100 });
    await session.send("Profiler.start");
    const result = await work();
    const { profile } = await session.send("Profiler.stop");
    return { result, profile };
  } finally {
    await session.detach().catch(() => undefined);
  }
}

/** A call frame's name: V8's pseudo-nodes ("(idle)", "(program)", "(garbage collector)") as they are, native calls in parentheses. */
function frameName(frame, file) {
  if (file) return `${frame.functionName || "(anonymous)"} (${file}:${frame.lineNumber + 1})`;
  return frame.functionName.startsWith("(") ? frame.functionName : `(${frame.functionName || "native"})`;
}

function ranked(times, total, count, label) {
  return [...times.entries()]
    .filter(([name]) => name !== "(idle)")
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, time]) => ({ [label]: name, self_ms: Math.round(time / 100) / 10, share: Math.round((time / total) * 1000) / 1000 }));
}

/**
 * The `count` functions with the most self time and the scripts they sit in, each with its share of the busy
 * sampled time (idle left out; "(program)" is the renderer's native work: style, layout, paint, parsing, messaging).
 */
function topFunctions(profile, count = 10) {
  const byFunction = new Map();
  const byScript = new Map();
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  for (let index = 0; index < profile.samples.length; index++) {
    const frame = nodes.get(profile.samples[index]).callFrame;
    const delta = profile.timeDeltas[index + 1] ?? 0;
    const file = frame.url ? frame.url.slice(frame.url.lastIndexOf("/") + 1).replace(/\?.*$/, "") : "";
    const name = frameName(frame, file);
    byFunction.set(name, (byFunction.get(name) ?? 0) + delta);
    const script = file || name;
    byScript.set(script, (byScript.get(script) ?? 0) + delta);
  }
  const idle = byFunction.get("(idle)") ?? 0;
  const busy = [...byFunction.values()].reduce((sum, value) => sum + value, 0) - idle;
  return {
    busy_ms: Math.round(busy / 100) / 10,
    idle_ms: Math.round(idle / 100) / 10,
    top_self_time: ranked(byFunction, busy, count, "function"),
    top_scripts: ranked(byScript, busy, 6, "script"),
  };
}

module.exports = { profiled, topFunctions };
