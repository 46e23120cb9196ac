// The part of Deno's Jupyter kernel API slicewise uses: messages to the front end (comm_open,
// comm_msg, display_data, update_display_data). The kernel is one-way: nothing comes back.

import { flushIopub, kernelIopubAddress, ownCommandLine } from "./iopubFlush";

export interface JupyterBroadcast {
  broadcast(messageType: string, content: Record<string, unknown>, extra?: { metadata?: Record<string, unknown>; buffers?: Uint8Array[] }): Promise<void>;
}

/** Deno.jupyter when running in Deno's Jupyter kernel, else null (plain Node or Deno scripts). */
export function jupyterKernel(): JupyterBroadcast | null {
  const deno = (globalThis as { Deno?: { jupyter?: JupyterBroadcast } }).Deno;
  if (!deno) return null;
  try {
    // Outside `deno jupyter`, reading Deno.jupyter throws rather than giving undefined.
    const jupyter = deno.jupyter;
    return jupyter && typeof jupyter.broadcast === "function" ? jupyter : null;
  } catch {
    return null;
  }
}

export function randomId(): string {
  return globalThis.crypto.randomUUID().replaceAll("-", "");
}

/** Bytes the comm can send as they are: a view covering its whole buffer. */
export function exactBuffer(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
}

/**
 * Resolves once the messages broadcast so far have left the kernel, so that a cell's displays
 * arrive before the kernel reports the cell done (see iopubFlush.ts for why Deno 2.9 needs this).
 * Where the kernel's iopub socket cannot be found or reached (not Linux, another kernel), a short
 * pause instead.
 */
export async function settle(kernel: JupyterBroadcast): Promise<void> {
  if (iopubUsable) {
    const address = kernelIopubAddress(ownCommandLine());
    if (address && (await flushIopub(kernel, address))) return;
    iopubUsable = false;
  }
  await new Promise((resolve) => setTimeout(resolve, 50));
}

/** False once a flush has failed in this kernel: later cells do not wait for it again. */
let iopubUsable = true;
