// The client as a notebook sees it: the same Workspace, whose evaluation and samples tables
// display themselves as widgets, and whose long uploads and evaluations show progress in place.
import { Table } from "apache-arrow";
import {
  connect as connectClient,
  ConnectOptions,
  EvaluateOptions,
  HttpWorkspace,
  PropertyColumns,
  SamplesOptions,
  UploadInput,
  UploadOptions,
  Workspace,
  DiscoverSlicesOptions,
  ProjectEmbeddingOptions,
} from "../client";
import { evaluationInfo } from "../core";
import { jupyterKernel } from "./denoKernel";
import { kernelProgress } from "./kernelProgress";
import { embeddingMap, historyChart, metricsTable, sampleGallery, slicer } from "./widgets";
import { withSampleColumns } from "../charts/projectionSamples";
import type { EmbeddingMapWidgetOptions } from "../widgets/embeddingMapPanel";
import type { SlicerOptions } from "../widgets/slicerPanel";
import { WidgetHandle, displaySymbol } from "./widgetHandle";

/** The most samples a Slicer fetches unless told otherwise: the platform's page limit. */
const maximumSlicerSamples = 1_000_000;

/** Makes a table display itself as `widget(table)` when it is a cell's last expression. */
export function displayable(table: Table, widget: (table: Table) => WidgetHandle): Table {
  Object.defineProperty(table, displaySymbol, { value: () => widget(table)[displaySymbol](), enumerable: false, configurable: true });
  return table;
}

export class NotebookWorkspace implements Workspace {
  constructor(readonly inner: Workspace) {}

  get location(): string {
    return this.inner.location;
  }

  uploadDataset(name: string, data: UploadInput, options: UploadOptions = {}) {
    return this.withProgress(
      `Uploading ${name}`,
      options,
      (onProgress) => this.inner.uploadDataset(name, data, { ...options, onProgress }),
      (summary) => `Uploaded ${summary.rows.toLocaleString("en-US")} rows to ${name} (commit ${summary.commit}).`,
    );
  }

  uploadResults(dataset: string, model: string, data: UploadInput, options: UploadOptions = {}) {
    return this.withProgress(
      `Uploading ${model}`,
      options,
      (onProgress) => this.inner.uploadResults(dataset, model, data, { ...options, onProgress }),
      (summary) => `Uploaded ${summary.rows.toLocaleString("en-US")} results of ${model}.`,
    );
  }

  discoverSlices(dataset: string, options: DiscoverSlicesOptions) {
    return this.inner.discoverSlices(dataset, options);
  }

  async projectEmbedding(dataset: string, options: ProjectEmbeddingOptions): Promise<Table> {
    return displayable(await this.inner.projectEmbedding(dataset, options), (projection) => embeddingMap(projection, { dataset }));
  }

  /**
   * The embedding map of a dataset: its projection (with the embedding, for "more like this", and
   * discovery's clusters when `label` is given) beside the samples' columns, so that the gallery
   * under the map shows each point's image and predictions. Saves go to the server over HTTP, as
   * the Slicer's do.
   */
  async embeddingMap(dataset: string, options: ProjectEmbeddingOptions & { map?: EmbeddingMapWidgetOptions }): Promise<WidgetHandle> {
    const { map, ...projectionOptions } = options;
    const models = projectionOptions.models ?? [];
    const projection = await this.inner.projectEmbedding(dataset, {
      includeEmbedding: true,
      clusters: projectionOptions.label !== undefined,
      ...projectionOptions,
    });
    const description = await this.inner.describeDataset(dataset);
    const samples = await this.inner.samples(dataset, { models, limit: Math.max(1, projection.numRows), orderBy: description.idFields });
    const platform = map?.platform !== undefined ? map.platform : this.inner instanceof HttpWorkspace ? { url: this.inner.location } : null;
    return embeddingMap(withSampleColumns(projection, samples, description.idFields), { dataset, idFields: description.idFields, ...map, platform });
  }

  extractProperties(dataset: string, columns: PropertyColumns, options: Pick<UploadOptions, "onProgress"> = {}) {
    return this.withProgress(
      `Measuring ${dataset}`,
      options,
      (onProgress) => this.inner.extractProperties(dataset, columns, { onProgress }),
      (summary) =>
        `Measured ${summary.rows.toLocaleString("en-US")} rows of ${dataset} (commit ${summary.commit})` +
        (summary.badImages ? `; ${summary.badImages} images could not be read.` : "."),
    );
  }

