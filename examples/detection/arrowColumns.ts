// Arrow columns of the detection example built straight from typed arrays: PNG bytes as Binary, and boxes as
// list<struct<x_min, y_min, x_max, y_max: float64, label: utf8[, score: float64]>>, one list per image.
import { Binary, Field, Float64, List, makeData, makeVector, Struct, Utf8, Vector } from "apache-arrow";

/** One contiguous byte buffer plus offsets: how Arrow lays out a Binary column. */
export function binaryVector(values: Uint8Array[]): Vector<Binary> {
  const offsets = new Int32Array(values.length + 1);
  for (let index = 0; index < values.length; index++) offsets[index + 1] = offsets[index] + values[index].length;
  const bytes = new Uint8Array(offsets[values.length]);
  values.forEach((value, index) => bytes.set(value, offsets[index]));
  return makeVector({ type: new Binary(), length: values.length, nullCount: 0, valueOffsets: offsets, data: bytes });
}

/** Every image's boxes, concatenated: image i's boxes are offsets[i] … offsets[i + 1] − 1. */
export interface BoxLists {
  offsets: Int32Array;
  /** x_min, y_min, x_max, y_max per box. */
  boxes: Float64Array;
  /** The digit 0..9 of each box, written as the label "0".."9". */
  labels: Uint8Array;
  /** Present on predictions only. */
  scores?: Float64Array;
}

const coordinateNames = ["x_min", "y_min", "x_max", "y_max"];

export function boxStructType(withScore: boolean): Struct {
  const fields: Field[] = coordinateNames.map((name) => new Field(name, new Float64(), false));
  fields.push(new Field("label", new Utf8(), false));
  if (withScore) fields.push(new Field("score", new Float64(), false));
  return new Struct(fields);
}

export function boxListVector(lists: BoxLists): Vector<List<Struct>> {
  const { offsets, boxes, labels, scores } = lists;
  const count = labels.length;
  const coordinates = coordinateNames.map((_, coordinate) => {
    const values = new Float64Array(count);
    for (let box = 0; box < count; box++) values[box] = boxes[4 * box + coordinate];
    return makeData({ type: new Float64(), length: count, nullCount: 0, data: values });
  });
  // Each label is one ASCII digit, so the string offsets are 0, 1, 2, … and the bytes are '0' + digit.
  const labelBytes = Uint8Array.from(labels, (digit) => 0x30 + digit);
  const labelOffsets = Int32Array.from({ length: count + 1 }, (_, index) => index);
  const children = [...coordinates, makeData({ type: new Utf8(), length: count, nullCount: 0, valueOffsets: labelOffsets, data: labelBytes })];
  if (scores !== undefined) children.push(makeData({ type: new Float64(), length: count, nullCount: 0, data: scores }));
  const type = boxStructType(scores !== undefined);
  const structs = makeData({ type, length: count, nullCount: 0, children });
  const listType = new List(new Field("item", type, false));
  return makeVector(makeData({ type: listType, length: offsets.length - 1, nullCount: 0, valueOffsets: offsets, child: structs }));
}
