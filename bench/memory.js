// Memory figures of the benchmark process: the kernel's peak resident set (which includes
// DuckDB's native memory) and the JS heap, sampled while the event loop is free and read at
// the end of every phase.
"use strict";

const megabytes = (bytes) => bytes / 2 ** 20;

function startMemoryWatch({ intervalMs = 20 } = {}) {
  let peakRss = 0;
  let peakHeapUsed = 0;
  let peakArrayBuffers = 0;
  const phases = [];
  const sample = () => {
    const usage = process.memoryUsage();
    peakRss = Math.max(peakRss, usage.rss);
    peakHeapUsed = Math.max(peakHeapUsed, usage.heapUsed);
    peakArrayBuffers = Math.max(peakArrayBuffers, usage.arrayBuffers);
    return usage;
  };
  const timer = setInterval(sample, intervalMs);
  timer.unref();
  return {
    /** Records the memory at the end of a phase; maxRSS is the process's peak so far. */
    mark(phase) {
      const usage = sample();
      phases.push({
        phase,
        rss_mb: megabytes(usage.rss),
        heap_used_mb: megabytes(usage.heapUsed),
        array_buffers_mb: megabytes(usage.arrayBuffers),
        max_rss_mb: process.resourceUsage().maxRSS / 1024,
      });
    },
    stop() {
      clearInterval(timer);
      sample();
      return {
        peak_rss_mb: process.resourceUsage().maxRSS / 1024,
        sampled_peak_rss_mb: megabytes(peakRss),
        sampled_peak_heap_used_mb: megabytes(peakHeapUsed),
        sampled_peak_array_buffers_mb: megabytes(peakArrayBuffers),
        phases,
      };
    },
  };
}

module.exports = { startMemoryWatch };
