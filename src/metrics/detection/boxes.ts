// Detection boxes from plain values (Arrow `list<struct>` rows, or JSON text from CSV/NDJSON)
// into one compact set of typed arrays per role, images end to end.
import { Scalar, SlicewiseError } from "../../core";

export type BoxRole = "ground_truth" | "predictions";

/** The class labels seen so far, shared by the ground truth and every model's predictions. */
export interface Labels {
  /** Label of class k, as given (a string or an integer). */
  values: (string | number)[];
  /** `typeof label + ":" + label` → class index: the integer 1 and the string "1" are two classes. */
  index: Map<string, number>;
}

/**
 * The boxes of every image of one role, image i's from `start[i]` to `start[i + 1]`, in the
 * order given. Corners are pixels, x to the right and y down, on continuous coordinates:
 * `xMax = xMin + width`, `area = width × height` with no +1 (pycocotools' convention).
 */
export interface BoxSet {
  role: BoxRole;
  images: number;
  start: Int32Array;
  xMin: Float64Array;
  yMin: Float64Array;
  xMax: Float64Array;
  yMax: Float64Array;
  area: Float64Array;
  /** Class index into the shared Labels. */
  label: Int32Array;
  /** Confidence of each prediction; empty for ground truth. */
  score: Float64Array;
  /** 1 where a ground truth is ignored (`ignore` or `iscrowd`); empty for predictions. */
  ignore: Uint8Array;
}

export interface ParseBoxesOptions {
  role: BoxRole;
  /** Shared with the other roles and models, so a label is the same class everywhere. */
  labels: Labels;
  /** The column's name, for error messages. */
  field?: string;
  /** Each row's id, for error messages (the row's index otherwise). */
  ids?: readonly Scalar[];
}

export function createLabels(): Labels {
  return { values: [], index: new Map() };
}

/** The class index of a label, adding it when new. */
export function labelIndex(labels: Labels, label: string | number): number {
  const key = typeof label + ":" + String(label);
  let index = labels.index.get(key);
  if (index === undefined) {
    index = labels.values.length;
    labels.index.set(key, index);
    labels.values.push(label);
  }
  return index;
}

/**
 * Parses one list of boxes per image. A row is null, an array (or any iterable, such as an
 * Arrow list) of box objects, or the JSON text of such an array. A box is
 * `{x_min, y_min, x_max, y_max}` or `{x, y, w, h}` (the top-left corner and the size), with a
 * `label` (string or integer), a `score` on predictions, and on ground truth optional
 * booleans `ignore` / `iscrowd`. Throws `invalid_box` naming the row, the box and the field.
 */
export function parseBoxes(rows: ArrayLike<unknown>, options: ParseBoxesOptions): BoxSet {
  const { role, labels } = options;
  const isPrediction = role === "predictions";
  const images = rows.length;
  const start = new Int32Array(images + 1);
  const boxesPerRow: unknown[][] = new Array(images);
  for (let row = 0; row < images; row++) {
    boxesPerRow[row] = rowBoxes(rows[row], row, options);
    start[row + 1] = start[row] + boxesPerRow[row].length;
  }
  const total = start[images];
  const set: BoxSet = {
    role,
    images,
    start,
    xMin: new Float64Array(total),
    yMin: new Float64Array(total),
    xMax: new Float64Array(total),
    yMax: new Float64Array(total),
    area: new Float64Array(total),
    label: new Int32Array(total),
    score: new Float64Array(isPrediction ? total : 0),
    ignore: new Uint8Array(isPrediction ? 0 : total),
  };
  for (let row = 0; row < images; row++) {
    const boxes = boxesPerRow[row];
    for (let b = 0; b < boxes.length; b++) {
      const box = plainBox(boxes[b]);
      const fail = (message: string) => {
        throw new SlicewiseError("invalid_box", `${where(options, row)}, box ${b}: ${message}`);
      };
      if (box === null) fail(`is ${JSON.stringify(boxes[b]) ?? String(boxes[b])}, not an object with a box, a label${isPrediction ? " and a score" : ""}`);
      readBox(set, start[row] + b, box!, isPrediction, labels, fail);
    }
  }
  return set;
}

