// Measures of how a digit is drawn, computed from its 8×8 pixels: how much ink, how many pixels it
// touches, and how wide it is; the dataset's stratifications and test cases slice on these.

export interface Shape {
  /** Sum of the 64 pixel values (each 0..16). */
  ink: number;
  /** Number of pixels with any ink. */
  area: number;
  /** Number of pixel columns with any ink: the width of the bounding box when the strokes are connected. */
  width: number;
}

export function measureShape(pixels8x8: Uint8Array): Shape {
  let ink = 0;
  let area = 0;
  let inkedColumns = 0;
  for (let index = 0; index < 64; index++) {
    const value = pixels8x8[index];
    ink += value;
    if (value > 0) {
      area++;
      inkedColumns |= 1 << (index % 8);
    }
  }
  let width = 0;
  for (let column = 0; column < 8; column++) if (inkedColumns & (1 << column)) width++;
  return { ink, area, width };
}
