// Spark's progress reports: an ExecutePlanResponse carrying ExecutionProgress, built here byte by
// byte from the protocol's field numbers (spark/connect/base.proto), decoded by the client; and the
// reports of an evaluation's statements summed into one Progress in tasks.
import { decodeExecutePlanResponse, stagesOf } from "../../../../src/platform/engines/sparkConnect/sparkConnection";
import { sparkProgress } from "../../../../src/platform/engines/sparkProgress";
import { Progress } from "../../../../src/platform";
import { describeProgress } from "../../../../src/client/progressLine";

/** Protobuf's base-128 varint. */
function varint(value: number): number[] {
  const bytes: number[] = [];
  let rest = BigInt(value);
  do {
    const low = Number(rest & 0x7fn);
    rest >>= 7n;
    bytes.push(rest > 0n ? low | 0x80 : low);
  } while (rest > 0n);
  return bytes;
}
/** A field of wire type 0 (varint) or 2 (length-delimited), keyed (number << 3) | type. */
const number = (field: number, value: number) => [...varint(field << 3), ...varint(value)];
const bytes = (field: number, content: number[]) => [...varint((field << 3) | 2), ...varint(content.length), ...content];
const text = (field: number, value: string) => bytes(field, [...Buffer.from(value)]);

// ExecutePlanResponse: session_id 1, operation_id 12, response_id 13, execution_progress 18.
// ExecutionProgress: stages 1 (repeated StageInfo), num_inflight_tasks 2.
// StageInfo: stage_id 1, num_tasks 2, num_completed_tasks 3, input_bytes_read 4, done 5.
const stage = (id: number, tasks: number, completed: number, read: number, done: boolean) => [
  ...number(1, id),
  ...number(2, tasks),
  ...number(3, completed),
  ...(read ? number(4, read) : []),
  ...(done ? number(5, 1) : []),
];

test("an ExecutePlanResponse with execution progress decodes to its stages: ids, tasks, those completed, bytes read, done", () => {
  const progress = [...bytes(1, stage(12, 4, 4, 3_000_000_000, true)), ...bytes(1, stage(13, 200, 120, 0, false)), ...number(2, 2)];
  const raw = Uint8Array.from([...text(1, "session"), ...text(12, "operation"), ...text(13, "response-3"), ...bytes(18, progress)]);
  const response = decodeExecutePlanResponse(raw);
  expect(response.response_id).toBe("response-3");
  expect(response.arrow_batch).toBeUndefined();
  expect(stagesOf(response.execution_progress!.stages)).toEqual([
    { id: 12, tasks: 4, completedTasks: 4, bytesRead: 3_000_000_000, done: true },
    { id: 13, tasks: 200, completedTasks: 120, bytesRead: 0, done: false },
  ]);
});

test("progress with no stages yet (Spark's first report) decodes to an empty list", () => {
  const response = decodeExecutePlanResponse(Uint8Array.from([...text(12, "operation"), ...bytes(18, [])]));
  expect(response.execution_progress!.stages).toEqual([]);
});

test("an evaluation's statements add their stages; a complete statement's stages that never ran are dropped", () => {
  const heard: Progress[] = [];
  const report = sparkProgress((progress) => heard.push(progress));
  const stage = (id: number, tasks: number, completedTasks: number, done: boolean, bytesRead = 0) => ({ id, tasks, completedTasks, bytesRead, done });
  report({ stages: [], complete: false });
  expect(heard).toEqual([]);
  report({ stages: [stage(1, 4, 1, false, 1_000_000)], complete: false });
  report({ stages: [stage(1, 4, 4, true, 4_000_000), stage(2, 2, 0, false)], complete: false });
  // The statement ends: stage 3 was skipped (its shuffle reused), stage 2 ran.
  report({ stages: [stage(1, 4, 4, true, 4_000_000), stage(2, 2, 2, true), stage(3, 8, 0, false)], complete: true });
  // A second statement's stage adds to the first's.
  report({ stages: [stage(4, 2, 1, false)], complete: false });
  report({ stages: [stage(4, 2, 2, true)], complete: true });
  expect(heard.map(({ done, total, stages }) => [stages!.done, stages!.total, done, total])).toEqual([
    [0, 1, 1, 4],
    [1, 2, 4, 6],
    [2, 2, 6, 6],
    [2, 3, 7, 8],
    [3, 3, 8, 8],
  ]);
  expect(heard.at(-1)).toMatchObject({ unit: "tasks", bytesRead: 4_000_000 });
});

test("a task counted twice (run again) never makes a stage more than complete", () => {
  const heard: Progress[] = [];
  sparkProgress((progress) => heard.push(progress))({ stages: [{ id: 7, tasks: 3, completedTasks: 4, bytesRead: 0, done: true }], complete: true });
  expect([heard[0].done, heard[0].total]).toEqual([3, 3]);
});

test("the line a person reads", () => {
  expect(describeProgress({ unit: "tasks", done: 120, total: 200, stages: { done: 3, total: 5 }, bytesRead: 1_234_000_000 })).toBe(
    "stage 3/5, tasks 120/200 (60%), 1.2 GB read",
  );
  expect(describeProgress({ unit: "tasks", done: 0, total: 8, stages: { done: 0, total: 1 }, bytesRead: 0 })).toBe("stage 0/1, tasks 0/8 (0%)");
});

test("tasks done never drop: a stage cut short when its statement completes keeps the tasks it ran, a stage run again keeps its count", () => {
  const heard: Progress[] = [];
  const report = sparkProgress((progress) => heard.push(progress));
  const stage = (id: number, tasks: number, completedTasks: number, done: boolean) => ({ id, tasks, completedTasks, bytesRead: 0, done });
  report({ stages: [stage(1, 10, 6, false)], complete: false });
  // A lost executor: the stage's new attempt has finished fewer tasks than the first had.
  report({ stages: [stage(1, 10, 2, false)], complete: false });
  // The statement's limit is met after 8 of 10 tasks: the stage is not done, but it ran all it will.
  report({ stages: [stage(1, 10, 8, false)], complete: true });
  expect(heard.map(({ done, total, stages }) => [stages!.done, stages!.total, done, total])).toEqual([
    [0, 1, 6, 10],
    [0, 1, 6, 10],
    [1, 1, 8, 8],
  ]);
});