  setQualityStandard(dataset: string, standard: Parameters<Workspace["setQualityStandard"]>[1]) {
    return this.inner.setQualityStandard(dataset, standard);
  }

  getQualityStandard(dataset: string, options?: { version?: number; ids?: "inline" | "all" }) {
    return this.inner.getQualityStandard(dataset, options);
  }

  listDatasets() {
    return this.inner.listDatasets();
  }

  describeDataset(name: string) {
    return this.inner.describeDataset(name);
  }

  deleteDataset(name: string) {
    return this.inner.deleteDataset(name);
  }

  async evaluate(dataset: string, options: EvaluateOptions): Promise<Table> {
    const kernel = jupyterKernel();
    const progress = kernel ? kernelProgress(kernel, `Evaluating ${dataset}`) : null;
    // Quick evaluations show nothing but their result; slow ones say what is happening.
    const timer = progress ? setTimeout(() => progress.say(`Evaluating ${options.models.length} models on ${dataset}…`), 500) : undefined;
    const started = Date.now();
    try {
      // Spark's stages' tasks, as they finish, replace the line (DuckDB's evaluations do not report).
      const onProgress = options.onProgress !== undefined || !progress ? options.onProgress : progress.listener;
      const table = await this.inner.evaluate(dataset, { ...options, onProgress });
      const info = evaluationInfo(table);
      await progress?.done(
        `Evaluated ${info?.datapoints?.toLocaleString("en-US") ?? "?"} datapoints (${info?.excluded_datapoints ?? 0} left out) in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
      );
      return displayable(table, (results) => metricsTable(results));
    } finally {
      clearTimeout(timer);
    }
  }

  listRuns(dataset: string) {
    return this.inner.listRuns(dataset);
  }

  getRun(dataset: string, id: number) {
    return this.inner.getRun(dataset, id);
  }

  async history(dataset: string, options: Parameters<Workspace["history"]>[1] = {}): Promise<Table> {
    return displayable(await this.inner.history(dataset, options), (table) => historyChart(table));
  }

  /** The detection-charts table: give it to comparisonChart(results, { kind: "pr", detection }) or dashboard({ results, samples, detection }). */
  detectionCharts(dataset: string, options: Parameters<Workspace["detectionCharts"]>[1]): Promise<Table> {
    return this.inner.detectionCharts(dataset, options);
  }

  /** Shown, the samples are a gallery that saves chosen samples as a test case (to the server over HTTP, else as code). */
  async samples(dataset: string, options: SamplesOptions = {}): Promise<Table> {
    const platform = this.inner instanceof HttpWorkspace ? { url: this.inner.location } : null;
    return displayable(await this.inner.samples(dataset, options), (samples) => sampleGallery(samples, { dataset, ...(platform ? { platform } : {}) }));
  }

  /**
   * The Slicer over the dataset's samples (up to `limit`, default 1,000,000) with each model's
   * columns and the quality standard's metric groups. Over HTTP it saves slices to the server,
   * asking for the token in the page: a token in `platform` would be stored with the widget's
   * state (and the notebook, when widget state is saved), so it is passed only when given.
   */
  async slicer(dataset: string, options: SlicerOptions & { models: string[]; limit?: number }): Promise<WidgetHandle> {
    const { limit, ...rest } = options;
    const [description, standard] = await Promise.all([this.inner.describeDataset(dataset), this.inner.getQualityStandard(dataset)]);
    const samples = await this.inner.samples(dataset, { models: options.models, limit: limit ?? maximumSlicerSamples });
    const platform = rest.platform !== undefined ? rest.platform : this.inner instanceof HttpWorkspace ? { url: this.inner.location } : null;
    return slicer(samples, { dataset, idFields: description.idFields, ...rest, standard: rest.standard ?? standard, platform });
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private async withProgress<T>(
    label: string,
    options: UploadOptions,
    work: (onProgress: UploadOptions["onProgress"]) => Promise<T>,
    summary: (result: T) => string,
  ): Promise<T> {
    const kernel = jupyterKernel();
    if (!kernel || options.onProgress !== undefined) return work(options.onProgress);
    const progress = kernelProgress(kernel, label);
    const result = await work(progress.listener);
    await progress.done(summary(result));
    return result;
  }
}

/** connect() for notebooks and scripts: see the client's connect for the options. */
export async function connect(options: ConnectOptions = {}): Promise<NotebookWorkspace> {
  return new NotebookWorkspace(await connectClient(options));
}
