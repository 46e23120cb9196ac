// The box properties of one image's boxes: how many objects, how large relative to the image, and how
// far from its centre (definitions in docs/properties.md).

/** One image's boxes: corners in pixels (x right, y down, continuous coordinates, as in docs/detection.md). */
export interface ImageBoxes {
  xMin: ArrayLike<number>;
  yMin: ArrayLike<number>;
  xMax: ArrayLike<number>;
  yMax: ArrayLike<number>;
  /** 1 for an ignored region (not an object); absent when no box is ignored. */
  ignore?: ArrayLike<number>;
}

export interface BoxProperties {
  /** Boxes that are not ignored regions. */
  object_count: number;
  /** Mean of box area / image area; null without objects or without the image's size. */
  mean_relative_area: number | null;
  min_relative_area: number | null;
  /** Mean distance of box centres to the image centre, over half the image diagonal (0 centre, 1 corner). */
  mean_center_distance: number | null;
}

export const boxPropertyNames = ["object_count", "mean_relative_area", "min_relative_area", "mean_center_distance"] as const;

/** `image` is the image's size in pixels; without it only the count is known. */
export function boxProperties(boxes: ImageBoxes, image: { width: number; height: number } | null): BoxProperties {
  const { xMin, yMin, xMax, yMax, ignore } = boxes;
  let count = 0;
  let areaSum = 0;
  let areaMin = Infinity;
  let distanceSum = 0;
  const sized = image !== null && image.width > 0 && image.height > 0;
  const imageArea = sized ? image.width * image.height : 1;
  const halfDiagonal = sized ? Math.hypot(image.width, image.height) / 2 : 1;
  for (let box = 0; box < xMin.length; box++) {
    if (ignore && ignore[box]) continue;
    count += 1;
    if (!sized) continue;
    const area = Math.max(0, xMax[box] - xMin[box]) * Math.max(0, yMax[box] - yMin[box]);
    areaSum += area / imageArea;
    areaMin = Math.min(areaMin, area / imageArea);
    const dx = (xMin[box] + xMax[box]) / 2 - image.width / 2;
    const dy = (yMin[box] + yMax[box]) / 2 - image.height / 2;
    distanceSum += Math.hypot(dx, dy) / halfDiagonal;
  }
  if (count === 0 || !sized) return { object_count: count, mean_relative_area: null, min_relative_area: null, mean_center_distance: null };
  return { object_count: count, mean_relative_area: areaSum / count, min_relative_area: areaMin, mean_center_distance: distanceSum / count };
}
