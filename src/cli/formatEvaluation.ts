// The evaluation table as text for a terminal: one block per metric, test cases down, models
// across, each non-reference value with its delta and verdict symbol.
import { EvaluationRow, Verdict } from "../core";

export const verdictSymbols: Record<Verdict, string> = { improved: "▲", regressed: "▼", similar: "≈", unknown: "?" };

const number = (value: number | null, digits = 4) => (value === null ? "—" : value.toFixed(digits));
const signed = (value: number | null, digits = 4) => (value === null ? "" : `${value >= 0 ? "+" : ""}${value.toFixed(digits)}`);

export function formatEvaluation(rows: readonly EvaluationRow[]): string {
  const models = [...new Set(rows.map((row) => row.model))];
  const metrics = [...new Set(rows.map((row) => `${row.metric_group}\u0000${row.metric}`))];
  const testCases = [...new Set(rows.map((row) => `${row.stratification}\u0000${row.test_case}`))];
  const byKey = new Map(rows.map((row) => [`${row.stratification}\u0000${row.test_case}\u0000${row.model}\u0000${row.metric_group}\u0000${row.metric}`, row]));
  const blocks = metrics.map((metric) => {
    const [group, label] = metric.split("\u0000");
    const header = ["test case", "n", ...models];
    const lines = testCases.map((testCase) => {
      const [stratification, name] = testCase.split("\u0000");
      const cells = models.map((model) => {
        const row = byKey.get(`${testCase}\u0000${model}\u0000${metric}`);
        if (!row) return "";
        if (row.verdict === null) return number(row.value);
        return `${number(row.value)} ${verdictSymbols[row.verdict]}${signed(row.delta)}`;
      });
      const n = byKey.get(`${testCase}\u0000${models[0]}\u0000${metric}`)?.n ?? 0;
      return [`${stratification}: ${name}`, String(n), ...cells];
    });
    const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => [...line[column]].length)));
    const pad = (cells: string[]) => cells.map((cell, column) => (column === 1 ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join("  ");
    return [
      `${label} (${group}) — ▲ improved ▼ regressed ≈ no significant difference, vs ${models[0]}`,
      pad(header),
      widths.map((w) => "─".repeat(w)).join("  "),
      ...lines.map(pad),
    ].join("\n");
  });
  return blocks.join("\n\n") + "\n";
}
