// The Slicer's scheduler with a clock stepped by hand: one update per frame however often it is
// asked for, failures reported, and bootstrap steps that stop when a newer update takes over.
import { bootstrapStepMs, SlicerClock, slicerScheduler } from "../../../../src/widgets/slicer/slicerScheduler";

/** A clock whose frames and macrotasks run only when the test says so. */
function manualClock() {
  const frames: (() => void)[] = [];
  const tasks: (() => void)[] = [];
  const clock: SlicerClock = { now: () => 0, nextFrame: (work) => frames.push(work), later: (work) => tasks.push(work) };
  const run = (queue: (() => void)[]) => {
    const due = queue.splice(0);
    due.forEach((work) => work());
    return due.length;
  };
  return { clock, frame: () => run(frames), task: () => run(tasks) };
}

test("asking three times before a frame updates once", () => {
  const { clock, frame } = manualClock();
  let updates = 0;
  const scheduler = slicerScheduler(
    () => updates++,
    () => {},
    clock,
  );
  scheduler.schedule();
  scheduler.schedule();
  scheduler.schedule();
  expect(updates).toBe(0);
  expect(frame()).toBe(1);
  expect(updates).toBe(1);
  scheduler.schedule();
  frame();
  expect(updates).toBe(2);
});

test("a failed update is reported, not thrown", () => {
  const { clock, frame } = manualClock();
  const failures: unknown[] = [];
  const scheduler = slicerScheduler(
    () => {
      throw new Error("too many slices");
    },
    (error) => failures.push(error),
    clock,
  );
  scheduler.updateNow();
  scheduler.schedule();
  frame();
  expect(failures.map((error) => (error as Error).message)).toEqual(["too many slices", "too many slices"]);
});

test("nothing runs after stop, not even a frame already asked for", () => {
  const { clock, frame, task } = manualClock();
  let updates = 0;
  let steps = 0;
  const scheduler = slicerScheduler(
    () => updates++,
    () => {},
    clock,
  );
  scheduler.schedule();
  scheduler.continueSteps(
    () => (steps++, false),
    () => true,
  );
  scheduler.stop();
  frame();
  task();
  expect([updates, steps]).toEqual([0, 0]);
});

test("steps run one per macrotask, with their budget, until complete", () => {
  const { clock, task } = manualClock();
  const budgets: number[] = [];
  const scheduler = slicerScheduler(
    () => {},
    () => {},
    clock,
  );
  scheduler.continueSteps(
    (budget) => budgets.push(budget) === 3,
    () => true,
  );
  while (task() > 0);
  expect(budgets).toEqual([bootstrapStepMs, bootstrapStepMs, bootstrapStepMs]);
});

test("steps stop once a newer update is current", () => {
  const { clock, task } = manualClock();
  let current = 1;
  const steps: number[] = [];
  const scheduler = slicerScheduler(
    () => {},
    () => {},
    clock,
  );
  scheduler.continueSteps(
    () => (steps.push(1), false),
    () => current === 1,
  );
  task();
  current = 2;
  scheduler.continueSteps(
    () => (steps.push(2), steps.length >= 4),
    () => current === 2,
  );
  while (task() > 0);
  expect(steps).toEqual([1, 2, 2, 2]);
});
