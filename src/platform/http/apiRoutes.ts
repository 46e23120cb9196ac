// The API's routes under /api/v1, each with the schemas of what it takes and answers: the
// server validates every request with them before a service runs, and the OpenAPI document
// (openapi.ts) is generated from the same list.
import { IncomingMessage } from "node:http";
import { Table, tableFromIPC } from "apache-arrow";
import * as z from "zod";
import { ErrorCode, SlicewiseError, evaluationInfo, evaluationInfoKey, evaluationRowsFromTable } from "../../core";
import { evaluateGate } from "../../metrics";
import type { EvaluateOptions } from "../evaluateOptions";
import type { DetectionChartsOptions, DiscoverOptions, ProjectionOptions } from "../schemas/requests";
import { Platform } from "../platform";
import type { PropertyColumns } from "../properties/extractProperties";
import type { SamplesOptions } from "../samples";
import { qualityStandardSchema } from "../schemas/qualityStandard";
import {
  ParsedCheckOptions,
  ParsedReportOptions,
  ParsedStaticWidgetRequest,
  checkOptionsSchema,
  detectionChartsOptionsSchema,
  discoverOptionsSchema,
  evaluateOptionsSchema,
  propertiesOptionsSchema,
  projectionOptionsSchema,
  reportOptionsSchema,
  samplesOptionsSchema,
  staticWidgetRequestSchema,
} from "../schemas/requests";
import { parseWith } from "../schemas/validate";
import {
  datasetDescriptionSchema,
  datasetListSchema,
  testCaseIdsSchema,
  deletedSchema,
  discoverySchema,
  healthSchema,
  operationProgressSchema,
  progressToWire,
  propertiesSummarySchema,
  checkResultSchema,
  runListSchema,
  staticWidgetSchema,
  storedQualityStandardSchema,
  uploadSummarySchema,
} from "../schemas/responses";
import { Progress, UploadSource } from "../store/loadSource";

export type Reply =
  | { json: unknown; status?: number; headers?: Record<string, string> }
  | { table: Table; headers?: Record<string, string> }
  | { html: string }
  /** The client's copy is current (If-None-Match named the answer's ETag): 304, no body. */
  | { notModified: true; headers: Record<string, string> };

/** A widget's tables by the attribute its state carries them in (results, samples, history, detection, projection). */
export type StaticWidgetTables = Partial<Record<"results" | "samples" | "history" | "detection" | "projection", Table | null>>;

/**
 * Work above the platform's tier that `slicewise serve` injects (src/cli/serve.ts), as it injects
 * the widget runtime: a server without it still lists these routes, and answers them not_found.
 */
export interface ApiExtensions {
  /** The self-contained HTML report (src/export/report.ts) of a dataset. */
  report?: (platform: Platform, dataset: string, options: ParsedReportOptions) => Promise<string>;
  /** A widget's static copy (src/export/staticWidget.ts); throws not_found for a kind that is not a widget. */
  staticWidget?: (
    kind: string,
    tables: StaticWidgetTables,
    options: Record<string, unknown>,
    settings: { picture: boolean },
  ) => { html: string; svg: string | null };
}

/**
 * What a handler is given: the decoded path parameters and the JSON body as sent once its schema
 * accepted it (the services parse their options themselves, for embedded callers too).
 */
export interface RouteInput {
  request: IncomingMessage;
  path: Record<string, string>;
  body: unknown;
  /** Aborted when the client goes away before the answer: long work stops. */
  signal: AbortSignal;
  /** The upload body, streamed to a file (routes with `upload`). */
  upload: <T>(work: (source: UploadSource & { path: string }) => Promise<T>) => Promise<T>;
}

export type RouteHandler = (input: RouteInput) => Promise<Reply>;

