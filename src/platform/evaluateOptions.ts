// An evaluation's options, and their defaults applied once (the schema in schemas/requests.ts
// checks them and fills confidence, resamples and seed).
import { ParsedEvaluateOptions, evaluateOptionsSchema } from "./schemas/requests";
import { parseWith } from "./schemas/validate";

export interface EvaluateOptions {
  models: string[];
  /** Default: the first model. */
  reference?: string;
  confidence?: number;
  resamples?: number;
  seed?: number;
  /** Quality-standard version to use; default the latest. */
  version?: number;
  /** Keep this evaluation as a run (listRuns, getRun); `label` names it (a commit, a build). */
  record?: boolean;
  label?: string;
  /** Below this many datapoints a verdict is unknown; overrides the quality standard's `min_n`. */
  min_n?: number;
}

/** The options with their defaults (schemas/requests.ts); the reference model comes first among the models if it was not named. */
export function applyEvaluateDefaults(options: EvaluateOptions): ParsedEvaluateOptions & { reference: string } {
  const parsed = parseWith(evaluateOptionsSchema, options, { code: "bad_request", what: "evaluate options" });
  const models = [...new Set(parsed.models)];
  const reference = parsed.reference ?? models[0];
  if (!models.includes(reference)) models.unshift(reference);
  return { ...parsed, models, reference };
}
