// The first samples as plain HTML cards (images as data: URLs, text escaped): the gallery's
// fallback where no widget can run (GitHub, nbviewer, nbconvert). Lists of boxes read as counts, and
// the ground-truth boxes are drawn over a PNG as an inline SVG.
import { Table } from "apache-arrow";
import { SampleBox, holdsBoxes, parseBoxes } from "../charts/sampleGalleryBoxes";
import { escapeHtml } from "./escapeHtml";

export interface StaticGalleryOptions {
  /** Cards written (default 24). */
  limit?: number;
  /** Binary image column (default: `thumbnail`, else the first binary column). */
  media?: string;
  /** Ground-truth column (default `label`, else `gt` when it holds boxes). */
  groundTruth?: string;
}

const shown = 64;

function imageType(bytes: Uint8Array): string | null {
  if (bytes[0] === 0x89 && bytes[1] === 0x50) return "image/png";
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return "image/jpeg";
  if (bytes[0] === 0x47 && bytes[1] === 0x49) return "image/gif";
  return null;
}

/** A PNG's size from its IHDR chunk (bytes 16–23, big-endian), or null for anything else. */
function pngSize(bytes: Uint8Array): { width: number; height: number } | null {
  if (imageType(bytes) !== "image/png" || bytes.length < 24) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** A cell as a card's text: a list of boxes as its count (its JSON would fill the page), anything else as itself. */
function cellText(value: unknown, boxes: boolean): string {
  if (!boxes) return String(value);
  const count = parseBoxes(value).length;
  return `${count} box${count === 1 ? "" : "es"}`;
}

/** The boxes over an image of the given natural size, scaled with it to the card's 64 × 64. */
function boxesSvg(boxes: SampleBox[], size: { width: number; height: number }): string {
  const rects = boxes.map(
    (box) =>
      `<rect class="sw-static-box" x="${box.x}" y="${box.y}" width="${box.w}" height="${box.h}" fill="none" stroke="#cf222e" stroke-width="1.5" vector-effect="non-scaling-stroke"/>`,
  );
  return `<svg width="${shown}" height="${shown}" viewBox="0 0 ${size.width} ${size.height}" style="position:absolute;left:0;top:0" aria-hidden="true">${rects.join("")}</svg>`;
}

/** The image, with the ground truth's boxes over it when it is a PNG (whose size says where they go). */
function cardImage(bytes: Uint8Array, type: string, truth: unknown): string {
  const img = `<img alt="" width="${shown}" height="${shown}" style="image-rendering:pixelated;display:block" src="data:${type};base64,${Buffer.from(bytes).toString("base64")}">`;
  const size = holdsBoxes(truth) ? pngSize(bytes) : null;
  return size ? `<div style="position:relative;width:${shown}px;height:${shown}px">${img}${boxesSvg(parseBoxes(truth), size)}</div>` : img;
}

/** Whether the column's first cells that say either way hold lists of boxes. */
function columnHoldsBoxes(samples: Table, name: string): boolean {
  const column = samples.getChild(name);
  for (let row = 0; column && row < Math.min(column.length, 200); row++) {
    const verdict = holdsBoxes(column.get(row));
    if (verdict !== null) return verdict;
  }
  return false;
}

export function staticGallery(samples: Table, options: StaticGalleryOptions = {}): string {
  const limit = Math.min(options.limit ?? 24, samples.numRows);
  const fields = samples.schema.fields;
  const media = options.media ?? fields.find((field) => field.name === "thumbnail")?.name ?? fields.find((field) => String(field.type) === "Binary")?.name;
  const has = (name: string) => fields.some((field) => field.name === name);
  const truth = options.groundTruth ?? (has("label") ? "label" : columnHoldsBoxes(samples, "gt") ? "gt" : null);
  const predictions = fields.filter((field) => field.name.endsWith(".pred")).map((field) => field.name);
  const boxColumns = new Set([truth, ...predictions].filter((name): name is string => name !== null && columnHoldsBoxes(samples, name)));
  const cards: string[] = [];
  for (let row = 0; row < limit; row++) {
    const bytes = media ? (samples.getChild(media)?.get(row) as Uint8Array | null) : null;
    const type = bytes ? imageType(bytes) : null;
    const truthValue = truth ? samples.getChild(truth)?.get(row) : null;
    const image = bytes && type ? cardImage(bytes, type, truthValue) : "";
    const lines = [
      truth ? `<div>${escapeHtml(truth)} <b>${escapeHtml(cellText(truthValue, boxColumns.has(truth)))}</b></div>` : "",
      ...predictions.map(
        (name) => `<div>${escapeHtml(name.slice(0, -5))} <b>${escapeHtml(cellText(samples.getChild(name)?.get(row), boxColumns.has(name)))}</b></div>`,
      ),
    ].join("");
    cards.push(`<div style="border:1px solid #ddd;border-radius:4px;padding:4px;font:11px system-ui,sans-serif;width:92px">${image}${lines}</div>`);
  }
  const more = samples.numRows > limit ? `<p><small>${samples.numRows - limit} more samples in the interactive gallery.</small></p>` : "";
  return `<div class="sw-static-gallery" style="display:flex;flex-wrap:wrap;gap:6px">${cards.join("")}</div>${more}`;
}
