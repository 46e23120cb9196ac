// The client on an in-process platform: every call goes straight to the services.
import { Table } from "apache-arrow";
import { Platform, PlatformOptions, ProgressListener } from "../platform";
import { normalizeUploadInput } from "./uploadInput";
import { progressLine } from "./progressLine";
import type { UploadOptions, Workspace } from "./workspace";

export class EmbeddedWorkspace implements Workspace {
  readonly location = "embedded";
  readonly platform: Platform;

  private constructor(platform: Platform) {
    this.platform = platform;
  }

  static async open(options: PlatformOptions = {}): Promise<EmbeddedWorkspace> {
    return new EmbeddedWorkspace(await Platform.open(options));
  }

  async uploadDataset(name: string, data: Parameters<Workspace["uploadDataset"]>[1], options: UploadOptions = {}) {
    return this.withProgress(`uploading ${name}`, options, (onProgress) =>
      this.platform.uploadDataset(name, normalizeUploadInput(data), { idFields: options.idFields, onProgress }),
    );
  }

  async uploadResults(dataset: string, model: string, data: Parameters<Workspace["uploadResults"]>[2], options: UploadOptions = {}) {
    return this.withProgress(`uploading ${model} results`, options, (onProgress) =>
      this.platform.uploadResults(dataset, model, normalizeUploadInput(data), { onProgress }),
    );
  }

  setQualityStandard(dataset: string, standard: object) {
    return this.platform.setQualityStandard(dataset, standard);
  }

  getQualityStandard(dataset: string, options: { version?: number } = {}) {
    return this.platform.getQualityStandard(dataset, options.version);
  }

  listDatasets() {
    return this.platform.listDatasets();
  }

  describeDataset(name: string) {
    return this.platform.describeDataset(name);
  }

  deleteDataset(name: string) {
    return this.platform.deleteDataset(name);
  }

  async evaluate(dataset: string, options: Parameters<Workspace["evaluate"]>[1]): Promise<Table> {
    return (await this.platform.evaluate(dataset, options)).table;
  }

  listRuns(dataset: string) {
    return this.platform.listRuns(dataset);
  }

  getRun(dataset: string, id: number) {
    return this.platform.getRun(dataset, id);
  }

  history(dataset: string, options: Parameters<Workspace["history"]>[1] = {}) {
    return this.platform.history(dataset, options);
  }

  samples(dataset: string, options: Parameters<Workspace["samples"]>[1] = {}) {
    return this.platform.samples(dataset, options);
  }

  async close(): Promise<void> {
    this.platform.close();
  }

  private async withProgress<T>(label: string, options: UploadOptions, work: (listener: ProgressListener | undefined) => Promise<T>): Promise<T> {
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
