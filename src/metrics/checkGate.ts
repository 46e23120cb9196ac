// The CI gate over an evaluation: which (test case, metric) pairs of a candidate regress against
// the reference, which pass, and which are skipped for too few samples. Pure: rows in, verdicts out.
import { EvaluationRow, SlicewiseError, listForMessage } from "../core";

export interface GateOptions {
  candidate: string;
  reference: string;
  /** Metric labels to gate on (default all). */
  metrics?: string[];
  /** Test cases as "stratification/test case" (default all). */
  testCases?: string[];
  /** "regressed": a significant regression fails; "any-drop": any change for the worse fails. */
  failOn?: "regressed" | "any-drop";
  /** Test cases with fewer samples are skipped, not passed (default 30). */
  minN?: number;
}

export type GateStatus = "failed" | "passed" | "skipped";

export interface GateFinding {
  test_case: string;
  stratification: string;
  metric: string;
  metric_group: string;
  n: number;
  value: number | null;
  reference_value: number | null;
  delta: number | null;
  ci_low: number | null;
  ci_high: number | null;
  p_value: number | null;
  q_value: number | null;
  verdict: EvaluationRow["verdict"];
  higher_is_better: boolean | null;
  status: GateStatus;
  /** Why, in words: "regressed (q = 0.0004)", "n = 12 < 30". */
  reason: string;
}

export interface GateResult {
  passed: boolean;
  candidate: string;
  reference: string;
  failOn: "regressed" | "any-drop";
  minN: number;
  /** Every gated pair, worst first: failures, then passes, then skips, each by how much worse. */
  findings: GateFinding[];
  regressions: GateFinding[];
  skipped: GateFinding[];
}

export function applyGateDefaults(options: GateOptions): Required<GateOptions> {
  return {
    candidate: options.candidate,
    reference: options.reference,
    metrics: options.metrics ?? [],
    testCases: options.testCases ?? [],
    failOn: options.failOn ?? "regressed",
    minN: options.minN ?? 30,
  };
}

/** A signed "how much worse": positive when the candidate moved in the bad direction. */
function worsening(finding: GateFinding): number {
  if (finding.delta === null || finding.higher_is_better === null) return 0;
  return finding.higher_is_better ? -finding.delta : finding.delta;
}

export function evaluateGate(rows: readonly EvaluationRow[], options: GateOptions): GateResult {
  const settings = applyGateDefaults(options);
  if (!["regressed", "any-drop"].includes(settings.failOn))
    throw new SlicewiseError("bad_request", `fail-on must be "regressed" or "any-drop", not "${settings.failOn}"`);
  const candidateRows = rows.filter((row) => row.model === settings.candidate);
  if (candidateRows.length === 0) throw new SlicewiseError("unknown_model", `the evaluation has no rows for the candidate "${settings.candidate}"`);
  const metricNames = [...new Set(candidateRows.map((row) => row.metric))];
  const unknownMetrics = settings.metrics.filter((metric) => !metricNames.includes(metric));
  if (unknownMetrics.length)
    throw new SlicewiseError(
      "invalid_metric",
      `no metric ${listForMessage(unknownMetrics)} in the quality standard; its metrics are ${listForMessage(metricNames)}`,
    );
  const testCaseNames = [...new Set(candidateRows.map((row) => `${row.stratification}/${row.test_case}`))];
  const unknownTestCases = settings.testCases.filter((name) => !testCaseNames.includes(name));
  if (unknownTestCases.length)
    throw new SlicewiseError(
      "not_found",
      `no test case ${listForMessage(unknownTestCases)}; name them as "stratification/test case", e.g. ${listForMessage(testCaseNames.slice(0, 5))}`,
    );
  const referenceValue = new Map(
    rows
      .filter((row) => row.model === settings.reference)
      .map((row) => [`${row.stratification}/${row.test_case}\u0000${row.metric_group}\u0000${row.metric}`, row.value]),
  );
  const findings = candidateRows
    .filter((row) => settings.metrics.length === 0 || settings.metrics.includes(row.metric))
    .filter((row) => settings.testCases.length === 0 || settings.testCases.includes(`${row.stratification}/${row.test_case}`))
    .map((row): GateFinding => {
      const base = {
        test_case: row.test_case,
        stratification: row.stratification,
        metric: row.metric,
        metric_group: row.metric_group,
        n: row.n,
        value: row.value,
        reference_value: referenceValue.get(`${row.stratification}/${row.test_case}\u0000${row.metric_group}\u0000${row.metric}`) ?? null,
        delta: row.delta,
        ci_low: row.ci_low,
        ci_high: row.ci_high,
        p_value: row.p_value,
        q_value: row.q_value,
        verdict: row.verdict,
        higher_is_better: row.higher_is_better,
      };
      if (row.n < settings.minN) return { ...base, status: "skipped", reason: `n = ${row.n} < ${settings.minN}` };
      const q = row.q_value === null ? "" : ` (q = ${row.q_value < 0.001 ? row.q_value.toExponential(1) : row.q_value.toFixed(3)})`;
      if (row.verdict === "regressed") return { ...base, status: "failed", reason: `regressed${q}` };
      const finding: GateFinding = { ...base, status: "passed", reason: `${row.verdict ?? "unknown"}${q}` };
      if (settings.failOn === "any-drop" && worsening(finding) > 0)
        return { ...finding, status: "failed", reason: `dropped (${row.verdict ?? "unknown"}${q})` };
      return finding;
    });
  const rank: Record<GateStatus, number> = { failed: 0, passed: 1, skipped: 2 };
  // Worst first: failures, passes, skips; within each, by how far the candidate moved the wrong
  // way (the effect a person acts on), then by significance.
  findings.sort((a, b) => rank[a.status] - rank[b.status] || worsening(b) - worsening(a) || (a.q_value ?? 1) - (b.q_value ?? 1));
  const regressions = findings.filter((finding) => finding.status === "failed");
  return {
    passed: regressions.length === 0,
    candidate: settings.candidate,
    reference: settings.reference,
    failOn: settings.failOn,
    minN: settings.minN,
    findings,
    regressions,
    skipped: findings.filter((finding) => finding.status === "skipped"),
  };
}
