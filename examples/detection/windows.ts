// The sliding windows of a detector: square windows at a few sizes stepped across the canvas, and each
// window's 8×8 feature vector, the average ink of its 8×8 cells, read from an integral image.
import { inkOf } from "./scenes";

/** Reused by every call of windowFeatures (one thread, and no call keeps it), so a million windows allocate nothing. */
const cornerScratch = new Float64Array(81);

export interface WindowGrid {
  count: number;
  /** Top-left corner and side of window i, in pixels. */
  x: Int32Array;
  y: Int32Array;
  size: Int32Array;
}

/** Windows of each size in `sizes`, stepped by max(1, round(size × strideFraction)) pixels, sizes in the order given. */
export function windowGrid(width: number, height: number, sizes: readonly number[], strideFraction: number): WindowGrid {
  const x: number[] = [];
  const y: number[] = [];
  const size: number[] = [];
  for (const side of sizes) {
    if (!Number.isInteger(side) || side < 8 || side > Math.min(width, height))
      throw new Error(`a window side must be an integer from 8 to the canvas side; got ${side}`);
    const stride = Math.max(1, Math.round(side * strideFraction));
    for (let top = 0; top + side <= height; top += stride) {
      for (let left = 0; left + side <= width; left += stride) {
        x.push(left);
        y.push(top);
        size.push(side);
      }
    }
  }
  return { count: size.length, x: Int32Array.from(x), y: Int32Array.from(y), size: Int32Array.from(size) };
}

/** Summed ink of pixels [0, x) × [0, y) at entry y·(width + 1) + x, from gray levels (0 black … 255 white). */
export function integralInk(gray: Uint8Array, width: number, height: number): Float64Array {
  const stride = width + 1;
  const integral = new Float64Array(stride * (height + 1));
  for (let row = 0; row < height; row++) {
    let rowSum = 0;
    for (let column = 0; column < width; column++) {
      rowSum += inkOf(gray[row * width + column]);
      integral[(row + 1) * stride + column + 1] = integral[row * stride + column + 1] + rowSum;
    }
  }
  return integral;
}

/** Average ink of the whole window: four lookups, used to skip blank windows before any classifier runs. */
export function meanInk(integral: Float64Array, width: number, grid: WindowGrid, window: number): number {
  const stride = width + 1;
  const left = grid.x[window];
  const top = grid.y[window];
  const side = grid.size[window];
  const total =
    integral[(top + side) * stride + left + side] -
    integral[top * stride + left + side] -
    integral[(top + side) * stride + left] +
    integral[top * stride + left];
  return total / (side * side);
}

/**
 * Writes window `window`'s 64 features (row-major 8×8, each cell's mean ink on the 0..16 scale) into
 * `into` at `offset`. A cell spans size/8 pixels, often a fraction; within a pixel the integral of a
 * piecewise-constant image is bilinear in (x, y), so interpolating the integral image bilinearly at the
 * cell corners gives each cell's exact area average (area-averaging resampling).
 */
export function windowFeatures(integral: Float64Array, width: number, grid: WindowGrid, window: number, into: Float64Array, offset: number): void {
  const stride = width + 1;
  const left = grid.x[window];
  const top = grid.y[window];
  const cell = grid.size[window] / 8;
  // The integral at the 9 × 9 cell corners.
  const corners = cornerScratch;
  for (let cornerRow = 0; cornerRow <= 8; cornerRow++) {
    const y = top + cornerRow * cell;
    const y0 = Math.min(Math.floor(y), top + grid.size[window] - 1);
    const dy = y - y0;
    for (let cornerColumn = 0; cornerColumn <= 8; cornerColumn++) {
      const x = left + cornerColumn * cell;
      const x0 = Math.min(Math.floor(x), left + grid.size[window] - 1);
      const dx = x - x0;
      const a = y0 * stride + x0;
      const upper = integral[a] + dx * (integral[a + 1] - integral[a]);
      const lower = integral[a + stride] + dx * (integral[a + stride + 1] - integral[a + stride]);
      corners[cornerRow * 9 + cornerColumn] = upper + dy * (lower - upper);
    }
  }
  const cellArea = cell * cell;
  for (let row = 0; row < 8; row++) {
    for (let column = 0; column < 8; column++) {
      const c = row * 9 + column;
      into[offset + row * 8 + column] = (corners[c + 10] - corners[c + 1] - corners[c + 9] + corners[c]) / cellArea;
    }
  }
}
