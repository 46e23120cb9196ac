// The browser's half of "one definition of every metric": per-datapoint outcomes read once from
// the samples table into typed arrays, then each slicing's sufficient statistics gathered with
// tight loops over them — the same shapes the platform's SQL gathers.
import { Table } from "apache-arrow";
import { MetricGroup, Scalar, SlicewiseError, listForMessage } from "../../core";
import { FieldKind, MetricPlan, Outcome, planMetric } from "../metricPlan";
import { CellStatistics, SufficientStatistics } from "../sufficientStatistics";
import { CategoricalColumn, NumericColumn, fieldKindOfArrow, readCategorical, readNumeric } from "./rowColumns";
import { equalsOutcome } from "./predicateMask";
import { JointCodes, countJoint, jointCodes, modelCounts } from "./jointCodes";

/** One model's outcomes of one metric, per row. */
export type EncodedOutcomes =
  | { shape: "count" }
  /**
   * A 0/1 outcome and (paired) the reference's, as one small code per row: (x + 1)·3 + (r + 1)
   * with −1 for null, so a slice's statistics are nine counters (three unpaired).
   */
  | { shape: "binary"; codes: Uint8Array; paired: boolean }
  /** NaN for null; `complete` when neither the model's nor the reference's outcomes have one. */
  | { shape: "moments"; own: Float64Array; reference: Float64Array | null; complete: boolean }
  /** `codes[i]` indexes `tuples`: the model's outcomes, then (paired) the reference's. */
  | { shape: "cells"; codes: Int32Array; tuples: Scalar[][]; width: number; paired: boolean };

export interface EncodedMetric {
  plan: MetricPlan;
  /** Per compared model, in the order of `models`. */
  models: EncodedOutcomes[];
  /** Binary and cell metrics of several models: their codes combined, to count in one pass. */
  joint: JointCodes | null;
}

/**
 * A samples table seen as the platform sees its join: dataset columns as they are, and each
 * model's result columns as `<model>.<field>`. A metric's field is the model's column first,
 * then the dataset's (docs/architecture.md).
 */
export class SampleColumns {
  readonly rows: number;
  private readonly numeric = new Map<string, NumericColumn>();
  private readonly categorical = new Map<string, CategoricalColumn>();

  constructor(readonly table: Table) {
    this.rows = table.numRows;
  }

  has(column: string): boolean {
    return this.table.schema.fields.some((field) => field.name === column);
  }

  /** The column a model reads for `field`. */
  resolve(model: string, field: string): string | undefined {
    if (this.has(`${model}.${field}`)) return `${model}.${field}`;
    return this.has(field) ? field : undefined;
  }

  kind(column: string): FieldKind | undefined {
    const field = this.table.schema.fields.find((candidate) => candidate.name === column);
    return field ? fieldKindOfArrow(field.type) : undefined;
  }

  readNumeric(column: string): NumericColumn {
    let read = this.numeric.get(column);
    if (!read) this.numeric.set(column, (read = readNumeric(this.vector(column))));
    return read;
  }

  readCategorical(column: string): CategoricalColumn {
    let read = this.categorical.get(column);
    if (!read) this.categorical.set(column, (read = readCategorical(this.vector(column))));
    return read;
  }

  /** A column as slicing and predicates read it: numbers as numbers, the rest as categories. */
  read(column: string): NumericColumn | CategoricalColumn {
    return this.kind(column) === "numeric" ? this.readNumeric(column) : this.readCategorical(column);
  }

  private vector(column: string) {
    const vector = this.table.getChild(column);
    if (!vector)
      throw new SlicewiseError(
        "unknown_field",
        `the samples have no column "${column}"; they have ${listForMessage(this.table.schema.fields.map((field) => field.name))}`,
      );
    return vector;
  }
}

