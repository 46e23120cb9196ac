// The default progress report of long work (an upload, an evaluation on Spark): one line on a
// terminal, rewritten in place; with `always`, elsewhere too, as a line every few seconds.
import type { Progress, ProgressListener } from "../platform";

/** "12.5 MB", "1.2 GB". */
export function describeBytes(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : `${(bytes / 1e6).toFixed(1)} MB`;
}

/** "1,234,567 rows (45%)", "12.5 MB of 40.0 MB", "45%", "stage 3/5, tasks 120/200 (60%), 1.2 GB read". */
export function describeProgress({ done, total, unit, stages, bytesRead }: Progress): string {
  if (unit === "percent") return `${Math.round(done)}%`;
  if (unit === "tasks") {
    const share = total ? ` (${Math.round((100 * done) / total)}%)` : "";
    const parts = [`tasks ${done.toLocaleString("en-US")}/${(total ?? 0).toLocaleString("en-US")}${share}`];
    if (stages) parts.unshift(`stage ${stages.done}/${stages.total}`);
    if (bytesRead) parts.push(`${describeBytes(bytesRead)} read`);
    return parts.join(", ");
  }
  const amount = (value: number) => (unit === "bytes" ? describeBytes(value) : `${value.toLocaleString("en-US")} rows`);
  return total ? `${amount(done)} (${Math.round((100 * done) / total)}%)` : amount(done);
}

export interface ProgressLine {
  listener: ProgressListener;
  /** Whether anything will be shown: a caller need not gather progress for a line that shows none. */
  shows: boolean;
  done(): void;
}

/**
 * A listener that shows "<label>: 1,234,567 rows (45%)" on stderr when it is a terminal, else
 * nothing; with `always`, a stream that is not a terminal (a CI log) gets a line every 5 s instead.
 */
export function progressLine(label: string, stream: NodeJS.WriteStream = process.stderr, options: { always?: boolean } = {}): ProgressLine {
  const terminal = Boolean(stream?.isTTY);
  if (!terminal && !options.always) return { listener: () => undefined, shows: false, done: () => undefined };
  const interval = terminal ? 200 : 5000;
  let last = 0;
  let shown = false;
  return {
    shows: true,
    listener: (progress) => {
      const now = Date.now();
      if (now - last < interval) return;
      last = now;
      shown = true;
      stream.write(terminal ? `\r${label}: ${describeProgress(progress)}\u001b[K` : `${label}: ${describeProgress(progress)}\n`);
    },
    done: () => {
      if (shown && terminal) stream.write("\r\u001b[K");
    },
  };
}
