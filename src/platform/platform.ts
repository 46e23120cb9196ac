// The platform's services behind one object: what the HTTP API serves and what the client's
// embedded mode calls in-process.
import { resolve } from "node:path";
import { Table } from "apache-arrow";
import { Discovery, discoverSlices } from "./discovery";
import { Evaluation, evaluate } from "./evaluation";
import { EvaluateOptions } from "./evaluateOptions";
import { DiscoverOptions } from "./schemas/requests";
import { IdsReading, StoredQualityStandard, TestCaseIds, getQualityStandard, getTestCaseIds, setQualityStandard } from "./qualityStandards";
import { SamplesOptions, samples } from "./samples";
import { HistoryOptions, RunSummary, getRun, historyFromRuns, listRuns } from "./runs";
import { createCatalog, dropTable, listDatasetCommits, listDatasetNames, listResults, tableColumns } from "./store/catalog";
import { Database } from "./store/database";
import { Progress, ProgressListener, UploadSource } from "./store/loadSource";
import { UploadSummary, requireDataset, uploadDataset, uploadResults } from "./uploads";
import { PropertiesSummary, PropertyColumns, extractProperties } from "./properties/extractProperties";
import { projectEmbedding } from "./projection";
import type { ProjectionOptions } from "./schemas/requests";
import { DetectionChartsOptions, detectionCharts } from "./detectionCharts";
import { EngineOptions, EngineSetting, resolveEngineSetting } from "./engines/engineOptions";
import { SparkSession } from "./engines/sparkSession";
import { SparkConnectClient } from "./engines/sparkConnect/sparkConnection";
import { pruneWarehouse } from "./engines/warehouse";

export interface PlatformOptions extends EngineOptions {
  /** Data directory; default SLICEWISE_DATA or ./.slicewise. */
  data?: string;
  /** DuckDB worker threads; default all cores. */
  threads?: number;
}

export interface DatasetDescription {
  name: string;
  id_fields: string[];
  commit: number;
  rows: number;
  created_at: string;
  columns: { name: string; type: string }[];
  commits: { commit: number; rows: number; created_at: string }[];
  models: { model: string; rows: number; updated_at: string }[];
  quality_standard_version: number | null;
}

/** What an evaluation is given besides its options (Platform.evaluate). */
export interface EvaluationContext {
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  /** A name the caller chose for this evaluation, to ask its progress by while it runs. */
  operation?: string;
}

export function defaultDataDirectory(): string {
  return resolve(process.env.SLICEWISE_DATA || ".slicewise");
}

export class Platform {
  readonly database: Database;
  /** Descriptions as of a commit count: a server's most frequent question, answered without the store until the next write. */
  private readonly descriptions = new Map<string, { commits: number; description: Promise<DatasetDescription> }>();
  /** The latest progress of each running evaluation given an operation name. */
  private readonly progress = new Map<string, Progress>();

  /** The engine evaluate and samples run on: DuckDB's, or Spark's (engineOptions.ts). */
  readonly engine: EngineSetting;
  /** The Spark session when the engine is Spark. */
  readonly spark: SparkSession | undefined;

  private closed = false;

  private constructor(database: Database, engine: EngineSetting) {
    this.database = database;
    this.engine = engine;
    this.spark = engine.kind === "spark" ? new SparkSession(() => new SparkConnectClient(engine.remote), engine.warehouse) : undefined;
  }

  /** Opens the store; with the Spark engine, prunes the warehouse of what no commit names (Spark itself is first asked at the first evaluation). */
  static async open(options: PlatformOptions = {}): Promise<Platform> {
    const engine = resolveEngineSetting(options);
    const database = await Database.open(options.data ?? defaultDataDirectory(), { threads: options.threads });
    await createCatalog(database);
    // Pruning beside another open of the store could take the files of an upload it is writing.
    if (engine.kind === "spark" && !database.shared) {
      const stored = await database.read(async (connection) => {
        const reader = await connection.runAndReadAll(
          "SELECT table_name FROM sw_dataset_commits UNION SELECT table_name FROM sw_results UNION SELECT table_name FROM sw_test_case_ids",
        );
        return new Set(reader.getRowObjectsJS().map((row) => row.table_name as string));
      });
      pruneWarehouse(engine.warehouse, stored);
    }
    return new Platform(database, engine);
  }

