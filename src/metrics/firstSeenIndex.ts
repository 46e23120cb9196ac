// Numbers values 0, 1, 2, … in the order they first come, as a Map from value to number would,
// but small non-negative integers (most class labels) through an array: a Map lookup per cell was
// the largest part of preparing a cell table.
import { Scalar } from "../core";

/** Integers 0 … this − 1 are looked up in an array. */
const smallIntegersBelow = 1024;

export class FirstSeenIndex {
  /** The values in the order they came: values[i] was given index i. */
  readonly values: Scalar[] = [];
  private small: Int32Array | undefined;
  private readonly others = new Map<Scalar, number>();

  /** The value's index, given now if it is new. Values compare as in a Map (1 and "1" differ). */
  indexOf(value: Scalar): number {
    if (isSmallInteger(value)) {
      const small = (this.small ??= new Int32Array(smallIntegersBelow).fill(-1));
      if (small[value] < 0) small[value] = this.add(value);
      return small[value];
    }
    return this.others.get(value) ?? this.add(value);
  }

  private add(value: Scalar): number {
    const index = this.values.length;
    this.values.push(value);
    if (!isSmallInteger(value)) this.others.set(value, index);
    return index;
  }
}

function isSmallInteger(value: Scalar): value is number {
  return typeof value === "number" && value >= 0 && value < smallIntegersBelow && (value | 0) === value;
}
