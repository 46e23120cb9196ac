// When the Slicer computes: one update per frame however fast a slider moves, and the deferred
// bootstrap intervals in short steps between paints until a newer update takes over. The clock is
// injectable, so a test steps frames and macrotasks by hand.
import { frameScheduler } from "../../charts/frameScheduler";

export interface SlicerClock {
  /** Milliseconds, for the timings the slicer reports. */
  now(): number;
  /** Before the next paint. */
  nextFrame(work: () => void): void;
  /** After the browser has painted and handled input: a macrotask. */
  later(work: () => void): void;
}

export const browserClock: SlicerClock = {
  now: () => (typeof performance !== "undefined" ? performance.now() : Date.now()),
  nextFrame(work) {
    if (typeof requestAnimationFrame === "function") requestAnimationFrame(() => work());
    else setTimeout(work, 0);
  },
  later(work) {
    setTimeout(work, 0);
  },
};

/** How long one step of the deferred bootstraps may hold the page, in ms. */
export const bootstrapStepMs = 30;

export interface SlicerScheduler {
  readonly clock: SlicerClock;
  /** The update at the next frame (once, however often asked). */
  schedule(): void;
  /** The update now; a failure goes to `failed` rather than up. */
  updateNow(): void;
  /**
   * Runs `step` (given its time budget) after each paint until it says it is complete, or until
   * `isCurrent()` turns false (a newer update started its own steps) or the scheduler stops.
   */
  continueSteps(step: (budgetMs: number) => boolean, isCurrent: () => boolean): void;
  stop(): void;
}

export function slicerScheduler(update: () => void, failed: (error: unknown) => void, clock: SlicerClock = browserClock): SlicerScheduler {
  let stopped = false;
  const updateNow = () => {
    try {
      update();
    } catch (error) {
      failed(error);
    }
  };
  const frames = frameScheduler(updateNow, (work) => clock.nextFrame(work));
  const continueSteps = (step: (budgetMs: number) => boolean, isCurrent: () => boolean) => {
    clock.later(() => {
      if (stopped || !isCurrent()) return;
      if (!step(bootstrapStepMs)) continueSteps(step, isCurrent);
    });
  };
  return {
    clock,
    schedule: () => frames.schedule(),
    updateNow,
    continueSteps,
    stop() {
      stopped = true;
      frames.stop();
    },
  };
}
