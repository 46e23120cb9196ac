// check(): the CI gate as a function — evaluates the candidate against the reference (recorded
// as a run) and says whether any chosen test case regresses.
import { Table } from "apache-arrow";
import { EvaluationRow, evaluationInfo, evaluationRowsFromTable } from "../core";
import { GateOptions, GateResult, evaluateGate } from "../metrics";
import type { EvaluationInfo } from "../platform";
import type { Workspace } from "./workspace";

export interface CheckOptions extends GateOptions {
  dataset: string;
  confidence?: number;
  /** Names the recorded run (a commit, a build number). */
  label?: string;
  /** Quality-standard version (default the latest). */
  version?: number;
}

export interface CheckResult extends GateResult {
  /** The evaluation the gate read, with its provenance (run id, dataset commit …). */
  evaluation: Table;
  rows: EvaluationRow[];
  /** The table's provenance as `evaluationInfo` reads it: snake_case, like the table's columns in `rows`. */
  info: EvaluationInfo;
  seconds: number;
}

export async function check(workspace: Workspace, options: CheckOptions): Promise<CheckResult> {
  const started = Date.now();
  const evaluation = await workspace.evaluate(options.dataset, {
    models: [options.reference, options.candidate],
    reference: options.reference,
    confidence: options.confidence,
    version: options.version,
    record: true,
    label: options.label,
    // The gate's minimum is also the evaluation's: a test case it would skip gets no verdict either.
    minN: options.minN,
  });
  const rows = evaluationRowsFromTable(evaluation);
  const gate = evaluateGate(rows, options);
  return { ...gate, evaluation, rows, info: evaluationInfo(evaluation)!, seconds: (Date.now() - started) / 1000 };
}
