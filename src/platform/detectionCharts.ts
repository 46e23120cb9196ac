// The detection charts on the platform (docs/detection.md): for every detection metric of the
// quality standard, each test case × model's precision–recall curve with its operating point and
// its confusion matrix, from the matches the evaluation makes (matched once, whatever the number
// of test cases), as the detection-charts table.
import { DuckDBConnection } from "@duckdb/node-api";
import { Table } from "apache-arrow";
import { DetectionChartRow, DetectionChartsInfo, SlicewiseError, detectionChartsTableFromRows, listForMessage } from "../core";
import {
  DetectionMatches,
  DetectionMeasureOptions,
  Labels,
  NO_OBJECT,
  confusionOutcomes,
  detectionConfusion,
  precisionRecallCurve,
  prepareDetectionMeasure,
} from "../metrics";
import { Database } from "./store/database";
import { DetectionChartsOptions, ParsedDetectionChartsOptions, detectionChartsOptionsSchema } from "./schemas/requests";
import { parseWith } from "./schemas/validate";
import { evaluationSetup } from "./evaluationSetup";
import { duckdbEngine } from "./engines/duckdbEngine";
import { Engine } from "./engines/engine";
import { planStatistics } from "./statistics/statisticsPlan";
import { gatherStatistics } from "./statistics/gatherStatistics";
import { MatchedDetectionMetric, matchDetectionMetrics } from "./statistics/detectionStatistics";
import { columnSql } from "./sql";

export type { DetectionChartsOptions };

/**
 * The detection-charts table of the compared models on every test case, on one snapshot of the
 * store (as evaluate reads it). Without a detection metric in the standard the table has no rows.
 */
export async function detectionCharts(
  database: Database,
  dataset: string,
  options: DetectionChartsOptions,
  context: { signal?: AbortSignal; engine?: (connection: DuckDBConnection) => Engine } = {},
): Promise<Table> {
  const settings = applyDetectionChartsDefaults(options);
  const { rows, info } = await database.read(async (connection, snapshot) => {
    // The statistics' and the boxes' engine, as evaluate's: DuckDB over this snapshot unless another is given.
    const engine = (context.engine ?? duckdbEngine)(connection);
    const { entry, standard, resolver, referenceIndex, plans, groups, keyCounts, joined } = await evaluationSetup(
      connection,
      engine,
      { facts: database.tableFacts, snapshot },
      dataset,
      settings,
      "set one with a detection metric (docs/detection.md) to chart its curves",
    );
    const info: DetectionChartsInfo = { dataset, models: settings.models, reference: settings.reference, metrics: [] };
    if (!plans.some((groupPlans) => groupPlans.some((plan) => plan.shape === "detection"))) return { rows: [], info };
    // The test cases' membership comes with the statistics statement, as the evaluation gathers it.
    const gathered = await gatherStatistics(
      engine,
      planStatistics({ joined, groups, keyCounts, plans, resolver, modelCount: settings.models.length, referenceIndex, dialect: engine.dialect }),
    );
    context.signal?.throwIfAborted();
    if (gathered.datapoints === 0)
      throw new SlicewiseError(
        "no_common_datapoints",
        `no datapoint of "${dataset}" has results from every compared model (${listForMessage(settings.models)}); upload results for the same datapoints`,
      );
    const matched = await matchDetectionMetrics(
      engine,
      {
        joined,
        idSql: entry.idFields.map((field) => columnSql("d", field)),
        groups,
        plans,
        resolver,
        models: settings.models,
        referenceIndex,
        standard,
        settings: { confidence: 0.95, resamples: 0, seed: 0 },
      },
      gathered,
    );
    const rows: DetectionChartRow[] = [];
    for (const metric of matched?.metrics ?? []) {
      const group = standard.metric_groups[metric.g].name;
      const first = metric.matches[0];
      const iouIndex = metric.measures[0].iouIndices[0];
      info.metrics.push({
        metric_group: group,
        metric: metric.metric.label,
        iou: first.options.iou[iouIndex],
        area: first.options.areaRanges[metric.measures[0].areaIndex].label,
        threshold: metric.measures[0].threshold,
        matching: first.options.matching,
      });
      settings.models.forEach((model, index) => {
        const keys = { model, metric_group: group, metric: metric.metric.label };
        chartRows(metric, index, matched!.imagesOf, matched!.labels, settings.resolution, (testCase, row) =>
          rows.push({ ...gathered.testCases[testCase], ...keys, ...row }),
        );
      });
    }
    return { rows, info };
  }, context);
  return detectionChartsTableFromRows(rows, info);
}

