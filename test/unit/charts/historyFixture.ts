// History tables for tests: evaluation rows tagged with their step, as the platform sends them
// (`step`, `step_index`, then the evaluation columns), rows kept in the order given.
import { Table, vectorFromArray } from "apache-arrow";
import { EvaluationRow, historySchema } from "../../../src/core";

export type HistoryRow = EvaluationRow & { step: string; step_index: number };

export function historyTable(rows: readonly HistoryRow[]): Table {
  const columns = historySchema.fields.map((field) => {
    const name = field.name as keyof HistoryRow;
    return [
      name,
      vectorFromArray(
        rows.map((row) => (name === "n" ? BigInt(row.n) : row[name])),
        field.type,
      ),
    ] as const;
  });
  return new Table(Object.fromEntries(columns));
}
