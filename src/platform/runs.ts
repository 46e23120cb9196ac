// Recorded evaluations ("runs"): the evaluation table as Arrow with its provenance, kept so a
// team can see a model family's history and a CI gate can leave a trace of every check.
import { DuckDBBlobValue, DuckDBConnection } from "@duckdb/node-api";
import { Table, tableFromIPC, tableToIPC } from "apache-arrow";
import { EvaluationInfo, SlicewiseError, evaluationRowsFromTable, historyTableFromSteps, listForMessage } from "../core";
import { Database } from "./store/database";
import { requireDataset } from "./uploads";

export interface RunSummary extends EvaluationInfo {
  run_id: number;
  label: string | null;
  created_at: string;
}

/** Stores an evaluation as a run, inside the caller's write transaction (its id is the next one). */
export async function recordRun(connection: DuckDBConnection, table: Table, info: EvaluationInfo, label: string | null): Promise<number> {
  const next = await connection.runAndReadAll("SELECT coalesce(max(id), 0) + 1 AS id FROM sw_runs");
  const id = next.getRowObjectsJS()[0].id as number;
  const bytes = tableToIPC(table, "stream");
  await connection.run("INSERT INTO sw_runs VALUES (?, ?, ?, ?, ?, now())", [id, info.dataset, label, JSON.stringify(info), new DuckDBBlobValue(bytes)]);
  return id;
}

export async function listRuns(database: Database, dataset: string): Promise<RunSummary[]> {
  return database.read(
    async (connection) => {
      await requireDataset(connection, dataset);
      const reader = await connection.runAndReadAll("SELECT id, label, info, created_at::VARCHAR AS created_at FROM sw_runs WHERE dataset = ? ORDER BY id", [
        dataset,
      ]);
      return reader.getRowObjectsJS().map((row) => ({
        ...JSON.parse(row.info as string),
        run_id: row.id as number,
        label: (row.label as string | null) ?? null,
        created_at: row.created_at as string,
      }));
    },
    { lane: "quick" },
  );
}

export async function getRun(database: Database, dataset: string, id: number): Promise<Table> {
  return database.read(async (connection) => {
    await requireDataset(connection, dataset);
    const reader = await connection.runAndReadAll("SELECT evaluation FROM sw_runs WHERE dataset = ? AND id = ?", [dataset, id]);
    const rows = reader.getRowObjectsJS();
    if (rows.length === 0) throw new SlicewiseError("not_found", `dataset "${dataset}" has no run ${id}; list its runs with listRuns("${dataset}")`);
    return tableFromIPC(new Uint8Array(rows[0].evaluation as Uint8Array));
  });
}

export interface HistoryOptions {
  /** Runs to include (default every run of the dataset that evaluated `model`). */
  runs?: number[];
  /** The model tracked across runs (default the candidate of the latest run: its last non-reference model). */
  model?: string;
}

/** One step per recorded run, oldest first: the tracked model's rows, verdicts as recorded. */
export async function historyFromRuns(database: Database, dataset: string, options: HistoryOptions = {}): Promise<Table> {
  const runs = await listRuns(database, dataset);
  if (runs.length === 0)
    throw new SlicewiseError("not_found", `dataset "${dataset}" has no recorded runs; record some with evaluate(…, { record: true }) or \`slicewise check\``);
  const latest = runs[runs.length - 1];
  const model = options.model ?? latest.models.filter((name) => name !== latest.reference).at(-1) ?? latest.reference;
  const chosen = options.runs ? runs.filter((run) => options.runs!.includes(run.run_id)) : runs.filter((run) => run.models.includes(model));
  const missing = (options.runs ?? []).filter((id) => !runs.some((run) => run.run_id === id));
  if (missing.length) throw new SlicewiseError("not_found", `dataset "${dataset}" has no run ${listForMessage(missing)}`);
  const steps = [];
  for (const run of chosen) {
    const rows = evaluationRowsFromTable(await getRun(database, dataset, run.run_id)).filter((row) => row.model === model);
    steps.push({ step: run.label ?? `run ${run.run_id} · ${run.created_at.slice(0, 16)}`, rows });
  }
  return historyTableFromSteps(steps);
}
