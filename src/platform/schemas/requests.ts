// The JSON bodies of the API's requests besides the quality standard: evaluate and samples
// options. The services parse their options with these (embedded callers included), and the
// OpenAPI document describes the routes with them.
import * as z from "zod";
import { limitClause, limits } from "./limits";
import { boundedPredicateSchema, displayName, minimumSamplesSchema } from "./qualityStandard";

export const evaluateOptionsSchema = z
  .strictObject({
    models: z
      .array(displayName, {
        error: (issue) =>
          issue.input === undefined ? 'is required: the models to compare, e.g. {"models": ["knn", "logistic"], "reference": "knn"}' : undefined,
      })
      .min(1)
      .max(100)
      .meta({ description: "The models to compare; only datapoints every one has results for are evaluated." }),
    reference: displayName.optional().meta({ description: "The model the others are compared against; default the first." }),
    confidence: z.number().gt(0).lt(1).default(0.95).meta({ description: "Confidence of the intervals, between 0 and 1." }),
    resamples: z
      .int()
      .min(100)
      .max(limits.resamples, { error: `must be at most ${limits.resamples.toLocaleString("en-US")} ${limitClause("resamples")}` })
      .default(1000)
      .meta({ description: "Bootstrap resamples of cell-shaped metrics (e.g. Macro F1)." }),
    seed: z.int().default(0).meta({ description: "Seed of the bootstrap's random draws: the same seed gives the same intervals." }),
    version: z.int().min(1).optional().meta({ description: "The quality-standard version to evaluate; default the latest." }),
    record: z.boolean().default(false).meta({ description: "Keep this evaluation as a run (GET …/runs)." }),
    label: z.string().max(1000).optional().meta({ description: "Names a recorded run: a commit, a build." }),
    min_n: minimumSamplesSchema.optional().meta({ description: "Below this many datapoints a verdict is unknown; overrides the quality standard's min_n." }),
  })
  .meta({ id: "EvaluateOptions" });

export type ParsedEvaluateOptions = z.output<typeof evaluateOptionsSchema>;

const testCaseReference = z.union([
  z.string().meta({ description: '"<stratification>/<test case>", e.g. "digit/3" or "dataset/all".' }),
  z.strictObject({ stratification: z.string(), test_case: z.string() }),
]);

export const samplesOptionsSchema = z
  .strictObject({
    models: z.array(displayName).max(100).default([]).meta({ description: "Models whose result columns to include (as <model>.<field>)." }),
    test_case: testCaseReference.optional().meta({ description: "Only the datapoints of this test case." }),
    where: boundedPredicateSchema.optional(),
    order_by: z
      .union([z.string(), z.array(z.string()).max(100)], { error: 'must be a field name ("ink", "knn.correct", "ink desc") or a list of them' })
      .optional(),
    limit: z
      .int()
      .min(0)
      .max(limits.sampleRows, { error: `must be at most ${limits.sampleRows.toLocaleString("en-US")} ${limitClause("sampleRows")}` })
      .default(100),
    offset: z.int().min(0).default(0),
    test_case_columns: z.boolean().default(false).meta({ description: "Add each test case's membership as test_case/… columns." }),
  })
  .meta({ id: "SamplesOptions" });

export const checkOptionsSchema = z
  .strictObject({
    candidate: displayName.meta({ description: "The model that would ship." }),
    reference: displayName.meta({ description: "The model it must not regress against." }),
    metrics: z.array(z.string().max(200)).max(limits.metrics).optional().meta({ description: "Metric labels to gate on; default all." }),
    test_cases: z
      .array(z.string().max(1000))
      .max(limits.evaluatedTestCases)
      .optional()
      .meta({ description: 'Test cases to gate on, as "stratification/test case"; default all.' }),
    fail_on: z
      .enum(["regressed", "any-drop"])
      .default("regressed")
      .meta({ description: "regressed: a significant regression fails; any-drop: any change for the worse fails." }),
    confidence: z.number().gt(0).lt(1).default(0.95).meta({ description: "Confidence of the intervals, between 0 and 1." }),
    min_n: minimumSamplesSchema
      .optional()
      .meta({ description: "Test cases with fewer datapoints are skipped, not passed (default 30); also the evaluation's minimum n for a verdict." }),
    label: z.string().max(1000).optional().meta({ description: "Names the recorded run: a commit, a build." }),
    version: z.int().min(1).optional().meta({ description: "The quality-standard version to evaluate; default the latest." }),
  })
  .meta({ id: "CheckOptions" });

