// The SQL of one outcome of a metric (src/metrics' plan of it) for one model, over the joined
// datapoints: the value per datapoint whose counts, sums or cells the metric's statistics are.
import { MetricPlan, Outcome } from "../../metrics";
import { FieldResolver } from "../fieldResolver";
import { sqlLiteral } from "../sql";

/** `quote` writes a string literal in the engine's dialect. */
export function outcomeSql(outcome: Outcome, plan: MetricPlan, resolver: FieldResolver, model: number, quote?: (text: string) => string): string {
  const column = (field: string) => resolver.sql(model, field);
  switch (outcome.op) {
    case "field":
      if (plan.shape === "binary") return `(${column(outcome.field)})::BOOLEAN`;
      if (plan.shape === "moments") return `(${column(outcome.field)})::DOUBLE`;
      return column(outcome.field);
    case "equals":
      return outcome.value === null ? `(${column(outcome.field)} IS NULL)` : `(${column(outcome.field)} = ${sqlLiteral(outcome.value, quote)})`;
    case "absoluteError":
      return `abs((${column(outcome.pred)})::DOUBLE - (${column(outcome.gt)})::DOUBLE)`;
    case "squaredError":
      return `pow((${column(outcome.pred)})::DOUBLE - (${column(outcome.gt)})::DOUBLE, 2)`;
    case "countOrZero":
      // Nulls kept: they count 0 in the sums, and a row without any count is not in the metric's n.
      return outcome.field === null ? "0::DOUBLE" : `(${column(outcome.field)})::DOUBLE`;
  }
}
