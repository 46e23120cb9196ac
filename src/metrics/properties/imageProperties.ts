// The image properties of one decoded image: size, brightness, contrast, sharpness, entropy and symmetry,
// all measured on its luminance plane (see docs/properties.md for each definition).
import { Pixels, luminance } from "./luminance";

export interface ImageProperties {
  width: number;
  height: number;
  /** width / height. */
  aspect_ratio: number;
  /** Mean luminance, 0–1. */
  brightness: number;
  /** RMS contrast: the (population) standard deviation of luminance, 0–0.5. */
  contrast: number;
  /** Variance of the 4-neighbour Laplacian of luminance over interior pixels; 0 below 3×3. */
  sharpness: number;
  /** Shannon entropy of the 256-bin luminance histogram, in bits (0–8). */
  entropy: number;
  /** 1 − mean |L(x, y) − L(w−1−x, y)|: 1 for a left-right mirror image, 0–1. */
  symmetry: number;
}

export const imagePropertyNames = ["width", "height", "aspect_ratio", "brightness", "contrast", "sharpness", "entropy", "symmetry"] as const;

let scratch = new Float64Array(0);
const histogram = new Uint32Array(256);

export function imageProperties(pixels: Pixels): ImageProperties {
  const { width, height } = pixels;
  const count = width * height;
  if (!(width >= 1 && height >= 1)) throw new RangeError(`an image needs at least one pixel; got ${width}×${height}`);
  if (scratch.length < count) scratch = new Float64Array(count);
  const plane = luminance(pixels, scratch);
  const { mean, deviation } = meanAndDeviation(plane);
  return {
    width,
    height,
    aspect_ratio: width / height,
    brightness: mean,
    contrast: deviation,
    sharpness: laplacianVariance(plane, width, height),
    entropy: histogramEntropy(plane),
    symmetry: mirrorSymmetry(plane, width, height),
  };
}

function meanAndDeviation(plane: Float64Array): { mean: number; deviation: number } {
  // Deviations are summed from the first pixel, so a flat image has exactly 0 (no rounding of a mean),
  // and in two passes, since one pass's sum of squares loses the small variances of nearly flat images.
  const shift = plane[0];
  let sum = 0;
  for (let i = 0; i < plane.length; i++) sum += plane[i] - shift;
  const shiftedMean = sum / plane.length;
  let squares = 0;
  for (let i = 0; i < plane.length; i++) {
    const difference = plane[i] - shift - shiftedMean;
    squares += difference * difference;
  }
  return { mean: shift + shiftedMean, deviation: Math.sqrt(squares / plane.length) };
}

/**
 * Variance of the Laplacian (Pech-Pacheco et al., "Diatom autofocusing in brightfield microscopy",
 * ICPR 2000): Δ(x, y) = L(x−1, y) + L(x+1, y) + L(x, y−1) + L(x, y+1) − 4 L(x, y) at every pixel with
 * four neighbours, and the population variance of those values. Blur lowers it; a flat image has 0.
 */
function laplacianVariance(plane: Float64Array, width: number, height: number): number {
  if (width < 3 || height < 3) return 0;
  let sum = 0;
  let squares = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1, at = y * width + 1; x < width - 1; x++, at++) {
      const value = plane[at - 1] + plane[at + 1] + plane[at - width] + plane[at + width] - 4 * plane[at];
      sum += value;
      squares += value * value;
    }
  }
  const n = (width - 2) * (height - 2);
  const mean = sum / n;
  return Math.max(0, squares / n - mean * mean);
}

/** Shannon entropy −Σ p log₂ p of luminance rounded to 256 levels (0–255). */
function histogramEntropy(plane: Float64Array): number {
  histogram.fill(0);
  for (let i = 0; i < plane.length; i++) histogram[Math.round(plane[i] * 255)] += 1;
  let entropy = 0;
  for (let level = 0; level < 256; level++) {
    if (histogram[level] === 0) continue;
    const p = histogram[level] / plane.length;
    entropy -= p * Math.log2(p);
  }
  // −0 for a single level reads oddly; entropy is never negative.
  return entropy === 0 ? 0 : entropy;
}

/** 1 − the mean absolute difference between each pixel and its left-right mirror, over every pixel. */
function mirrorSymmetry(plane: Float64Array, width: number, height: number): number {
  let sum = 0;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) sum += Math.abs(plane[row + x] - plane[row + width - 1 - x]);
  }
  return 1 - sum / (width * height);
}
