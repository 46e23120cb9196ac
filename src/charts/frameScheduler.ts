// One piece of work per frame, however often it is asked for: a slider dragged or a grid scrolled
// asks many times between two paints, and the work runs once, at the next frame.
export type RequestFrame = (callback: () => void) => void;

export interface FrameScheduler {
  /** Asks for the work at the next frame; asking again before then changes nothing. */
  schedule(): void;
  /** No work after this, not even one already asked for. */
  stop(): void;
}

export function frameScheduler(work: () => void, requestFrame: RequestFrame): FrameScheduler {
  let pending = false;
  let stopped = false;
  return {
    schedule() {
      if (pending || stopped) return;
      pending = true;
      requestFrame(() => {
        pending = false;
        if (!stopped) work();
      });
    },
    stop() {
      stopped = true;
    },
  };
}
