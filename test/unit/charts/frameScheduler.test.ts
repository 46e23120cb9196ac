// One piece of work per frame, with frames run by hand.
import { frameScheduler } from "../../../src/charts/frameScheduler";

test("asks for one frame however often scheduled, and does nothing once stopped", () => {
  const frames: (() => void)[] = [];
  let runs = 0;
  const scheduler = frameScheduler(
    () => runs++,
    (callback) => frames.push(callback),
  );
  scheduler.schedule();
  scheduler.schedule();
  expect(frames.length).toBe(1);
  frames.shift()!();
  expect(runs).toBe(1);
  scheduler.schedule();
  scheduler.stop();
  frames.shift()!();
  scheduler.schedule();
  expect([runs, frames.length]).toEqual([1, 0]);
});
