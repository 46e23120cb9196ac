// Bounding boxes over a sample's image: read from a list<struct{x_min, y_min, x_max, y_max | x, y, w, h; label; score?}>
// cell or its JSON text, drawn in an SVG whose viewBox is the image's natural size, so boxes in pixel units line up at any display size.

export interface SampleBox {
  x: number;
  y: number;
  w: number;
  h: number;
  label: string | null;
  score: number | null;
}

import {
  BoxSet,
  FALSE_POSITIVE,
  IGNORED,
  Labels,
  TRUE_POSITIVE,
  createLabels,
  labelIndex,
  matchDetections,
  parseBoxes as readBoxSet,
  resolveMatchingOptions,
} from "../metrics";

const svgNamespace = "http://www.w3.org/2000/svg";
const seriesCount = 6;

function finite(value: unknown): number | null {
  const number =
    typeof value === "bigint" ? Number(value) : typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
  return Number.isFinite(number) ? number : null;
}

function plain(item: unknown): Record<string, unknown> | null {
  if (item === null || typeof item !== "object") return null;
  const withJson = item as { toJSON?: () => unknown };
  const value = typeof withJson.toJSON === "function" ? withJson.toJSON() : item;
  return value !== null && typeof value === "object" ? (value as Record<string, unknown>) : null;
}

/** `end − start`, or null when either is not a finite number. */
function difference(end: unknown, start: number | null): number | null {
  const value = finite(end);
  return value === null || start === null ? null : value - start;
}

/** The boxes in a cell; entries without four finite coordinates are skipped, and unreadable JSON gives none. */
export function parseBoxes(cell: unknown): SampleBox[] {
  let items: unknown = cell;
  if (typeof cell === "string") {
    try {
      items = JSON.parse(cell);
    } catch {
      return [];
    }
  }
  if (items === null || typeof items !== "object" || !(Symbol.iterator in items)) return [];
  const boxes: SampleBox[] = [];
  for (const item of items as Iterable<unknown>) {
    const fields = plain(item);
    if (!fields) continue;
    // Corners (the platform's stored form: x_min, y_min, x_max, y_max) or a corner and a size (COCO's x, y, w, h).
    const corners = "x_min" in fields || "x_max" in fields;
    const [x, y] = corners ? [finite(fields.x_min), finite(fields.y_min)] : [finite(fields.x), finite(fields.y)];
    const [w, h] = corners ? [difference(fields.x_max, x), difference(fields.y_max, y)] : [finite(fields.w), finite(fields.h)];
    if (x === null || y === null || w === null || h === null || w < 0 || h < 0) continue;
    const label = fields.label === null || fields.label === undefined ? null : String(fields.label);
    boxes.push({ x, y, w, h, label, score: finite(fields.score) });
  }
  return boxes;
}

/** Boxes whose every coordinate lies in [0, 1] are taken as fractions of the image, not pixels. */
function normalised(boxes: SampleBox[]): boolean {
  return boxes.every((box) => box.x >= 0 && box.y >= 0 && box.x + box.w <= 1 && box.y + box.h <= 1);
}

/** A stable palette slot per label, so one class keeps one colour across cards. */
function seriesOf(label: string | null): number {
  let hash = 0;
  for (const character of label ?? "") hash = (hash * 31 + character.charCodeAt(0)) | 0;
  return (Math.abs(hash) % seriesCount) + 1;
}

/**
 * Whether a cell holds a list of boxes (an object-detection column): a list, or its JSON text, whose
 * entries have box coordinates. An empty list says nothing either way.
 */
export function holdsBoxes(cell: unknown): boolean | null {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === "string" && !cell.trimStart().startsWith("[")) return false;
  if (typeof cell !== "string" && (typeof cell !== "object" || !(Symbol.iterator in cell))) return false;
  const boxes = parseBoxes(cell);
  if (boxes.length > 0) return true;
  return typeof cell === "string" && /^\s*\[\s*\]\s*$/.test(cell) ? null : false;
}

