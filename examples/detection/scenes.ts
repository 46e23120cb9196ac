// Scenes of real UCI digits: 8×8 digits enlarged (bilinear) to 12–40 px and placed at random on a larger
// grayscale canvas with a little noise, each digit's box the ground truth; and the split that keeps the
// digits placed in scenes apart from the digits the detectors learn from.
import { createRandom } from "../../src/metrics/random";
import { assignFolds } from "../digits/crossValidate";
import { Digits, pixelsPerImage } from "../digits/readDigits";
import { Box, intersectionOverSmaller } from "./boxes";

/** One digit on a canvas: which image of the digits file, its label, and the square it fills. */
export interface Placement {
  /** Row of the digits file (0..1796). */
  digit: number;
  label: number;
  /** Top-left pixel of the square; the digit covers columns x..x+size−1 and rows y..y+size−1. */
  x: number;
  y: number;
  size: number;
}

export interface Scene {
  placements: Placement[];
  /** width × height gray levels (0 black … 255 white), row after row: exactly the pixels of the PNG. */
  gray: Uint8Array;
  width: number;
  height: number;
}

export interface SceneOptions {
  count?: number;
  seed?: number;
  width?: number;
  height?: number;
  /** Side of a placed digit in pixels, drawn uniformly from minSize..maxSize. */
  minSize?: number;
  maxSize?: number;
  /** Objects per scene are drawn uniformly from 1..maxObjects (fewer when the canvas has no room). */
  maxObjects?: number;
  /** A new digit may cover at most this share of a smaller digit already placed, or be covered that much. */
  maxCover?: number;
  /** Ink added to every pixel, uniform in [0, noise), on the digits' 0..16 scale. */
  noise?: number;
}

export type ResolvedSceneOptions = Required<SceneOptions>;

export const sceneDefaults: Readonly<ResolvedSceneOptions> = Object.freeze({
  count: 400,
  seed: 17,
  width: 96,
  height: 96,
  minSize: 12,
  maxSize: 40,
  maxObjects: 6,
  maxCover: 0.5,
  noise: 1.5,
});

/** Tries to find room for each object this many times before leaving it out. */
const placementAttempts = 30;
const maxInk = 16;

export function resolveSceneOptions(options: SceneOptions = {}): ResolvedSceneOptions {
  const resolved = { ...sceneDefaults, ...options };
  if (!(resolved.minSize >= 1 && resolved.minSize <= resolved.maxSize && resolved.maxSize <= Math.min(resolved.width, resolved.height)))
    throw new Error(
      `digit sizes must satisfy 1 ≤ minSize ≤ maxSize ≤ the canvas side; got ${resolved.minSize}..${resolved.maxSize} on ${resolved.width}×${resolved.height}`,
    );
  return resolved;
}

export interface DigitSplit {
  /** Rows of the digits file the detectors train on. */
  training: Int32Array;
  /** Rows placed in the evaluation scenes: none of them is in `training`. */
  scene: Int32Array;
}

/**
 * Folds 0..trainingFolds−1 of the digits example's stratified five-fold assignment train the detectors; the
 * other folds fill the scenes. The same split every time, with each digit in the same share on both sides.
 */
export function splitDigits(labels: Uint8Array, trainingFolds = 3): DigitSplit {
  const folds = assignFolds(labels, { folds: 5 });
  const training: number[] = [];
  const scene: number[] = [];
  folds.forEach((fold, row) => (fold < trainingFolds ? training : scene).push(row));
  return { training: Int32Array.from(training), scene: Int32Array.from(scene) };
}

export function placementBox(placement: Placement): Box {
  return { xMin: placement.x, yMin: placement.y, xMax: placement.x + placement.size, yMax: placement.y + placement.size };
}

