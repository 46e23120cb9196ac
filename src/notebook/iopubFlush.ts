// Waits until Deno's Jupyter kernel has published the messages a cell broadcast, by listening on
// the kernel's own iopub socket for a marker broadcast after them.
//
// Why: Deno 2.9's kernel (cli/js, the kernel rewritten in JS) queues every Deno.jupyter.broadcast
// message, and the cell's execute_result, for its main thread to publish one at a time, while the
// execute_reply and the idle status are sent directly the moment the cell's display function
// returns — nothing drains the queue first. Publishing costs time in proportion to the message
// (its buffers cross from the REPL thread as arrays of numbers, are copied into one frame, and
// written), so a message still queued behind a large one (a chart's comm_open of 8 MB took
// 150 ms on an idle machine) goes out after the idle. nbclient stops reading a cell's outputs at
// its idle and drops it; while such a backlog lasts, the next cells' outputs are queued behind it
// too. JupyterLab keeps routing late messages by their parent, so it shows them. The queue is
// first in, first out: once a marker broadcast after a cell's messages arrives on iopub, they
// have all been published.
import { readFileSync } from "node:fs";
import { Socket, connect } from "node:net";
import type { JupyterBroadcast } from "./denoKernel";
import { ZmtpReader, jupyterParts, subscriberOpening } from "./zmtpSubscriber";

export interface IopubAddress {
  transport: "tcp" | "ipc";
  ip: string;
  port: number;
}

export interface FlushOptions {
  /** Give up (resolving false) after this long. */
  timeoutMs?: number;
  /** The first pause between markers until the kernel has taken this subscriber in; it doubles, to 200 ms. */
  markerEveryMs?: number;
}

/** The iopub address in the connection file named by `--conn` on the kernel's command line, or null. */
export function kernelIopubAddress(commandLine: readonly string[]): IopubAddress | null {
  const at = commandLine.findIndex((argument) => argument === "--conn" || argument.startsWith("--conn="));
  if (at < 0) return null;
  const path = commandLine[at] === "--conn" ? commandLine[at + 1] : commandLine[at].slice("--conn=".length);
  if (!path) return null;
  try {
    const info = JSON.parse(readFileSync(path, "utf8")) as { transport?: string; ip?: string; iopub_port?: number };
    if (typeof info.ip !== "string" || typeof info.iopub_port !== "number") return null;
    return { transport: info.transport === "ipc" ? "ipc" : "tcp", ip: info.ip, port: info.iopub_port };
  } catch {
    return null;
  }
}

/** This process's command line where the system shows it (Linux), else empty. */
export function ownCommandLine(): string[] {
  try {
    return readFileSync("/proc/self/cmdline", "utf8").split("\0");
  } catch {
    return [];
  }
}

/**
 * Subscribes to the kernel's iopub socket, broadcasts markers (comm_msg to comms no front end
 * has, which JupyterLab, Notebook 7 and nbclient pass over) until the kernel has taken the
 * subscriber in, and resolves true when the last marker comes back: everything broadcast before
 * it has then been published, and nothing of ours is left in the queue to delay what the cell
 * sends next (its execute_result). Resolves false if the socket cannot be reached or `timeoutMs`
 * passes.
 */
export function flushIopub(kernel: JupyterBroadcast, address: IopubAddress, options: FlushOptions = {}): Promise<boolean> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const markerEveryMs = options.markerEveryMs ?? 25;
  const marker = `slicewise-flush-${globalThis.crypto.randomUUID()}-`;
  let sent = 0;
  const sendMarker = () => void kernel.broadcast("comm_msg", { comm_id: `${marker}${sent++}`, data: {} });
  return new Promise((resolve) => {
    const reader = new ZmtpReader();
    let repeat: ReturnType<typeof setTimeout> | undefined;
    let subscribed = false;
    const socket: Socket = address.transport === "ipc" ? connect({ path: `${address.ip}-${address.port}` }) : connect({ host: address.ip, port: address.port });
    const finish = (published: boolean) => {
      clearTimeout(repeat);
      clearTimeout(timer);
      socket.destroy();
      resolve(published);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.on("error", () => finish(false));
    socket.on("connect", () => {
      socket.write(subscriberOpening());
      // Markers published before the kernel took this subscriber in are not seen here: repeat
      // until something arrives (a large message ahead in the queue can take a second).
      const again = (pause: number) => {
        sendMarker();
        repeat = setTimeout(() => again(Math.min(pause * 2, 200)), pause);
      };
      again(markerEveryMs);
    });
    socket.on("data", (chunk: Uint8Array) => {
      for (const message of reader.push(chunk)) {
        const { msgType, content } = jupyterParts(message);
        const ours = msgType === "comm_msg" && typeof content?.comm_id === "string" && content.comm_id.startsWith(marker);
        if (ours && content.comm_id === `${marker}${sent - 1}`) return finish(true);
        if (subscribed) continue;
        // The subscriber is in: every marker sent from now on arrives, so stop repeating and wait
        // for the last one (sending one more if what came was not ours).
        subscribed = true;
        clearTimeout(repeat);
        if (!ours) sendMarker();
      }
    });
  });
}
