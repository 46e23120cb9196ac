// Encodes 8-bit grayscale images as PNG files (the minimal valid subset of the format: IHDR, one IDAT, IEND),
// and renders one 8×8 digit as a dark-on-white, nearest-neighbour-enlarged PNG thumbnail.
import { deflateSync } from "node:zlib";

const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** CRC-32 as PNG specifies it (ISO 3309 polynomial 0xEDB88320, reflected), one table entry per byte value. */
const crcTable = (() => {
  const table = new Uint32Array(256);
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
    table[byte] = crc >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array, start: number, end: number): number {
  let crc = 0xffffffff;
  for (let index = start; index < end; index++) crc = crcTable[(crc ^ bytes[index]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** A chunk is length, type, data, then the CRC of type and data. */
function chunk(type: string, data: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(12 + data.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, data.length);
  for (let index = 0; index < 4; index++) bytes[4 + index] = type.charCodeAt(index);
  bytes.set(data, 8);
  view.setUint32(8 + data.length, crc32(bytes, 4, 8 + data.length));
  return bytes;
}

/** `pixels` holds width × height gray levels (0 black … 255 white), row after row. */
export function encodeGrayscalePng(pixels: Uint8Array, width: number, height: number): Uint8Array {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1)
    throw new Error(`a PNG needs a positive integer width and height; got ${width}×${height}`);
  if (pixels.length !== width * height) throw new Error(`a ${width}×${height} image needs ${width * height} pixels; got ${pixels.length}`);
  const header = new Uint8Array(13);
  const headerView = new DataView(header.buffer);
  headerView.setUint32(0, width);
  headerView.setUint32(4, height);
  header[8] = 8; // bit depth
  header[9] = 0; // colour type: grayscale; compression, filter method and interlace stay 0
  // Each scanline is prefixed with its filter type; 0 (None) keeps the encoder trivial, and deflate copes.
  const scanlines = new Uint8Array(height * (width + 1));
  for (let row = 0; row < height; row++) scanlines.set(pixels.subarray(row * width, (row + 1) * width), row * (width + 1) + 1);
  const parts = [Uint8Array.from(signature), chunk("IHDR", header), chunk("IDAT", deflateSync(scanlines)), chunk("IEND", new Uint8Array(0))];
  const file = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    file.set(part, offset);
    offset += part.length;
  }
  return file;
}

/** Ink 0..16 becomes gray 255..0 so a digit reads as dark strokes on white paper; each pixel becomes a scale × scale block. */
export function digitImage(pixels8x8: Uint8Array, scale = 4): Uint8Array {
  if (pixels8x8.length !== 64) throw new Error(`a digit has 64 pixels (8×8); got ${pixels8x8.length}`);
  const side = 8 * scale;
  const gray = new Uint8Array(side * side);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const ink = pixels8x8[Math.floor(y / scale) * 8 + Math.floor(x / scale)];
      gray[y * side + x] = Math.round(255 - (ink * 255) / 16);
    }
  }
  return encodeGrayscalePng(gray, side, side);
}
