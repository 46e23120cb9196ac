// The first samples as plain HTML cards (images as data: URLs, text escaped): the gallery's
// fallback where no widget can run (GitHub, nbviewer, nbconvert).
import { Table } from "apache-arrow";
import { escapeHtml } from "./escapeHtml";

export interface StaticGalleryOptions {
  /** Cards written (default 24). */
  limit?: number;
  /** Binary image column (default: `thumbnail`, else the first binary column). */
  media?: string;
  /** Ground-truth column (default `label`). */
  groundTruth?: string;
}

function imageType(bytes: Uint8Array): string | null {
  if (bytes[0] === 0x89 && bytes[1] === 0x50) return "image/png";
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return "image/jpeg";
  if (bytes[0] === 0x47 && bytes[1] === 0x49) return "image/gif";
  return null;
}

export function staticGallery(samples: Table, options: StaticGalleryOptions = {}): string {
  const limit = Math.min(options.limit ?? 24, samples.numRows);
  const fields = samples.schema.fields;
  const media = options.media ?? fields.find((field) => field.name === "thumbnail")?.name ?? fields.find((field) => String(field.type) === "Binary")?.name;
  const truth = options.groundTruth ?? (fields.some((field) => field.name === "label") ? "label" : null);
  const predictions = fields.filter((field) => field.name.endsWith(".pred")).map((field) => field.name);
  const cards: string[] = [];
  for (let row = 0; row < limit; row++) {
    const bytes = media ? (samples.getChild(media)?.get(row) as Uint8Array | null) : null;
    const type = bytes ? imageType(bytes) : null;
    const image =
      bytes && type
        ? `<img alt="" width="64" height="64" style="image-rendering:pixelated;display:block" src="data:${type};base64,${Buffer.from(bytes).toString("base64")}">`
        : "";
    const lines = [
      truth ? `<div>${escapeHtml(truth)} <b>${escapeHtml(String(samples.getChild(truth)?.get(row)))}</b></div>` : "",
      ...predictions.map((name) => `<div>${escapeHtml(name.slice(0, -5))} <b>${escapeHtml(String(samples.getChild(name)?.get(row)))}</b></div>`),
    ].join("");
    cards.push(`<div style="border:1px solid #ddd;border-radius:4px;padding:4px;font:11px system-ui,sans-serif;width:92px">${image}${lines}</div>`);
  }
  const more = samples.numRows > limit ? `<p><small>${samples.numRows - limit} more samples in the interactive gallery.</small></p>` : "";
  return `<div class="sw-static-gallery" style="display:flex;flex-wrap:wrap;gap:6px">${cards.join("")}</div>${more}`;
}