/** The boxes a card shows of a prediction: those scoring at least `threshold` (boxes without a score always). */
export function confidentBoxes(boxes: SampleBox[], threshold: number): SampleBox[] {
  return boxes.filter((box) => box.score === null || box.score >= threshold);
}

/** What became of a predicted box: found an object (tp), found none (fp), or lay on an ignored region. */
export type BoxOutcome = "tp" | "fp" | "ignored";

export interface ImageMatch {
  /** Per predicted box, in the order given. */
  outcomes: BoxOutcome[];
  tp: number;
  fp: number;
  /** Ground-truth objects (not ignored) no box found. */
  fn: number;
}

/** The matching a card shows: PASCAL VOC's greedy rule at IoU ≥ 0.5 (docs/detection.md), the same code as the metric's. */
const cardMatching = resolveMatchingOptions({ matching: "greedy", iou: 0.5 });

/** An image's ground truth read once for matching (each model's boxes are matched to the same objects). */
export class MatchTruth {
  constructor(
    readonly set: BoxSet,
    /** The classes seen, shared with the predictions matched to it. */
    readonly labels: Labels,
  ) {}
}

/** A ground-truth cell as stored, read for matching; null when it cannot be read as boxes. */
export function readTruth(truthCell: unknown): MatchTruth | null {
  const labels = createLabels();
  try {
    return new MatchTruth(readBoxSet([truthCell ?? []], { role: "ground_truth", labels }), labels);
  } catch {
    return null;
  }
}

/**
 * One image's predicted boxes (those shown) matched to its ground truth (a cell as stored, or read
 * once by readTruth), with src/metrics/detection's own matching; null when the ground truth cannot
 * be read as boxes.
 */
export function matchImage(truthCell: unknown, predicted: SampleBox[]): ImageMatch | null {
  const read = truthCell instanceof MatchTruth ? truthCell : readTruth(truthCell);
  if (!read) return null;
  const truth = read.set;
  const matches = matchDetections(truth, predictionSet(predicted, read.labels), cardMatching);
  const outcomes = new Array<BoxOutcome>(predicted.length).fill("fp");
  let tp = 0;
  let fp = 0;
  matches.predictions.index.forEach((given, q) => {
    const state = matches.states[q];
    outcomes[given] = state === TRUE_POSITIVE ? "tp" : state === IGNORED ? "ignored" : "fp";
    if (state === TRUE_POSITIVE) tp++;
    else if (state === FALSE_POSITIVE) fp++;
  });
  let objects = 0;
  for (const flag of truth.ignore) if (flag === 0) objects++;
  return { outcomes, tp, fp, fn: objects - tp };
}

/**
 * One image's predicted boxes as the metric's BoxSet, as its parseBoxes reads `{x, y, w, h, label, score}`
 * (a box without a label is of the class "", one without a score scores 1). Made directly: a SampleBox
 * has finite coordinates and no negative size, so there is nothing to check.
 */
export function predictionSet(boxes: SampleBox[], labels: Labels): BoxSet {
  const count = boxes.length;
  const set: BoxSet = {
    role: "predictions",
    images: 1,
    start: Int32Array.from([0, count]),
    xMin: new Float64Array(count),
    yMin: new Float64Array(count),
    xMax: new Float64Array(count),
    yMax: new Float64Array(count),
    area: new Float64Array(count),
    label: new Int32Array(count),
    score: new Float64Array(count),
    ignore: new Uint8Array(0),
  };
  boxes.forEach((box, index) => {
    set.xMin[index] = box.x;
    set.yMin[index] = box.y;
    set.xMax[index] = box.x + box.w;
    set.yMax[index] = box.y + box.h;
    set.area[index] = box.w * box.h;
    set.label[index] = labelIndex(labels, box.label ?? "");
    set.score[index] = box.score ?? 1;
  });
  return set;
}

/** "3 TP · 1 FP · 2 FN": a model's boxes on a card, matched. */
export function matchSummary(match: ImageMatch): string {
  return `${match.tp} TP · ${match.fp} FP · ${match.fn} FN`;
}

