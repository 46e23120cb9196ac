// The metrics table as text to paste elsewhere: CSV (RFC 4180, full precision) for spreadsheets,
// a GitHub Markdown table (formatted, ▲ ▼ ≈ per delta) for issues and reports; and the clipboard.
import type { EvaluationData } from "./evaluationData";
import { formatCount, formatDelta, formatValue } from "./format";
import type { MetricsTableModel } from "./metricsTableModel";
import { tooFewSamplesText, verdictSymbol } from "./verdict";
import type { Verdict } from "../core";

/** Every test case of the shown stratifications (collapsed or not), in display order. */
export function metricsTableCSV(data: EvaluationData, model: MetricsTableModel, showDelta: boolean): string {
  const header = ["stratification", "test_case", "n"];
  for (const column of model.columns) {
    header.push(`${column.metricLabel} (${column.modelName})`);
    if (showDelta && !column.isReference)
      header.push(`${column.metricLabel} delta (${column.modelName})`, `${column.metricLabel} verdict (${column.modelName})`);
  }
  const lines = [header.map(csvText).join(",")];
  for (const group of model.groups) {
    for (const t of group.testCases) {
      const fields = [csvText(group.stratification), csvText(data.testCases[t].testCase), csvNumber(model.n[t])];
      for (const column of model.columns) {
        const row = data.rowOf(t, column.model, column.metric);
        fields.push(csvNumber(row < 0 ? NaN : data.value[row]));
        if (showDelta && !column.isReference) fields.push(csvNumber(row < 0 ? NaN : data.delta[row]), cellVerdict(data, row));
      }
      lines.push(fields.join(","));
    }
  }
  return lines.join("\r\n");
}

export function metricsTableMarkdown(data: EvaluationData, model: MetricsTableModel, showDelta: boolean): string {
  const header = ["Stratification", "Test case", "n", ...model.columns.map((column) => `${column.metricTitle} (${column.modelName})`)];
  const align = [":---", ":---", "---:", ...model.columns.map(() => "---:")];
  const lines = [markdownRow(header.map(markdownText)), markdownRow(align)];
  for (const group of model.groups) {
    for (const t of group.testCases) {
      const cells = [markdownText(group.stratification), markdownText(data.testCases[t].testCase), formatCount(model.n[t])];
      for (const column of model.columns) {
        const row = data.rowOf(t, column.model, column.metric);
        let text = formatValue(row < 0 ? NaN : data.value[row]);
        if (showDelta && !column.isReference && row >= 0 && data.tooFewSamples[row]) text += ` (${tooFewSamplesText})`;
        else if (showDelta && !column.isReference && row >= 0 && Number.isFinite(data.value[row])) {
          text += ` ${verdictSymbol[cellVerdict(data, row)]}`;
          const delta = formatDelta(data.delta[row]);
          if (delta) text += ` ${delta}`;
        }
        cells.push(text);
      }
      lines.push(markdownRow(cells));
    }
  }
  return lines.join("\n");
}

/** The verdict a non-reference cell shows: a missing row or verdict is "unknown". */
export function cellVerdict(data: EvaluationData, row: number): Verdict {
  return (row >= 0 ? data.verdict[row] : null) ?? "unknown";
}

/** Copies text, by the Clipboard API where the page may use it, else by a selected hidden textarea. */
export async function copyText(document: Document, text: string): Promise<boolean> {
  const clipboard = document.defaultView?.navigator.clipboard;
  if (clipboard?.writeText) {
    try {
      await clipboard.writeText(text);
      return true;
    } catch {
      // Denied (an iframe without clipboard-write, an unfocused page): the textarea way may still work.
    }
  }
  const focused = document.activeElement as HTMLElement | null;
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.setAttribute("aria-hidden", "true");
  area.style.cssText = "position:fixed;top:0;left:-9999px;opacity:0;pointer-events:none";
  document.body.append(area);
  area.select();
  let copied: boolean;
  try {
    copied = typeof document.execCommand === "function" && document.execCommand("copy");
  } catch {
    copied = false;
  } finally {
    area.remove();
    focused?.focus?.();
  }
  return copied;
}

function csvNumber(value: number): string {
  return Number.isNaN(value) ? "" : String(value);
}

/** RFC 4180 quoting; a text that a spreadsheet would run as a formula gets a leading apostrophe (OWASP CSV injection). */
function csvText(text: string): string {
  const safe = /^[=+@\t\r]|^-(?![\d.])/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function markdownRow(cells: string[]): string {
  return `| ${cells.join(" | ")} |`;
}

/** Escapes what would break a GitHub table cell or render as markup (pipes, HTML, emphasis, links, code). */
function markdownText(text: string): string {
  return text
    .replace(/[\r\n]+/g, " ")
    .replace(/[\\`*<>[\]|]/g, "\\$&")
    .replace(/_(?![A-Za-z0-9])|(?<![A-Za-z0-9])_/g, "\\_");
}
