// A model's kept detection matches moved into shared memory, so that the worker pool's tasks
// (summaryTasks.ts) hand them to a worker without copying: at 100,000 images × 100 predictions a
// model's matches are some 640 MB, and every batch posted would otherwise clone them.
import { DetectionMatches } from "../metrics";

/** The same matches, every typed array backed by a SharedArrayBuffer (posting one to a worker shares it). */
export function shareMatches(matches: DetectionMatches): DetectionMatches {
  const { truth, predictions } = matches;
  return {
    ...matches,
    truth: { start: shared(truth.start), label: shared(truth.label), ignored: truth.ignored.map(shared) },
    predictions: {
      index: shared(predictions.index),
      label: shared(predictions.label),
      score: shared(predictions.score),
      image: shared(predictions.image),
      rank: shared(predictions.rank),
    },
    classStart: shared(matches.classStart),
    states: shared(matches.states),
  };
}

type TypedArray = Int32Array | Uint8Array | Float64Array;

function shared<T extends TypedArray>(array: T): T {
  if (array.buffer instanceof SharedArrayBuffer) return array;
  const Type = array.constructor as { new (buffer: SharedArrayBuffer): T };
  const copy = new Type(new SharedArrayBuffer(array.byteLength));
  copy.set(array as never);
  return copy;
}