/** "3 boxes", or with a score threshold "3 boxes ≥ 0.5": how a card's line shows a list of boxes. */
export function countBoxes(cell: unknown, threshold?: number): string {
  const boxes = parseBoxes(cell);
  return boxCount(threshold === undefined ? boxes.length : confidentBoxes(boxes, threshold).length, threshold);
}

/** "3 boxes", or "3 boxes ≥ 0.5": `count` boxes as a card's line shows them. */
export function boxCount(count: number, threshold?: number): string {
  return `${count} ${count === 1 ? "box" : "boxes"}${threshold === undefined ? "" : ` ≥ ${threshold}`}`;
}

/**
 * An SVG (class sw-gallery-boxes) for the boxes over an image of the given natural size: one rect per box
 * (class sw-gallery-box, its outcome sw-box-tp / -fp / -ignored), its caption as text after it when
 * `labels`. Ground truth is drawn solid; a model's predictions (`kind: "prediction"`) dashed, so the two
 * differ without colour. `titles: false` leaves out the hover captions (a card adds them when first
 * pointed at, with titleBoxes: most cards scrolled past are never pointed at).
 */
export function drawBoxes(
  document: Document,
  boxes: SampleBox[],
  width: number,
  height: number,
  options: { labels: boolean; kind?: "truth" | "prediction"; outcomes?: BoxOutcome[]; titles?: boolean },
): SVGSVGElement {
  const svg = document.createElementNS(svgNamespace, "svg");
  svg.setAttribute("class", `sw-gallery-boxes${options.kind === "prediction" ? " sw-gallery-predicted-boxes" : ""}`);
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("preserveAspectRatio", "xMidYMid meet");
  svg.setAttribute("aria-hidden", "true");
  const scale = normalised(boxes) ? [width, height] : [1, 1];
  const fontSize = Math.max(height / 14, 1);
  boxes.forEach((box, index) => {
    const outcome = options.outcomes?.[index];
    const series = `sw-series-${seriesOf(box.label)}`;
    const rect = document.createElementNS(svgNamespace, "rect");
    rect.setAttribute("class", `sw-gallery-box ${series}${outcome ? ` sw-box-${outcome}` : ""}`);
    const x = box.x * scale[0];
    const y = box.y * scale[1];
    rect.setAttribute("x", String(x));
    rect.setAttribute("y", String(y));
    rect.setAttribute("width", String(box.w * scale[0]));
    rect.setAttribute("height", String(box.h * scale[1]));
    if (options.titles !== false) rect.append(boxTitle(document, box, outcome));
    svg.append(rect);
    if (options.labels && (box.label !== null || box.score !== null)) {
      const text = document.createElementNS(svgNamespace, "text");
      text.setAttribute("class", `sw-gallery-box-label ${series}`);
      text.setAttribute("x", String(x));
      // Above the box when there is room, else just inside its top edge.
      text.setAttribute("y", String(y >= fontSize ? y - fontSize * 0.25 : y + fontSize));
      text.setAttribute("font-size", String(fontSize));
      text.textContent = boxCaption(box);
      svg.append(text);
    }
  });
  return svg;
}

/** The hover captions drawBoxes left out (`titles: false`), for the same boxes and outcomes; once. */
export function titleBoxes(svg: SVGSVGElement, boxes: SampleBox[], outcomes?: BoxOutcome[]): void {
  const rects = svg.querySelectorAll("rect.sw-gallery-box");
  rects.forEach((rect, index) => {
    if (index < boxes.length && !rect.firstChild) rect.append(boxTitle(svg.ownerDocument, boxes[index], outcomes?.[index]));
  });
}

function boxTitle(document: Document, box: SampleBox, outcome: BoxOutcome | undefined): SVGTitleElement {
  const title = document.createElementNS(svgNamespace, "title");
  title.textContent = `${boxCaption(box)}${outcome ? ` (${outcomeWords[outcome]})` : ""}`;
  return title;
}

const outcomeWords: Record<BoxOutcome, string> = { tp: "found an object", fp: "false: no object there", ignored: "on an ignored region" };

export function boxCaption(box: SampleBox): string {
  const score = box.score === null ? "" : ` ${box.score.toFixed(2)}`;
  return `${box.label ?? "box"}${score}`;
}
