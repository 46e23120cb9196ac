// A model's boxes and kept detection matches moved into shared memory, so that the worker pool's
// tasks (summaryTasks.ts) hand them to a worker without copying: at 100,000 images × 100
// predictions a model's matches are some 640 MB, and every batch posted would otherwise clone them.
import { BoxSet, DetectionMatches } from "../metrics";

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
      byImage: shared(predictions.byImage),
      imageStart: shared(predictions.imageStart),
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

/** The same boxes in shared memory, so that a matching task on a worker reads them without a copy. */
export function shareBoxes(boxes: BoxSet): BoxSet {
  return {
    ...boxes,
    start: shared(boxes.start),
    xMin: shared(boxes.xMin),
    yMin: shared(boxes.yMin),
    xMax: shared(boxes.xMax),
    yMax: shared(boxes.yMax),
    area: shared(boxes.area),
    label: shared(boxes.label),
    score: shared(boxes.score),
    ignore: shared(boxes.ignore),
  };
}
