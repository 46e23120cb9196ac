// The key of one (test case, model, metric group, metric) in a map of statistics or of their
// summaries: one definition, so the gathered statistics and the bootstraps find the same cell.
export function statisticsKey(testCase: number, model: number, group: number, metric: number): string {
  return `${testCase}\u0000${model}\u0000${group}\u0000${metric}`;
}
