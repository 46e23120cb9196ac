// The client on a platform server: the same calls as the embedded workspace, over the HTTP
// API, with tables as Arrow IPC streams, files streamed from disk, and names converted to the
// wire's and back by wireNames.ts.
import { randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Readable } from "node:stream";
import { Table, tableFromIPC, tableToIPC } from "apache-arrow";
import { ErrorCode, SlicewiseError } from "../core";
import { ProgressListener, StoredQualityStandard, contentTypes } from "../platform";
import type {
  DatasetDescription as WireDatasetDescription,
  PropertiesSummary as WirePropertiesSummary,
  RunSummary as WireRunSummary,
  UploadSummary as WireUploadSummary,
} from "../platform";
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
  progressFromWire,
  WireProgress,
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

/** How often a running evaluation's progress is asked for: Spark reports each second (sparkEngine.ts). */
const progressPollMs = 1000;

export class HttpWorkspace implements Workspace {
  readonly location: string;
  private readonly token: string | undefined;

  constructor(url: string, token?: string) {
    this.location = url.replace(/\/+$/, "");
    this.token = token;
  }

  uploadDataset(name: string, data: UploadInput, options: UploadOptions = {}): Promise<UploadSummary> {
    const query = options.idFields?.length ? `?id_fields=${encodeURIComponent(options.idFields.join(","))}` : "";
    return this.upload(`/datasets/${encodeURIComponent(name)}${query}`, data, `uploading ${name}`, options);
  }

  uploadResults(dataset: string, model: string, data: UploadInput, options: UploadOptions = {}): Promise<UploadSummary> {
    return this.upload(`/datasets/${encodeURIComponent(dataset)}/models/${encodeURIComponent(model)}/results`, data, `uploading ${model} results`, options);
  }

  /** One request; the server measures without reporting progress, so there is no progress line. */
  async extractProperties(dataset: string, columns: PropertyColumns): Promise<PropertiesSummary> {
    return propertiesSummaryFromWire(await this.json<WirePropertiesSummary>("POST", `/datasets/${encodeURIComponent(dataset)}/properties`, columns));
  }

  async discoverSlices(dataset: string, options: DiscoverSlicesOptions): Promise<DiscoveredSlice[]> {
    return discoveredSlicesFromWire(await this.json("POST", `/datasets/${encodeURIComponent(dataset)}/discover`, discoverOptionsToWire(options)));
  }

  projectEmbedding(dataset: string, options: ProjectEmbeddingOptions): Promise<Table> {
    return this.table(`/datasets/${encodeURIComponent(dataset)}/projection`, projectionOptionsToWire(options));
  }

  setQualityStandard(dataset: string, standard: object): Promise<StoredQualityStandard> {
    return this.json("PUT", `/datasets/${encodeURIComponent(dataset)}/quality-standard`, standard);
  }

  getQualityStandard(dataset: string, options: { version?: number; ids?: "inline" | "all" } = {}): Promise<StoredQualityStandard> {
    const query = new URLSearchParams();
    if (options.version !== undefined) query.set("version", String(options.version));
    if (options.ids !== undefined) query.set("ids", options.ids);
    const search = query.size ? `?${query}` : "";
    return this.json("GET", `/datasets/${encodeURIComponent(dataset)}/quality-standard${search}`);
  }

  async listDatasets(): Promise<string[]> {
    return (await this.json<{ datasets: string[] }>("GET", "/datasets")).datasets;
  }

  async describeDataset(name: string): Promise<DatasetDescription> {
    return datasetDescriptionFromWire(await this.json<WireDatasetDescription>("GET", `/datasets/${encodeURIComponent(name)}`));
  }

  deleteDataset(name: string): Promise<{ deleted: string }> {
    return this.json("DELETE", `/datasets/${encodeURIComponent(name)}`);
  }

  /**
   * With a listener (or a progress line on a terminal), the evaluation is given an operation name
   * and its progress asked for by it while the answer is awaited (GET /operations/{name}/progress);
   * the answer's X-Slicewise-Progress header is the last report.
   */
  async evaluate(dataset: string, options: EvaluateOptions): Promise<Table> {
    const path = `/datasets/${encodeURIComponent(dataset)}/evaluate`;
    const line = options.onProgress === undefined ? progressLine(`evaluating ${dataset}`) : null;
    const listener = options.onProgress || (line?.shows ? line.listener : undefined);
    if (!listener) return this.table(path, evaluateOptionsToWire(options));
    const operation = randomUUID();
    const body = JSON.stringify(evaluateOptionsToWire(options) ?? {});
    const answer = this.request("POST", `${path}?operation=${operation}`, { body, headers: { "Content-Type": "application/json" } });
    const polling = this.pollProgress(operation, listener, answer);
    try {
      const response = await answer;
      await polling;
      // The last report, complete, which the polling saw only if it asked in the evaluation's last second.
      const last = response.headers.get("X-Slicewise-Progress");
      if (last) listener(progressFromWire(JSON.parse(last) as WireProgress));
      return tableFromIPC(new Uint8Array(await response.arrayBuffer()));
    } finally {
      await polling;
      line?.done();
    }
  }

