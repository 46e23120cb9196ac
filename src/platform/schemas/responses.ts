// What the API answers in JSON, as schemas for its OpenAPI document (a fuzzer checks every
// answer against them). Arrow answers are described by their media type; their columns are
// the evaluation table's (src/core/evaluationTable.ts) and the dataset's own.
import * as z from "zod";
import { errorCodes } from "../../core";
import { qualityStandardSchema } from "./qualityStandard";
import type { Progress } from "../store/loadSource";

const timestamp = z.string().meta({ description: "When, as DuckDB prints a timestamp (UTC)." });

export const errorSchema = z
  .object({ error: z.object({ code: z.enum(errorCodes), message: z.string() }) })
  .meta({ id: "Error", description: "Every error: a stable code a program can branch on, and a message a person can act on." });

export const healthSchema = z.object({ status: z.literal("ok") }).meta({ id: "Health" });

const progressSchema = z
  .object({
    unit: z.enum(["rows", "bytes", "percent", "tasks"]),
    done: z.number(),
    total: z.number().nullable(),
    stages_done: z.int().nullable().meta({ description: "With unit tasks: the engine's stages finished." }),
    stages: z.int().nullable().meta({ description: "With unit tasks: the stages known so far (a later statement adds its own)." }),
    bytes_read: z.number().nullable().meta({ description: "With unit tasks: the bytes the tasks read." }),
  })
  .meta({ id: "Progress" });

export const operationProgressSchema = z
  .object({ operation: z.string(), progress: progressSchema.nullable() })
  .meta({ id: "OperationProgress", description: "null progress: no report yet, the operation has ended, or no operation has this name." });

/** A Progress as the API answers it (snake_case, nulls for what does not apply). */
export function progressToWire(progress: Progress | null): z.infer<typeof progressSchema> | null {
  if (!progress) return null;
  return {
    unit: progress.unit,
    done: progress.done,
    total: progress.total ?? null,
    stages_done: progress.stages?.done ?? null,
    stages: progress.stages?.total ?? null,
    bytes_read: progress.bytesRead ?? null,
  };
}

export const datasetListSchema = z.object({ datasets: z.array(z.string()) }).meta({ id: "DatasetList" });

export const datasetDescriptionSchema = z
  .object({
    name: z.string(),
    id_fields: z.array(z.string()),
    commit: z.int(),
    rows: z.int(),
    created_at: timestamp,
    columns: z.array(z.object({ name: z.string(), type: z.string() })),
    commits: z.array(z.object({ commit: z.int(), rows: z.int(), created_at: timestamp })),
    models: z.array(z.object({ model: z.string(), rows: z.int(), updated_at: timestamp })),
    quality_standard_version: z.int().nullable(),
  })
  .meta({ id: "DatasetDescription" });

export const uploadSummarySchema = z
  .object({ dataset: z.string(), model: z.string().optional(), commit: z.int(), rows: z.int(), id_fields: z.array(z.string()) })
  .meta({ id: "UploadSummary" });

export const propertiesSummarySchema = z
  .object({
    dataset: z.string(),
    commit: z.int(),
    rows: z.int(),
    id_fields: z.array(z.string()),
    columns: z.array(z.string()).meta({ description: "The columns written, e.g. property.brightness." }),
    bad_images: z.int().meta({ description: "Images that could not be read or decoded; their properties are null." }),
    bad_image_examples: z.array(z.object({ id: z.string(), reason: z.string() })).meta({ description: "The first ten bad images, by id." }),
  })
  .meta({ id: "PropertiesSummary" });

export const deletedSchema = z.object({ deleted: z.string() }).meta({ id: "Deleted" });

/** A stored standard reads as it was sent (defaults filled in), with its version. */
export const storedQualityStandardSchema = qualityStandardSchema;

