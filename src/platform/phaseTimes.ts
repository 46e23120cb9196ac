// Wall time of an evaluation's phases, for the benches (bench/detectionScale.js): with
// SLICEWISE_PHASES=1 in the environment each timed phase writes one line to stderr,
// `phase <name> <milliseconds>`; without it a phase runs untimed and nothing is kept.
import { performance } from "node:perf_hooks";

const enabled = typeof process !== "undefined" && process.env?.SLICEWISE_PHASES === "1";

/** Runs `work` and, when phases are reported, writes how long it took (until its promise settled). */
export async function timedPhase<T>(name: string, work: () => Promise<T> | T): Promise<T> {
  if (!enabled) return work();
  const started = performance.now();
  try {
    return await work();
  } finally {
    process.stderr.write(`phase ${name} ${(performance.now() - started).toFixed(0)}\n`);
  }
}