type ChartFigures = Omit<DetectionChartRow, "stratification" | "test_case" | "model" | "metric_group" | "metric">;
const noCurve = { recall: null, precision: null, score: null, operating: null };
const noCell = { predicted: null, truth: null, count: null };

/**
 * One model's rows of a metric, test case by test case. The curve is at the metric's first IoU
 * threshold and its area range; its operating point at the metric's threshold on that test case
 * (F1-optimal thresholds are chosen on the test case's images, as its measures count). The
 * confusion matrix matches once over every image, at the thresholds chosen on the whole dataset
 * (the first test case), so each test case's matrix is the same detector's, summed over its images.
 */
function chartRows(
  metric: MatchedDetectionMetric,
  model: number,
  imagesOf: Int32Array[],
  labels: Labels,
  resolution: number,
  add: (testCase: number, row: ChartFigures) => void,
): void {
  const matches = metric.matches[model];
  const measure = metric.measures[model];
  const iouIndex = measure.iouIndices[0];
  const all = imagesOf[0];
  const outcomes = confusionOutcomes(metric.truth[model], metric.predictions[model], {
    iou: matches.options.iou[iouIndex],
    areaRange: matches.options.areaRanges[measure.areaIndex],
    maxDetections: measure.maxDetections,
    classes: measure.classes,
    threshold: operatingThreshold(matches, all, measure),
    matching: matches.options.matching,
  });
  const name = (k: number) => (k === NO_OBJECT ? null : String(labels.values[k]));
  imagesOf.forEach((images, testCase) => {
    if (!images || images.length === 0) return;
    const curve = precisionRecallCurve(matches, images, {
      iouIndex,
      areaIndex: measure.areaIndex,
      maxDetections: measure.maxDetections,
      classes: measure.classes,
      threshold: operatingThreshold(matches, images, measure),
      resolution,
    });
    for (const point of curve.points) add(testCase, { chart: "pr", ...point, operating: false, ...noCell });
    if (curve.operating) {
      const { recall, precision, score } = curve.operating;
      add(testCase, { chart: "pr", recall, precision, score: Number.isNaN(score) ? null : score, operating: true, ...noCell });
    }
    const matrix = detectionConfusion(outcomes, images);
    const size = matrix.classes + 1;
    for (let cell = 0; cell < matrix.counts.length; cell++) {
      if (matrix.counts[cell] === 0) continue;
      const predicted = Math.floor(cell / size);
      const truth = cell % size;
      add(testCase, {
        chart: "confusion",
        ...noCurve,
        predicted: name(predicted === matrix.classes ? NO_OBJECT : predicted),
        truth: name(truth === matrix.classes ? NO_OBJECT : truth),
        count: matrix.counts[cell],
      });
    }
  });
}

/** The metric's threshold on these images at its first IoU threshold: its score, or each class's F1-optimal one. */
function operatingThreshold(matches: DetectionMatches, images: Int32Array, measure: DetectionMeasureOptions): number | Float64Array {
  if (measure.threshold !== "f1-optimal") return measure.threshold;
  // Any count measure chooses the same cuts; F1 needs no rankings (AP would build them).
  const prepared = prepareDetectionMeasure(matches, images, { ...measure, measure: "f1", iouIndices: [measure.iouIndices[0]] });
  return prepared.thresholds(new Float64Array(images.length).fill(1))[0];
}

function applyDetectionChartsDefaults(options: DetectionChartsOptions): ParsedDetectionChartsOptions & { reference: string } {
  const parsed = parseWith(detectionChartsOptionsSchema, options, { code: "bad_request", what: "detection charts options" });
  const models = [...new Set(parsed.models)];
  const reference = parsed.reference ?? models[0];
  if (!models.includes(reference)) models.unshift(reference);
  return { ...parsed, models, reference };
}
