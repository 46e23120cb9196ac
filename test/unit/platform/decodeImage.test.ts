// Tests for decoding image bytes: a JPEG and a PNG read back to their pixels, anything else refused
// with a reason, and a PNG claiming too many pixels refused before it is inflated.
import { encode as encodeJpeg } from "jpeg-js";
import { encodeGrayscalePng } from "../../../examples/digits/png";
import { imageProperties } from "../../../src/metrics";
import { decodeImage, maxImagePixels } from "../../../src/platform/properties/decodeImage";

describe("decodeImage", () => {
  it("reads a flat gray 16×8 JPEG back to its size and, within JPEG's rounding, its gray", () => {
    const rgba = new Uint8Array(16 * 8 * 4).fill(128);
    const jpeg = encodeJpeg({ width: 16, height: 8, data: rgba }, 90).data;
    const pixels = decodeImage(new Uint8Array(jpeg));
    expect([pixels.width, pixels.height, pixels.channels]).toEqual([16, 8, 3]);
    const properties = imageProperties(pixels);
    expect(Math.abs(properties.brightness - 128 / 255)).toBeLessThanOrEqual(2 / 255);
    expect(properties.aspect_ratio).toBe(2);
  });

  it("reads a gray PNG as RGBA with its grays in every colour channel", () => {
    const pixels = decodeImage(encodeGrayscalePng(Uint8Array.from([0, 100, 200, 255]), 2, 2));
    expect(Array.from(pixels.data)).toEqual([0, 0, 0, 255, 100, 100, 100, 255, 200, 200, 200, 255, 255, 255, 255, 255]);
  });

  it("refuses bytes that are neither PNG nor JPEG, and empty bytes", () => {
    expect(() => decodeImage(new TextEncoder().encode("GIF89a..."))).toThrow("the bytes are neither a PNG nor a JPEG");
    expect(() => decodeImage(new Uint8Array(0))).toThrow("the image is empty");
  });

  it("refuses a PNG whose header claims more pixels than the limit", () => {
    const png = encodeGrayscalePng(new Uint8Array(1), 1, 1);
    const view = new DataView(png.buffer, png.byteOffset);
    view.setUint32(16, 100_000);
    view.setUint32(20, 100_000);
    expect(() => decodeImage(png)).toThrow(`more than the ${maxImagePixels} read here`);
  });
});
