// The gate's result for people (a terminal table, GitHub-flavoured Markdown for a CI summary or
// PR comment) and for machines (JUnit XML, which every CI system shows natively).
import type { GateFinding, GateResult } from "../metrics";
import { formatDelta, formatInterval, formatProbability, formatValue } from "../charts/format";
import { verdictSymbol } from "../charts/verdict";

const symbolOf = (finding: GateFinding) => (finding.status === "skipped" ? "–" : verdictSymbol[finding.verdict ?? "unknown"]);
const name = (finding: GateFinding) => `${finding.stratification}/${finding.test_case}`;

export function gateHeadline(result: GateResult): string {
  const gated = result.findings.length - result.skipped.length;
  if (result.passed)
    return `PASSED: ${result.candidate} does not regress against ${result.reference} in ${gated} test case × metric pairs${result.skipped.length ? ` (${result.skipped.length} skipped: fewer than ${result.minN} samples)` : ""}.`;
  const worst = result.regressions[0];
  return `FAILED: ${result.candidate} regresses against ${result.reference} in ${result.regressions.length} of ${gated} pairs; worst: ${name(worst)} ${worst.metric} ${formatDelta(worst.delta ?? NaN)} (${worst.reason}).`;
}

export function gateTerminal(result: GateResult, limit = 60): string {
  const header = ["", "test case", "metric", "n", result.reference, result.candidate, "delta", "q", "status"];
  const lines = result.findings
    .slice(0, limit)
    .map((finding) => [
      symbolOf(finding),
      name(finding),
      finding.metric,
      String(finding.n),
      formatValue(finding.reference_value ?? NaN),
      formatValue(finding.value ?? NaN),
      formatDelta(finding.delta ?? NaN),
      formatProbability(finding.q_value ?? NaN),
      finding.status === "passed" ? "ok" : finding.status === "failed" ? "FAIL" : `skip (${finding.reason})`,
    ]);
  const widths = header.map((title, column) => Math.max([...title].length, ...lines.map((line) => [...line[column]].length)));
  const pad = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]))
      .join("  ")
      .trimEnd();
  const more = result.findings.length > limit ? `\n… and ${result.findings.length - limit} more (all in --junit / --markdown)` : "";
  return [pad(header), widths.map((width) => "─".repeat(width)).join("  "), ...lines.map(pad)].join("\n") + more + "\n\n" + gateHeadline(result) + "\n";
}

const markdownText = (text: string) => text.replace(/([\\`*_[\]|<>])/g, "\\$1");

export function gateMarkdown(result: GateResult): string {
  const rows = result.findings.map(
    (finding) =>
      `| ${symbolOf(finding)} | ${markdownText(name(finding))} | ${markdownText(finding.metric)} | ${finding.n} | ${formatValue(finding.reference_value ?? NaN)} | ${formatValue(finding.value ?? NaN)} | ${formatDelta(finding.delta ?? NaN)} | ${formatProbability(finding.q_value ?? NaN)} | ${finding.status} |`,
  );
  return [
    `### slicewise check: ${result.passed ? "✅" : "❌"} ${markdownText(gateHeadline(result))}`,
    "",
    `| | test case | metric | n | ${markdownText(result.reference)} | ${markdownText(result.candidate)} | Δ | q | status |`,
    "|---|---|---|--:|--:|--:|--:|--:|---|",
    ...rows,
    "",
    `▲ improved ▼ regressed ≈ no significant difference – skipped (fewer than ${result.minN} samples); q: Benjamini–Hochberg across test cases. Fail on: ${result.failOn}.`,
    "",
  ].join("\n");
}

const xml = (text: string) => text.replace(/[<>&"']/g, (character) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[character]!);

/** JUnit XML: one testsuite per metric, one testcase per test case; failures carry Δ, CI and q. */
export function gateJUnit(result: GateResult, seconds = 0): string {
  const metrics = [...new Set(result.findings.map((finding) => finding.metric))];
  const suites = metrics.map((metric) => {
    const findings = result.findings.filter((finding) => finding.metric === metric);
    const cases = findings.map((finding) => {
      const detail = `${result.candidate} ${formatValue(finding.value ?? NaN)} vs ${result.reference} ${formatValue(finding.reference_value ?? NaN)}: Δ ${formatDelta(finding.delta ?? NaN)}, CI of ${result.candidate} ${formatInterval(finding.ci_low ?? NaN, finding.ci_high ?? NaN)}, p ${formatProbability(finding.p_value ?? NaN)}, q ${formatProbability(finding.q_value ?? NaN)}, n ${finding.n}`;
      const body =
        finding.status === "failed"
          ? `<failure message="${xml(`${finding.reason}: ${detail}`)}" type="regression">${xml(detail)}</failure>`
          : finding.status === "skipped"
            ? `<skipped message="${xml(finding.reason)}"/>`
            : `<system-out>${xml(detail)}</system-out>`;
      return `    <testcase classname="${xml(`slicewise.${metric}`)}" name="${xml(name(finding))}" time="0">${body}</testcase>`;
    });
    const failures = findings.filter((finding) => finding.status === "failed").length;
    const skipped = findings.filter((finding) => finding.status === "skipped").length;
    return `  <testsuite name="${xml(`${metric}: ${result.candidate} vs ${result.reference}`)}" tests="${findings.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${seconds.toFixed(3)}">\n${cases.join("\n")}\n  </testsuite>`;
  });
  const failures = result.regressions.length;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="slicewise check" tests="${result.findings.length}" failures="${failures}" errors="0" skipped="${result.skipped.length}" time="${seconds.toFixed(3)}">\n${suites.join("\n")}\n</testsuites>\n`;
}
