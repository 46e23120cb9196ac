// The iopub flush against a stand-in for Deno 2.9's kernel: broadcasts go into a queue that a
// publisher drains one message at a time onto a PUB socket (ZMTP over TCP), slowly for a large
// message — the order in which a cell's display could arrive after the kernel reported it done.
// And the ZMTP reader on hand-made bytes.
import { AddressInfo, Server, Socket, createServer } from "node:net";
import { flushIopub, kernelIopubAddress } from "../../../src/notebook/iopubFlush";
import { ZmtpReader, jupyterParts, subscriberOpening, zmtpFrame } from "../../../src/notebook/zmtpSubscriber";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const encoder = new TextEncoder();
const text = (frame: Uint8Array | null) => (frame ? new TextDecoder().decode(frame) : null);

interface Queued {
  type: string;
  content: Record<string, unknown>;
  /** How long publishing it takes. */
  publishMs: number;
}

/** A kernel whose iopub publishes queued broadcasts in order, each after its own delay. */
class QueuedKernel {
  readonly queue: Queued[] = [];
  readonly published: string[] = [];
  readonly subscribers = new Set<Socket>();
  private draining = false;
  private readonly server: Server;

  constructor() {
    this.server = createServer((socket) => {
      // The kernel greets, reads the peer's greeting, READY and subscription, then publishes to it.
      const greeting = new Uint8Array(64);
      greeting[0] = 0xff;
      greeting[9] = 0x7f;
      greeting[10] = 3;
      socket.write(greeting);
      socket.write(zmtpFrame(encoder.encode("\u0005READY"), { command: true }));
      let received = 0;
      const opening = subscriberOpening().length;
      socket.on("data", (chunk) => {
        received += chunk.length;
        if (received >= opening) this.subscribers.add(socket);
      });
      socket.on("close", () => this.subscribers.delete(socket));
      socket.on("error", () => this.subscribers.delete(socket));
    });
  }

  listen(): Promise<number> {
    return new Promise((resolve) => this.server.listen(0, "127.0.0.1", () => resolve((this.server.address() as AddressInfo).port)));
  }

  close(): Promise<void> {
    for (const socket of this.subscribers) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** Deno.jupyter.broadcast: queues and returns at once. A comm_open stands for a large message. */
  broadcast = async (type: string, content: Record<string, unknown>): Promise<void> => {
    this.queue.push({ type, content, publishMs: type === "comm_open" ? 300 : 2 });
    void this.drain();
  };

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    while (this.queue.length > 0) {
      const next = this.queue[0];
      await new Promise((resolve) => setTimeout(resolve, next.publishMs));
      this.queue.shift();
      this.published.push(next.type === "comm_msg" ? "marker" : next.type);
      const frames = ["<IDS|MSG>", "", JSON.stringify({ msg_type: next.type }), "{}", "{}", JSON.stringify(next.content)].map((frame) => encoder.encode(frame));
      const bytes = frames.map((frame, index) => zmtpFrame(frame, { more: index < frames.length - 1 }));
      for (const socket of this.subscribers) for (const part of bytes) socket.write(part);
    }
    this.draining = false;
  }
}

let kernel: QueuedKernel;
let port: number;

beforeEach(async () => {
  kernel = new QueuedKernel();
  port = await kernel.listen();
});

afterEach(() => kernel.close());

test("the flush resolves once a large message and the display queued behind it are published, with no marker of its own left queued", async () => {
  await kernel.broadcast("comm_open", { comm_id: "model" });
  await kernel.broadcast("display_data", { data: {} });
  expect(kernel.published).toEqual([]);
  const flushed = await flushIopub(kernel, { transport: "tcp", ip: "127.0.0.1", port });
  expect(flushed).toBe(true);
  expect(kernel.published.slice(0, 2)).toEqual(["comm_open", "display_data"]);
  expect(kernel.published.slice(2).every((type) => type === "marker")).toBe(true);
  expect(kernel.queue).toEqual([]);
});

test("the flush resolves false when nothing listens at the address", async () => {
  await kernel.close();
  expect(await flushIopub(kernel, { transport: "tcp", ip: "127.0.0.1", port })).toBe(false);
  kernel = new QueuedKernel();
});

test("the iopub address comes from the connection file after --conn, in either spelling", () => {
  const file = join(mkdtempSync(join(tmpdir(), "slicewise-conn-")), "kernel.json");
  writeFileSync(file, JSON.stringify({ transport: "tcp", ip: "127.0.0.1", iopub_port: 50123, shell_port: 50124 }));
  expect(kernelIopubAddress(["deno", "jupyter", "--kernel", "--conn", file, ""])).toEqual({ transport: "tcp", ip: "127.0.0.1", port: 50123 });
  expect(kernelIopubAddress(["deno", "jupyter", "--kernel", `--conn=${file}`])).toEqual({ transport: "tcp", ip: "127.0.0.1", port: 50123 });
  expect(kernelIopubAddress(["node", "jest"])).toBeNull();
  expect(kernelIopubAddress(["deno", "--conn", join(file, "missing")])).toBeNull();
});

test("the reader skips the greeting and commands, joins frames split across chunks, and keeps large frames out", () => {
  const greeting = new Uint8Array(64).fill(7);
  const ready = [0x04, 6, 5, ...encoder.encode("READY")];
  const big = new Uint8Array(300).fill(1);
  // A long frame: flags 0x03 (more, long), an 8-byte size, then the body.
  const long = [0x03, 0, 0, 0, 0, 0, 0, 1, 44, ...big];
  const bytes = Uint8Array.from([...greeting, ...ready, 0x01, 3, ...encoder.encode("abc"), ...long, 0x00, 2, ...encoder.encode("de")]);
  const reader = new ZmtpReader(256);
  const messages = [...reader.push(bytes.subarray(0, 70)), ...reader.push(bytes.subarray(70, 80)), ...reader.push(bytes.subarray(80))];
  expect(messages.map((message) => message.map(text))).toEqual([["abc", null, "de"]]);
});

test("a Jupyter message's type and content are read from its frames after the delimiter", () => {
  const frames = ["<IDS|MSG>", "signature", '{"msg_type":"comm_msg"}', "{}", "{}", '{"comm_id":"x","data":{}}'].map((frame) => encoder.encode(frame));
  expect(jupyterParts(frames)).toEqual({ msgType: "comm_msg", content: { comm_id: "x", data: {} } });
  expect(jupyterParts([encoder.encode("no delimiter")])).toEqual({ msgType: null, content: null });
});
