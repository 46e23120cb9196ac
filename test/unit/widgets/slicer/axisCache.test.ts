// The Slicer's cache of axes: going back to a setting reuses its axis, and past the bound of
// codes kept the oldest axis gives its codes to the new one.
import type { AxisSettings, NumericColumn, SliceAxis } from "../../../../src/metrics";
import { AxisCache, maximumCachedCodes } from "../../../../src/widgets/slicer/axisCache";
import type { AxisState } from "../../../../src/widgets/slicer/slicerState";

const axis = (field: string, bins: number): AxisState => ({ field, method: null, bins, top: 12 });

/** A cache over `rows` rows of a numeric column 0, 1, 2, …, recording each axis it builds. */
function counting(rows: number) {
  const built: { settings: AxisSettings; recycled: Int32Array | undefined }[] = [];
  const column: NumericColumn = { kind: "numeric", values: Float64Array.from({ length: Math.min(rows, 100) }, (_, i) => i) };
  const cache = new AxisCache(
    rows,
    () => column,
    (_column, settings, recycled): SliceAxis => {
      built.push({ settings, recycled });
      return { field: settings.field, method: "equal-width", levels: [], codes: recycled ?? new Int32Array(1) };
    },
  );
  return { cache, built };
}

test("the same settings give the same axis, built once", () => {
  const { cache, built } = counting(10);
  const first = cache.axisOf(axis("size", 5));
  expect(cache.axisOf(axis("size", 5))).toBe(first);
  expect(cache.axisOf(axis("size", 6))).not.toBe(first);
  expect(built.map((entry) => entry.settings.bins)).toEqual([5, 6]);
});

test("past the bound, the least recently used axis is dropped and its codes reused", () => {
  const rows = maximumCachedCodes / 2;
  const { cache, built } = counting(rows);
  const five = cache.axisOf(axis("size", 5));
  const six = cache.axisOf(axis("size", 6));
  // Five is used again, so six is now the oldest.
  cache.axisOf(axis("size", 5));
  const seven = cache.axisOf(axis("size", 7));
  expect(cache.size).toBe(2);
  expect(seven.codes).toBe(six.codes);
  expect(built.map((entry) => entry.recycled !== undefined)).toEqual([false, false, true]);
  expect(cache.axisOf(axis("size", 5))).toBe(five);
});
