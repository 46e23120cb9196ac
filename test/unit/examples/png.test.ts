// Tests the minimal PNG encoder and the digit thumbnail by taking the bytes apart by hand.
import { inflateSync } from "node:zlib";
import { digitImage, encodeGrayscalePng } from "../../../examples/digits/png";

interface Chunk {
  type: string;
  data: Uint8Array;
  crc: number;
  /** The bytes the CRC covers: type then data. */
  covered: Uint8Array;
}

function chunks(png: Uint8Array): Chunk[] {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const result: Chunk[] = [];
  let offset = 8;
  while (offset < png.length) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...png.subarray(offset + 4, offset + 8));
    const data = png.subarray(offset + 8, offset + 8 + length);
    result.push({ type, data, crc: view.getUint32(offset + 8 + length), covered: png.subarray(offset + 4, offset + 8 + length) });
    offset += 12 + length;
  }
  return result;
}

/** Bit-at-a-time CRC-32, deliberately unlike the encoder's table version. */
function referenceCrc(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}

describe("digitImage", () => {
  // A digit with a single column of full ink (16) in column 2 and half ink (8) at the top-left pixel.
  const pixels = new Uint8Array(64);
  for (let row = 0; row < 8; row++) pixels[row * 8 + 2] = 16;
  pixels[0] = 8;
  const png = digitImage(pixels);

  test("starts with the PNG signature", () => {
    expect(Array.from(png.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });

  test("holds IHDR, IDAT and IEND, each with a correct CRC", () => {
    const parts = chunks(png);
    expect(parts.map((part) => part.type)).toEqual(["IHDR", "IDAT", "IEND"]);
    for (const part of parts) expect(part.crc).toBe(referenceCrc(part.covered));
    // The IEND chunk is always the same twelve bytes; its CRC is the well-known AE 42 60 82.
    expect(parts[2].crc).toBe(0xae426082);
  });

  test("IHDR says 32×32, 8-bit grayscale, not interlaced", () => {
    const header = chunks(png)[0].data;
    const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
    expect(view.getUint32(0)).toBe(32);
    expect(view.getUint32(4)).toBe(32);
    expect(Array.from(header.subarray(8))).toEqual([8, 0, 0, 0, 0]);
  });

  test("inflating IDAT gives back each row as filter 0 then the enlarged, dark-on-white pixels", () => {
    const scanlines = inflateSync(chunks(png)[1].data);
    expect(scanlines.length).toBe(32 * 33);
    for (let y = 0; y < 32; y++) {
      expect(scanlines[y * 33]).toBe(0);
      const row = Array.from(scanlines.subarray(y * 33 + 1, (y + 1) * 33));
      const expected = new Array(32).fill(255);
      for (let x = 8; x < 12; x++) expected[x] = 0; // column 2, four pixels wide, solid ink
      if (y < 4) for (let x = 0; x < 4; x++) expected[x] = 128; // 255 − 8·255/16 = 127.5, rounded
      expect(row).toEqual(expected);
    }
  });
});

describe("encodeGrayscalePng", () => {
  test("encodes a non-square image row by row", () => {
    const pixels = Uint8Array.from([0, 50, 100, 150, 200, 250]);
    const parts = chunks(encodeGrayscalePng(pixels, 3, 2));
    const view = new DataView(parts[0].data.buffer, parts[0].data.byteOffset, 13);
    expect([view.getUint32(0), view.getUint32(4)]).toEqual([3, 2]);
    expect(Array.from(inflateSync(parts[1].data))).toEqual([0, 0, 50, 100, 0, 150, 200, 250]);
  });

  test("refuses a pixel count that does not match the size", () => {
    expect(() => encodeGrayscalePng(new Uint8Array(5), 3, 2)).toThrow("a 3×2 image needs 6 pixels; got 5");
  });
});
