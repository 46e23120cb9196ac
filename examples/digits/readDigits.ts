// Reads the UCI handwritten-digits test set (examples/digits/digits.csv.gz) into typed arrays:
// 64 pixel values (8×8, 0..16, row-major) and one label (0..9) per image, in file order.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";

export const pixelsPerImage = 64;
const fileName = "digits.csv.gz";

export interface Digits {
  /** count × 64 pixel values, image after image. */
  pixels: Uint8Array;
  labels: Uint8Array;
  count: number;
}

/**
 * The data file sits beside the TypeScript source; run from the compiled output
 * (lib/examples/digits/) it is three folders up and back down into examples/digits/.
 */
function defaultPath(): string {
  const candidates = [join(__dirname, fileName), join(__dirname, "..", "..", "..", "examples", "digits", fileName)];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (found === undefined) throw new Error(`the digits data file was not found at ${candidates.join(" or ")}; pass its path to readDigits(path)`);
  return found;
}

export function readDigits(path: string = defaultPath()): Digits {
  const text = gunzipSync(readFileSync(path)).toString("latin1");
  const lines = text.split("\n").filter((line) => line.length > 0);
  const count = lines.length;
  const pixels = new Uint8Array(count * pixelsPerImage);
  const labels = new Uint8Array(count);
  for (let row = 0; row < count; row++) {
    const values = lines[row].split(",");
    if (values.length !== pixelsPerImage + 1)
      throw new Error(`${path} line ${row + 1} has ${values.length} values; each line must hold 64 pixels then the label`);
    for (let column = 0; column <= pixelsPerImage; column++) {
      const value = Number(values[column]);
      const limit = column < pixelsPerImage ? 16 : 9;
      if (!Number.isInteger(value) || value < 0 || value > limit)
        throw new Error(`${path} line ${row + 1}, value ${column + 1} is "${values[column]}"; expected an integer 0..${limit}`);
      if (column < pixelsPerImage) pixels[row * pixelsPerImage + column] = value;
      else labels[row] = value;
    }
  }
  return { pixels, labels, count };
}
