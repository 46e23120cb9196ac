// The default progress report of a long upload: one line on a terminal, rewritten in place.
import type { ProgressListener } from "../platform";

/** A listener that shows "<label>: 1,234,567 rows (45%)" on stderr when it is a terminal, else nothing. */
export function progressLine(label: string, unit: "rows" | "bytes", stream: NodeJS.WriteStream = process.stderr): { listener: ProgressListener; done(): void } {
  if (!stream?.isTTY) return { listener: () => undefined, done: () => undefined };
  let last = 0;
  let shown = false;
  const format = (value: number) => (unit === "bytes" ? `${(value / 1e6).toFixed(1)} MB` : `${value.toLocaleString("en-US")} rows`);
  return {
    listener: ({ rows, total }) => {
      const now = Date.now();
      if (now - last < 200) return;
      last = now;
      shown = true;
      const share = total ? ` (${Math.round((100 * rows) / total)}%)` : "";
      stream.write(`\r${label}: ${format(rows)}${share}\u001b[K`);
    },
    done: () => {
      if (shown) stream.write("\r\u001b[K");
    },
  };
}