/** Plans every metric for every model (as the platform does) and reads its outcomes. */
export function encodeMetrics(columns: SampleColumns, models: string[], referenceIndex: number, metricGroups: MetricGroup[]): EncodedMetric[][] {
  return metricGroups.map((group) =>
    group.metrics.map((metric) => {
      const plans = models.map((model) =>
        planMetric(
          metric,
          (field) => {
            const column = columns.resolve(model, field);
            return column === undefined ? undefined : columns.kind(column);
          },
          ` for model "${model}"`,
        ),
      );
      if (new Set(plans.map((plan) => plan.shape)).size > 1)
        throw new SlicewiseError(
          "invalid_metric",
          `metric "${metric.label}" reads fields whose types differ between the models (${listForMessage(models)}); give every model the same column types`,
        );
      const plan = plans[referenceIndex];
      const own = models.map((model) => readOutcomes(columns, plan, model));
      const encoded = models.map((_, index): EncodedOutcomes => {
        const reference = index === referenceIndex ? null : own[referenceIndex];
        switch (plan.shape) {
          case "count":
            return { shape: "count" };
          case "binary":
            return binaryCodes(own[index] as Int8Array, reference as Int8Array | null);
          case "moments":
            return {
              shape: "moments",
              own: own[index] as Float64Array,
              reference: reference as Float64Array | null,
              complete: !hasNaN(own[index] as Float64Array) && (reference === null || !hasNaN(reference as Float64Array)),
            };
          case "detection":
            throw detectionNotSliced(plan);
          case "cells":
            return encodeTuples(
              reference ? [...(own[index] as CellColumn[]), ...(reference as CellColumn[])] : (own[index] as CellColumn[]),
              plan.outcomes.length,
              reference !== null,
            );
        }
      });
      return { plan, models: encoded, joint: models.length > 1 ? combine(encoded) : null };
    }),
  );
}

function detectionNotSliced(plan: MetricPlan): SlicewiseError {
  return new SlicewiseError(
    "invalid_metric",
    `metric "${plan.metric.label}" is a detection metric, which the platform evaluates (evaluate, the dashboard) but slicing in the browser does not compute yet; slice with a standard without it`,
  );
}

function hasNaN(values: Float64Array): boolean {
  for (let i = 0; i < values.length; i++) if (values[i] !== values[i]) return true;
  return false;
}

/** The models' binary or cell codes as one code per row (null for other shapes). */
function combine(outcomes: EncodedOutcomes[]): JointCodes | null {
  if (outcomes.every((outcome) => outcome.shape === "binary"))
    return jointCodes(
      outcomes.map((outcome) => (outcome as { codes: Uint8Array }).codes),
      outcomes.map(() => 9),
    );
  if (outcomes.every((outcome) => outcome.shape === "cells"))
    return jointCodes(
      outcomes.map((outcome) => (outcome as { codes: Int32Array }).codes),
      outcomes.map((outcome) => (outcome as { tuples: unknown[] }).tuples.length),
    );
  return null;
}

/** One outcome as categories (null: code −1). */
type CellColumn = CategoricalColumn;

function readOutcomes(columns: SampleColumns, plan: MetricPlan, model: string): Int8Array | Float64Array | CellColumn[] | null {
  const column = (field: string) => {
    const name = columns.resolve(model, field);
    if (name === undefined)
      throw new SlicewiseError("invalid_metric", `metric "${plan.metric.label}" reads field "${field}", which model "${model}" does not have`);
    return name;
  };
  switch (plan.shape) {
    case "count":
      return null;
    case "detection":
      throw detectionNotSliced(plan);
    case "binary":
      return binaryOutcome(columns, plan.outcomes[0], column);
    case "moments":
      return numericOutcome(columns, plan.outcomes[0], column);
    case "cells":
      return plan.outcomes.map((outcome) => cellOutcome(columns, outcome, column));
  }
}

function binaryCodes(own: Int8Array, reference: Int8Array | null): EncodedOutcomes {
  const codes = new Uint8Array(own.length);
  if (reference) for (let i = 0; i < own.length; i++) codes[i] = (own[i] + 1) * 3 + reference[i] + 1;
  else for (let i = 0; i < own.length; i++) codes[i] = own[i] + 1;
  return { shape: "binary", codes, paired: reference !== null };
}

/** `(x)::BOOLEAN` (non-zero is true) or `x = value` (`x IS NULL` for a null value). */
function binaryOutcome(columns: SampleColumns, outcome: Outcome, column: (field: string) => string): Int8Array {
  if (outcome.op === "equals") {
    const name = column(outcome.field);
    return equalsOutcome(columns.read(name), outcome.value, columns.rows);
  }
  if (outcome.op !== "field") throw new Error(`a binary metric reads a field, not "${outcome.op}"`);
  const values = columns.readNumeric(column(outcome.field)).values;
  const result = new Int8Array(values.length);
  for (let i = 0; i < values.length; i++) result[i] = Number.isNaN(values[i]) ? -1 : values[i] !== 0 ? 1 : 0;
  return result;
}

