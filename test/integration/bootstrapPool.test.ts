// The worker pool gives the same summaries as the main thread, to the bit: a cell-shaped metric's
// bootstrap and a detection measure's image bootstrap, run through the compiled library (where the
// worker script exists) and in-process.
import { join } from "node:path";
import { ensureCompiledLibrary, repositoryRoot } from "../helpers/compiledLibrary";

type Metrics = typeof import("../../src/metrics");
type Tasks = typeof import("../../src/platform/summaryTasks");
type Pool = typeof import("../../src/platform/bootstrapPool");

let metrics: Metrics;
let tasks: Tasks;
let pool: Pool;

beforeAll(() => {
  ensureCompiledLibrary();
  metrics = require(join(repositoryRoot, "lib/src/metrics")) as Metrics;
  tasks = require(join(repositoryRoot, "lib/src/platform/summaryTasks")) as Tasks;
  pool = require(join(repositoryRoot, "lib/src/platform/bootstrapPool")) as Pool;
});

test("detection and cell summaries from the workers equal the main thread's", async () => {
  const labels = metrics.createLabels();
  // 40 images: a cat in each; predictions hit it (even images), miss it (every third) or add a dog.
  const truthRows = Array.from({ length: 40 }, () => [{ x_min: 0, y_min: 0, x_max: 10, y_max: 10, label: "cat" }]);
  const predictionRows = (shift: number) =>
    Array.from({ length: 40 }, (_, i) => [
      { x_min: i % 2 === 0 ? 0 : 30, y_min: 0, x_max: i % 2 === 0 ? 10 : 40, y_max: 10, label: "cat", score: ((i * 7 + shift) % 10) / 10 },
      ...(i % 3 === 0 ? [{ x_min: 50, y_min: 50, x_max: 60, y_max: 60, label: "dog", score: 0.5 }] : []),
    ]);
  const truth = metrics.parseBoxes(truthRows, { role: "ground_truth", labels });
  const options = metrics.resolveMatchingOptions({ matching: "coco", iou: 0.5 });
  const model = metrics.matchDetections(truth, metrics.parseBoxes(predictionRows(1), { role: "predictions", labels }), options);
  const reference = metrics.matchDetections(truth, metrics.parseBoxes(predictionRows(4), { role: "predictions", labels }), options);
  const measure = (matches: typeof model) => metrics.resolveDetectionMeasure({ measure: "ap" }, matches, labels);
  const images = Int32Array.from({ length: 40 }, (_, i) => i);
  // A model and the reference on the same images, each with its own seed.
  const detection = [11, 13].map((seed) => ({
    kind: "detection" as const,
    metrics: [
      [
        { matches: model, measure: measure(model), options: { confidence: 0.95, resamples: 4000, seed } },
        { matches: reference, measure: measure(reference), options: { confidence: 0.95, resamples: 4000, seed: seed + 1 } },
      ],
    ],
    reference: 1,
    images,
  }));
  const plan = metrics.planMetric({ label: "F1", kind: "classification", measure: "f1", gt: "y", pred: "p" }, () => "string");
  const cells = [21, 22].map((seed) => ({
    kind: "cells" as const,
    plan,
    statistics: {
      shape: "cells" as const,
      n: 90,
      width: 2,
      paired: false,
      values: [
        ["a", "a"],
        ["a", "b"],
        ["b", "b"],
      ],
      counts: [40, 20, 30],
    },
    options: { confidence: 0.95, resamples: 40_000, seed },
  }));
  const all = [...detection, ...cells];
  const here = all.map(tasks.runSummaryTask);
  const pooled = await pool.summarizeTasks(all, 2);
  expect(pooled).toEqual(here);
  // …and the pooled figures came from workers, not from the fallback that computes here.
  expect(pool.poolCounts.batchesOnWorkers).toBeGreaterThan(0);
  expect(pool.poolCounts.batchesHere).toBe(0);
  // Real figures, not NaN: an ordered interval and a paired p-value.
  const [[modelSummary]] = here[0] as { ciLow: number; ciHigh: number; pValue: number }[][];
  expect(modelSummary.ciLow).toBeLessThanOrEqual(modelSummary.ciHigh);
  expect(Number.isFinite(modelSummary.pValue)).toBe(true);
});