export type ParsedCheckOptions = z.output<typeof checkOptionsSchema>;

export const reportOptionsSchema = z
  .strictObject({
    models: z
      .array(displayName, {
        error: (issue) => (issue.input === undefined ? 'is required: the models to report on, e.g. {"models": ["knn", "logistic"]}' : undefined),
      })
      .min(1)
      .max(100)
      .meta({ description: "The models to compare in the report." }),
    reference: displayName.optional().meta({ description: "The model the others are compared against; default the first." }),
    confidence: z.number().gt(0).lt(1).optional().meta({ description: "Confidence of the intervals, between 0 and 1 (default 0.95)." }),
    title: z.string().max(1000).optional().meta({ description: "The page's title." }),
    max_samples: z
      .int()
      .min(0)
      .max(limits.sampleRows, { error: `must be at most ${limits.sampleRows.toLocaleString("en-US")} ${limitClause("sampleRows")}` })
      .optional()
      .meta({ description: "Samples embedded for the gallery (default 5,000; 0 for none)." }),
    theme: z.enum(["light", "dark"]).optional(),
    history: z.boolean().optional().meta({ description: "Add the History of the last model's recorded runs when there are two or more (default true)." }),
    slicer: z.boolean().optional().meta({ description: "Add the Slicer tab over the embedded samples (default true)." }),
    embedding_map: z
      .boolean()
      .optional()
      .meta({ description: "Add the embedding map when the dataset has an embedding column, a list of numbers (default true)." }),
  })
  .meta({ id: "ReportOptions" });

export type ParsedReportOptions = z.output<typeof reportOptionsSchema>;

/** Arrow IPC streams, base64: a widget's tables by the attribute its state carries them in. */
const base64Arrow = z
  .string()
  .max(1024 * 1024 * 1024)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, { error: "must be an Arrow IPC stream in base64" })
  .meta({ description: "An Arrow IPC stream, base64-encoded." });

export const staticWidgetRequestSchema = z
  .strictObject({
    tables: z
      .strictObject({
        results: base64Arrow.nullable().optional(),
        samples: base64Arrow.nullable().optional(),
        history: base64Arrow.nullable().optional(),
        detection: base64Arrow.nullable().optional(),
        projection: base64Arrow.nullable().optional(),
      })
      .default({})
      .meta({ description: "The widget's tables, by the attribute its state carries them in." }),
    options: z.record(z.string(), z.unknown()).default({}).meta({ description: "The widget's options, as its state carries them (JSON)." }),
    picture: z
      .boolean()
      .default(true)
      .meta({ description: "Also draw the widget's picture as SVG; false answers svg: null, sooner (a notebook's text/html needs only the HTML)." }),
  })
  .meta({ id: "StaticWidgetRequest" });

export type ParsedStaticWidgetRequest = z.output<typeof staticWidgetRequestSchema>;

const columnName = z.string().min(1).max(1000);

export const propertiesOptionsSchema = z
  .strictObject({
    image: columnName.optional().meta({ description: "A column of PNG/JPEG bytes, or of local file paths the server can read." }),
    text: columnName.optional().meta({ description: "A text column." }),
    boxes: columnName.optional().meta({ description: "A boxes column (docs/detection.md); areas and distances need `image` for the image's size." }),
  })
  .refine((options) => options.image !== undefined || options.text !== undefined || options.boxes !== undefined, {
    error: 'names no column: send at least one of image, text and boxes, e.g. {"image": "image"}',
  })
  .meta({ id: "PropertiesOptions" });