/** `(x)::DOUBLE`, `abs(pred − gt)` or `pow(pred − gt, 2)`; NaN for null. */
function numericOutcome(columns: SampleColumns, outcome: Outcome, column: (field: string) => string): Float64Array {
  if (outcome.op === "field") return columns.readNumeric(column(outcome.field)).values;
  if (outcome.op !== "absoluteError" && outcome.op !== "squaredError") throw new Error(`a moments metric does not read "${outcome.op}"`);
  const truth = columns.readNumeric(column(outcome.gt)).values;
  const predicted = columns.readNumeric(column(outcome.pred)).values;
  const result = new Float64Array(truth.length);
  const squared = outcome.op === "squaredError";
  for (let i = 0; i < result.length; i++) {
    const difference = predicted[i] - truth[i];
    result[i] = squared ? difference * difference : Math.abs(difference);
  }
  return result;
}

/** A field as its raw values, or `x::DOUBLE` for a count cell (nulls kept, as the platform keeps them). */
function cellOutcome(columns: SampleColumns, outcome: Outcome, column: (field: string) => string): CellColumn {
  if (outcome.op === "field") return columns.readCategorical(column(outcome.field));
  if (outcome.op !== "countOrZero") throw new Error(`a cells metric does not read "${outcome.op}"`);
  if (outcome.field === null) return { kind: "categorical", codes: new Int32Array(columns.rows), values: [0] };
  const read = columns.readCategorical(column(outcome.field));
  return { kind: "categorical", codes: read.codes, values: read.values.map((value) => Number(value)) };
}

/** Distinct tuples of several outcomes per row: the outcomes' codes combined (null as one more code). */
function encodeTuples(parts: CellColumn[], width: number, paired: boolean): EncodedOutcomes {
  const joint = jointCodes(
    parts.map((part) => Int32Array.from(part.codes, (code) => code + 1)),
    parts.map((part) => part.values.length + 1),
  );
  if (!joint) throw new SlicewiseError("invalid_metric", "a metric's outcomes take too many distinct values to be sliced in the browser");
  const tuples = Array.from({ length: joint.states }, (_, code) =>
    parts.map((part, p) => {
      const own = joint.toModel[p][code] - 1;
      return own < 0 ? null : part.values[own];
    }),
  );
  return { shape: "cells", codes: joint.codes, tuples, width, paired };
}

/** statistics(slice, model, group, metric) of one gathering. */
export interface GatheredStatistics {
  (slice: number, model: number, group: number, metric: number): SufficientStatistics;
  /** Rows per slice at slot slice + 1; slot 0 counts the rows in no slice. */
  sizes: Float64Array;
  /**
   * A cell metric's counts for one slice over all of the metric's distinct tuples (zero where the
   * slice has none), without building its cell table: for a quick value while the bootstrap waits.
   */
  weights(slice: number, model: number, group: number, metric: number): Float64Array;
}

/**
 * Gathers every metric's statistics for `slices` slices: `sliceOf[i]` is row i's slice, −1 for a
 * row in none. Counters live in typed arrays at slot slice + 1 — slot 0 takes the rows in no
 * slice, so the loops do not branch on it. A binary or cell metric is one pass over the rows for
 * all models (their combined codes); a numeric one, one pass per model.
 */
export function gatherSlices(encoded: EncodedMetric[][], sliceOf: Int32Array, slices: number): GatheredStatistics {
  const sizes = new Float64Array(slices + 1);
  for (let i = 0; i < sliceOf.length; i++) sizes[sliceOf[i] + 1]++;
  const perMetric = encoded.map((metrics) => metrics.map((metric) => gatherMetric(metric, sliceOf, slices, sizes)));
  const statistics = ((slice, model, group, metric) => perMetric[group][metric][model].statistics(slice)) as GatheredStatistics;
  statistics.sizes = sizes;
  statistics.weights = (slice, model, group, metric) => {
    const gathered = perMetric[group][metric][model];
    if (!gathered.weights) throw new Error("only cell metrics have weights");
    return gathered.weights(slice);
  };
  return statistics;
}

interface GatheredOne {
  statistics(slice: number): SufficientStatistics;
  weights?(slice: number): Float64Array;
}

/** Joint counters beyond this many cost more memory than the passes they save. */
const maximumCounters = 4_000_000;

