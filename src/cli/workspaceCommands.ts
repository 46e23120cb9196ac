// `slicewise upload`, `properties`, `evaluate`, `standard` and `report`: the client's calls from a shell, on the
// embedded store or a server (--url / SLICEWISE_URL).
import { readFileSync, writeFileSync } from "node:fs";
import { tableToIPC } from "apache-arrow";
import { PropertyColumns, connect } from "../client";
import { progressLine } from "../client/progressLine";
import { SlicewiseError, evaluationInfo, evaluationRowsFromTable } from "../core";
import { ReportOptions, report } from "../export/report";
import { formatEvaluation } from "./formatEvaluation";

export interface WorkspaceFlags {
  data?: string;
  url?: string;
  token?: string;
}

export async function upload(dataset: string, file: string, options: WorkspaceFlags & { model?: string; idFields?: string[] }): Promise<void> {
  const workspace = await connect(options);
  try {
    const summary = options.model
      ? await workspace.uploadResults(dataset, options.model, file)
      : await workspace.uploadDataset(dataset, file, { idFields: options.idFields });
    const what = options.model ? `results of ${options.model} for ${dataset}` : `dataset ${dataset}`;
    process.stdout.write(
      `uploaded ${summary.rows.toLocaleString("en-US")} rows: ${what} (commit ${summary.commit}, id fields ${summary.idFields.join(", ")})\n`,
    );
  } finally {
    await workspace.close();
  }
}

export async function propertiesCommand(dataset: string, options: WorkspaceFlags & PropertyColumns): Promise<void> {
  const workspace = await connect(options);
  try {
    const summary = await workspace.extractProperties(dataset, { image: options.image, text: options.text, boxes: options.boxes });
    process.stdout.write(
      `measured ${summary.rows.toLocaleString("en-US")} rows of ${dataset}: ${summary.columns.length} property columns (commit ${summary.commit})\n`,
    );
    if (summary.badImages > 0) {
      const shown = summary.badImageExamples.map((example) => `  ${example.id}: ${example.reason}`).join("\n");
      process.stdout.write(
        `${summary.badImages.toLocaleString("en-US")} images could not be read; their properties are empty${summary.badImages > summary.badImageExamples.length ? ", e.g." : ":"}\n${shown}\n`,
      );
    }
  } finally {
    await workspace.close();
  }
}

export async function evaluateCommand(
  dataset: string,
  options: WorkspaceFlags & { models: string[]; reference?: string; confidence?: number; minN?: number; out?: string; progress?: boolean },
): Promise<void> {
  if (options.models.length === 0) throw new SlicewiseError("bad_request", "name the models to compare with --models a,b[,c]");
  const workspace = await connect(options);
  // On a terminal the client shows progress by itself; --progress shows it in a log too.
  const line = options.progress ? progressLine(`evaluating ${dataset}`, process.stderr, { always: true }) : undefined;
  try {
    const table = await workspace.evaluate(dataset, {
      models: options.models,
      reference: options.reference,
      confidence: options.confidence,
      minN: options.minN,
      ...(line ? { onProgress: line.listener } : {}),
    });
    if (options.out) {
      writeFileSync(options.out, tableToIPC(table, "file"));
      process.stdout.write(`wrote ${table.numRows} rows to ${options.out} (Arrow IPC file)\n`);
      return;
    }
    const info = evaluationInfo(table);
    if (info) process.stdout.write(`${info.datapoints} datapoints evaluated, ${info.excluded_datapoints} left out (not every model has results for them)\n\n`);
    process.stdout.write(formatEvaluation(evaluationRowsFromTable(table)));
  } finally {
    line?.done();
    await workspace.close();
  }
}

export async function qualityStandardCommand(dataset: string, file: string | undefined, options: WorkspaceFlags & { version?: number }): Promise<void> {
  const workspace = await connect(options);
  try {
    if (file === undefined) {
      process.stdout.write(JSON.stringify(await workspace.getQualityStandard(dataset, { version: options.version }), null, 2) + "\n");
      return;
    }
    let definition: Record<string, unknown>;
    try {
      definition = JSON.parse(readFileSync(file, "utf8"));
    } catch (error) {
      throw new SlicewiseError("invalid_quality_standard", `cannot read ${file} as JSON: ${(error as Error).message}`);
    }
    const stored = await workspace.setQualityStandard(dataset, definition);
    process.stdout.write(`quality standard of ${dataset} is now version ${stored.version}\n`);
  } finally {
    await workspace.close();
  }
}

export async function reportCommand(options: WorkspaceFlags & ReportOptions & { out: string }): Promise<void> {
  const workspace = await connect(options);
  try {
    const written = await report(workspace, options);
    process.stdout.write(`wrote ${options.out} (${(written.bytes / 1e6).toFixed(1)} MB, self-contained: open it in a browser, no network needed)\n`);
  } finally {
    await workspace.close();
  }
}
