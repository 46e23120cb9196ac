// One sample drawn for the gallery: its picture (image, allowed locator, or text) with box overlays, its ground
// truth and each model's prediction with a ✓/✗ badge. Every data string goes in as text or an attribute.
import { Table } from "apache-arrow";
import { SamplesData } from "./samplesData";
import { countBoxes, drawBoxes, matchSummary, parseBoxes } from "./sampleGalleryBoxes";
import { CardBoxes } from "./sampleGalleryCardBoxes";
import { describeBytes, imageSize, ObjectUrlCache, safeImageUrl, textSnippet } from "./sampleGalleryMedia";
import { ResolvedSampleGalleryOptions } from "./sampleGalleryOptions";

export interface GalleryContext {
  document: Document;
  data: SamplesData;
  options: ResolvedSampleGalleryOptions;
  urls: ObjectUrlCache;
  /** Each card's predicted boxes, matched once for its picture and its lines. */
  cardBoxes: CardBoxes;
}

/** Images no larger than this (per side) are scaled up with hard pixel edges rather than blurred. */
const pixelatedBelow = 64;

export const verdictMark = { correct: "✓", wrong: "✗", unknown: "?" } as const;
export type VerdictName = keyof typeof verdictMark;

export function verdictOf(value: number): VerdictName {
  return value === 1 ? "correct" : value === 0 ? "wrong" : "unknown";
}

function element<K extends keyof HTMLElementTagNameMap>(document: Document, tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Text a screen reader reads and the eye does not see (css/theme.css's sw-visually-hidden). */
function spoken(document: Document, text: string): HTMLElement {
  return element(document, "span", "sw-visually-hidden", text);
}

function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Uint8Array) return describeBytes(value);
  return value;
}

/** A cell as a person reads it: numbers to six significant digits, bytes by type and size, nested values as JSON. */
export function formatCell(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (value instanceof Uint8Array) return describeBytes(value);
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : Number.isFinite(value) ? String(Number(value.toPrecision(6))) : String(value);
  if (typeof value === "bigint" || typeof value === "boolean") return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "—" : value.toISOString();
  if (typeof value === "string") return value;
  if (typeof value === "object") {
    const withJson = value as { toJSON?: () => unknown; toArray?: () => unknown };
    const plain = typeof withJson.toJSON === "function" ? withJson.toJSON() : value;
    const text = JSON.stringify(plain, jsonReplacer) ?? String(value);
    return text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
  }
  return String(value);
}

/** A ground truth as a card's line shows it: a list of boxes as its count ("3 boxes"). */
function shownValue(value: unknown, boxes: boolean): string {
  return boxes && value !== null && value !== undefined ? countBoxes(value) : formatCell(value);
}

/**
 * A model's prediction as a card's line shows it: its boxes above the score threshold matched to
 * the ground truth ("3 TP · 1 FP · 2 FN"), or counted when there is no ground truth to match.
 */
function shownPrediction(context: GalleryContext, value: unknown, row: number, model: string): string {
  const { options, data } = context;
  if (!options.predictedBoxes || value === null || value === undefined) return formatCell(value);
  const { match } = context.cardBoxes.prediction(data, options.boxes, options.scoreThreshold, row, model);
  return match ? matchSummary(match) : countBoxes(value, options.scoreThreshold);
}

function cell(table: Table, column: string | null, row: number): unknown {
  return column ? (table.getChild(column)?.get(row) ?? null) : null;
}

function placeholder(document: Document, text: string, note: string): HTMLElement {
  const box = element(document, "div", "sw-gallery-placeholder");
  box.append(element(document, "span", "sw-gallery-placeholder-text", text));
  box.append(element(document, "span", "sw-gallery-placeholder-note", note));
  box.title = `${text}\n${note}`;
  return box;
}

/** The picture of a sample: an element sized by CSS (class sw-gallery-media) holding an image, placeholder or text. */
/**
 * `labels`: captions on the boxes; `predictionLabels`: on the predicted ones too (the detail view —
 * on a card, a detector's many captions would hide the image).
 */
