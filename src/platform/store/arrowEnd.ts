// Whether Arrow IPC bytes end where their writer ended them. A stream cut at a record-batch
// boundary reads as a valid, shorter stream — its missing end-of-stream marker (continuation
// 0xFFFFFFFF then a zero length, Arrow ≥ 0.15) is the only sign that rows are missing; a file
// ends with the magic "ARROW1" it starts with. The legacy 4-zero-byte marker is not accepted:
// a stream cut after a batch's zero padding would pass for one.
import type { FileHandle } from "node:fs/promises";

const fileMagic = Buffer.from("ARROW1");
const streamEnd = Buffer.from([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);

/** "file" or "stream" when the bytes end with their format's end marker, else "truncated". */
export function arrowEnding(head: Uint8Array, tail: Uint8Array): "file" | "stream" | "truncated" {
  const starts = Buffer.from(head.subarray(0, fileMagic.length));
  if (starts.equals(fileMagic)) return Buffer.from(tail.subarray(tail.length - fileMagic.length)).equals(fileMagic) ? "file" : "truncated";
  return tail.length >= streamEnd.length && Buffer.from(tail.subarray(tail.length - streamEnd.length)).equals(streamEnd) ? "stream" : "truncated";
}

/** Reads the first and last 8 bytes of an open file and tells how it ends. */
export async function arrowFileEnding(handle: FileHandle, size: number): Promise<"file" | "stream" | "truncated"> {
  const head = Buffer.alloc(Math.min(8, size));
  const tail = Buffer.alloc(Math.min(8, size));
  await handle.read(head, 0, head.length, 0);
  await handle.read(tail, 0, tail.length, Math.max(0, size - tail.length));
  return arrowEnding(head, tail);
}
