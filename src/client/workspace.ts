// The client's one API, the same whether the platform runs in-process or behind HTTP.
import { Table } from "apache-arrow";
import type { QualityStandard } from "../core";
import type { DatasetDescription, EvaluateOptions, HistoryOptions, ProgressListener, RunSummary, SamplesOptions, StoredQualityStandard, UploadSummary } from "../platform";

/** Rows to upload: an Arrow table, an array of row objects, or a path to a csv/arrow/parquet/ndjson file. */
export type UploadInput = Table | Record<string, unknown>[] | string;

export interface UploadOptions {
  /** Columns identifying a datapoint (datasets only); inferred when not given. */
  idFields?: string[];
  /** Hears rows (embedded) or bytes (HTTP) sent so far; default: a progress line on a terminal. */
  onProgress?: ProgressListener | false;
}

export interface Workspace {
  /** "embedded" (in-process DuckDB) or the server's URL. */
  readonly location: string;
  uploadDataset(name: string, data: UploadInput, options?: UploadOptions): Promise<UploadSummary>;
  uploadResults(dataset: string, model: string, data: UploadInput, options?: Omit<UploadOptions, "idFields">): Promise<UploadSummary>;
  setQualityStandard(dataset: string, standard: QualityStandard | Record<string, unknown>): Promise<StoredQualityStandard>;
  getQualityStandard(dataset: string, options?: { version?: number }): Promise<StoredQualityStandard>;
  listDatasets(): Promise<string[]>;
  describeDataset(name: string): Promise<DatasetDescription>;
  deleteDataset(name: string): Promise<{ deleted: string }>;
  /** The evaluation table (ARCHITECTURE.md); its provenance is in the schema metadata (`evaluationInfo`). */
  evaluate(dataset: string, options: EvaluateOptions): Promise<Table>;
  /** Recorded evaluations (evaluate with `record: true`, and every `slicewise check`), oldest first. */
  listRuns(dataset: string): Promise<RunSummary[]>;
  /** A recorded evaluation's table, as it was. */
  getRun(dataset: string, id: number): Promise<Table>;
  /** One model's recorded runs as a history table (the History view's data). */
  history(dataset: string, options?: HistoryOptions): Promise<Table>;
  /** The samples table: dataset columns, then `<model>.<field>` columns. */
  samples(dataset: string, options?: SamplesOptions): Promise<Table>;
  close(): Promise<void>;
}