function readBox(set: BoxSet, at: number, box: Record<string, unknown>, isPrediction: boolean, labels: Labels, fail: (message: string) => never): void {
  const number = (name: string): number => {
    const raw = box[name];
    const value = typeof raw === "bigint" ? Number(raw) : raw;
    if (typeof value !== "number" || !Number.isFinite(value)) fail(`field "${name}" is ${describe(raw)}, not a finite number`);
    return value as number;
  };
  if ("x_min" in box || "x_max" in box || "y_min" in box || "y_max" in box) {
    const [xMin, yMin, xMax, yMax] = [number("x_min"), number("y_min"), number("x_max"), number("y_max")];
    if (xMax < xMin) fail(`field "x_max" (${xMax}) is less than "x_min" (${xMin})`);
    if (yMax < yMin) fail(`field "y_max" (${yMax}) is less than "y_min" (${yMin})`);
    set.xMin[at] = xMin;
    set.yMin[at] = yMin;
    set.xMax[at] = xMax;
    set.yMax[at] = yMax;
    set.area[at] = (xMax - xMin) * (yMax - yMin);
  } else if ("x" in box || "y" in box || "w" in box || "h" in box) {
    const [x, y, w, h] = [number("x"), number("y"), number("w"), number("h")];
    if (w < 0) fail(`field "w" (${w}) is negative`);
    if (h < 0) fail(`field "h" (${h}) is negative`);
    // x + w and w × h exactly as pycocotools computes them from a COCO [x, y, w, h] box.
    set.xMin[at] = x;
    set.yMin[at] = y;
    set.xMax[at] = x + w;
    set.yMax[at] = y + h;
    set.area[at] = w * h;
  } else {
    fail(`has no box: give "x_min", "y_min", "x_max", "y_max" (pixels) or "x", "y", "w", "h"`);
  }
  set.label[at] = labelIndex(labels, readLabel(box.label, fail));
  if (isPrediction) set.score[at] = number("score");
  else set.ignore[at] = flag(box, "ignore", fail) || flag(box, "iscrowd", fail) ? 1 : 0;
}

function readLabel(raw: unknown, fail: (message: string) => never): string | number {
  const label = typeof raw === "bigint" ? Number(raw) : raw;
  if (typeof label === "string") return label;
  if (typeof label === "number" && Number.isInteger(label)) return label;
  return fail(`field "label" is ${describe(raw)}, not a string or an integer`);
}

/** A boolean field that may be absent or null (false); 0 and 1 are accepted as COCO writes `iscrowd`. */
function flag(box: Record<string, unknown>, name: string, fail: (message: string) => never): boolean {
  const value = box[name];
  if (value === undefined || value === null || value === false || value === 0) return false;
  if (value === true || value === 1) return true;
  return fail(`field "${name}" is ${describe(value)}, not a boolean`);
}

function rowBoxes(value: unknown, row: number, options: ParseBoxesOptions): unknown[] {
  if (value === null || value === undefined) return [];
  let list = value;
  if (typeof value === "string") {
    if (value.trim() === "") return [];
    try {
      list = JSON.parse(value);
    } catch (error) {
      throw new SlicewiseError("invalid_box", `${where(options, row)}: the text is not JSON (${(error as Error).message}); give a JSON array of boxes`);
    }
    if (list === null) return [];
  }
  if (Array.isArray(list)) return list;
  if (typeof list === "object" && list !== null && Symbol.iterator in list) return Array.from(list as Iterable<unknown>);
  throw new SlicewiseError("invalid_box", `${where(options, row)}: ${describe(value)} is not a list of boxes`);
}

/** A box as a plain object: Arrow struct rows turn into one through toJSON. */
function plainBox(value: unknown): Record<string, unknown> | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  return typeof toJSON === "function" ? (toJSON.call(value) as Record<string, unknown>) : (value as Record<string, unknown>);
}

function where(options: ParseBoxesOptions, row: number): string {
  const column = options.field ? `"${options.field}"` : options.role === "predictions" ? "predictions" : "ground truth";
  const id = options.ids ? ` (id ${JSON.stringify(options.ids[row])})` : "";
  return `${column}, row ${row}${id}`;
}

function describe(value: unknown): string {
  if (value === undefined) return "missing";
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  return JSON.stringify(value) ?? String(value);
}
