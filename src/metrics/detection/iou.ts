// Intersection over union of two boxes, and the crowd variant, on pycocotools' convention
// (maskApi.c bbIou): continuous coordinates, area = width × height, no +1.

/**
 * IoU of a prediction (corners, area) with a ground truth; with `crowd`, the intersection over
 * the prediction's area alone (how much of the prediction lies in a crowd region). The
 * operations and their order are pycocotools': min(right) − max(left), i = w·h, i / (a + b − i),
 * so a ratio that lands exactly on a threshold lands there in both.
 */
export function boxIou(
  predXMin: number,
  predYMin: number,
  predXMax: number,
  predYMax: number,
  predArea: number,
  truthXMin: number,
  truthYMin: number,
  truthXMax: number,
  truthYMax: number,
  truthArea: number,
  crowd: boolean,
): number {
  const width = Math.min(predXMax, truthXMax) - Math.max(predXMin, truthXMin);
  if (width <= 0) return 0;
  const height = Math.min(predYMax, truthYMax) - Math.max(predYMin, truthYMin);
  if (height <= 0) return 0;
  const intersection = width * height;
  return intersection / (crowd ? predArea : predArea + truthArea - intersection);
}
