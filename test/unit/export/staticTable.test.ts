// The static HTML table (GitHub, nbviewer, a report's <noscript>): a verdict withheld for too few
// samples says so, and the cells keep the attributes other tools read.
import { EvaluationRow, evaluationTableFromRows } from "../../../src/core";
import { staticEvaluationTable } from "../../../src/export/staticTable";

const row = (model: string, n: number, value: number | null, delta: number | null, verdict: EvaluationRow["verdict"]): EvaluationRow => ({
  stratification: "carb",
  test_case: "8",
  model,
  metric_group: "quality",
  metric: "R²",
  n,
  value,
  ci_low: null,
  ci_high: null,
  delta,
  p_value: null,
  q_value: null,
  verdict,
  higher_is_better: true,
});

test("n = 1 below min_n 2: the cell shows 'too few samples' with data-verdict unknown", () => {
  const table = evaluationTableFromRows([row("weight", 1, 0.5, null, null), row("power", 1, 0.75, 0.25, "unknown")], { min_n: { quality: { "R²": 2 } } });
  const html = staticEvaluationTable(table);
  expect(html).toContain('data-model="power" data-metric="R²" data-value="0.75"');
  expect(html).toContain('<span style="color:#636c76" data-verdict="unknown">too few samples</span>');
  expect(html).not.toContain("?+0.2500");
});

test("without min_n in the provenance an unknown verdict stays '?'", () => {
  const html = staticEvaluationTable(evaluationTableFromRows([row("weight", 1, 0.5, null, null), row("power", 1, 0.75, 0.25, "unknown")]));
  expect(html).toContain('data-verdict="unknown">?+0.2500</span>');
});
