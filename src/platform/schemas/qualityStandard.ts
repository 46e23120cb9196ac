// The quality standard's schema: what a PUT of one must hold, the defaults it gets, and the rules
// between its parts (ascending buckets, unique names). The same schema validates requests and
// describes them in the OpenAPI document; field names are checked later, against the data.
import * as z from "zod";
import { Predicate, QualityStandard, minimumSamplesProblem, namePattern, nameProblem } from "../../core";
import { limitClause, limits } from "./limits";
import { parseWith } from "./validate";

/** A name a person reads in a table: no control, invisible or direction-changing characters (core/names.ts). */
export const displayName = z
  .string()
  .min(1)
  .max(200)
  .regex(new RegExp(namePattern, "u"), { error: (issue) => `is not usable: ${nameProblem(issue.input)}` });

/** A column of the dataset or of a model's results. */
const fieldName = z.string().min(1).max(1000);

export const scalarSchema = z
  .union([z.string(), z.number(), z.boolean(), z.null()], {
    error: (issue) => (issue.input === undefined ? "is required (a string, number, true/false or null)" : "must be a string, number, true/false or null"),
  })
  .meta({ description: "A JSON scalar: string, number, true/false or null." });

const comparisonOps = ["eq", "ne", "lt", "le", "gt", "ge"] as const;
const allOps = [...comparisonOps, "in", "between"];

const comparison = z.discriminatedUnion(
  "op",
  [
    z.strictObject({ field: fieldName, op: z.enum(comparisonOps), value: scalarSchema }),
    z.strictObject({ field: fieldName, op: z.literal("in"), value: z.array(scalarSchema, { error: 'must be a list for "in", e.g. [1, 2]' }) }),
    z.strictObject({
      field: fieldName,
      op: z.literal("between"),
      value: z.tuple([z.number(), z.number()], { error: 'must be [low, high] for "between" (inclusive)' }),
    }),
  ],
  { error: (issue) => (issue.code === "invalid_union" ? `must be one of ${allOps.join(", ")}` : undefined) },
);

/** A predicate: a comparison of a field with a value, or and/or/not of predicates. */
export const predicateSchema: z.ZodType<Predicate> = z
  .union(
    [
      z.strictObject({
        get and() {
          return z.array(predicateSchema).min(1);
        },
      }),
      z.strictObject({
        get or() {
          return z.array(predicateSchema).min(1);
        },
      }),
      z.strictObject({
        get not() {
          return predicateSchema;
        },
      }),
      comparison,
    ],
    { error: 'must be a predicate such as {"field": "blur", "op": "lt", "value": 0.2}, or {"and": [...]}, {"or": [...]}, {"not": {...}}' },
  )
  .meta({ id: "Predicate", description: "Which datapoints: a comparison of a dataset field with a value, or and/or/not of predicates." });

/** How many levels of and/or/not a predicate has around its comparisons (a comparison alone is 1). */
export function predicateDepth(predicate: Predicate): number {
  if ("and" in predicate) return 1 + Math.max(...predicate.and.map(predicateDepth));
  if ("or" in predicate) return 1 + Math.max(...predicate.or.map(predicateDepth));
  if ("not" in predicate) return 1 + predicateDepth(predicate.not);
  return 1;
}

/** A predicate no deeper than the server's limit (checked after its shape; deeper bodies never reach here). */
export const boundedPredicateSchema = predicateSchema.refine((predicate) => predicateDepth(predicate) <= limits.predicateDepth, {
  error: `nests more than ${limits.predicateDepth} levels of and/or/not ${limitClause("predicateDepth")}`,
});

/** A minimum n for a verdict: a positive whole number of datapoints. */
export const minimumSamplesSchema = z
  .int({ error: (issue) => minimumSamplesProblem(issue.input) })
  .min(1, { error: (issue) => minimumSamplesProblem(issue.input) })
  .meta({ description: "Below this many datapoints a metric's verdict is unknown (default 1 for binary metrics, 2 for the others)." });