/** Draws a scene's digits from `pool` (rows of the digits file) and finds each a square that overlaps the others little enough. */
export function layoutScene(random: () => number, pool: Int32Array, labels: Uint8Array, options: ResolvedSceneOptions): Placement[] {
  const { width, height, minSize, maxSize, maxObjects, maxCover } = options;
  const wanted = 1 + Math.floor(random() * maxObjects);
  const placements: Placement[] = [];
  for (let object = 0; object < wanted; object++) {
    const digit = pool[Math.floor(random() * pool.length)];
    for (let attempt = 0; attempt < placementAttempts; attempt++) {
      const size = minSize + Math.floor(random() * (maxSize - minSize + 1));
      const x = Math.floor(random() * (width - size + 1));
      const y = Math.floor(random() * (height - size + 1));
      const candidate: Placement = { digit, label: labels[digit], x, y, size };
      const box = placementBox(candidate);
      if (placements.every((placed) => intersectionOverSmaller(box, placementBox(placed)) <= maxCover)) {
        placements.push(candidate);
        break;
      }
    }
  }
  return placements;
}

/**
 * Bilinear enlargement of one 8×8 digit onto the ink canvas: output pixel j samples the source at
 * (j + ½)·8/size − ½ (pixel centres aligned, edges clamped). Overlapping digits keep the darker ink, as
 * strokes drawn over each other on paper.
 */
function drawDigit(ink: Float32Array, canvasWidth: number, digitPixels: Uint8Array, placement: Placement): void {
  const { x, y, size } = placement;
  const scale = 8 / size;
  for (let row = 0; row < size; row++) {
    const v = Math.min(7, Math.max(0, (row + 0.5) * scale - 0.5));
    const top = Math.floor(v);
    const bottom = Math.min(7, top + 1);
    const down = v - top;
    for (let column = 0; column < size; column++) {
      const u = Math.min(7, Math.max(0, (column + 0.5) * scale - 0.5));
      const left = Math.floor(u);
      const right = Math.min(7, left + 1);
      const across = u - left;
      const upper = digitPixels[top * 8 + left] * (1 - across) + digitPixels[top * 8 + right] * across;
      const lower = digitPixels[bottom * 8 + left] * (1 - across) + digitPixels[bottom * 8 + right] * across;
      const value = upper * (1 - down) + lower * down;
      const index = (y + row) * canvasWidth + x + column;
      if (value > ink[index]) ink[index] = value;
    }
  }
}

export interface RenderOptions {
  width: number;
  height: number;
  noise: number;
  /** Needed only when noise > 0. */
  random?: () => number;
}

/** The scene's pixels as gray levels: ink 0..16 becomes 255..0, dark strokes on white paper as in the digits example's thumbnails. */
export function renderScene(pixels: Uint8Array, placements: Placement[], options: RenderOptions): Uint8Array {
  const { width, height, noise, random } = options;
  const ink = new Float32Array(width * height);
  for (const placement of placements) {
    if (placement.x < 0 || placement.y < 0 || placement.x + placement.size > width || placement.y + placement.size > height)
      throw new Error(`digit ${placement.digit} at (${placement.x}, ${placement.y}) with size ${placement.size} does not fit a ${width}×${height} canvas`);
    drawDigit(ink, width, pixels.subarray(placement.digit * pixelsPerImage, (placement.digit + 1) * pixelsPerImage), placement);
  }
  if (noise > 0 && random === undefined) throw new Error("renderScene needs options.random to add noise");
  const gray = new Uint8Array(width * height);
  for (let index = 0; index < gray.length; index++) {
    const value = noise > 0 ? Math.min(maxInk, ink[index] + noise * random!()) : ink[index];
    gray[index] = Math.round(255 - (value * 255) / maxInk);
  }
  return gray;
}

/** `count` scenes whose digits all come from `pool`; the same seed gives the same scenes. */
export function generateScenes(digits: Digits, pool: Int32Array, options: SceneOptions = {}): Scene[] {
  const resolved = resolveSceneOptions(options);
  const random = createRandom(resolved.seed);
  const scenes: Scene[] = [];
  for (let index = 0; index < resolved.count; index++) {
    const placements = layoutScene(random, pool, digits.labels, resolved);
    const gray = renderScene(digits.pixels, placements, { width: resolved.width, height: resolved.height, noise: resolved.noise, random });
    scenes.push({ placements, gray, width: resolved.width, height: resolved.height });
  }
  return scenes;
}

/** Gray level 0..255 back to ink 0..16: what a detector reads from the image it is given. */
export function inkOf(gray: number): number {
  return ((255 - gray) * maxInk) / 255;
}
