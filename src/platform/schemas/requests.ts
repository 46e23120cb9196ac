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
