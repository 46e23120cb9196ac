// Slice axes by their settings, least recently used first, so going back to a bin count reuses
// its axis; the codes kept are bounded, and a new axis takes over the oldest one's codes.
import { AxisSettings, CategoricalColumn, NumericColumn, SliceAxis, buildAxis } from "../../metrics";
import type { AxisState } from "./slicerState";

/** Row codes kept across axes: ~16M Int32 codes, 64 MB. */
export const maximumCachedCodes = 16_000_000;

export type AxisBuilder = (column: NumericColumn | CategoricalColumn, settings: AxisSettings, recycled?: Int32Array) => SliceAxis;

export class AxisCache {
  private readonly axes = new Map<string, SliceAxis>();

  constructor(
    private readonly rows: number,
    private readonly read: (field: string) => NumericColumn | CategoricalColumn,
    private readonly build: AxisBuilder = buildAxis,
  ) {}

  get size(): number {
    return this.axes.size;
  }

  axisOf(state: AxisState): SliceAxis {
    const settings: AxisSettings = { field: state.field, bins: state.bins, top: state.top, method: state.method ?? undefined };
    const key = JSON.stringify(settings);
    let axis = this.axes.get(key);
    if (axis) this.axes.delete(key);
    else axis = this.build(this.read(state.field), settings, this.recycledCodes());
    this.axes.set(key, axis);
    return axis;
  }

  /** The oldest axis's codes, dropping it, when one more axis would pass the bound (two are always kept). */
  private recycledCodes(): Int32Array | undefined {
    if ((this.axes.size + 1) * this.rows <= maximumCachedCodes || this.axes.size < 2) return undefined;
    const [oldest, axis] = this.axes.entries().next().value!;
    this.axes.delete(oldest);
    return axis.codes;
  }
}
