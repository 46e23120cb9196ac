// The client on an in-process platform: every call goes straight to the services, its names
// converted to theirs and back by wireNames.ts.
import { Table } from "apache-arrow";
import { Platform, PlatformOptions, ProgressListener } from "../platform";
import { normalizeUploadInput } from "./uploadInput";
import { progressLine } from "./progressLine";
import {
  datasetDescriptionFromWire,
  evaluateOptionsToWire,
  propertiesSummaryFromWire,
  runSummaryFromWire,
  samplesOptionsToWire,
  uploadSummaryFromWire,
  discoverOptionsToWire,
  projectionOptionsToWire,
  discoveredSlicesFromWire,
} from "./wireNames";
import type {
  DatasetDescription,
  EvaluateOptions,
  HistoryOptions,
  PropertiesSummary,
  PropertyColumns,
  RunSummary,
  SamplesOptions,
  UploadInput,
  UploadOptions,
  UploadSummary,
  Workspace,
  DiscoverSlicesOptions,
  ProjectEmbeddingOptions,
  DiscoveredSlice,
  DetectionChartsOptions,
} from "./workspace";

export class EmbeddedWorkspace implements Workspace {
  readonly location = "embedded";
  readonly platform: Platform;

  /** Whether close() closes the platform: not when it was lent by its owner (`over`). */
  private readonly owned: boolean;

  private constructor(platform: Platform, owned = true) {
    this.platform = platform;
    this.owned = owned;
  }

  /** A workspace over a platform already open (a server's, for its report route); closing it leaves the platform open. */
  static over(platform: Platform): EmbeddedWorkspace {
    return new EmbeddedWorkspace(platform, false);
  }

  static async open(options: PlatformOptions = {}): Promise<EmbeddedWorkspace> {
    return new EmbeddedWorkspace(await Platform.open(options));
  }

  async uploadDataset(name: string, data: UploadInput, options: UploadOptions = {}): Promise<UploadSummary> {
    const summary = await this.withProgress(`uploading ${name}`, options, (onProgress) =>
      this.platform.uploadDataset(name, normalizeUploadInput(data), { idFields: options.idFields, onProgress }),
    );
    return uploadSummaryFromWire(summary);
  }

  async uploadResults(dataset: string, model: string, data: UploadInput, options: UploadOptions = {}): Promise<UploadSummary> {
    const summary = await this.withProgress(`uploading ${model} results`, options, (onProgress) =>
      this.platform.uploadResults(dataset, model, normalizeUploadInput(data), { onProgress }),
    );
    return uploadSummaryFromWire(summary);
  }

  async extractProperties(dataset: string, columns: PropertyColumns, options: { onProgress?: ProgressListener | false } = {}): Promise<PropertiesSummary> {
    const summary = await this.withProgress(`measuring ${dataset}`, options, (onProgress) => this.platform.extractProperties(dataset, columns, { onProgress }));
    return propertiesSummaryFromWire(summary);
  }

  async discoverSlices(dataset: string, options: DiscoverSlicesOptions): Promise<DiscoveredSlice[]> {
    const wire = discoverOptionsToWire(options) as unknown as Parameters<Platform["discoverSlices"]>[1];
    // Through JSON, as over HTTP: the same numbers (Infinity as null) whichever way the workspace runs.
    return discoveredSlicesFromWire(JSON.parse(JSON.stringify(await this.platform.discoverSlices(dataset, wire))));
  }

  projectEmbedding(dataset: string, options: ProjectEmbeddingOptions): Promise<Table> {
    return this.platform.projectEmbedding(dataset, projectionOptionsToWire(options) as unknown as Parameters<Platform["projectEmbedding"]>[1]);
  }

  setQualityStandard(dataset: string, standard: object) {
    return this.platform.setQualityStandard(dataset, standard);
  }

  getQualityStandard(dataset: string, options: { version?: number; ids?: "inline" | "all" } = {}) {
    return this.platform.getQualityStandard(dataset, options.version, { ids: options.ids });
  }

  listDatasets() {
    return this.platform.listDatasets();
  }

  async describeDataset(name: string): Promise<DatasetDescription> {
    return datasetDescriptionFromWire(await this.platform.describeDataset(name));
  }

  deleteDataset(name: string) {
    return this.platform.deleteDataset(name);
  }

  async evaluate(dataset: string, options: EvaluateOptions): Promise<Table> {
    const evaluation = await this.withProgress(`evaluating ${dataset}`, options, (onProgress) =>
      this.platform.evaluate(dataset, evaluateOptionsToWire(options), { onProgress }),
    );
    return evaluation.table;
  }

  async listRuns(dataset: string): Promise<RunSummary[]> {
    return (await this.platform.listRuns(dataset)).map(runSummaryFromWire);
  }

  getRun(dataset: string, id: number) {
    return this.platform.getRun(dataset, id);
  }

  history(dataset: string, options: HistoryOptions = {}) {
    return this.platform.history(dataset, options);
  }

  samples(dataset: string, options: SamplesOptions = {}) {
    return this.platform.samples(dataset, samplesOptionsToWire(options ?? {}));
  }

  detectionCharts(dataset: string, options: DetectionChartsOptions) {
    return this.platform.detectionCharts(dataset, options);
  }

  async close(): Promise<void> {
    if (this.owned) this.platform.close();
  }

  private async withProgress<T>(
    label: string,
    options: { onProgress?: ProgressListener | false },
    work: (listener: ProgressListener | undefined) => Promise<T>,
  ): Promise<T> {
    if (options.onProgress === false) return work(undefined);
    if (options.onProgress) return work(options.onProgress);
    const line = progressLine(label);
    try {
      return await work(line.listener);
    } finally {
      line.done();
    }
  }
}
