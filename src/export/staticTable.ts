// The evaluation table as plain HTML (no script, no styles from outside): the fallback that
// GitHub, nbviewer and nbconvert show, and a report's <noscript> content.
import { Table } from "apache-arrow";
import { readEvaluation } from "../charts/evaluationData";
import { formatDelta, formatInterval, formatValue } from "../charts/format";
import { tooFewSamplesText, verdictColorFallback, verdictSymbol } from "../charts/verdict";
import { escapeHtml } from "./escapeHtml";

export interface StaticTableOptions {
  /** At most this many test cases (rows) are written; a note says how many were left out. */
  maxTestCases?: number;
}

export function staticEvaluationTable(table: Table, options: StaticTableOptions = {}): string {
  const data = readEvaluation(table);
  if (data.length === 0) return `<p class="sw-static-empty">The evaluation is empty.</p>`;
  const limit = options.maxTestCases ?? 500;
  const cell = "padding:2px 8px;border-bottom:1px solid #ddd;";
  const header = [
    `<th style="${cell}text-align:left">test case</th>`,
    `<th style="${cell}text-align:right">n</th>`,
    ...data.metrics.flatMap((metric) =>
      data.models.map((model) => `<th style="${cell}text-align:right">${escapeHtml(metric.metric)}<br><small>${escapeHtml(model)}</small></th>`),
    ),
  ].join("");
  const rows = data.testCases.slice(0, limit).map((testCase, t) => {
    const first = data.rowOf(t, 0, 0);
    const cells = data.metrics.flatMap((_, k) =>
      data.models.map((model, m) => {
        const row = data.rowOf(t, m, k);
        if (row < 0) return `<td style="${cell}"></td>`;
        const verdict = data.verdict[row];
        const interval = formatInterval(data.ciLow[row], data.ciHigh[row]);
        // A verdict withheld for too few samples says so, rather than a bare "?".
        const mark = data.tooFewSamples[row] ? tooFewSamplesText : verdict ? `${verdictSymbol[verdict]}${escapeHtml(formatDelta(data.delta[row]))}` : "";
        const delta = verdict ? ` <span style="color:${verdictColorFallback[verdict]}" data-verdict="${verdict}">${mark}</span>` : "";
        return `<td style="${cell}text-align:right;font-variant-numeric:tabular-nums" data-model="${escapeHtml(model)}" data-metric="${escapeHtml(data.metric[row])}" data-value="${Number.isNaN(data.value[row]) ? "" : data.value[row]}" title="${escapeHtml(interval)}">${escapeHtml(formatValue(data.value[row]))}${delta}</td>`;
      }),
    );
    return `<tr data-test-case="${escapeHtml(testCase.testCase)}"><th scope="row" style="${cell}text-align:left;font-weight:normal">${escapeHtml(testCase.stratification)}: ${escapeHtml(testCase.testCase)}</th><td style="${cell}text-align:right">${first < 0 ? "" : data.n[first]}</td>${cells.join("")}</tr>`;
  });
  const omitted = data.testCases.length - Math.min(limit, data.testCases.length);
  const note = omitted > 0 ? `<p><small>${omitted} more test cases are in the interactive view.</small></p>` : "";
  const legend = `<p><small>vs reference ${escapeHtml(data.reference ?? data.models[0])}: ▲ improved, ▼ regressed, ≈ no significant difference, ? unknown; ${tooFewSamplesText}: n below the metric's min_n, no verdict</small></p>`;
  return `<table class="sw-static-table" style="border-collapse:collapse;font-family:system-ui,sans-serif;font-size:13px"><thead><tr>${header}</tr></thead><tbody>${rows.join("")}</tbody></table>${note}${legend}`;
}
