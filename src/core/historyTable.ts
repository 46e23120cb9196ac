// The history table: evaluation rows of several steps (recorded runs, or model versions in an
// order a person gives), each row tagged with its step — what the History view draws.
import { Field, Int32, RecordBatch, Schema, Struct, Table, Utf8, makeData, vectorFromArray } from "apache-arrow";
import { EvaluationRow, evaluationSchema } from "./evaluationTable";

export const historySchema = new Schema([new Field("step", new Utf8(), false), new Field("step_index", new Int32(), false), ...evaluationSchema.fields]);

export interface HistoryStep {
  /** Shown on the x axis: a run's label, or a model's name. */
  step: string;
  rows: readonly EvaluationRow[];
}

export function historyTableFromSteps(steps: readonly HistoryStep[]): Table {
  const rows = steps.flatMap((step, index) => step.rows.map((row) => ({ ...row, step: step.step, step_index: index })));
  const children = historySchema.fields.map((field) => {
    const name = field.name as keyof (typeof rows)[number];
    const values = rows.map((row) => (name === "n" ? BigInt(row.n) : row[name]));
    return vectorFromArray(values, field.type).data[0];
  });
  const data = makeData({ type: new Struct(historySchema.fields), length: rows.length, nullCount: 0, children });
  return new Table([new RecordBatch(historySchema, data)]);
}

/** Model versions as steps: one evaluation, each model in `order` a step (the reference included). */
export function historyFromModels(rows: readonly EvaluationRow[], order: readonly string[]): Table {
  return historyTableFromSteps(order.map((model) => ({ step: model, rows: rows.filter((row) => row.model === model) })));
}