const stratificationSchema = z
  .strictObject({
    name: displayName.optional().meta({ description: "Default: the field's name." }),
    field: fieldName,
    buckets: z.array(z.number().finite()).min(1).max(1000).optional().meta({ description: "Edges e1 < … < ek: k+1 test cases (−∞,e1), [e1,e2) … [ek,∞)." }),
    quantiles: z.int().min(2).max(100).optional().meta({ description: "q equal-height buckets, edges at the dataset's q-quantiles." }),
  })
  .superRefine((stratification, context) => {
    if (stratification.buckets && stratification.quantiles !== undefined)
      context.addIssue({ code: "custom", message: "give either buckets or quantiles, not both", path: [] });
    const edges = stratification.buckets ?? [];
    for (let i = 1; i < edges.length; i++)
      if (edges[i] <= edges[i - 1]) {
        context.addIssue({ code: "custom", message: `must be strictly ascending (${edges[i - 1]} is followed by ${edges[i]})`, path: ["buckets"] });
        break;
      }
    if ((stratification.name ?? stratification.field) === "dataset")
      context.addIssue({ code: "custom", message: '"dataset" is reserved for the whole-dataset test case', path: ["name"] });
  })
  .transform(({ name, ...rest }) => ({ name: name ?? rest.field, ...rest }))
  .meta({ id: "Stratification", description: "One test case per value of a field (or per bucket of a numeric one)." });

/** Ids one test case may list: a chosen set of samples, not a slice of the dataset. */
export const maxTestCaseIds = 100_000;

/** A standard read back lists a set of at most this many ids; a larger one it names by reference. */
export const maxInlineIds = 1_000;

const testCaseSchema = z
  .union(
    [
      z.strictObject({ name: displayName, where: boundedPredicateSchema }),
      z.strictObject({
        name: displayName,
        ids: z
          .array(z.union([scalarSchema, z.array(scalarSchema).min(1).max(16)]))
          .min(1, { error: "must list at least one id" })
          .max(maxTestCaseIds, { error: `lists more than ${maxTestCaseIds.toLocaleString("en-US")} ids; make a field for the set and use a where` }),
      }),
      z
        .strictObject({
          name: displayName,
          ids: z.null(),
          id_count: z.int().min(1).max(maxTestCaseIds).optional().meta({ description: "How many ids the stored set holds (repeats included)." }),
          ids_of: z
            .strictObject({ version: z.int().min(1).max(2_147_483_647), test_case: displayName })
            .optional()
            .meta({ description: "The stored set: that version's test case of that name. Default: the latest version's test case of this name." }),
        })
        .meta({
          id: "StoredIdsReference",
          description: `A test case of chosen ids whose ids the platform keeps: a standard read back lists sets of more than ${maxInlineIds.toLocaleString("en-US")} ids this way, and a PUT of it keeps the set (?ids=all, or GET …/test-cases/{name}/ids, lists them).`,
        }),
    ],
    {
      error:
        'must be {"name": …, "where": {predicate}}, {"name": …, "ids": [id, …]} (one value per id, or a list in the id fields\' order) or {"name": …, "ids": null} (the ids the platform keeps for it)',
    },
  )
  .meta({
    id: "TestCase",
    description:
      "An explicit test case: the datapoints where its predicate holds, or a chosen set of datapoints by id (the dataset's id fields), or a reference to a set of ids the platform keeps.",
  });

const direction = z
  .boolean()
  .nullable()
  .default(null)
  .meta({ description: "true: higher is better; false: lower is better; null: no direction (no verdict)." });
const base = { label: displayName, higher_is_better: direction };
const meanLikeKinds = ["mean", "sum", "min", "max", "median", "stddev"] as const;
const countMeasures = ["accuracy", "precision", "recall", "f1", "fpr", "specificity"] as const;
const cellColumn = fieldName.optional();

const iouThreshold = z.number().gt(0).lte(1);
const detectionMetricSchema = z
  .strictObject({
    ...base,
    kind: z.literal("detection"),
    measure: z.enum(["tp", "fp", "fn", "precision", "recall", "f1", "ap", "ar"]),
    gt: fieldName,
    pred: fieldName,
    matching: z.enum(["greedy", "coco"]).optional(),
    iou: z
      .union([
        iouThreshold,
        z.array(iouThreshold).min(1).max(100),
        z.string().regex(/^\s*[0-9.]+\s*:\s*[0-9.]+\s*:\s*[0-9.]+\s*$/, 'write a range as "0.50:0.05:0.95"'),
      ])
      .optional(),
    threshold: z.union([z.number().finite(), z.literal("f1-optimal")]).optional(),
    optimal_per: z.enum(["class", "global"]).optional(),
    average: z.enum(["macro", "micro"]).optional(),
    classes: z
      .array(z.union([z.string().max(200), z.number().finite()]))
      .min(1)
      .max(10_000)
      .optional(),
    area: z
      .union([
        z.enum(["all", "small", "medium", "large"]),
        z
          .tuple([z.number().min(0), z.number().positive()])
          .refine(([min, max]) => min < max, { error: "is [min, max] in pixels² with min < max; as written, no box would be in the range" }),
      ])
      .optional(),
    max_detections: z.number().int().positive().max(100_000).optional(),
  })
  .meta({ id: "DetectionMetric", description: "Object detection: boxes in gt (dataset) and pred (results) matched per image (docs/detection.md)." });