export function renderMedia(context: GalleryContext, row: number, options: { labels: boolean; predictionLabels?: boolean }): HTMLElement {
  const { document, data } = context;
  const media = context.options.media;
  const box = element(document, "div", "sw-gallery-media");
  const value = media ? cell(data.table, media.column, row) : null;
  if (!media || value === null || value === undefined || value === "") {
    box.append(placeholder(document, "No image", media ? `${media.column} is empty` : "this table has no media column"));
    return box;
  }
  const showImage = (source: string, knownSize: { width: number; height: number } | null, locator: string | null) => {
    const image = document.createElement("img");
    image.className = "sw-gallery-image";
    // The card's caption names the sample; an alt text would say it twice.
    image.alt = "";
    image.decoding = "async";
    image.draggable = false;
    const sized = (size: { width: number; height: number }) => {
      if (size.width <= 0 || size.height <= 0) return;
      if (size.width <= pixelatedBelow && size.height <= pixelatedBelow) box.classList.add("sw-pixelated");
      if (box.querySelector(".sw-gallery-boxes")) return;
      const boxes = context.options.boxes ? parseBoxes(cell(data.table, context.options.boxes, row)) : [];
      if (boxes.length > 0) box.append(drawBoxes(document, boxes, size.width, size.height, { labels: options.labels, kind: "truth" }));
      // Model A's predicted boxes (the disagreement filter's first model), dashed over the ground truth.
      const shown = context.options.predictedBoxes ? data.models.find((model) => model.name === context.options.modelA) : undefined;
      // Each box found an object, found none, or lay on an ignored region: line styles tell them apart.
      const { boxes: predicted, match } = shown?.prediction
        ? context.cardBoxes.prediction(data, context.options.boxes, context.options.scoreThreshold, row, shown.name)
        : { boxes: [], match: null };
      const outcomes = match?.outcomes;
      if (predicted.length > 0)
        box.append(
          drawBoxes(document, predicted, size.width, size.height, {
            labels: options.labels && options.predictionLabels !== false,
            kind: "prediction",
            outcomes,
          }),
        );
    };
    image.addEventListener("load", () => sized({ width: image.naturalWidth, height: image.naturalHeight }), { once: true });
    image.addEventListener(
      "error",
      () => image.replaceWith(placeholder(document, locator ?? "Image", locator ? "did not load" : "these bytes are not an image the browser can show")),
      { once: true },
    );
    image.src = source;
    box.append(image);
    if (knownSize) sized(knownSize);
  };
  if (media.kind === "binary" && value instanceof Uint8Array) {
    showImage(context.urls.get(row, value), imageSize(value), null);
  } else if (media.kind === "locator" && typeof value === "string") {
    const url = safeImageUrl(value);
    if (url) showImage(url, null, value);
    else box.append(placeholder(document, value, "not loaded: only http(s) and data:image URLs are shown"));
  } else {
    box.classList.add("sw-gallery-media-text");
    box.append(element(document, "div", "sw-gallery-text", textSnippet(formatCell(value))));
  }
  return box;
}

/** Ground truth then each model's prediction and verdict, as lines (class sw-gallery-line). */
export function renderOutcomes(context: GalleryContext, row: number): HTMLElement[] {
  const { document, data, options } = context;
  const lines: HTMLElement[] = [];
  if (data.groundTruth && options.groundTruth) {
    const truth = shownValue(data.groundTruth.get(row), options.groundTruth === options.boxes);
    const line = element(document, "div", "sw-gallery-line sw-gallery-truth");
    line.append(
      element(document, "span", "sw-gallery-key", options.groundTruth),
      spoken(document, " "),
      element(document, "span", "sw-gallery-value", truth),
      spoken(document, "; "),
    );
    line.title = `${options.groundTruth}: ${truth}`;
    lines.push(line);
  }
  for (const model of data.models) {
    const verdict = verdictOf(model.correct[row]);
    const predicted = model.prediction ? shownPrediction(context, model.prediction.get(row), row, model.name) : "—";
    const line = element(document, "div", `sw-gallery-line sw-gallery-model sw-${verdict}`);
    line.dataset.model = model.name;
    line.dataset.verdict = verdict;
    const last = model === data.models[data.models.length - 1];
    line.append(
      element(document, "span", "sw-gallery-key", model.name),
      spoken(document, " predicted "),
      element(document, "span", "sw-gallery-value", predicted),
      spoken(document, `${verdict === "unknown" ? "" : `, ${verdict}`}${last ? "" : "; "}`),
    );
    // Boxes carry their own verdicts (TP · FP · FN): a "?" beside them would only take their room.
    if (!(options.predictedBoxes && verdict === "unknown")) {
      const badge = element(document, "span", "sw-gallery-badge", verdictMark[verdict]);
      badge.setAttribute("aria-hidden", "true");
      line.append(badge);
    }
    line.title = `${model.name} predicted ${predicted}: ${verdict === "unknown" ? "no verdict" : verdict}`;
    lines.push(line);
  }
  return lines;
}

/** What a screen reader says for a card: the text its caption holds, seen and spoken (`renderOutcomes`). */
export function describeSample(context: GalleryContext, row: number): string {
  const { data, options } = context;
  const parts = [`Sample ${data.sampleId(row)}`];
  if (data.groundTruth && options.groundTruth)
    parts.push(`${options.groundTruth} ${shownValue(data.groundTruth.get(row), options.groundTruth === options.boxes)}`);
  for (const model of data.models) {
    const verdict = verdictOf(model.correct[row]);
    const predicted = model.prediction ? shownPrediction(context, model.prediction.get(row), row, model.name) : "no prediction";
    parts.push(`${model.name} predicted ${predicted}${verdict === "unknown" ? "" : `, ${verdict}`}`);
  }
  return parts.join("; ");
}

/** Fills a (possibly recycled) card element with a sample. */
export function fillCard(card: HTMLElement, context: GalleryContext, row: number): void {
  const { document, data } = context;
  const sampleId = data.sampleId(row);
  card.dataset.row = String(row);
  card.dataset.sampleId = sampleId;
  // The card is named by its content (no aria-label), so that its name holds the text a person sees
  // (WCAG 2.5.3, label in name): hidden words make the caption read as `describeSample` says.
  card.removeAttribute("aria-label");
  const caption = element(document, "div", "sw-gallery-caption");
  const id = element(document, "div", "sw-gallery-line sw-gallery-id");
  id.append(spoken(document, "Sample "), sampleId, spoken(document, "; "));
  id.title = sampleId;
  caption.append(id, ...renderOutcomes(context, row));
  card.replaceChildren(renderMedia(context, row, { labels: true, predictionLabels: false }), caption);
}
