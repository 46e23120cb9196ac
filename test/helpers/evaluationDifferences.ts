// The parity check between two engines' evaluations: the same rows in the same order, and every
// count, value, interval, p, q and verdict equal (numbers to 1e-12, relative to 1 at least; NaN
// equals NaN), each difference said as "test case/model/metric field: DuckDB x, Spark y".
import { EvaluationRow } from "../../src/core";

export const evaluationRowKey = (row: EvaluationRow) => `${row.stratification}/${row.test_case}/${row.model}/${row.metric}`;

export function evaluationDifferences(expected: EvaluationRow[], actual: EvaluationRow[]): string[] {
  if (JSON.stringify(expected.map(evaluationRowKey)) !== JSON.stringify(actual.map(evaluationRowKey))) return ["the rows differ"];
  return expected.flatMap((row, index) =>
    Object.entries(row).flatMap(([field, value]) => {
      const other = (actual[index] as unknown as Record<string, unknown>)[field];
      const same =
        typeof value === "number" && typeof other === "number"
          ? (Number.isNaN(value) && Number.isNaN(other)) || Math.abs(value - other) <= 1e-12 * Math.max(1, Math.abs(value))
          : JSON.stringify(value) === JSON.stringify(other);
      return same ? [] : [`${evaluationRowKey(row)} ${field}: DuckDB ${JSON.stringify(value)}, Spark ${JSON.stringify(other)}`];
    }),
  );
}