export const discoverOptionsSchema = z
  .strictObject({
    embedding: z
      .string()
      .min(1)
      .max(1000)
      .meta({ description: "The embedding column (a list of numbers per datapoint), in the dataset or the models' results." }),
    per: z.string().min(1).max(1000).meta({ description: "The ground-truth label field: clusters are found within each of its values." }),
    models: z.array(displayName).min(1).max(100).meta({ description: "Models whose errors each cluster is tested on." }),
    reference: displayName.optional().meta({ description: "Adds McNemar's paired test of each model against this one." }),
    pred: z.string().min(1).max(1000).default("pred").meta({ description: "The prediction field of a classification model (error: pred ≠ per)." }),
    correct: z.string().min(1).max(1000).default("correct").meta({ description: "A boolean field, used in place of pred when the results have it." }),
    k: z
      .union([z.int().min(1).max(100), z.literal("auto")])
      .default("auto")
      .meta({ description: 'Clusters per class, or "auto": the best silhouette over 2 … k_max.' }),
    k_max: z.int().min(2).max(100).default(8),
    dims: z.int().min(1).max(1000).default(32).meta({ description: "PCA components kept before clustering." }),
    min_size: z.int().min(1).optional().meta({ description: "Smallest cluster tested; default max(10, 1% of its class)." }),
    seed: z.int().default(0),
  })
  .meta({ id: "DiscoverOptions" });

export type DiscoverOptions = z.input<typeof discoverOptionsSchema>;

// The embedding map's projection (docs/embedding-map.md).
export const projectionOptionsSchema = z
  .strictObject({
    embedding: columnName.meta({ description: "The embedding column (a list of numbers per datapoint), in the dataset or the models' results." }),
    models: z
      .array(displayName)
      .max(100)
      .default([])
      .meta({ description: "Models whose correctness to add as <model>.correct; only datapoints all of them have results for are mapped." }),
    label: columnName
      .optional()
      .meta({ description: "The ground-truth field: carried as a column, compared with pred, and the classes clusters are found within." }),
    fields: z.array(columnName).max(100).default([]).meta({ description: "More dataset columns to carry, to colour the map by." }),
    pred: columnName.default("pred").meta({ description: "The prediction field compared with `label` when a model's results have no boolean `correct`." }),
    correct: columnName.default("correct").meta({ description: "A boolean field of the results: whether the model was right." }),
    clusters: z
      .boolean()
      .default(false)
      .meta({ description: "Add `cluster`: each datapoint's cluster within its class, as discovery finds it (needs `label`)." }),
    normalize: z.boolean().default(true).meta({ description: "Scale each embedding to unit length before PCA (the cosine geometry)." }),
    fit_rows: z.int().min(2).max(1_000_000).default(20_000).meta({ description: "Rows the two axes are fitted on: a seeded subsample when there are more." }),
    include_embedding: z.boolean().default(false).meta({ description: "Carry the embedding itself (float32), for 'more like this' in the page." }),
    seed: z.int().default(0),
  })
  .meta({ id: "ProjectionOptions" });

export type ProjectionOptions = z.input<typeof projectionOptionsSchema>;
export const detectionChartsOptionsSchema = z
  .strictObject({
    models: z
      .array(displayName, {
        error: (issue) => (issue.input === undefined ? 'is required: the models to chart, e.g. {"models": ["knn", "logistic"]}' : undefined),
      })
      .min(1)
      .max(100)
      .meta({ description: "The models to chart; only datapoints every one has results for are used (as evaluate uses them)." }),
    reference: displayName.optional().meta({ description: "The evaluation's reference model; default the first." }),
    version: z.int().min(1).optional().meta({ description: "The quality-standard version; default the latest." }),
    resolution: z
      .number()
      .min(0)
      .max(0.1)
      .default(0.002)
      .meta({ description: "A curve point closer than this to the last one kept, in recall and in precision, is left out (0: every point)." }),
  })
  .meta({ id: "DetectionChartsOptions" });

export type DetectionChartsOptions = z.input<typeof detectionChartsOptionsSchema>;
export type ParsedDetectionChartsOptions = z.output<typeof detectionChartsOptionsSchema>;
