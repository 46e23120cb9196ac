// The detection-charts table (docs/detection.md): for each detection metric, test case and model,
// the precision–recall curve with its operating point and the confusion matrix — what the
// ComparisonChart's "pr" and "confusion" kinds draw. Long format, these columns in this order.
import { Bool, Field, Float64, Int64, RecordBatch, Schema, Struct, Table, Utf8, makeData } from "apache-arrow";
import { utf8Data, validity } from "./evaluationTable";

/**
 * One row per curve point (chart "pr": recall, precision, score; the operating point is the row
 * with operating true) or matrix cell (chart "confusion": predicted, truth, count; null predicted
 * is a missed object, null truth a hallucinated prediction). Figures of the other chart are null.
 */
export interface DetectionChartRow {
  stratification: string;
  test_case: string;
  model: string;
  metric_group: string;
  metric: string;
  chart: "pr" | "confusion";
  recall: number | null;
  precision: number | null;
  /** A point's score; the operating point's threshold (null with different thresholds per class). */
  score: number | null;
  operating: boolean | null;
  predicted: string | null;
  truth: string | null;
  count: number | null;
}

export const detectionChartsSchema = new Schema([
  new Field("stratification", new Utf8(), false),
  new Field("test_case", new Utf8(), false),
  new Field("model", new Utf8(), false),
  new Field("metric_group", new Utf8(), false),
  new Field("metric", new Utf8(), false),
  new Field("chart", new Utf8(), false),
  new Field("recall", new Float64(), true),
  new Field("precision", new Float64(), true),
  new Field("score", new Float64(), true),
  new Field("operating", new Bool(), true),
  new Field("predicted", new Utf8(), true),
  new Field("truth", new Utf8(), true),
  new Field("count", new Int64(), true),
]);

/** Schema metadata key of what the charts were drawn at: `DetectionChartsInfo`. */
export const detectionChartsInfoKey = "slicewise.detection_charts";

export interface DetectionChartsInfo {
  dataset: string;
  models: string[];
  reference: string;
  /** Per detection metric: the IoU threshold and area range its curve and matrix are at, and how its operating threshold was chosen. */
  metrics: { metric_group: string; metric: string; iou: number; area: string; threshold: number | "f1-optimal"; matching: "greedy" | "coco" }[];
}

export function detectionChartsInfo(table: Table): DetectionChartsInfo | null {
  const text = table.schema.metadata.get(detectionChartsInfoKey);
  return text ? JSON.parse(text) : null;
}

/** Builds the table from rows, without Arrow's builders (as evaluationTableFromRows, for strict pages). */
export function detectionChartsTableFromRows(rows: readonly DetectionChartRow[], info?: DetectionChartsInfo): Table {
  const children = detectionChartsSchema.fields.map((field) => {
    const values = rows.map((row) => row[field.name as keyof DetectionChartRow] ?? null);
    if (field.type instanceof Utf8) return utf8Data(values as (string | null)[]);
    if (field.type instanceof Int64)
      return makeData({
        type: new Int64(),
        length: rows.length,
        ...validity(values),
        data: BigInt64Array.from(values, (n) => BigInt((n as number | null) ?? 0)),
      });
    if (field.type instanceof Float64)
      return makeData({ type: new Float64(), length: rows.length, ...validity(values), data: Float64Array.from(values, (x) => (x as number | null) ?? 0) });
    const bits = new Uint8Array(Math.ceil(rows.length / 8));
    values.forEach((value, index) => {
      if (value === true) bits[index >> 3] |= 1 << (index & 7);
    });
    return makeData({ type: new Bool(), length: rows.length, ...validity(values), data: bits });
  });
  const schema = info ? new Schema(detectionChartsSchema.fields, new Map([[detectionChartsInfoKey, JSON.stringify(info)]])) : detectionChartsSchema;
  const data = makeData({ type: new Struct(schema.fields), length: rows.length, nullCount: 0, children });
  return new Table([new RecordBatch(schema, data)]);
}
