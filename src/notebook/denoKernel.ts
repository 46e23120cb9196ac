// The part of Deno's Jupyter kernel API slicewise uses: messages to the front end (comm_open,
// comm_msg, display_data, update_display_data). The kernel is one-way: nothing comes back.

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
 * Lets broadcast messages leave before the cell finishes. Deno 2.9's Deno.jupyter.broadcast
 * queues a message and returns before it is sent; the kernel then answers the execute request
 * and goes idle within milliseconds, so a comm_open or display sent last can arrive after the
 * cell's result — under the wrong cell, or dropped by nbclient. A short pause keeps the order.
 */
export function settle(milliseconds = 50): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}
