// What a metric needs from each datapoint, and in which shape its sufficient statistics are
// gathered — the one definition the platform's SQL and the browser's loops both follow.
import { CountMeasure, MetricDefinition, Scalar, SlicewiseError } from "../core";

/** How a field's values behave, as far as metrics care. */
export type FieldKind = "boolean" | "numeric" | "string" | "other";

/** A per-datapoint outcome a metric reads: a field, or a small expression over fields. */
export type Outcome =
  | { op: "field"; field: string }
  /** 1 where field == value, 0 where it differs, null where the field is null. */
  | { op: "equals"; field: string; value: Scalar }
  | { op: "absoluteError"; gt: string; pred: string }
  | { op: "squaredError"; gt: string; pred: string }
  /**
   * A count column that may be absent: a missing column (field null) is the constant 0; a null
   * value counts 0 too, but stays null so that a row without any count is left out of n.
   */
  | { op: "countOrZero"; field: string | null };

/**
 * The shapes of sufficient statistics:
 * - `count`: only the number of datapoints;
 * - `binary`: successes of a 0/1 outcome, and paired discordant counts against the reference
 *   (Wilson interval, McNemar's exact test);
 * - `moments`: n, Σx, Σ(x − c), Σ(x − c)² of a numeric outcome for a shift c near its values,
 *   and the same of the paired differences
 *   (Student-t interval, paired t-test);
 * - `cells`: the compressed table of distinct outcome tuples with their counts, resampled by a
 *   seeded Poisson bootstrap whose cost grows with the number of cells, not of datapoints;
 * - `detection`: boxes matched per image (src/metrics/detection), gathered apart from the others
 *   and resampled by image.
 */
export type StatisticsShape = "count" | "binary" | "moments" | "cells" | "detection";

export interface MetricPlan {
  metric: MetricDefinition;
  shape: StatisticsShape;
  /** Per-datapoint outcomes; `binary` and `moments` read exactly one. */
  outcomes: Outcome[];
}

export const defaultCountColumns = { tp: "count_TP", fp: "count_FP", fn: "count_FN", tn: "count_TN" } as const;

/** Which count cells each count-based measure reads. */
const countCellsNeeded: Record<string, (keyof typeof defaultCountColumns)[]> = {
  accuracy: ["tp", "fp", "fn", "tn"],
  precision: ["tp", "fp"],
  recall: ["tp", "fn"],
  f1: ["tp", "fp", "fn"],
  fpr: ["fp", "tn"],
  specificity: ["tn", "fp"],
};

/**
 * Plans a metric against the fields a model's rows have (`fieldKind` answers for the model's
 * result columns first, then the dataset's). Throws `invalid_metric` naming what to fix.
 */
export function planMetric(metric: MetricDefinition, fieldKind: (field: string) => FieldKind | undefined, context = ""): MetricPlan {
  const where = `metric "${metric.label}"${context}`;
  const require = (field: string, kinds: FieldKind[], why: string): FieldKind => {
    const kind = fieldKind(field);
    if (kind === undefined)
      throw new SlicewiseError("invalid_metric", `${where} reads field "${field}", which is neither a result column nor a dataset column`);
    if (!kinds.includes(kind)) throw new SlicewiseError("invalid_metric", `${where} needs ${why} field "${field}", but it holds ${kind} values`);
    return kind;
  };
  switch (metric.kind) {
    case "count":
      return { metric, shape: "count", outcomes: [] };
    case "mean":
    case "sum": {
      const kind = require(metric.field, ["boolean", "numeric"], "a numeric or boolean");
      const shape = metric.kind === "mean" && kind === "boolean" ? "binary" : "moments";
      return { metric, shape, outcomes: [{ op: "field", field: metric.field }] };
    }
    case "min":
    case "max":
    case "median":
    case "stddev":
      require(metric.field, ["boolean", "numeric"], "a numeric or boolean");
      return { metric, shape: "cells", outcomes: [{ op: "field", field: metric.field }] };
    case "rate":
      require(metric.field, ["boolean", "numeric", "string"], "a comparable");
      return { metric, shape: "binary", outcomes: [{ op: "equals", field: metric.field, value: metric.value }] };
    case "classification":
      require(metric.gt, ["boolean", "numeric", "string"], "a label (ground truth)");
      require(metric.pred, ["boolean", "numeric", "string"], "a label (prediction)");
      return {
        metric,
        shape: "cells",
        outcomes: [
          { op: "field", field: metric.gt },
          { op: "field", field: metric.pred },
        ],
      };
    case "regression": {
      require(metric.gt, ["numeric"], "a numeric (ground truth)");
      require(metric.pred, ["numeric"], "a numeric (prediction)");
      const { gt, pred } = metric;
      if (metric.measure === "mae") return { metric, shape: "moments", outcomes: [{ op: "absoluteError", gt, pred }] };
      if (metric.measure === "mse" || metric.measure === "rmse") return { metric, shape: "moments", outcomes: [{ op: "squaredError", gt, pred }] };
      return {
        metric,
        shape: "cells",
        outcomes: [
          { op: "field", field: gt },
          { op: "field", field: pred },
        ],
      };
    }
    case "detection":
      // Box columns are "other" to this check; the platform checks that they hold boxes (fieldTypes.ts).
      require(metric.gt, ["other"], "a boxes (ground truth)");
      require(metric.pred, ["other"], "a boxes (predictions)");
      return { metric, shape: "detection", outcomes: [] };
    default: {
      const columns = { ...defaultCountColumns, ...pickCountColumns(metric) };
      const needed = countCellsNeeded[metric.kind];
      const outcomes: Outcome[] = (["tp", "fp", "fn", "tn"] as const).map((cell) => {
        if (!needed.includes(cell)) return { op: "countOrZero", field: null };
        require(columns[cell], ["numeric", "boolean"], `a ${cell.toUpperCase()} count`);
        return { op: "countOrZero", field: columns[cell] };
      });
      return { metric, shape: "cells", outcomes };
    }
  }
}

function pickCountColumns(metric: Extract<MetricDefinition, { kind: CountMeasure }>): Partial<Record<"tp" | "fp" | "fn" | "tn", string>> {
  const picked: Partial<Record<"tp" | "fp" | "fn" | "tn", string>> = {};
  for (const cell of ["tp", "fp", "fn", "tn"] as const) {
    const column = metric[cell];
    if (typeof column === "string") picked[cell] = column;
  }
  return picked;
}
