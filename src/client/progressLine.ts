// The default progress report of a long upload: one line on a terminal, rewritten in place.
import type { Progress, ProgressListener } from "../platform";

/** "1,234,567 rows (45%)", "12.5 MB of 40.0 MB", "45%". */
export function describeProgress({ done, total, unit }: Progress): string {
  if (unit === "percent") return `${Math.round(done)}%`;
  const amount = (value: number) => (unit === "bytes" ? `${(value / 1e6).toFixed(1)} MB` : `${value.toLocaleString("en-US")} rows`);
  return total ? `${amount(done)} (${Math.round((100 * done) / total)}%)` : amount(done);
}

/** A listener that shows "<label>: 1,234,567 rows (45%)" on stderr when it is a terminal, else nothing. */
export function progressLine(label: string, stream: NodeJS.WriteStream = process.stderr): { listener: ProgressListener; done(): void } {
  if (!stream?.isTTY) return { listener: () => undefined, done: () => undefined };
  let last = 0;
  let shown = false;
  return {
    listener: (progress) => {
      const now = Date.now();
      if (now - last < 200) return;
      last = now;
      shown = true;
      stream.write(`\r${label}: ${describeProgress(progress)}\u001b[K`);
    },
    done: () => {
      if (shown) stream.write("\r\u001b[K");
    },
  };
}
