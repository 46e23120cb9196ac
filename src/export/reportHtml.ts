// A self-contained HTML report: the widget runtime and the Arrow data inlined, nothing fetched,
// a static table for readers without scripts. Pure: data in, one HTML string out.
import { Table, tableToIPC } from "apache-arrow";
import { dashboardDescriptor } from "../widgets/kinds/dashboard/descriptor";
import { embeddingMapSvg } from "../charts/embeddingMap";
import { staticPoints } from "../widgets/kinds/embeddingMap/descriptor";
import { historyDescriptor } from "../widgets/kinds/history/descriptor";
import { escapeHtml, jsonForScript, scriptForInline } from "./escapeHtml";
import { staticEvaluationTable } from "./staticTable";

export interface ReportContent {
  title: string;
  /** Lines under the title: dataset, commit, models, reference, confidence … (plain text). */
  facts: [string, string][];
  results: Table;
  samples?: Table | null;
  /** The embedding's projection (projectEmbedding's table): adds the dashboard's "Embedding map" tab. */
  projection?: Table | null;
  /** Recorded runs of one model as a history table: adds the History section. */
  history?: Table | null;
  /** The detection-charts table: adds the dashboard's precision–recall and confusion tabs. */
  detection?: Table | null;
  /** Options of the dashboard (heights, chart kinds, gallery fields). */
  options?: Record<string, unknown>;
  theme?: "light" | "dark";
  runtime: string;
  generatedAt?: Date;
}

const base64 = (table: Table) => Buffer.from(tableToIPC(table, "stream")).toString("base64");

export function reportHtml(content: ReportContent): string {
  const generated = (content.generatedAt ?? new Date()).toISOString().replace("T", " ").slice(0, 16) + " UTC";
  const spec = {
    widget: dashboardDescriptor.runtimeName,
    target: "sw-dashboard",
    results: base64(content.results),
    samples: content.samples ? base64(content.samples) : undefined,
    detection: content.detection && content.detection.numRows > 0 ? base64(content.detection) : undefined,
    projection: content.projection ? base64(content.projection) : undefined,
    options: content.options ?? {},
    theme: content.theme,
  };
  const facts = content.facts.map(([name, value]) => `<div><dt>${escapeHtml(name)}</dt><dd>${escapeHtml(value)}</dd></div>`).join("");
  // No network: scripts, styles, images and workers come from this file (and blob:/data: URLs it makes).
  // The slicer's worst-slice search runs in a worker made from a blob: URL.
  const policy = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:; font-src data:; worker-src blob:";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<meta name="generator" content="slicewise">
<title>${escapeHtml(content.title)}</title>
<style>
  html, body { margin: 0; }
  body.slicewise-report { padding: 24px 32px 48px; max-width: 1600px; margin: 0 auto; }
  .sw-report-header h1 { font-size: 20px; margin: 0 0 8px; font-weight: 600; }
  .sw-report-facts { display: flex; flex-wrap: wrap; gap: 4px 24px; margin: 0 0 20px; font-size: 12px; }
  .sw-report-facts dt { display: inline; color: var(--sw-fg-muted); }
  .sw-report-facts dt::after { content: ": "; }
  .sw-report-facts dd { display: inline; margin: 0; }
  .sw-report-history h2 { font-size: 16px; font-weight: 600; margin: 28px 0 10px; }
  .sw-report-footer { margin-top: 16px; font-size: 11px; color: var(--sw-fg-faint); }
</style>
</head>
<body class="slicewise slicewise-report"${content.theme ? ` data-theme="${content.theme}"` : ""}>
<header class="sw-report-header">
<h1>${escapeHtml(content.title)}</h1>
<dl class="sw-report-facts">${facts}<div><dt>generated</dt><dd>${escapeHtml(generated)}</dd></div></dl>
</header>
<main>
<div id="sw-dashboard" class="sw-report-dashboard"></div>
<noscript>${staticEvaluationTable(content.results)}${content.projection && content.projection.numRows > 0 ? embeddingMapSvg(staticPoints(content.projection, {}), { width: 900, height: 560 }) : ""}</noscript>
${content.history ? `<section class="sw-report-history"><h2>History across recorded runs</h2><div id="sw-history"></div></section>` : ""}
</main>
<footer class="sw-report-footer">Made with slicewise. Everything in this page is in this file; it works offline.</footer>
<script type="application/vnd.slicewise.report+json">${jsonForScript(spec)}</script>
${content.history ? `<script type="application/vnd.slicewise.report+json">${jsonForScript({ widget: historyDescriptor.runtimeName, target: "sw-history", history: base64(content.history), theme: content.theme })}</script>` : ""}
<script>${scriptForInline(content.runtime)}</script>
<script>
try { slicewise.mountReport(document); }
catch (error) {
  var box = document.createElement("div");
  box.className = "sw-state sw-error";
  box.textContent = "This report could not be shown: " + (error && error.message ? error.message : error);
  document.getElementById("sw-dashboard").append(box);
  throw error;
}
</script>
</body>
</html>
`;
}
