// `report(...)`: evaluates, fetches the samples behind the numbers, and writes one
// self-contained HTML file — from any workspace, embedded or HTTP.
import { writeFileSync } from "node:fs";
import { EvaluationInfo } from "../platform";
import type { Workspace } from "../client";
import { evaluationInfo } from "../core";
import { reportHtml } from "./reportHtml";
import { reportProjection } from "./reportProjection";
import { widgetRuntime } from "./widgetRuntime";

export interface ReportOptions {
  dataset: string;
  models: string[];
  reference?: string;
  confidence?: number;
  /** File to write; without it, the HTML is only returned. */
  out?: string;
  title?: string;
  /** Samples embedded for the gallery (default 5,000; 0 for none). */
  maxSamples?: number;
  theme?: "light" | "dark";
  /** Add the History of the last model's recorded runs when there are two or more (default true). */
  history?: boolean;
  /** Add the Slicer tab over the embedded samples (default true). */
  slicer?: boolean;
  /** Add the "Embedding map" tab when the dataset has an embedding column (default true). */
  embeddingMap?: boolean;
}

export async function report(workspace: Workspace, options: ReportOptions): Promise<{ html: string; path?: string; bytes: number }> {
  const results = await workspace.evaluate(options.dataset, { models: options.models, reference: options.reference, confidence: options.confidence });
  const info: EvaluationInfo | null = evaluationInfo(results);
  const maxSamples = options.maxSamples ?? 5000;
  const samples =
    maxSamples > 0 ? await workspace.samples(options.dataset, { models: info?.models ?? options.models, limit: maxSamples, testCaseColumns: true }) : null;
  const facts: [string, string][] = [
    ["dataset", info ? `${info.dataset} (commit ${info.dataset_commit})` : options.dataset],
    ["models", (info?.models ?? options.models).join(", ")],
    ["reference", info?.reference ?? options.reference ?? options.models[0]],
    ["confidence", String(info?.confidence ?? options.confidence ?? 0.95)],
  ];
  if (info) {
    facts.push(["datapoints", `${info.datapoints.toLocaleString("en-US")} evaluated, ${info.excluded_datapoints.toLocaleString("en-US")} left out`]);
    facts.push(["quality standard", `version ${info.quality_standard_version}`]);
  }
  if (samples && info && samples.numRows < info.datapoints) facts.push(["gallery", `first ${samples.numRows.toLocaleString("en-US")} samples`]);
  let history = null;
  if (options.history !== false) {
    const tracked = options.models.filter((model) => model !== (options.reference ?? options.models[0])).at(-1) ?? options.models[0];
    const runs = (await workspace.listRuns(options.dataset)).filter((run) => run.models.includes(tracked));
    if (runs.length >= 2) history = await workspace.history(options.dataset, { model: tracked, runs: runs.map((run) => run.runId) });
    if (history) facts.push(["history", `${tracked} over ${runs.length} recorded runs`]);
  }
  const standard = await workspace.getQualityStandard(options.dataset, info ? { version: info.quality_standard_version } : undefined);
  // A standard with a detection metric adds the precision–recall and confusion tabs (docs/detection.md).
  const detects = standard.metric_groups.some((group) => group.metrics.some((metric) => metric.kind === "detection"));
  const detection = detects
    ? await workspace.detectionCharts(options.dataset, {
        models: info?.models ?? options.models,
        reference: info?.reference ?? options.reference,
        version: info?.quality_standard_version,
      })
    : null;
  const description = await workspace.describeDataset(options.dataset);
  // The slicer computes in the page over the embedded samples; it needs the metric groups.
  const slicer =
    samples && options.slicer !== false
      ? {
          dataset: options.dataset,
          models: info?.models ?? options.models,
          reference: info?.reference ?? options.reference,
          standard,
          idFields: description.idFields,
          confidence: info?.confidence ?? options.confidence,
          datapoints: info?.datapoints,
        }
      : null;
  // The map joins the projection with the embedded samples in the page, so their images come once.
  const map =
    options.embeddingMap !== false
      ? await reportProjection(workspace, options.dataset, info?.models ?? options.models, description.columns, standard)
      : { projection: null, fact: null };
  if (map.fact) facts.push(["embedding map", map.fact]);
  const html = reportHtml({
    title: options.title ?? `slicewise report — ${options.dataset}`,
    facts,
    results,
    samples,
    history,
    detection,
    projection: map.projection,
    options: { slicer, map: { dataset: options.dataset, idFields: description.idFields } },
    theme: options.theme,
    runtime: widgetRuntime(),
  });
  if (options.out) writeFileSync(options.out, html);
  return { html, path: options.out, bytes: Buffer.byteLength(html) };
}
