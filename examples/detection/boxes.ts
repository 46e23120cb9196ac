// Axis-aligned boxes in pixels with continuous coordinates: a box covering pixel columns 10..19 has
// x_min 10 and x_max 20, so its width is x_max − x_min. Intersection over union and over the smaller box.

export interface Box {
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

function intersection(a: Box, b: Box): number {
  const width = Math.min(a.xMax, b.xMax) - Math.max(a.xMin, b.xMin);
  const height = Math.min(a.yMax, b.yMax) - Math.max(a.yMin, b.yMin);
  return width > 0 && height > 0 ? width * height : 0;
}

export function area(box: Box): number {
  return Math.max(0, box.xMax - box.xMin) * Math.max(0, box.yMax - box.yMin);
}

/** Intersection over union; 0 for boxes that only touch. */
export function intersectionOverUnion(a: Box, b: Box): number {
  const shared = intersection(a, b);
  return shared === 0 ? 0 : shared / (area(a) + area(b) - shared);
}

/** The share of the smaller box that the other covers: 1 when one box holds the other, however different their sizes. */
export function intersectionOverSmaller(a: Box, b: Box): number {
  const shared = intersection(a, b);
  return shared === 0 ? 0 : shared / Math.min(area(a), area(b));
}
