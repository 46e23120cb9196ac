// Sliding-window digit detectors made from the digits example's classifiers: each window of a scene is
// shrunk to 8×8 and classified among the ten digits and "background" (class 10); the windows taken for a
// digit become boxes scored by the classifier's confidence, thinned by per-class non-maximum suppression.
import { createRandom } from "../../src/metrics/random";
import { Classifier } from "../digits/classifier";
import { Digits, pixelsPerImage } from "../digits/readDigits";
import { intersectionOverUnion } from "./boxes";
import { nonMaximumSuppression } from "./nonMaximumSuppression";
import { generateScenes, placementBox, SceneOptions } from "./scenes";
import { integralInk, meanInk, windowFeatures, windowGrid, WindowGrid } from "./windows";

/** The class a classifier answers for "no digit here". */
export const backgroundLabel = 10;

export interface DetectorSettings {
  /** Window sides in pixels; the scenes' digits are 12–40 px, and neighbouring sides differ by about a quarter. */
  windowSizes: readonly number[];
  /** A window of side s steps round(s × strideFraction) pixels. */
  strideFraction: number;
  /**
   * Windows whose average ink (0..16) is below this are background without asking the classifier: the
   * scenes' noise averages 0.75 and a digit's 8×8 frame 2.9 to 6.8, so mostly paper is skipped. Every
   * detector shares this rule; it saves most of the work on an empty canvas.
   */
  minimumMeanInk: number;
  /** Per-class non-maximum suppression drops a box whose IoU with a better box of the same digit is above this. */
  suppressionIou: number;
  /** Boxes kept per image, the highest-scoring (COCO's maxDets). */
  maxDetections: number;
}

export const detectorDefaults: Readonly<DetectorSettings> = Object.freeze({
  windowSizes: Object.freeze([12, 15, 19, 24, 30, 38]),
  strideFraction: 0.25,
  minimumMeanInk: 2,
  suppressionIou: 0.3,
  maxDetections: 100,
});

export interface PatchOptions {
  /** Scenes made only of training digits, from which windows are cut. */
  trainingScenes: number;
  seed: number;
  /** A window with IoU ≥ this against a digit's box is a (shifted, rescaled) example of that digit… */
  positiveIou: number;
  /** …and one with IoU < this against every box is background: paper, noise, parts of digits, pieces of two. */
  backgroundIou: number;
  /** How many of each kind are drawn at random from the training scenes' windows. */
  positives: number;
  backgrounds: number;
}

export const patchDefaults: Readonly<PatchOptions> = Object.freeze({
  trainingScenes: 150,
  seed: 1017,
  positiveIou: 0.6,
  backgroundIou: 0.4,
  positives: 2000,
  backgrounds: 4000,
});

/** Rows × 64 features (8×8 mean ink, 0..16) and a label per row, 0..9 for digits and 10 for background. */
export interface Patches {
  features: Float64Array;
  labels: Uint8Array;
  rows: number;
}

/** `wanted` of `count` items, drawn without replacement (a partial Fisher–Yates shuffle), in the order drawn. */
function sample(count: number, wanted: number, random: () => number): Int32Array {
  const items = Int32Array.from({ length: count }, (_, index) => index);
  const taken = Math.min(wanted, count);
  for (let index = 0; index < taken; index++) {
    const other = index + Math.floor(random() * (count - index));
    const swap = items[index];
    items[index] = items[other];
    items[other] = swap;
  }
  return items.slice(0, taken);
}

/**
 * The training set of every detector: the training digits as they are in the file, windows cut from scenes
 * of training digits that frame a digit nearly (IoU ≥ positiveIou, labelled with that digit), and windows
 * that frame none (background). No digit placed in the evaluation scenes is among `training`.
 */
export function trainingPatches(
  digits: Digits,
  training: Int32Array,
  sceneOptions: SceneOptions = {},
  settings: DetectorSettings = detectorDefaults,
  options: PatchOptions = patchDefaults,
): Patches {
  const scenes = generateScenes(digits, training, { ...sceneOptions, count: options.trainingScenes, seed: options.seed });
  const { width, height } = scenes[0] ?? { width: 96, height: 96 };
  const grid = windowGrid(width, height, settings.windowSizes, settings.strideFraction);
  const integrals = scenes.map((scene) => integralInk(scene.gray, width, height));
  // Candidates as (scene, window, label) triples.
  const positives: number[] = [];
  const backgrounds: number[] = [];
  scenes.forEach((scene, sceneIndex) => {
    const boxes = scene.placements.map(placementBox);
    for (let window = 0; window < grid.count; window++) {
      if (meanInk(integrals[sceneIndex], width, grid, window) < settings.minimumMeanInk) continue;
      const box = { xMin: grid.x[window], yMin: grid.y[window], xMax: grid.x[window] + grid.size[window], yMax: grid.y[window] + grid.size[window] };
      let best = 0;
      let bestObject = -1;
      boxes.forEach((other, object) => {
        const overlap = intersectionOverUnion(box, other);
        if (overlap > best) {
          best = overlap;
          bestObject = object;
        }
      });
      if (best >= options.positiveIou) positives.push(sceneIndex, window, scene.placements[bestObject].label);
      else if (best < options.backgroundIou) backgrounds.push(sceneIndex, window, backgroundLabel);
    }
  });
  const random = createRandom(options.seed);
  const chosen = [...pick(positives, options.positives, random), ...pick(backgrounds, options.backgrounds, random)];
  const rows = training.length + chosen.length / 3;
  const features = new Float64Array(rows * pixelsPerImage);
  const labels = new Uint8Array(rows);
  training.forEach((digit, row) => {
    for (let pixel = 0; pixel < pixelsPerImage; pixel++) features[row * pixelsPerImage + pixel] = digits.pixels[digit * pixelsPerImage + pixel];
    labels[row] = digits.labels[digit];
  });
  for (let index = 0; index < chosen.length / 3; index++) {
    const row = training.length + index;
    windowFeatures(integrals[chosen[3 * index]], width, grid, chosen[3 * index + 1], features, row * pixelsPerImage);
    labels[row] = chosen[3 * index + 2];
  }
  return { features, labels, rows };
}

