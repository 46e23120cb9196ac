// The client's one API, the same whether the platform runs in-process or behind HTTP. Its options
// and results are camelCase; wireNames.ts turns them into the wire's snake_case and back.
import { Table } from "apache-arrow";
import type { QualityStandard } from "../core";
import type {
  HistoryOptions,
  ProgressListener,
  PropertyColumns,
  StoredQualityStandard,
  EvaluateOptions as WireEvaluateOptions,
  SamplesOptions as WireSamplesOptions,
} from "../platform";

/** Rows to upload: an Arrow table, an array of row objects, or a path to a csv/arrow/parquet/ndjson file. */
export type UploadInput = Table | Record<string, unknown>[] | string;

export interface UploadOptions {
  /** Columns identifying a datapoint (datasets only); inferred when not given. */
  idFields?: string[];
  /** Hears rows (embedded) or bytes (HTTP) sent so far; default: a progress line on a terminal. */
  onProgress?: ProgressListener | false;
}

export interface UploadSummary {
  dataset: string;
  /** The model whose results were uploaded (results only). */
  model?: string;
  commit: number;
  rows: number;
  /** The columns that identify a datapoint. */
  idFields: string[];
  /** @deprecated The old spelling of `idFields`: still readable, not enumerable. */
  readonly id_fields: string[];
}

export interface DatasetDescription {
  name: string;
  idFields: string[];
  /** The current commit and its number of rows. */
  commit: number;
  rows: number;
  createdAt: string;
  columns: { name: string; type: string }[];
  commits: DatasetCommit[];
  models: ModelResults[];
  /** The latest quality standard's version; null before one is set. */
  qualityStandardVersion: number | null;
  /** @deprecated The old spelling of `idFields`: still readable, not enumerable. */
  readonly id_fields: string[];
  /** @deprecated The old spelling of `createdAt`: still readable, not enumerable. */
  readonly created_at: string;
  /** @deprecated The old spelling of `qualityStandardVersion`: still readable, not enumerable. */
  readonly quality_standard_version: number | null;
}

export interface DatasetCommit {
  commit: number;
  rows: number;
  createdAt: string;
  /** @deprecated The old spelling of `createdAt`: still readable, not enumerable. */
  readonly created_at: string;
}

export interface ModelResults {
  model: string;
  rows: number;
  updatedAt: string;
  /** @deprecated The old spelling of `updatedAt`: still readable, not enumerable. */
  readonly updated_at: string;
}

/** A recorded evaluation (evaluate with `record: true`, or `slicewise check`) and its provenance. */
export interface RunSummary {
  runId: number;
  /** What the run was named by (a commit, a build); null when unnamed. */
  label: string | null;
  createdAt: string;
  dataset: string;
  datasetCommit: number;
  qualityStandardVersion: number;
  models: string[];
  reference: string;
  confidence: number;
  /** Datapoints every compared model has results for: the ones evaluated. */
  datapoints: number;
  /** Datapoints left out because some compared model has no result for them. */
  excludedDatapoints: number;
  /** Each metric's minimum n for a verdict, by metric group then metric label. */
  minN: Record<string, Record<string, number>>;
  /** @deprecated The old spelling of `runId`: still readable, not enumerable. */
  readonly run_id: number;
  /** @deprecated The old spelling of `createdAt`: still readable, not enumerable. */
  readonly created_at: string;
  /** @deprecated The old spelling of `datasetCommit`: still readable, not enumerable. */
  readonly dataset_commit: number;
  /** @deprecated The old spelling of `qualityStandardVersion`: still readable, not enumerable. */
  readonly quality_standard_version: number;
  /** @deprecated The old spelling of `excludedDatapoints`: still readable, not enumerable. */
  readonly excluded_datapoints: number;
  /** @deprecated The old spelling of `minN`: still readable, not enumerable. */
  readonly min_n: Record<string, Record<string, number>>;
}

