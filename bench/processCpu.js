// CPU time of processes (user + system, all threads) from /proc, summed over a process and its
// descendants: how much of a wall-clock interval the kernel, the Jupyter server and the browser worked.
"use strict";

const { readFileSync } = require("node:fs");
const { spawnSync } = require("node:child_process");

const ticksPerSecond = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;

function descendants(pid) {
  const all = [pid];
  for (let index = 0; index < all.length; index++) {
    const children = spawnSync("ps", ["-o", "pid=", "--ppid", String(all[index])], { encoding: "utf8" }).stdout;
    for (const line of children.split("\n")) if (Number(line.trim()) > 0) all.push(Number(line.trim()));
  }
  return all;
}

/** utime + stime of one process in ms, or null when it is gone. */
function processMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after "(command)": state is the first, utime the 12th, stime the 13th.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) / ticksPerSecond) * 1000;
  } catch {
    return null;
  }
}

/** A snapshot: for each named group (a root pid and, if asked, its descendants), each process's CPU ms so far. */
function cpuSnapshot(groups) {
  const snapshot = {};
  for (const [name, { pid, withDescendants }] of Object.entries(groups)) {
    snapshot[name] = new Map();
    for (const member of withDescendants ? descendants(pid) : [pid]) {
      const ms = processMs(member);
      if (ms !== null) snapshot[name].set(member, ms);
    }
  }
  return snapshot;
}

/** CPU ms each group used between two snapshots (a process born in between counts from zero). */
function cpuBetween(before, after) {
  return Object.fromEntries(
    Object.entries(after).map(([name, processes]) => {
      let total = 0;
      for (const [pid, ms] of processes) total += ms - (before[name]?.get(pid) ?? 0);
      return [name, Math.round(total)];
    }),
  );
}

module.exports = { cpuSnapshot, cpuBetween, ticksPerSecond };
