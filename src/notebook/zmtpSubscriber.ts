// The few bytes of ZMTP 3.0 (rfc.zeromq.org/spec/23) a subscriber to a kernel's iopub socket
// needs: the greeting and READY command it sends, its subscription, and an incremental reader of
// the frames that come back, which keeps small frames and only counts the bytes of large ones.

const encoder = new TextEncoder();
const decoder = new TextDecoder();

const moreFlag = 0x01;
const longFlag = 0x02;
const commandFlag = 0x04;
const greetingLength = 64;

/** A frame as short or long: flags, then a 1-byte or 8-byte big-endian size, then the body. */
export function zmtpFrame(body: Uint8Array, options: { more?: boolean; command?: boolean } = {}): Uint8Array {
  const long = body.length > 255;
  const head = long ? 9 : 2;
  const frame = new Uint8Array(head + body.length);
  frame[0] = (options.more ? moreFlag : 0) | (long ? longFlag : 0) | (options.command ? commandFlag : 0);
  if (long) new DataView(frame.buffer).setBigUint64(1, BigInt(body.length));
  else frame[1] = body.length;
  frame.set(body, head);
  return frame;
}

/**
 * What a SUB peer sends first, in one write: the greeting (NULL mechanism, as client), READY with
 * Socket-Type SUB, and a subscription to every topic (ZMTP 3.0: a message whose body is 0x01).
 */
export function subscriberOpening(): Uint8Array {
  const greeting = new Uint8Array(greetingLength);
  greeting[0] = 0xff;
  greeting[9] = 0x7f;
  greeting[10] = 3;
  greeting.set(encoder.encode("NULL"), 12);
  const name = encoder.encode("READY");
  const property = encoder.encode("Socket-Type");
  const value = encoder.encode("SUB");
  const ready = new Uint8Array(1 + name.length + 1 + property.length + 4 + value.length);
  ready[0] = name.length;
  ready.set(name, 1);
  ready[1 + name.length] = property.length;
  ready.set(property, 2 + name.length);
  new DataView(ready.buffer).setUint32(2 + name.length + property.length, value.length);
  ready.set(value, 6 + name.length + property.length);
  const parts = [greeting, zmtpFrame(ready, { command: true }), zmtpFrame(Uint8Array.of(1))];
  const opening = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    opening.set(part, offset);
    offset += part.length;
  }
  return opening;
}

/** A message's frames: the body of each frame up to the reader's size limit, null for larger ones. */
export type ZmtpMessage = (Uint8Array | null)[];

/**
 * Reads the peer's greeting and frames from chunks as they arrive, and hands over each complete
 * message (commands such as the peer's READY are passed over). Bodies above `keepBytes` are
 * skipped without being copied: a widget's Arrow buffers can be megabytes.
 */
export class ZmtpReader {
  private pending: Uint8Array = new Uint8Array(0);
  private greetingLeft = greetingLength;
  private frame: { flags: number; size: number; kept: Uint8Array | null; filled: number } | null = null;
  private message: ZmtpMessage = [];

  constructor(private readonly keepBytes = 64 * 1024) {}

  push(chunk: Uint8Array): ZmtpMessage[] {
    const messages: ZmtpMessage[] = [];
    let bytes = this.pending.length ? concat(this.pending, chunk) : chunk;
    this.pending = new Uint8Array(0);
    if (this.greetingLeft > 0) {
      const taken = Math.min(this.greetingLeft, bytes.length);
      this.greetingLeft -= taken;
      bytes = bytes.subarray(taken);
    }
    let offset = 0;
    for (;;) {
      if (!this.frame) {
        if (offset >= bytes.length) break;
        const flags = bytes[offset];
        const head = flags & longFlag ? 9 : 2;
        if (bytes.length - offset < head) break;
        const size = flags & longFlag ? Number(new DataView(bytes.buffer, bytes.byteOffset + offset + 1, 8).getBigUint64(0)) : bytes[offset + 1];
        offset += head;
        this.frame = { flags, size, kept: size <= this.keepBytes ? new Uint8Array(size) : null, filled: 0 };
      }
      const frame = this.frame;
      const taken = Math.min(frame.size - frame.filled, bytes.length - offset);
      frame.kept?.set(bytes.subarray(offset, offset + taken), frame.filled);
      frame.filled += taken;
      offset += taken;
      if (frame.filled < frame.size) break;
      this.frame = null;
      if (frame.flags & commandFlag) continue;
      this.message.push(frame.kept);
      if (frame.flags & moreFlag) continue;
      messages.push(this.message);
      this.message = [];
    }
    if (offset < bytes.length) this.pending = bytes.slice(offset);
    return messages;
  }
}

/** The header's msg_type and the content of a Jupyter message read off iopub, where they were kept. */
export function jupyterParts(message: ZmtpMessage): { msgType: string | null; content: Record<string, unknown> | null } {
  const delimiter = message.findIndex((frame) => frame !== null && decoder.decode(frame) === "<IDS|MSG>");
  const parse = (frame: Uint8Array | null | undefined) => {
    if (!frame) return null;
    try {
      return JSON.parse(decoder.decode(frame)) as Record<string, unknown>;
    } catch {
      return null;
    }
  };
  if (delimiter < 0) return { msgType: null, content: null };
  const header = parse(message[delimiter + 2]);
  return { msgType: typeof header?.msg_type === "string" ? header.msg_type : null, content: parse(message[delimiter + 5]) };
}

function concat(first: Uint8Array, second: Uint8Array): Uint8Array {
  const joined = new Uint8Array(first.length + second.length);
  joined.set(first);
  joined.set(second, first.length);
  return joined;
}