/** The platform's evaluate options, with `minN` for its `min_n`. */
export interface EvaluateOptions extends Omit<WireEvaluateOptions, "min_n"> {
  /** Below this many datapoints a verdict is unknown; overrides the quality standard's `min_n`. */
  minN?: number;
  /** @deprecated The old spelling of `minN`: still taken, with a warning. */
  min_n?: number;
  /**
   * Hears how far the evaluation has got, where the engine says (Spark: its stages' tasks, in
   * process or over HTTP); DuckDB's evaluations do not report. Default: a progress line on a terminal.
   */
  onProgress?: ProgressListener | false;
}

/** A test case by its parts, for names that hold a "/". */
export interface TestCaseReference {
  stratification: string;
  testCase: string;
}

/** @deprecated The old spelling of `TestCaseReference`, `{ stratification, test_case }`: still taken, with a warning. */
export interface SnakeCaseTestCaseReference {
  stratification: string;
  test_case: string;
}

/** The platform's samples options (models, where, limit, offset), with camelCase names for the rest. */
export interface SamplesOptions extends Omit<WireSamplesOptions, "test_case" | "order_by" | "test_case_columns"> {
  /** "stratification/test case", or the pair as an object. */
  testCase?: string | TestCaseReference | SnakeCaseTestCaseReference;
  /** Field names ("ink", "knn.correct"), each optionally followed by " desc". */
  orderBy?: string | string[];
  /**
   * Adds each test case's membership, so a front end can filter by test case without the
   * quality standard: `test_case/<stratification>` holds the datapoint's key (a category's
   * value, a bucket's name), `test_case/test_cases/<name>` is true inside an explicit test case.
   */
  testCaseColumns?: boolean;
  /** @deprecated The old spelling of `testCase`: still taken, with a warning. */
  test_case?: string | TestCaseReference | SnakeCaseTestCaseReference;
  /** @deprecated The old spelling of `orderBy`: still taken, with a warning. */
  order_by?: string | string[];
  /** @deprecated The old spelling of `testCaseColumns`: still taken, with a warning. */
  test_case_columns?: boolean;
}

/** The columns whose properties `extractProperties` measures (the same names in-process and on the wire). */
export type { PropertyColumns };

export interface PropertiesSummary {
  dataset: string;
  /** The new commit, holding the rows plus `property.<name>` columns. */
  commit: number;
  rows: number;
  idFields: string[];
  /** The columns written, e.g. `property.brightness`. */
  columns: string[];
  /** Images that could not be read or decoded: their properties are null. */
  badImages: number;
  /** The first ten bad images: id (id fields joined with "/") and why. */
  badImageExamples: { id: string; reason: string }[];
}

/** What `discoverSlices` clusters and tests (docs/discovery.md); defaults as there. */
export interface DiscoverSlicesOptions {
  /** The embedding column: a list of numbers per datapoint, in the dataset or the models' results. */
  embedding: string;
  /** The ground-truth label field: clusters are found within each of its values. */
  per: string;
  models: string[];
  /** Adds McNemar's paired test of each model against this one. */
  reference?: string;
  pred?: string;
  correct?: string;
  k?: number | "auto";
  kMax?: number;
  dims?: number;
  minSize?: number;
  seed?: number;
}

/** What `detectionCharts` draws from: the models as `evaluate` compares them. */
export interface DetectionChartsOptions {
  models: string[];
  /** Default: the first model. */
  reference?: string;
  /** Quality-standard version; default the latest. */
  version?: number;
  /** A curve point closer than this to the last one kept, in recall and in precision, is left out (default 0.002; 0 keeps every point). */
  resolution?: number;
}

/** A cluster of one class where a model errs more than on the rest of the class: a candidate test case. */
export interface DiscoveredSlice {
  model: string;
  class: string;
  cluster: number;
  clusters: number;
  name: string;
  size: number;
  /** The datapoints' ids (save as `{ name, ids }` in the quality standard). */
  ids: unknown[];
  error: number;
  restError: number;
  /** error / restError (Infinity, sent as null, when the rest has no error). */
  lift: number | null;
  pValue: number;
  qValue: number;
  regression?: { delta: number; losses: number; wins: number; pValue: number; qValue: number };
}

