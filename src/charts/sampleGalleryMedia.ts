// What a sample gallery shows as a sample's picture: image bytes as cached Blob URLs (revoked when evicted or
// destroyed), locators only from an allow-list of schemes, and text as a snippet.

export type MediaKind = "binary" | "locator" | "text";

/** The image type from the file's first bytes (its magic number); null when it is none of the web's raster formats. */
export function sniffImageType(bytes: Uint8Array): { mime: string; name: string } | null {
  const at = (index: number) => (index < bytes.length ? bytes[index] : -1);
  if (at(0) === 0x89 && at(1) === 0x50 && at(2) === 0x4e && at(3) === 0x47) return { mime: "image/png", name: "PNG" };
  if (at(0) === 0xff && at(1) === 0xd8 && at(2) === 0xff) return { mime: "image/jpeg", name: "JPEG" };
  if (at(0) === 0x47 && at(1) === 0x49 && at(2) === 0x46 && at(3) === 0x38) return { mime: "image/gif", name: "GIF" };
  const riff = at(0) === 0x52 && at(1) === 0x49 && at(2) === 0x46 && at(3) === 0x46;
  if (riff && at(8) === 0x57 && at(9) === 0x45 && at(10) === 0x42 && at(11) === 0x50) return { mime: "image/webp", name: "WebP" };
  return null;
}

/** "PNG, 182 bytes" — how image bytes read in a list of fields. */
export function describeBytes(bytes: Uint8Array): string {
  const type = sniffImageType(bytes);
  const size = bytes.byteLength === 1 ? "1 byte" : `${bytes.byteLength.toLocaleString("en-US")} bytes`;
  return `${type ? type.name : "binary"}, ${size}`;
}

/**
 * The URL to load for a locator, or null when it must not be loaded. Only http(s) and inline images are fetched:
 * a `javascript:` URL would run code, a `file:` or relative path would probe the viewer's machine or origin.
 */
export function safeImageUrl(locator: string): string | null {
  const trimmed = locator.trim();
  if (/^data:image\/[a-z0-9.+-]+[;,]/i.test(trimmed)) return trimmed;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return null;
  }
  return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
}

export interface ObjectUrlFactory {
  createObjectURL(blob: Blob): string;
  revokeObjectURL(url: string): void;
}

/** Images up to this size become data: URLs; larger ones Blob URLs. */
export const inlineImageLimit = 16 * 1024;

/**
 * URLs for image bytes, made on first use and kept, most recently used last. Small images (thumbnails)
 * become data: URLs: in Chromium each Blob URL is registered with the browser process, which cost
 * 0.4–0.9 ms per new card while scrolling. Larger images become Blob URLs; past `capacity` the least
 * recently used are revoked, so scrolling through 100,000 images does not keep 100,000 blobs alive.
 */
export class ObjectUrlCache {
  private readonly urls = new Map<number, string>();

  constructor(
    private readonly factory: ObjectUrlFactory,
    private readonly capacity = 1000,
  ) {}

  /** The URL for a row's bytes, made when first asked for. */
  get(row: number, bytes: Uint8Array): string {
    const cached = this.urls.get(row);
    if (cached !== undefined) {
      this.urls.delete(row);
      this.urls.set(row, cached);
      return cached;
    }
    const type = sniffImageType(bytes)?.mime ?? "application/octet-stream";
    // The view as it is (offset and length), so the URL holds this image and not the whole column's buffer.
    const url =
      bytes.byteLength <= inlineImageLimit ? dataUrl(bytes, type) : this.factory.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
    this.urls.set(row, url);
    this.evict();
    return url;
  }

  get size(): number {
    return this.urls.size;
  }

  /** Revokes every URL still held. */
  clear(): void {
    for (const url of this.urls.values()) this.release(url);
    this.urls.clear();
  }

  private evict(): void {
    for (const [row, url] of this.urls) {
      if (this.urls.size <= this.capacity) break;
      this.release(url);
      this.urls.delete(row);
    }
  }

  private release(url: string): void {
    if (url.startsWith("blob:")) this.factory.revokeObjectURL(url);
  }
}

/** A data: URL of the bytes, base64 in chunks (String.fromCharCode takes limited arguments). */
function dataUrl(bytes: Uint8Array, type: string): string {
  let binary = "";
  for (let start = 0; start < bytes.length; start += 8192) binary += String.fromCharCode(...bytes.subarray(start, start + 8192));
  return `data:${type};base64,${btoa(binary)}`;
}

/** The first characters of a text, cut at a word where one is near. */
export function textSnippet(text: string, limit = 280): string {
  if (text.length <= limit) return text;
  const cut = text.lastIndexOf(" ", limit);
  return `${text.slice(0, cut > limit * 0.7 ? cut : limit).trimEnd()}…`;
}

/** Width and height from a PNG's IHDR or a GIF's logical screen, without decoding; null for other formats. */
export function imageSize(bytes: Uint8Array): { width: number; height: number } | null {
  const type = sniffImageType(bytes)?.name;
  if (type === "PNG" && bytes.length >= 24) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return { width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (type === "GIF" && bytes.length >= 10) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return { width: view.getUint16(6, true), height: view.getUint16(8, true) };
  }
  return null;
}