/** Every id of a test case made of chosen samples (GET …/quality-standard/test-cases/{test_case}/ids). */
export const testCaseIdsSchema = z
  .object({
    dataset: z.string(),
    version: z.int(),
    test_case: z.string(),
    id_fields: z.array(z.string()),
    ids: z.array(z.unknown()).meta({ description: "One value per id (one id field), or a list in the id fields' order." }),
  })
  .meta({ id: "TestCaseIds" });

export const runSummarySchema = z
  .object({
    run_id: z.int(),
    label: z.string().nullable(),
    created_at: timestamp,
    dataset: z.string(),
    dataset_commit: z.int(),
    quality_standard_version: z.int(),
    models: z.array(z.string()),
    reference: z.string(),
    confidence: z.number(),
    datapoints: z.int(),
    excluded_datapoints: z.int(),
    min_n: z.record(z.string(), z.record(z.string(), z.int())),
  })
  .meta({ id: "RunSummary" });

export const runListSchema = z.object({ runs: z.array(runSummarySchema) }).meta({ id: "RunList" });

const nullableNumber = z.number().nullable();

export const gateFindingSchema = z
  .object({
    test_case: z.string(),
    stratification: z.string(),
    metric: z.string(),
    metric_group: z.string(),
    n: z.number(),
    value: nullableNumber,
    reference_value: nullableNumber,
    delta: nullableNumber,
    ci_low: nullableNumber,
    ci_high: nullableNumber,
    p_value: nullableNumber,
    q_value: nullableNumber,
    verdict: z.string().nullable(),
    higher_is_better: z.boolean().nullable(),
    status: z.enum(["failed", "passed", "skipped"]),
    reason: z.string().meta({ description: 'Why, in words: "regressed (q = 0.0004)", "n = 12 < 30".' }),
  })
  .meta({ id: "GateFinding" });

export const checkResultSchema = z
  .object({
    passed: z.boolean().meta({ description: "No gated test case regressed." }),
    candidate: z.string(),
    reference: z.string(),
    fail_on: z.enum(["regressed", "any-drop"]),
    min_n: z.int(),
    run_id: z.int().meta({ description: "The run the evaluation was recorded as (GET …/runs/{run} gives its table)." }),
    findings: z.array(gateFindingSchema).meta({ description: "Every gated pair, worst first: failures, then passes, then skips." }),
    regressions: z.array(gateFindingSchema),
    skipped: z.array(gateFindingSchema),
    info: z.record(z.string(), z.unknown()).meta({ description: "The evaluation's provenance (dataset commit, quality-standard version, datapoints …)." }),
  })
  .meta({ id: "CheckResult" });

export const staticWidgetSchema = z
  .object({
    html: z.string().meta({ description: "The widget's static HTML: what GitHub, nbviewer and nbconvert show." }),
    svg: z.string().nullable().meta({ description: "Its picture as a standalone SVG; null when it has none to draw." }),
  })
  .meta({ id: "StaticWidget" });

const idValue = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.union([z.string(), z.number(), z.boolean(), z.null()]))]);

export const discoverySchema = z
  .object({
    candidates: z.array(
      z.object({
        model: z.string(),
        class: z.string(),
        cluster: z.int(),
        clusters: z.int(),
        name: z.string(),
        size: z.int(),
        ids: z.array(idValue).meta({ description: "The cluster's datapoints, ready for a { name, ids } test case." }),
        error: z.number(),
        rest_error: z.number(),
        lift: z.number().nullable().meta({ description: "error / rest_error; null (infinite) when the rest makes no error." }),
        p_value: z.number(),
        q_value: z.number().meta({ description: "Benjamini–Hochberg over every cluster tested, of every class and model." }),
        regression: z.object({ delta: z.number(), losses: z.int(), wins: z.int(), p_value: z.number(), q_value: z.number() }).optional(),
      }),
    ),
    classes: z.array(z.object({ class: z.string(), rows: z.int(), k: z.int(), silhouette: z.number().nullable() })),
    tested: z.int(),
  })
  .meta({ id: "Discovery" });
