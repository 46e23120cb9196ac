// The one crossing between the client API's camelCase names and the platform's snake_case wire
// names (HTTP bodies and queries, the services' options and answers). The evaluation table and
// the quality-standard JSON keep their snake_case and never pass through here.
import { SlicewiseError } from "../core";
import type {
  DatasetDescription as WireDatasetDescription,
  EvaluateOptions as WireEvaluateOptions,
  Progress,
  PropertiesSummary as WirePropertiesSummary,
  RunSummary as WireRunSummary,
  SamplesOptions as WireSamplesOptions,
  UploadSummary as WireUploadSummary,
} from "../platform";
import type {
  DatasetDescription,
  DiscoveredSlice,
  DiscoverSlicesOptions,
  ProjectEmbeddingOptions,
  EvaluateOptions,
  PropertiesSummary,
  RunSummary,
  SamplesOptions,
  UploadSummary,
} from "./workspace";

/** "test_case_columns" → "testCaseColumns". */
export function camelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

/** "min_n" → "minN" at the type level, so a result's camelCase keys are checked against its wire keys. */
type CamelCase<Name extends string> = Name extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : Name;

/** A wire object read in TypeScript: every key camelCase, and each renamed key's old spelling (deprecated). */
type FromWire<Wire> = { [Key in keyof Wire as Key extends string ? CamelCase<Key> : Key]: Wire[Key] } & {
  readonly [Key in keyof Wire as Key extends string ? (CamelCase<Key> extends Key ? never : Key) : never]: Wire[Key];
};

const warned = new Set<string>();

/** Warns once per old spelling, so a loop over old code does not flood a notebook. */
function warnOldSpelling(old: string, current: string): void {
  if (warned.has(old)) return;
  warned.add(old);
  process.emitWarning(
    `slicewise: "${old}" is the old spelling of "${current}"; it still works, but the TypeScript API is camelCase (snake_case stays on the HTTP wire and in the quality-standard JSON)`,
    {
      type: "DeprecationWarning",
      code: "SLICEWISE_SNAKE_CASE",
    },
  );
}

/**
 * A wire answer with camelCase keys. Each renamed key's old spelling stays readable as a
 * non-enumerable getter that warns: old code keeps working, and JSON.stringify, spreads and
 * test equality see every field once.
 */
function fromWire<Wire extends object>(wire: Wire): FromWire<Wire> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(wire)) result[camelCase(key)] = value;
  for (const key of Object.keys(wire)) {
    const current = camelCase(key);
    if (current === key) continue;
    Object.defineProperty(result, key, {
      enumerable: false,
      configurable: true,
      get: () => {
        warnOldSpelling(key, current);
        return result[current];
      },
    });
  }
  return result as FromWire<Wire>;
}

/** The option given under its camelCase name or its old snake_case one (with a warning); both at once is a mistake to name. */
function either<Value>(call: string, current: string, value: Value | undefined, old: string, oldValue: Value | undefined): Value | undefined {
  if (oldValue === undefined) return value;
  if (value !== undefined)
    throw new SlicewiseError("bad_request", `${call} was given both ${current} and ${old}; give only ${current} (${old} is its old spelling)`);
  warnOldSpelling(old, current);
  return oldValue;
}

export function evaluateOptionsToWire(options: EvaluateOptions): WireEvaluateOptions {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- a listener is not an option the platform reads
  const { minN, min_n, onProgress, ...unchanged } = options;
  return { ...unchanged, min_n: either("evaluate", "minN", minN, "min_n", min_n) };
}

export function samplesOptionsToWire(options: SamplesOptions): WireSamplesOptions {
  const { testCase, test_case, orderBy, order_by, testCaseColumns, test_case_columns, ...unchanged } = options;
  const reference = either("samples", "testCase", testCase, "test_case", test_case);
  return {
    ...unchanged,
    test_case: typeof reference === "object" && reference !== null ? testCaseReferenceToWire(reference) : reference,
    order_by: either("samples", "orderBy", orderBy, "order_by", order_by),
    test_case_columns: either("samples", "testCaseColumns", testCaseColumns, "test_case_columns", test_case_columns),
  };
}

