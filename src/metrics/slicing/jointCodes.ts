// Several per-row code columns combined into one code per row: several models' codes of one
// metric, so a slicing counts every model in a single pass (each model's counts are then sums over
// the few combined codes), or several outcomes of one model, as the tuples of a cell metric.

export interface JointCodes {
  /** Row i's combined code, 0 … states − 1. */
  codes: Int32Array;
  states: number;
  /** Per model: combined code → that model's own code. */
  toModel: Int32Array[];
}

/** Mixed-radix keys up to this many are looked up in an array; beyond, in a map. */
const denseKeys = 1 << 20;

/**
 * Combines `modelCodes[m]` (values 0 … modelStates[m] − 1) into one code per row, numbered in
 * order of first appearance; null when the keys would not fit a double exactly.
 */
export function jointCodes(modelCodes: ArrayLike<number>[], modelStates: number[]): JointCodes | null {
  const rows = modelCodes[0]?.length ?? 0;
  const keys = modelStates.reduce((product, states) => product * states, 1);
  if (keys > Number.MAX_SAFE_INTEGER) return null;
  const codes = new Int32Array(rows);
  const firstRow: number[] = [];
  const dense = keys <= denseKeys ? new Int32Array(keys).fill(-1) : null;
  const sparse = dense ? null : new Map<number, number>();
  for (let i = 0; i < rows; i++) {
    let key = 0;
    for (let m = 0; m < modelCodes.length; m++) key = key * modelStates[m] + modelCodes[m][i];
    let code = dense ? dense[key] : (sparse!.get(key) ?? -1);
    if (code < 0) {
      code = firstRow.length;
      firstRow.push(i);
      if (dense) dense[key] = code;
      else sparse!.set(key, code);
    }
    codes[i] = code;
  }
  const toModel = modelCodes.map((own) => Int32Array.from(firstRow, (row) => own[row]));
  return { codes, states: firstRow.length, toModel };
}

/** One pass: counts of the combined codes per slice, slot slice + 1 (slot 0: rows in no slice). */
export function countJoint(joint: JointCodes, sliceOf: Int32Array, slices: number): Float64Array {
  const { codes, states } = joint;
  const counts = new Float64Array((slices + 1) * states);
  for (let i = 0; i < codes.length; i++) counts[(sliceOf[i] + 1) * states + codes[i]]++;
  return counts;
}

/** A model's own-code counts in one slice, summed from the combined counts. */
export function modelCounts(joint: JointCodes, counts: Float64Array, slice: number, model: number, modelStates: number): Float64Array {
  const own = new Float64Array(modelStates);
  const toModel = joint.toModel[model];
  const base = (slice + 1) * joint.states;
  for (let code = 0; code < joint.states; code++) own[toModel[code]] += counts[base + code];
  return own;
}