export interface ApiRoute {
  method: "GET" | "PUT" | "POST" | "DELETE";
  /** Under /api/v1, with {name} for a path parameter. */
  path: string;
  summary: string;
  /** The query's schema, for the OpenAPI document; `accept` checks a request's query with it. */
  query?: z.ZodType;
  /** A JSON body: its schema, the error code when it does not fit, and what it is called in that error. */
  body?: { schema: z.ZodType; code: ErrorCode; what: string };
  /** A body of rows: CSV, NDJSON, Parquet or an Arrow IPC stream. */
  upload?: true;
  /**
   * The answer depends on nothing but the store and the request (no clock, no randomness): it
   * carries an ETag, and a request whose If-None-Match names it is answered 304 without the work.
   */
  conditional?: true;
  /** The answer: JSON of this schema, or an Arrow IPC stream. */
  answer: { status: 200 | 201; json: z.ZodType } | { status: 200; arrow: string } | { status: 200; html: string };
  /** Checks a request's query against the route's schema and gives the handler that answers it. */
  accept: (query: Record<string, string>) => RouteHandler;
}

/** A route as written below: its handler, and a query schema only where `routeWithQuery` gives one. */
type RouteDefinition = Omit<ApiRoute, "query" | "accept"> & { handler: RouteHandler };

/** A route that reads no query. */
function route(definition: RouteDefinition): ApiRoute {
  const { handler, ...description } = definition;
  return { ...description, accept: () => handler };
}

/** A route whose handler reads the query as its schema parsed it: the two are bound here, so no handler sees an unchecked query. */
function routeWithQuery<Query>(
  definition: Omit<RouteDefinition, "handler"> & { query: z.ZodType<Query>; handler: (input: RouteInput & { query: Query }) => Promise<Reply> },
): ApiRoute {
  const { handler, ...description } = definition;
  return {
    ...description,
    accept: (raw) => {
      const query = parseWith(definition.query, raw, { code: "bad_request", what: "query" });
      return (input) => handler({ ...input, query });
    },
  };
}

const integerText = z.string().regex(/^[0-9]{1,15}$/, { error: "must be a whole number" });

const uploadQuery = z.object({
  id_fields: z.string().optional().meta({ description: "The columns that identify a datapoint, comma-separated; default inferred (id, *_id, locator, text)." }),
});
const versionQuery = z.object({ version: integerText.optional().meta({ description: "A quality-standard version; default the latest." }) });
// Test cases of chosen samples: how a standard read back gives its sets of ids.
const standardQuery = versionQuery.extend({
  ids: z
    .enum(["inline", "all"])
    .optional()
    .meta({ description: "inline (default): sets of at most 1,000 ids listed, larger ones as {name, ids: null, id_count, ids_of}; all: every set listed." }),
});
const operationName = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, { error: "must be 8 to 64 letters, digits, - or _ (a UUID, say)" });
const evaluateQuery = z.object({
  record: z.enum(["true", "false"]).optional().meta({ description: "true: keep the evaluation as a run." }),
  operation: operationName
    .optional()
    .meta({ description: "A name the caller chose (a UUID): the evaluation's progress is at GET /operations/{operation}/progress while it runs." }),
});
const historyQuery = z.object({
  runs: z
    .string()
    .regex(/^[0-9]{1,15}(,[0-9]{1,15})*$/, { error: "must be run ids separated by commas, e.g. 3,5" })
    .optional()
    .meta({ description: "Run ids, comma-separated; default every run." }),
  model: z.string().optional().meta({ description: "Only this model's rows." }),
});

const evaluationTable = "The evaluation table (one row per test case, model, metric group and metric), with its info in the header X-Slicewise-Evaluation.";

/** Decodes a widget's base64 Arrow tables; one that does not read is the client's error, named. */
function decodeWidgetTables(tables: ParsedStaticWidgetRequest["tables"]): StaticWidgetTables {
  const decoded: StaticWidgetTables = {};
  for (const name of ["results", "samples", "history", "detection", "projection"] as const) {
    const text = tables[name];
    if (text === undefined || text === null) continue;
    try {
      const table = tableFromIPC(Buffer.from(text, "base64"));
      if (table.schema.fields.length === 0) throw new Error("no columns");
      decoded[name] = table;
    } catch (error) {
      throw new SlicewiseError(
        "unreadable_body",
        `tables.${name} is not an Arrow IPC stream in base64 (${(error as Error).message}); send pyarrow's or apache-arrow's IPC stream bytes, base64-encoded`,
      );
    }
  }
  return decoded;
}