function gatherMetric(metric: EncodedMetric, sliceOf: Int32Array, slices: number, sizes: Float64Array): GatheredOne[] {
  const { models, joint } = metric;
  if (models[0].shape === "count") return models.map(() => ({ statistics: (slice) => ({ shape: "count", n: sizes[slice + 1] }) }));
  if (models[0].shape === "moments") return gatherMoments(models as MomentOutcomes[], sliceOf, slices, sizes);
  // Binary and cells: each model's own-code counts per slice, from one joint pass or one pass each.
  let countsOf: (model: number, slice: number) => Float64Array;
  const states = models.map((outcome) => (outcome.shape === "binary" ? 9 : (outcome as CellOutcomes).tuples.length));
  if (joint && joint.states * (slices + 1) <= maximumCounters) {
    const counts = countJoint(joint, sliceOf, slices);
    countsOf = (model, slice) => modelCounts(joint, counts, slice, model, states[model]);
  } else {
    const perModel = models.map((outcome, model) => countCodes((outcome as BinaryOutcomes | CellOutcomes).codes, states[model], sliceOf, slices));
    countsOf = (model, slice) => perModel[model](slice);
  }
  return models.map((outcome, model) => {
    if (outcome.shape === "binary") return { statistics: (slice) => binaryStatistics(countsOf(model, slice), outcome.paired) };
    const cells = outcome as CellOutcomes;
    return {
      statistics: (slice) =>
        cellsOf(cells, (visit) => {
          const counted = countsOf(model, slice);
          for (let code = 0; code < counted.length; code++) if (counted[code] > 0) visit(code, counted[code]);
        }),
      weights: (slice) => countsOf(model, slice),
    };
  });
}

type BinaryOutcomes = Extract<EncodedOutcomes, { shape: "binary" }>;
type MomentOutcomes = Extract<EncodedOutcomes, { shape: "moments" }>;
type CellOutcomes = Extract<EncodedOutcomes, { shape: "cells" }>;

/** One model's code counts per slice: dense while small, a map per slice beyond. */
function countCodes(codes: ArrayLike<number>, states: number, sliceOf: Int32Array, slices: number): (slice: number) => Float64Array {
  const rows = sliceOf.length;
  if ((slices + 1) * states <= maximumCounters) {
    const counts = new Float64Array((slices + 1) * states);
    for (let i = 0; i < rows; i++) counts[(sliceOf[i] + 1) * states + codes[i]]++;
    return (slice) => counts.subarray((slice + 1) * states, (slice + 2) * states);
  }
  const maps = Array.from({ length: slices }, () => new Map<number, number>());
  for (let i = 0; i < rows; i++) {
    const k = sliceOf[i];
    if (k >= 0) maps[k].set(codes[i], (maps[k].get(codes[i]) ?? 0) + 1);
  }
  return (slice) => {
    const dense = new Float64Array(states);
    maps[slice].forEach((count, code) => (dense[code] = count));
    return dense;
  };
}

/** Binary statistics from the code counts: index (x + 1)·3 + (r + 1), x = 0 at 3 … 5, x = 1 at 6 … 8. */
function binaryStatistics(c: Float64Array, paired: boolean): SufficientStatistics {
  // Unpaired codes are x + 1: null 0, false 1, true 2.
  if (!paired) return { shape: "binary", n: c[1] + c[2], successes: c[2] };
  return {
    shape: "binary",
    n: c[3] + c[4] + c[5] + c[6] + c[7] + c[8],
    successes: c[6] + c[7] + c[8],
    paired: { n: c[4] + c[5] + c[7] + c[8], modelOnly: c[7], referenceOnly: c[5] },
  };
}

/**
 * n, Σx and the shifted sums Σ(x − c), Σ(x − c)² of each model, and the same of its differences to
 * the reference: one pass per model (a pass for all models at once measured slower, 24 vs 20 ms at
 * 1M rows × 3). Each slice's shift c is its first value, so its deviations are small wherever its
 * values are close together (see Moments), and Σx is n·c + Σ(x − c). Without nulls the counts are
 * the slices' sizes.
 */