  /** The warehouse uploads write Parquet to, when the engine is Spark. */
  private get warehouse(): string | undefined {
    return this.engine.kind === "spark" ? this.engine.warehouse : undefined;
  }

  get dataDirectory(): string {
    return this.database.directory;
  }

  uploadDataset(name: string, source: UploadSource, options: { idFields?: string[]; onProgress?: ProgressListener } = {}): Promise<UploadSummary> {
    return uploadDataset(this.database, name, source, { ...options, warehouse: this.warehouse });
  }

  uploadResults(dataset: string, model: string, source: UploadSource, options: { onProgress?: ProgressListener } = {}): Promise<UploadSummary> {
    return uploadResults(this.database, dataset, model, source, { ...options, warehouse: this.warehouse });
  }

  /** A new dataset commit: the current rows plus `property.<name>` columns measured from the named columns. */
  extractProperties(dataset: string, columns: PropertyColumns, options: { onProgress?: ProgressListener } = {}): Promise<PropertiesSummary> {
    return extractProperties(this.database, dataset, columns, options);
  }

  setQualityStandard(dataset: string, definition: unknown): Promise<StoredQualityStandard> {
    return setQualityStandard(this.database, dataset, definition);
  }

  /** `ids: "all"` lists every test case's ids; by default sets of more than 1,000 are named by reference (ids: null). */
  getQualityStandard(dataset: string, version?: number, options: { ids?: IdsReading } = {}): Promise<StoredQualityStandard> {
    return getQualityStandard(this.database, dataset, { version, ids: options.ids });
  }

  /** Every id of a test case made of chosen samples (latest version, or `version`). */
  getTestCaseIds(dataset: string, testCase: string, version?: number): Promise<TestCaseIds> {
    return getTestCaseIds(this.database, dataset, testCase, version);
  }

  listDatasets(): Promise<string[]> {
    return this.database.read((connection) => listDatasetNames(connection), { lane: "quick" });
  }

  async describeDataset(name: string): Promise<DatasetDescription> {
    const commits = this.database.commits;
    let cached = this.descriptions.get(name);
    if (!cached || cached.commits !== commits) {
      cached = { commits, description: this.readDescription(name) };
      this.descriptions.set(name, cached);
      // A failure (no such dataset) is not kept: names asked for are not a bounded set.
      cached.description.catch(() => this.descriptions.get(name) === cached && this.descriptions.delete(name));
    }
    // Each caller gets its own copy to change as it likes.
    return structuredClone(await cached.description);
  }

  private readDescription(name: string): Promise<DatasetDescription> {
    return this.database.read(
      async (connection) => {
        const entry = await requireDataset(connection, name);
        const columns = await tableColumns(connection, entry.tableName);
        const commits = await listDatasetCommits(connection, name);
        const results = await listResults(connection, name);
        const versions = await connection.runAndReadAll("SELECT max(version) AS version FROM sw_quality_standards WHERE dataset = ?", [name]);
        return {
          name,
          id_fields: entry.idFields,
          commit: entry.commit,
          rows: entry.rowCount,
          created_at: entry.createdAt,
          columns,
          commits: commits.map((commit) => ({ commit: commit.commit, rows: commit.rowCount, created_at: commit.createdAt })),
          models: results.map((result) => ({ model: result.model, rows: result.rowCount, updated_at: result.updatedAt })),
          quality_standard_version: (versions.getRowObjectsJS()[0].version as number | null) ?? null,
        };
      },
      { lane: "quick" },
    );
  }

