// The detection-charts table (docs/detection.md) read once for drawing, and what the ComparisonChart's
// "pr" and "confusion" kinds draw from it: one detection metric on one test case, for the models shown.
import type { Table } from "apache-arrow";
import { DetectionChartsInfo, detectionChartsInfo } from "../core";
import type { EvaluationData } from "./evaluationData";
import { quotedList } from "./optionNames";
import type { StateMessage } from "./stateMessage";

export interface CurvePoint {
  recall: number;
  precision: number;
  /** NaN: the operating point of thresholds that differ by class. */
  score: number;
}

export interface ConfusionCell {
  /** null: a missed object (no prediction). */
  predicted: string | null;
  /** null: a hallucinated prediction (no object). */
  truth: string | null;
  count: number;
}

/** One (metric, test case, model)'s curve and matrix. */
export interface DetectionFigures {
  points: CurvePoint[];
  operating: CurvePoint | null;
  cells: ConfusionCell[];
}

export interface DetectionChartsData {
  /** Detection metrics as "group/metric" keys, in the table's order, with their names. */
  metrics: { group: string; metric: string }[];
  info: DetectionChartsInfo | null;
  /** Figures by `${group}\u0000${metric}\u0000${stratification}/${testCase}\u0000${model}`. */
  figures: Map<string, DetectionFigures>;
}

const read = new WeakMap<Table, DetectionChartsData>();

export const figuresKey = (group: string, metric: string, testCase: string, model: string) => `${group}\u0000${metric}\u0000${testCase}\u0000${model}`;

/** Reads the table once per Table object (every redraw of a chart reuses it). */
export function readDetectionCharts(table: Table): DetectionChartsData {
  const known = read.get(table);
  if (known) return known;
  const column = (name: string) => table.getChild(name);
  const names = [
    "stratification",
    "test_case",
    "model",
    "metric_group",
    "metric",
    "chart",
    "recall",
    "precision",
    "score",
    "operating",
    "predicted",
    "truth",
    "count",
  ];
  const [stratification, testCase, model, group, metric, chart, recall, precision, score, operating, predicted, truth, count] = names.map(column);
  const figures = new Map<string, DetectionFigures>();
  const metrics: DetectionChartsData["metrics"] = [];
  const seen = new Set<string>();
  const number = (value: unknown) => (value === null || value === undefined ? NaN : Number(value));
  for (let row = 0; row < table.numRows; row++) {
    const metricKey = `${group?.get(row)}\u0000${metric?.get(row)}`;
    if (!seen.has(metricKey)) {
      seen.add(metricKey);
      metrics.push({ group: String(group?.get(row)), metric: String(metric?.get(row)) });
    }
    const key = figuresKey(String(group?.get(row)), String(metric?.get(row)), `${stratification?.get(row)}/${testCase?.get(row)}`, String(model?.get(row)));
    let entry = figures.get(key);
    if (!entry) figures.set(key, (entry = { points: [], operating: null, cells: [] }));
    if (chart?.get(row) === "pr") {
      const point = { recall: number(recall?.get(row)), precision: number(precision?.get(row)), score: number(score?.get(row)) };
      if (operating?.get(row) === true) entry.operating = point;
      else entry.points.push(point);
    } else {
      entry.cells.push({ predicted: predicted?.get(row) ?? null, truth: truth?.get(row) ?? null, count: number(count?.get(row)) });
    }
  }
  const data = { metrics, info: detectionChartsInfo(table), figures };
  read.set(table, data);
  return data;
}

/** What the "pr" and "confusion" kinds draw: everything resolved by detectionInput. */
export interface DetectionChartInput {
  kind: "pr" | "confusion";
  data: EvaluationData;
  detection: DetectionChartsData;
  metric: { group: string; metric: string };
  /** What the metric's curve and matrix were drawn at (the table's metadata), when it says. */
  drawnAt: DetectionChartsInfo["metrics"][number] | null;
  /** Index into data.testCases. */
  testCase: number;
  /** Model indices into data.models, the reference first; figures[i] is models[i]'s (null: none for this test case). */
  models: number[];
  figures: (DetectionFigures | null)[];
  width: number;
}

export interface DetectionInputOptions {
  kind: "pr" | "confusion";
  detection: Table | null;
  metric: string | null;
  /** Model indices chosen, the reference first. */
  models: number[];
  /** Index of the selected test case, or null for the whole dataset. */
  testCase: number | null;
  width: number;
}

const noDetection: StateMessage = {
  title: "No detection metric to chart",
  detail:
    'The precision–recall and confusion charts draw a detection metric (docs/detection.md). Give the chart the table that detectionCharts(dataset, { models }) returns, for a quality standard with a metric of kind "detection".',
};

/** Resolves a detection kind's metric and test case, or says why nothing can be drawn. */
export function detectionInput(data: EvaluationData, options: DetectionInputOptions): DetectionChartInput | StateMessage {
  if (!options.detection || options.detection.numRows === 0) return noDetection;
  const detection = readDetectionCharts(options.detection);
  // The chart's metric when it is a detection metric ("metric" or "group/metric"), else the first one.
  const named = options.metric === null ? -1 : detection.metrics.findIndex((m) => m.metric === options.metric || `${m.group}/${m.metric}` === options.metric);
  const metric = detection.metrics[Math.max(0, named)];
  const wholeDataset = data.testCases.findIndex((key) => key.stratification === "dataset" && key.testCase === "all");
  const testCase = options.testCase ?? (wholeDataset >= 0 ? wholeDataset : 0);
  const key = data.testCases[testCase];
  if (!key) return noDetection;
  const figures = options.models.map(
    (model) => detection.figures.get(figuresKey(metric.group, metric.metric, `${key.stratification}/${key.testCase}`, data.models[model])) ?? null,
  );
  const what = options.kind === "pr" ? "precision–recall curve" : "confusion matrix";
  if (figures.every((figure) => figure === null || (options.kind === "pr" ? figure.points.length === 0 : figure.cells.length === 0)))
    return {
      title: `No ${what} of \`${metric.metric}\` for ${key.stratification}: ${key.testCase}`,
      detail:
        options.kind === "pr"
          ? "The test case has no object of the metric's classes in the images every model has results for. Choose another test case."
          : `The test case has no box of the metric's classes. Choose another test case, or another detection metric (${quotedList(detection.metrics.map((m) => m.metric))}).`,
    };
  const drawnAt = detection.info?.metrics.find((m) => m.metric_group === metric.group && m.metric === metric.metric) ?? null;
  return { kind: options.kind, data, detection, metric, drawnAt, testCase, models: options.models, figures, width: options.width };
}

/** "recall at IoU ≥ 0.5, area all" — what a detection chart's caption says of its metric. */
export function drawnAtText(input: DetectionChartInput): string {
  const at = input.drawnAt;
  if (!at) return input.metric.metric;
  const threshold = at.threshold === "f1-optimal" ? "F1-optimal threshold" : `score ≥ ${at.threshold}`;
  return `${input.metric.metric} · IoU ≥ ${at.iou}${at.area === "all" ? "" : ` · ${at.area} objects`} · ${threshold}`;
}
