// Image bytes (PNG or JPEG) → decoded 8-bit pixels, with pure-JS decoders (pngjs over Node's own zlib,
// jpeg-js); and an image locator (a local file path) → its bytes. Why these decoders: docs/properties.md.
import { readFile } from "node:fs/promises";
import { isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { decode as decodeJpeg } from "jpeg-js";
import { PNG } from "pngjs";
import type { Pixels } from "../../metrics";

/** Images larger than this are refused before their pixels are allocated (a decompression bomb stays small on disk). */
export const maxImagePixels = 100_000_000;

const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && pngSignature.every((value, index) => bytes[index] === value);
}

/** A JPEG starts with the SOI marker FF D8 and a further marker FF. */
export function isJpeg(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

/** The pixels of a PNG or JPEG; throws an Error saying why for anything else or anything broken. */
export function decodeImage(bytes: Uint8Array): Pixels {
  if (isPng(bytes)) {
    checkPngSize(bytes);
    // pngjs gives every PNG (gray, palette, 16-bit, interlaced) as 8-bit RGBA.
    const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    return { width: png.width, height: png.height, channels: 4, data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength) };
  }
  if (isJpeg(bytes)) {
    const jpeg = decodeJpeg(bytes, { useTArray: true, formatAsRGBA: false, tolerantDecoding: false, maxResolutionInMP: maxImagePixels / 1e6 });
    return { width: jpeg.width, height: jpeg.height, channels: 3, data: jpeg.data };
  }
  throw new Error(bytes.length === 0 ? "the image is empty" : "the bytes are neither a PNG nor a JPEG");
}

/** IHDR is the first chunk: width and height are its first two 32-bit big-endian fields, at bytes 16 and 20. */
function checkPngSize(bytes: Uint8Array): void {
  if (bytes.length < 24) throw new Error("the PNG is cut short before its header");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const pixels = view.getUint32(16) * view.getUint32(20);
  if (pixels > maxImagePixels) throw new Error(`the PNG has ${pixels} pixels, more than the ${maxImagePixels} read here`);
}

/**
 * The bytes behind a locator. Only local files are read: an absolute or relative path (relative to
 * the platform's working directory) or a file: URL; any other scheme (http, s3, …) is refused.
 */
export async function readLocator(locator: string): Promise<Uint8Array> {
  let path = locator;
  if (/^file:/i.test(locator)) path = fileURLToPath(locator);
  else if (/^[a-z][a-z0-9+.-]+:\/\//i.test(locator)) throw new Error(`only local files are read, not ${locator.split(":")[0]} locators`);
  return new Uint8Array(await readFile(isAbsolute(path) ? path : resolve(path)));
}