function pick(triples: number[], wanted: number, random: () => number): number[] {
  return Array.from(sample(triples.length / 3, wanted, random)).flatMap((index) => triples.slice(3 * index, 3 * index + 3));
}

/** Every `step`-th row of a training set: how the kNN detector keeps its search affordable. */
export function everyNthPatch(patches: Patches, step: number): Patches {
  const rows = Math.ceil(patches.rows / step);
  const features = new Float64Array(rows * pixelsPerImage);
  const labels = new Uint8Array(rows);
  for (let row = 0; row < rows; row++) {
    features.set(patches.features.subarray(row * step * pixelsPerImage, (row * step + 1) * pixelsPerImage), row * pixelsPerImage);
    labels[row] = patches.labels[row * step];
  }
  return { features, labels, rows };
}

/** One image's boxes: x_min, y_min, x_max, y_max per box (4 numbers each), a digit 0..9 and a score in [0, 1]. */
export interface Detections {
  count: number;
  boxes: Float64Array;
  labels: Uint8Array;
  scores: Float64Array;
}

/**
 * A detector for width × height images: every window with enough ink is classified in one batch; windows
 * called a digit become candidate boxes, the window itself as the box and the classifier's confidence in
 * that digit as the score; per-class non-maximum suppression (IoU > suppressionIou suppressed) then keeps
 * at most maxDetections boxes, best first.
 */
export function createDetector<Model>(
  classifier: Classifier<Model>,
  model: Model,
  width: number,
  height: number,
  settings: DetectorSettings = detectorDefaults,
): (gray: Uint8Array) => Detections {
  const grid: WindowGrid = windowGrid(width, height, settings.windowSizes, settings.strideFraction);
  const features = new Float64Array(grid.count * pixelsPerImage);
  const windows = new Int32Array(grid.count);
  return function detect(gray: Uint8Array): Detections {
    if (gray.length !== width * height) throw new Error(`this detector reads ${width}×${height} images; got ${gray.length} pixels`);
    const integral = integralInk(gray, width, height);
    let rows = 0;
    for (let window = 0; window < grid.count; window++) {
      if (meanInk(integral, width, grid, window) < settings.minimumMeanInk) continue;
      windowFeatures(integral, width, grid, window, features, rows * pixelsPerImage);
      windows[rows++] = window;
    }
    const { predictions, scores } = classifier.predict(model, features, rows);
    let candidates = 0;
    for (let row = 0; row < rows; row++) if (predictions[row] !== backgroundLabel) candidates++;
    const boxes = new Float64Array(4 * candidates);
    const labels = new Uint8Array(candidates);
    const candidateScores = new Float64Array(candidates);
    let candidate = 0;
    for (let row = 0; row < rows; row++) {
      if (predictions[row] === backgroundLabel) continue;
      const window = windows[row];
      boxes.set([grid.x[window], grid.y[window], grid.x[window] + grid.size[window], grid.y[window] + grid.size[window]], 4 * candidate);
      labels[candidate] = predictions[row];
      // Scores are float32 in the classifiers; six decimals show 0.8 rather than 0.800000011920929.
      candidateScores[candidate] = Math.round(scores[row] * 1e6) / 1e6;
      candidate++;
    }
    const kept = nonMaximumSuppression(boxes, labels, candidateScores, candidates, { iou: settings.suppressionIou, maxKept: settings.maxDetections });
    const result: Detections = {
      count: kept.length,
      boxes: new Float64Array(4 * kept.length),
      labels: new Uint8Array(kept.length),
      scores: new Float64Array(kept.length),
    };
    kept.forEach((index, slot) => {
      result.boxes.set(boxes.subarray(4 * index, 4 * index + 4), 4 * slot);
      result.labels[slot] = labels[index];
      result.scores[slot] = candidateScores[index];
    });
    return result;
  };
}