export function apiRoutes(platform: Platform, extensions: ApiExtensions = {}): ApiRoute[] {
  return [
    // No paths: a health check tells a caller the server is up, not where its data lies.
    route({
      method: "GET",
      path: "/health",
      summary: "Is the server up",
      answer: { status: 200, json: healthSchema },
      handler: async () => ({ json: { status: "ok" } }),
    }),
    route({
      method: "GET",
      path: "/datasets",
      summary: "The datasets' names",
      answer: { status: 200, json: datasetListSchema },
      handler: async () => ({ json: { datasets: await platform.listDatasets() } }),
    }),
    route({
      method: "GET",
      path: "/datasets/{dataset}",
      summary: "A dataset: columns, commits, models, quality-standard version",
      answer: { status: 200, json: datasetDescriptionSchema },
      handler: async ({ path }) => ({ json: await platform.describeDataset(path.dataset) }),
    }),
    route({
      method: "DELETE",
      path: "/datasets/{dataset}",
      summary: "Delete a dataset with its commits, results, standards and runs",
      answer: { status: 200, json: deletedSchema },
      handler: async ({ path }) => ({ json: await platform.deleteDataset(path.dataset) }),
    }),
    routeWithQuery({
      method: "PUT",
      path: "/datasets/{dataset}",
      summary: "Upload the dataset's rows as a new commit",
      query: uploadQuery,
      upload: true,
      answer: { status: 201, json: uploadSummarySchema },
      handler: async ({ path, query, upload }) => {
        const idFields = (query.id_fields ?? "")
          .split(",")
          .map((field) => field.trim())
          .filter(Boolean);
        return upload(async (source) => ({ json: await platform.uploadDataset(path.dataset, source, { idFields }), status: 201 }));
      },
    }),
    route({
      method: "PUT",
      path: "/datasets/{dataset}/models/{model}/results",
      summary: "Upload a model's results, one row per datapoint",
      upload: true,
      answer: { status: 201, json: uploadSummarySchema },
      handler: async ({ path, upload }) => upload(async (source) => ({ json: await platform.uploadResults(path.dataset, path.model, source), status: 201 })),
    }),
    route({
      method: "POST",
      path: "/datasets/{dataset}/properties",
      summary: "Measure image, text and box properties into a new commit with property.<name> columns",
      body: { schema: propertiesOptionsSchema, code: "bad_request", what: "properties options" },
      answer: { status: 201, json: propertiesSummarySchema },
      handler: async ({ path, body }) => ({ json: await platform.extractProperties(path.dataset, body as PropertyColumns), status: 201 }),
    }),
    routeWithQuery({
      method: "GET",
      path: "/datasets/{dataset}/quality-standard",
      summary: "The quality standard (latest, or a version)",
      query: standardQuery,
      conditional: true,
      answer: { status: 200, json: storedQualityStandardSchema },
      handler: async ({ path, query }) => ({
        json: await platform.getQualityStandard(path.dataset, query.version === undefined ? undefined : Number(query.version), { ids: query.ids }),
      }),
    }),
    routeWithQuery({
      method: "GET",
      path: "/datasets/{dataset}/quality-standard/test-cases/{test_case}/ids",
      summary: "Every id of a test case made of chosen samples, in the order given",
      query: versionQuery,
      conditional: true,
      answer: { status: 200, json: testCaseIdsSchema },
      handler: async ({ path, query }) => ({
        json: await platform.getTestCaseIds(path.dataset, path.test_case, query.version === undefined ? undefined : Number(query.version)),
      }),
    }),
    route({
      method: "PUT",
      path: "/datasets/{dataset}/quality-standard",
      summary: "Set the quality standard: a new version",
      body: { schema: qualityStandardSchema, code: "invalid_quality_standard", what: "quality standard" },
      answer: { status: 200, json: storedQualityStandardSchema },
      handler: async ({ path, body }) => ({ json: await platform.setQualityStandard(path.dataset, body) }),
    }),
    routeWithQuery({
      method: "POST",
      path: "/datasets/{dataset}/evaluate",
      summary: "Evaluate models on every test case",
      query: evaluateQuery,
      body: { schema: evaluateOptionsSchema, code: "bad_request", what: "evaluate options" },
      answer: {
        status: 200,
        arrow: `${evaluationTable} With ?operation=NAME, the evaluation's last progress (complete) is in the header X-Slicewise-Progress, as GET /operations/{operation}/progress answers its progress, when the engine reported any.`,
      },
      handler: async ({ path, query, body, signal }) => {
        const options = { ...(body as EvaluateOptions), ...(query.record === "true" ? { record: true } : {}) };
        // The last report reaches a client that polls only by luck (the route answers null once the evaluation ends): the answer carries it.
        let last: Progress | null = null;
        const onProgress = query.operation === undefined ? undefined : (progress: Progress) => (last = progress);
        const evaluation = await platform.evaluate(path.dataset, options, { signal, operation: query.operation, onProgress });
        const headers: Record<string, string> = { "X-Slicewise-Evaluation": evaluation.table.schema.metadata.get(evaluationInfoKey) ?? "{}" };
        if (last) headers["X-Slicewise-Progress"] = JSON.stringify(progressToWire(last));
        return { table: evaluation.table, headers };
      },
    }),
    route({
      method: "GET",
      path: "/operations/{operation}/progress",
      summary:
        "How far a running evaluation has got (POST …/evaluate?operation=NAME): its engine's tasks so far, or null before the first report and after the end",
      answer: { status: 200, json: operationProgressSchema },
      handler: async ({ path }) => ({ json: { operation: path.operation, progress: progressToWire(platform.operationProgress(path.operation)) } }),
    }),
    route({
      method: "POST",
      path: "/datasets/{dataset}/detection-charts",
      summary: "Each detection metric's precision–recall curves and confusion matrices per test case and model (docs/detection.md)",
      body: { schema: detectionChartsOptionsSchema, code: "bad_request", what: "detection charts options" },
      answer: {
        status: 200,
        arrow:
          "The detection-charts table: curve points (chart pr) and matrix cells (chart confusion); its schema metadata slicewise.detection_charts says what they were drawn at.",
      },
      handler: async ({ path, body, signal }) => ({ table: await platform.detectionCharts(path.dataset, body as DetectionChartsOptions, { signal }) }),
    }),
    route({
      method: "POST",
      path: "/datasets/{dataset}/discover",
      summary: "Hidden-subclass discovery: clusters of each class's embeddings where a model errs more (docs/discovery.md)",
      body: { schema: discoverOptionsSchema, code: "bad_request", what: "discover options" },
      answer: { status: 200, json: discoverySchema },
      handler: async ({ path, body, signal }) => ({ json: await platform.discoverSlices(path.dataset, body as DiscoverOptions, { signal }) }),
    }),
    route({
      method: "POST",
      path: "/datasets/{dataset}/projection",
      summary:
        "The embedding map's table: ids, the embedding on its first two principal components (x, y), each model's correctness, clusters (docs/embedding-map.md)",
      body: { schema: projectionOptionsSchema, code: "bad_request", what: "projection options" },
      // Seeded (subsample, k-means): the same store and request give the same table, so the
      // dashboard's Evaluate revalidates its copy (304) instead of projecting again (~460 ms on the digits).
      conditional: true,
      answer: {
        status: 200,
        arrow: "The projection: one row per datapoint with an embedding, ordered by id; its schema metadata slicewise.projection says what was projected.",
      },
      handler: async ({ path, body, signal }) => ({ table: await platform.projectEmbedding(path.dataset, body as ProjectionOptions, { signal }) }),
    }),
    route({
      method: "GET",
      path: "/datasets/{dataset}/runs",
      summary: "The recorded runs",
      answer: { status: 200, json: runListSchema },
      handler: async ({ path }) => ({ json: { runs: await platform.listRuns(path.dataset) } }),
    }),
    routeWithQuery({
      method: "GET",
      path: "/datasets/{dataset}/history",
      summary: "Recorded runs as one table, for trends",
      query: historyQuery,
      answer: { status: 200, arrow: "The history table: the runs' evaluation tables, each row with its run." },
      handler: async ({ path, query }) => ({
        table: await platform.history(path.dataset, { runs: query.runs?.split(",").map(Number), model: query.model }),
      }),
    }),
    route({
      method: "GET",
      path: "/datasets/{dataset}/runs/{run}",
      summary: "A recorded run's evaluation table",
      answer: { status: 200, arrow: evaluationTable },
      handler: async ({ path }) => ({ table: await platform.getRun(path.dataset, Number(path.run)) }),
    }),
    route({
      method: "POST",
      path: "/datasets/{dataset}/check",
      summary: "The CI gate: evaluate the candidate against the reference (recorded as a run) and say whether a test case regresses",
      body: { schema: checkOptionsSchema, code: "bad_request", what: "check options" },
      answer: { status: 200, json: checkResultSchema },
      handler: async ({ path, body, signal }) => {
        const options = checkOptionsSchema.parse(body) as ParsedCheckOptions;
        const evaluation = await platform.evaluate(
          path.dataset,
          {
            models: [options.reference, options.candidate],
            reference: options.reference,
            confidence: options.confidence,
            version: options.version,
            record: true,
            label: options.label,
            // The gate's minimum is also the evaluation's: a test case it would skip gets no verdict either (as check() does).
            min_n: options.min_n,
          },
          { signal },
        );
        const gate = evaluateGate(evaluationRowsFromTable(evaluation.table), {
          candidate: options.candidate,
          reference: options.reference,
          metrics: options.metrics,
          testCases: options.test_cases,
          failOn: options.fail_on,
          minN: options.min_n,
        });
        const info = evaluationInfo(evaluation.table) ?? evaluation.info;
        const { failOn, minN, ...rest } = gate;
        return { json: { ...rest, fail_on: failOn, min_n: minN, run_id: info.run_id, info } };
      },
    }),
    route({
      method: "POST",
      path: "/datasets/{dataset}/report",
      summary: "The self-contained HTML report of a dataset's evaluation: tables, charts, gallery, history, slicer",
      body: { schema: reportOptionsSchema, code: "bad_request", what: "report options" },
      answer: { status: 200, html: "The report: one HTML file that needs no network." },
      handler: async ({ path, body }) => {
        if (!extensions.report) throw new SlicewiseError("not_found", "this server was started without the report writer; `slicewise serve` has it");
        return { html: await extensions.report(platform, path.dataset, reportOptionsSchema.parse(body)) };
      },
    }),
    route({
      method: "POST",
      path: "/widgets/{kind}/static",
      summary: "A widget's static copy (HTML, and its picture as SVG) from its tables and options: what a notebook shows where no script runs",
      body: { schema: staticWidgetRequestSchema, code: "bad_request", what: "widget tables and options" },
      answer: { status: 200, json: staticWidgetSchema },
      handler: async ({ path, body }) => {
        if (!extensions.staticWidget) throw new SlicewiseError("not_found", "this server was started without the widget renderer; `slicewise serve` has it");
        const request = staticWidgetRequestSchema.parse(body);
        return { json: extensions.staticWidget(path.kind, decodeWidgetTables(request.tables), request.options, { picture: request.picture }) };
      },
    }),
    route({
      method: "POST",
      path: "/datasets/{dataset}/samples",
      summary: "The datapoints behind a number: dataset columns, then each model's as <model>.<field>",
      body: { schema: samplesOptionsSchema, code: "bad_request", what: "samples options" },
      // Thumbnails are read from the image files a locator names, which can change without a commit;
      // a client revalidating its copy sees a replaced image after the store's next commit.
      conditional: true,
      answer: { status: 200, arrow: "The samples: one row per datapoint, ordered and paged." },
      handler: async ({ path, body, signal }) => ({ table: await platform.samples(path.dataset, body as SamplesOptions, { signal }) }),
    }),
  ];
}

/** Path parameters by name: every route's {dataset}, {model} and {run} are read alike. */
export const pathParameters: Record<string, z.ZodType<string>> = {
  dataset: z.string().min(1).meta({ description: "The dataset's name (percent-encoded)." }),
  model: z.string().min(1).meta({ description: "The model's name (percent-encoded)." }),
  run: integerText.meta({ description: "A run's id." }),
  operation: operationName.meta({ description: "The name an evaluation was given (POST …/evaluate?operation=NAME)." }),
  test_case: z.string().min(1).max(200).meta({ description: "An explicit test case's name (percent-encoded)." }),
  kind: z
    .string()
    .min(1)
    .max(200)
    .meta({ description: "A widget kind: MetricsTable, ComparisonChart, SampleGallery, Dashboard, Slicer, History or EmbeddingMap." }),
};