/** What `projectEmbedding` maps (docs/embedding-map.md); defaults as there. */
export interface ProjectEmbeddingOptions {
  /** The embedding column: a list of numbers per datapoint, in the dataset or the models' results. */
  embedding: string;
  /** Models whose correctness to add as `<model>.correct`; only datapoints all of them have results for are mapped. */
  models?: string[];
  /** The ground-truth field: carried, compared with `pred`, and the classes `clusters` are found within. */
  label?: string;
  /** More dataset columns to carry, to colour the map by. */
  fields?: string[];
  pred?: string;
  correct?: string;
  /** Add `cluster`: each datapoint's cluster within its class, as discoverSlices finds it (needs `label`). */
  clusters?: boolean;
  /** Scale each embedding to unit length before PCA (default true). */
  normalize?: boolean;
  /** Rows the axes are fitted on (default 20,000; a seeded subsample when there are more). */
  fitRows?: number;
  /** Carry the embedding itself (float32), for "more like this" in the page. */
  includeEmbedding?: boolean;
  seed?: number;
}

export type { HistoryOptions };

export interface Workspace {
  /** "embedded" (in-process DuckDB) or the server's URL. */
  readonly location: string;
  uploadDataset(name: string, data: UploadInput, options?: UploadOptions): Promise<UploadSummary>;
  uploadResults(dataset: string, model: string, data: UploadInput, options?: Omit<UploadOptions, "idFields">): Promise<UploadSummary>;
  /** Measures image, text and box properties of every datapoint into a new dataset commit with `property.<name>` columns (docs/properties.md). */
  extractProperties(dataset: string, columns: PropertyColumns, options?: { onProgress?: ProgressListener | false }): Promise<PropertiesSummary>;
  /** Hidden subclasses: clusters of each class's embeddings where a model fails more, tested, with q-values (docs/discovery.md). */
  discoverSlices(dataset: string, options: DiscoverSlicesOptions): Promise<DiscoveredSlice[]>;
  /** The embedding map's table: ids, x and y (the first two principal components), `<model>.correct`, `cluster`; info in its schema metadata `slicewise.projection`. */
  projectEmbedding(dataset: string, options: ProjectEmbeddingOptions): Promise<Table>;
  /** The standard is the quality-standard JSON document (snake_case keys, as users write it). */
  setQualityStandard(dataset: string, standard: QualityStandard | Record<string, unknown>): Promise<StoredQualityStandard>;
  /**
   * The stored standard. A test case of more than 1,000 chosen ids reads as `{ name, ids: null,
   * id_count, ids_of }` (sent back as it is, it keeps its ids); `ids: "all"` lists every id.
   */
  getQualityStandard(dataset: string, options?: { version?: number; ids?: "inline" | "all" }): Promise<StoredQualityStandard>;
  listDatasets(): Promise<string[]>;
  describeDataset(name: string): Promise<DatasetDescription>;
  deleteDataset(name: string): Promise<{ deleted: string }>;
  /** The evaluation table (docs/architecture.md); its provenance is in the schema metadata (`evaluationInfo`), snake_case like its columns. */
  evaluate(dataset: string, options: EvaluateOptions): Promise<Table>;
  /** Recorded evaluations (evaluate with `record: true`, and every `slicewise check`), oldest first. */
  listRuns(dataset: string): Promise<RunSummary[]>;
  /** A recorded evaluation's table, as it was. */
  getRun(dataset: string, id: number): Promise<Table>;
  /** One model's recorded runs as a history table (the History view's data). */
  history(dataset: string, options?: HistoryOptions): Promise<Table>;
  /** The samples table: dataset columns, then `<model>.<field>` columns. */
  samples(dataset: string, options?: SamplesOptions): Promise<Table>;
  /** Each detection metric's precision–recall curves and confusion matrices per test case and model: the detection-charts table (docs/detection.md), which the ComparisonChart's "pr" and "confusion" kinds draw. */
  detectionCharts(dataset: string, options: DetectionChartsOptions): Promise<Table>;
  close(): Promise<void>;
}
