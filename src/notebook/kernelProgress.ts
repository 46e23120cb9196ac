// Progress of long work shown in the notebook, updated in place (one display, rewritten), and
// turned into a one-line summary when the work is done.
import { describeProgress } from "../client/progressLine";
import type { Progress } from "../platform";
import { JupyterBroadcast, randomId, settle } from "./denoKernel";
import { escapeHtml } from "../export/escapeHtml";

export interface KernelProgress {
  listener(progress: Progress): void;
  /** Shows `text` now (e.g. "Evaluating…"), whatever the throttle. */
  say(text: string): void;
  /** Replaces the progress with a summary, if anything was shown; resolves once it is sent. */
  done(summary: string): Promise<void>;
}

function bundle(text: string, share?: number): Record<string, unknown> {
  const bar = share === undefined ? "" : `<progress value="${share.toFixed(3)}" max="1" style="width:220px;vertical-align:middle;margin-right:8px"></progress>`;
  return { "text/plain": text, "text/html": `<div style="font:12px system-ui,sans-serif;color:#555">${bar}${escapeHtml(text)}</div>` };
}

export function kernelProgress(kernel: JupyterBroadcast, label: string): KernelProgress {
  const displayId = randomId();
  let shown = false;
  let last = 0;
  const show = (data: Record<string, unknown>) => {
    void kernel.broadcast(shown ? "update_display_data" : "display_data", { data, metadata: {}, transient: { display_id: displayId } });
    shown = true;
  };
  return {
    listener(progress) {
      const now = Date.now();
      // Every message counts toward the server's 1,000 messages/s limit: a few per second is plenty.
      if (now - last < 250) return;
      last = now;
      const share = progress.total ? progress.done / progress.total : undefined;
      show(bundle(`${label}: ${describeProgress(progress)}`, share));
    },
    say(text) {
      show(bundle(text));
    },
    async done(summary) {
      if (!shown) return;
      show(bundle(summary));
      await settle(kernel);
    },
  };
}
