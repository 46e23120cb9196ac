// A value as the statistics statement's answer gives it (a bigint from some engines, bytes, no
// value), as the test cases and cells name it: a Scalar.
import { Scalar } from "../../core";

export function normalize(value: unknown): Scalar {
  if (typeof value === "bigint") return Number(value);
  if (value === undefined) return null;
  if (value instanceof Uint8Array) return `[${value.length} bytes]`;
  return value as Scalar;
}
