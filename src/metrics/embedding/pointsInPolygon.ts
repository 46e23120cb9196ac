// The lasso: which points lie inside a drawn polygon.

/**
 * Indices (ascending) of the points (x[i], y[i]) inside `polygon`, given as flat [x0, y0, x1, y1, …]
 * and closed implicitly. The even–odd rule by a horizontal ray (W. R. Franklin's PNPOLY test), after
 * a bounding-box test that leaves most points of a small lasso after four comparisons. NaN points
 * are never inside; a polygon of fewer than three vertices holds none.
 */
export function pointsInPolygon(x: ArrayLike<number>, y: ArrayLike<number>, polygon: ArrayLike<number>): Int32Array {
  const vertices = polygon.length >> 1;
  if (vertices < 3) return new Int32Array(0);
  let left = Infinity;
  let right = -Infinity;
  let bottom = Infinity;
  let top = -Infinity;
  const px = new Float64Array(vertices);
  const py = new Float64Array(vertices);
  for (let vertex = 0; vertex < vertices; vertex++) {
    px[vertex] = polygon[2 * vertex];
    py[vertex] = polygon[2 * vertex + 1];
    left = Math.min(left, px[vertex]);
    right = Math.max(right, px[vertex]);
    bottom = Math.min(bottom, py[vertex]);
    top = Math.max(top, py[vertex]);
  }
  const inside = new Int32Array(Math.min(x.length, y.length));
  let count = 0;
  for (let point = 0; point < inside.length; point++) {
    const pointX = x[point];
    const pointY = y[point];
    // NaN fails every comparison, so it never passes the box.
    if (!(pointX >= left && pointX <= right && pointY >= bottom && pointY <= top)) continue;
    let crossings = false;
    for (let vertex = 0, previous = vertices - 1; vertex < vertices; previous = vertex++) {
      const yi = py[vertex];
      const yj = py[previous];
      if (yi > pointY !== yj > pointY && pointX < ((px[previous] - px[vertex]) * (pointY - yi)) / (yj - yi) + px[vertex]) crossings = !crossings;
    }
    if (crossings) inside[count++] = point;
  }
  return inside.slice(0, count);
}