  /** Deletes a dataset with every commit, model result and quality standard of it. */
  deleteDataset(name: string): Promise<{ deleted: string }> {
    return this.database.transaction(async (connection) => {
      await requireDataset(connection, name);
      const tables = await connection.runAndReadAll(
        `SELECT table_name FROM sw_dataset_commits WHERE dataset = ? UNION ALL SELECT table_name FROM sw_results WHERE dataset = ?
          UNION SELECT table_name FROM sw_test_case_ids WHERE dataset = ?`,
        [name, name, name],
      );
      for (const row of tables.getRowObjectsJS()) await dropTable(connection, row.table_name as string);
      for (const catalog of ["sw_datasets", "sw_dataset_commits", "sw_results", "sw_quality_standards", "sw_test_case_ids", "sw_runs"]) {
        await connection.run(`DELETE FROM ${catalog} WHERE ${catalog === "sw_datasets" ? "name" : "dataset"} = ?`, [name]);
      }
      return { deleted: name };
    });
  }

  /**
   * `signal` cancels the evaluation: its SQL is interrupted, and it fails with `cancelled`.
   * `onProgress` hears how far it has got, where the engine says (Spark: its stages' tasks); with
   * `operation`, the progress can also be asked for by that name while it runs (operationProgress).
   */
  async evaluate(dataset: string, options: EvaluateOptions, context: EvaluationContext = {}): Promise<Evaluation> {
    const { signal, onProgress, operation } = context;
    const listener: ProgressListener | undefined =
      operation === undefined && onProgress === undefined
        ? undefined
        : (progress) => {
            if (operation !== undefined) this.progress.set(operation, progress);
            onProgress?.(progress);
          };
    const spark = this.spark;
    try {
      return await evaluate(
        this.database,
        dataset,
        options,
        spark ? { signal, engine: (connection) => spark.engine(connection, signal, listener) } : { signal },
      );
    } finally {
      if (operation !== undefined) this.progress.delete(operation);
    }
  }

  /** The latest progress of the running evaluation named `operation`: null before its first report, after its end, or for a name no evaluation has. */
  operationProgress(operation: string): Progress | null {
    return this.progress.get(operation) ?? null;
  }

  listRuns(dataset: string): Promise<RunSummary[]> {
    return listRuns(this.database, dataset);
  }

  getRun(dataset: string, id: number): Promise<Table> {
    return getRun(this.database, dataset, id);
  }

  history(dataset: string, options: HistoryOptions = {}): Promise<Table> {
    return historyFromRuns(this.database, dataset, options);
  }

  samples(dataset: string, options: SamplesOptions = {}, context: { signal?: AbortSignal } = {}): Promise<Table> {
    return samples(this.database, dataset, options, { ...context, spark: this.spark });
  }

  /** Hidden-subclass discovery on an embedding column: candidate test cases made of ids (docs/discovery.md). */
  discoverSlices(dataset: string, options: DiscoverOptions, context: { signal?: AbortSignal } = {}): Promise<Discovery> {
    return discoverSlices(this.database, dataset, options, context);
  }

  /** The embedding map's table: ids, the embedding's plane (x, y), correctness per model, clusters (docs/embedding-map.md). */
  projectEmbedding(dataset: string, options: ProjectionOptions, context: { signal?: AbortSignal } = {}): Promise<Table> {
    return projectEmbedding(this.database, dataset, options, context);
  }

  /** Each detection metric's precision–recall curves and confusion matrices per test case and model: the detection-charts table (docs/detection.md). */
  detectionCharts(dataset: string, options: DetectionChartsOptions, context: { signal?: AbortSignal } = {}): Promise<Table> {
    const spark = this.spark;
    return detectionCharts(this.database, dataset, options, spark ? { ...context, engine: (connection) => spark.engine(connection, context.signal) } : context);
  }

  close(): void {
    // The store may be shared with another platform of this process: this one gives its open back once.
    if (this.closed) return;
    this.closed = true;
    this.database.close();
    // Ends the Spark session (its views and caches) in the background: nothing waits on its answer.
    void this.spark?.close();
  }
}