/** Keys other than the test case's pass on as given, so the platform names an unknown one. */
export function testCaseReferenceToWire(
  { testCase, test_case, ...unchanged }: { stratification: string; testCase?: string; test_case?: string },
  call = "samples' testCase",
): { stratification: string; test_case: string } {
  // Missing only when the caller's types were bypassed; the platform then says test_case is required.
  return { ...unchanged, test_case: either(call, "testCase", testCase, "test_case", test_case)! };
}

/** An operation's progress as the API answers it (GET /operations/{operation}/progress), as the client's Progress. */
export function progressFromWire(wire: WireProgress): Progress {
  return {
    unit: wire.unit,
    done: wire.done,
    ...(wire.total === null ? {} : { total: wire.total }),
    ...(wire.stages === null || wire.stages_done === null ? {} : { stages: { done: wire.stages_done, total: wire.stages } }),
    ...(wire.bytes_read === null ? {} : { bytesRead: wire.bytes_read }),
  };
}

export interface WireProgress {
  unit: Progress["unit"];
  done: number;
  total: number | null;
  stages_done: number | null;
  stages: number | null;
  bytes_read: number | null;
}

export function uploadSummaryFromWire(wire: WireUploadSummary): UploadSummary {
  return fromWire(wire);
}

export function datasetDescriptionFromWire(wire: WireDatasetDescription): DatasetDescription {
  return fromWire({ ...wire, commits: wire.commits.map(fromWire), models: wire.models.map(fromWire) });
}

export function runSummaryFromWire(wire: WireRunSummary): RunSummary {
  return fromWire(wire);
}

/** A new answer: camelCase only, no old spellings to keep. */
/** projectEmbedding's options as the route takes them (snake_case). */
export function projectionOptionsToWire(options: ProjectEmbeddingOptions): Record<string, unknown> {
  const { fitRows, includeEmbedding, ...rest } = options;
  return {
    ...rest,
    ...(fitRows === undefined ? {} : { fit_rows: fitRows }),
    ...(includeEmbedding === undefined ? {} : { include_embedding: includeEmbedding }),
  };
}

/** discoverSlices' options as the route takes them (snake_case). */
export function discoverOptionsToWire(options: DiscoverSlicesOptions): Record<string, unknown> {
  const { kMax, minSize, ...rest } = options;
  return { ...rest, ...(kMax === undefined ? {} : { k_max: kMax }), ...(minSize === undefined ? {} : { min_size: minSize }) };
}

interface WireDiscoveredSlice extends Omit<DiscoveredSlice, "restError" | "pValue" | "qValue" | "regression"> {
  rest_error: number;
  p_value: number;
  q_value: number;
  regression?: { delta: number; losses: number; wins: number; p_value: number; q_value: number };
}

export function discoveredSlicesFromWire(wire: { candidates: WireDiscoveredSlice[] }): DiscoveredSlice[] {
  return wire.candidates.map(({ rest_error, p_value, q_value, regression, lift, ...rest }) => ({
    ...rest,
    lift: lift === null || lift === undefined ? null : Number.isFinite(lift) ? lift : null,
    restError: rest_error,
    pValue: p_value,
    qValue: q_value,
    ...(regression
      ? { regression: { delta: regression.delta, losses: regression.losses, wins: regression.wins, pValue: regression.p_value, qValue: regression.q_value } }
      : {}),
  }));
}

export function propertiesSummaryFromWire(wire: WirePropertiesSummary): PropertiesSummary {
  return {
    dataset: wire.dataset,
    commit: wire.commit,
    rows: wire.rows,
    idFields: wire.id_fields,
    columns: wire.columns,
    badImages: wire.bad_images,
    badImageExamples: wire.bad_image_examples,
  };
}