  /** Asks for an operation's progress every second until `until` settles; a server without the route (older) is asked no more. */
  private async pollProgress(operation: string, listener: ProgressListener, until: Promise<unknown>): Promise<void> {
    let settled = false;
    const ended = until.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (;;) {
      await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, progressPollMs).unref())]);
      if (settled) return;
      try {
        const answer = await this.json<{ progress: WireProgress | null }>("GET", `/operations/${operation}/progress`);
        if (answer.progress && !settled) listener(progressFromWire(answer.progress));
      } catch {
        return;
      }
    }
  }

  async listRuns(dataset: string): Promise<RunSummary[]> {
    return (await this.json<{ runs: WireRunSummary[] }>("GET", `/datasets/${encodeURIComponent(dataset)}/runs`)).runs.map(runSummaryFromWire);
  }

  async getRun(dataset: string, id: number): Promise<Table> {
    const response = await this.request("GET", `/datasets/${encodeURIComponent(dataset)}/runs/${id}`);
    return tableFromIPC(new Uint8Array(await response.arrayBuffer()));
  }

  async history(dataset: string, options: HistoryOptions = {}): Promise<Table> {
    const query = new URLSearchParams();
    if (options.runs) query.set("runs", options.runs.join(","));
    if (options.model) query.set("model", options.model);
    const response = await this.request("GET", `/datasets/${encodeURIComponent(dataset)}/history${query.size ? `?${query}` : ""}`);
    return tableFromIPC(new Uint8Array(await response.arrayBuffer()));
  }

  async samples(dataset: string, options: SamplesOptions = {}): Promise<Table> {
    return this.table(`/datasets/${encodeURIComponent(dataset)}/samples`, samplesOptionsToWire(options ?? {}));
  }

  async close(): Promise<void> {}

  private async request(method: string, path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.token) headers.set("Authorization", `Bearer ${this.token}`);
    let response: Response;
    try {
      response = await fetch(`${this.location}/api/v1${path}`, { ...init, method, headers });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new SlicewiseError(
        "unreachable",
        `cannot reach the slicewise server at ${this.location} (${cause?.code ?? cause?.message ?? (error as Error).message}); start it with \`slicewise serve\`, or check SLICEWISE_URL`,
      );
    }
    if (response.ok) return response;
    const text = await response.text();
    let body: { error?: { code?: ErrorCode; message?: string } } = {};
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: reported below with the status line
    }
    throw new SlicewiseError(
      body.error?.code ?? "internal",
      body.error?.message ?? `the server answered ${response.status} ${response.statusText}: ${text.slice(0, 200)}`,
    );
  }

  private async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const init: RequestInit = body === undefined ? {} : { body: JSON.stringify(body), headers: { "Content-Type": "application/json" } };
    return (await (await this.request(method, path, init)).json()) as T;
  }

  detectionCharts(dataset: string, options: DetectionChartsOptions): Promise<Table> {
    return this.table(`/datasets/${encodeURIComponent(dataset)}/detection-charts`, options);
  }

  private async table(path: string, body: unknown): Promise<Table> {
    const response = await this.request("POST", path, { body: JSON.stringify(body ?? {}), headers: { "Content-Type": "application/json" } });
    return tableFromIPC(new Uint8Array(await response.arrayBuffer()));
  }

  private async upload(path: string, data: UploadInput, label: string, options: UploadOptions): Promise<UploadSummary> {
    return uploadSummaryFromWire(await this.sendUpload(path, data, label, options));
  }

  private async sendUpload(path: string, data: UploadInput, label: string, options: UploadOptions): Promise<WireUploadSummary> {
    const input = normalizeUploadInput(data);
    const line = options.onProgress === undefined ? progressLine(label) : null;
    const onProgress = options.onProgress === false ? undefined : (options.onProgress ?? line!.listener);
    try {
      if (input.format === "table") {
        const bytes = tableToIPC(input.table, "stream");
        onProgress?.({ done: bytes.byteLength, total: bytes.byteLength, unit: "bytes" });
        return await this.uploadBody(path, bytes, contentTypes.arrow);
      }
      const total = (await stat(input.path)).size;
      let sent = 0;
      const file = createReadStream(input.path);
      file.on("data", (chunk) => {
        sent += chunk.length;
        onProgress?.({ done: sent, total, unit: "bytes" });
      });
      return await this.uploadBody(path, Readable.toWeb(file) as ReadableStream, contentTypes[input.format]);
    } finally {
      line?.done();
    }
  }

  private async uploadBody(path: string, body: Uint8Array | ReadableStream, contentType: string): Promise<WireUploadSummary> {
    const init = { body, headers: { "Content-Type": contentType }, duplex: "half" } as RequestInit;
    return (await (await this.request("PUT", path, init)).json()) as WireUploadSummary;
  }
}