const metricSchema = z
  .discriminatedUnion(
    "kind",
    [
      z.strictObject({ ...base, kind: z.literal("count") }),
      z.strictObject({ ...base, kind: z.enum(meanLikeKinds), field: fieldName }),
      z.strictObject({
        ...base,
        kind: z.literal("rate"),
        field: fieldName,
        value: z.union([z.string(), z.number(), z.boolean(), z.null()], {
          error: (issue) =>
            issue.input === undefined ? "is required: the rate is the share of rows where field == value" : "must be a string, number, true/false or null",
        }),
      }),
      z.strictObject({ ...base, kind: z.enum(countMeasures), tp: cellColumn, fp: cellColumn, fn: cellColumn, tn: cellColumn }),
      z.strictObject({
        ...base,
        kind: z.literal("classification"),
        measure: z.enum(["accuracy", "precision", "recall", "f1"]),
        average: z.enum(["macro", "micro", "weighted"]).default("macro"),
        gt: fieldName,
        pred: fieldName,
      }),
      z.strictObject({ ...base, kind: z.literal("regression"), measure: z.enum(["mae", "mse", "rmse", "r2"]), gt: fieldName, pred: fieldName }),
      detectionMetricSchema,
    ],
    {
      error: (issue) =>
        issue.code === "invalid_union"
          ? `${metricKindProblem((issue.input as { kind?: unknown } | undefined)?.kind)}; use count, ${meanLikeKinds.join(", ")}, rate, ${countMeasures.join(", ")}, classification, regression or detection`
          : undefined,
    },
  )
  .meta({ id: "Metric", description: "One metric of a group; its kind says which fields it reads." });

function metricKindProblem(kind: unknown): string {
  return kind === undefined ? "is required" : `unknown metric kind ${JSON.stringify(kind)}`;
}

const metricGroupSchema = z
  .strictObject({
    name: displayName,
    metrics: z
      .array(metricSchema)
      .min(1)
      .superRefine(uniqueNames((metric) => metric.label)),
  })
  .meta({ id: "MetricGroup" });

/** Names must be unique within their list: a refinement that names the first repeated one. */
function uniqueNames<T>(nameOf: (item: T) => string) {
  return (items: T[], context: z.RefinementCtx) => {
    const seen = new Set<string>();
    for (const item of items) {
      const name = nameOf(item);
      if (seen.has(name)) {
        context.addIssue({ code: "custom", message: `the name "${name}" is used twice; names must be unique`, path: [] });
        return;
      }
      seen.add(name);
    }
  };
}

const limitedList = <T extends z.ZodType>(item: T, limit: "testCases" | "stratifications", unique: (value: z.output<T>) => string) =>
  z
    .array(item)
    .max(limits[limit], { error: `must have at most ${limits[limit].toLocaleString("en-US")} items ${limitClause(limit)}` })
    .default([])
    .superRefine(uniqueNames(unique));

export const qualityStandardSchema = z
  .strictObject(
    {
      stratifications: limitedList(stratificationSchema, "stratifications", (s) => s.name),
      test_cases: limitedList(testCaseSchema, "testCases", (t) => t.name),
      metric_groups: z
        .array(metricGroupSchema)
        .default([])
        .superRefine(uniqueNames((group) => group.name))
        .refine((groups) => groups.reduce((sum, group) => sum + group.metrics.length, 0) <= limits.metrics, {
          error: `hold more than ${limits.metrics} metrics in all ${limitClause("metrics")}`,
        }),
      min_n: minimumSamplesSchema.optional(),
      /** A standard read back from the server carries its version: accepted, and ignored. */
      version: z.int().optional().meta({ description: "Ignored: a stored standard's version, so that one read back can be sent again." }),
    },
    { error: (issue) => (issue.code === "invalid_type" ? "must be a JSON object with stratifications, test_cases and metric_groups" : undefined) },
  )
  .transform(({ version: _version, min_n, ...standard }) => (min_n === undefined ? standard : { ...standard, min_n }))
  .meta({ id: "QualityStandard", description: "Stratifications and explicit test cases (the slices), and the metric groups computed on each." });

/** Checks a quality standard's shape and fills defaults; field names are checked later, against the data. */
export function parseQualityStandard(value: unknown): QualityStandard {
  return parseWith(qualityStandardSchema, value, { code: "invalid_quality_standard", what: "quality standard" });
}