function gatherMoments(models: MomentOutcomes[], sliceOf: Int32Array, slices: number, sizes: Float64Array): GatheredOne[] {
  return models.map(({ own, reference, complete }) => {
    // Per slice, interleaved: n, Σ(x − c), Σ(x − c)², and of the paired differences n, Σ(d − c_d), Σ(d − c_d)².
    const sums = new Float64Array((slices + 1) * 6);
    const shifts = firstValues(own, null, sliceOf, sizes);
    const differenceShifts = reference ? firstValues(own, reference, sliceOf, sizes) : shifts;
    if (complete) {
      if (reference === null) sumMoments(own, sliceOf, sums, shifts);
      else sumPairedMoments(own, reference, sliceOf, sums, shifts, differenceShifts);
      for (let slot = 0; slot <= slices; slot++) sums[slot * 6] = sums[slot * 6 + 3] = sizes[slot];
    } else sumMomentsWithNulls(own, reference, sliceOf, sums, shifts, differenceShifts);
    const moments = (at: number, shift: number) => {
      const n = sums[at];
      return { n, sum: n === 0 ? 0 : n * shift + sums[at + 1], shiftedSum: sums[at + 1], shiftedSumOfSquares: sums[at + 2] };
    };
    return {
      statistics(slice) {
        const at = (slice + 1) * 6;
        return { shape: "moments", ...moments(at, shifts[slice + 1]), paired: reference ? moments(at + 3, differenceShifts[slice + 1]) : undefined };
      },
    };
  });
}

/**
 * Per slot (slice + 1), the first value of `own` − `reference` (of `own` alone when no reference)
 * that is not null; NaN where there is none. Stops once every slot with rows has one.
 */
function firstValues(own: Float64Array, reference: Float64Array | null, sliceOf: Int32Array, sizes: Float64Array): Float64Array {
  const first = new Float64Array(sizes.length).fill(NaN);
  let missing = 0;
  for (let slot = 0; slot < sizes.length; slot++) if (sizes[slot] > 0) missing++;
  for (let i = 0; i < own.length && missing > 0; i++) {
    const slot = sliceOf[i] + 1;
    const value = reference === null ? own[i] : own[i] - reference[i];
    if (value === value && first[slot] !== first[slot]) {
      first[slot] = value;
      missing--;
    }
  }
  return first;
}

// The loops each in a small function of their own, always called with the same argument types:
// V8 keeps them optimized across updates (as one function with three loops inside, Chromium now
// and then ran an update's loops unoptimized: 100–170 ms instead of 12–15 at 1M rows).

function sumMoments(own: Float64Array, sliceOf: Int32Array, sums: Float64Array, shifts: Float64Array): void {
  for (let i = 0; i < own.length; i++) {
    const slot = sliceOf[i] + 1;
    const y = own[i] - shifts[slot];
    const at = slot * 6;
    sums[at + 1] += y;
    sums[at + 2] += y * y;
  }
}

function sumPairedMoments(
  own: Float64Array,
  reference: Float64Array,
  sliceOf: Int32Array,
  sums: Float64Array,
  shifts: Float64Array,
  differenceShifts: Float64Array,
): void {
  for (let i = 0; i < own.length; i++) {
    const x = own[i];
    const slot = sliceOf[i] + 1;
    const y = x - shifts[slot];
    const e = x - reference[i] - differenceShifts[slot];
    const at = slot * 6;
    sums[at + 1] += y;
    sums[at + 2] += y * y;
    sums[at + 4] += e;
    sums[at + 5] += e * e;
  }
}

function sumMomentsWithNulls(
  own: Float64Array,
  reference: Float64Array | null,
  sliceOf: Int32Array,
  sums: Float64Array,
  shifts: Float64Array,
  differenceShifts: Float64Array,
): void {
  for (let i = 0; i < own.length; i++) {
    const x = own[i];
    if (x !== x) continue; // NaN: a null outcome
    const slot = sliceOf[i] + 1;
    const y = x - shifts[slot];
    const at = slot * 6;
    sums[at]++;
    sums[at + 1] += y;
    sums[at + 2] += y * y;
    if (reference === null) continue;
    const e = x - reference[i] - differenceShifts[slot];
    if (e !== e) continue;
    sums[at + 3]++;
    sums[at + 4] += e;
    sums[at + 5] += e * e;
  }
}

function cellsOf(outcomes: CellOutcomes, each: (visit: (code: number, count: number) => void) => void): CellStatistics {
  const cells: CellStatistics = { shape: "cells", n: 0, width: outcomes.width, values: [], counts: [], paired: outcomes.paired };
  each((code, count) => {
    cells.values.push(outcomes.tuples[code]);
    cells.counts.push(count);
    cells.n += count;
  });
  return cells;
}
