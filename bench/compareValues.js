// Checks that the three ways computed the same numbers (printed, never asserted), and counts
// the evaluation's verdicts so a reader sees the comparison found something.
"use strict";

/** The evaluation's n, accuracy and mean score per test case, in the shape of the other two. */
function evaluationStatistics(rows, models) {
  const statistics = new Map();
  for (const row of rows) {
    const key = `${row.stratification}\u0000${row.test_case}`;
    if (!statistics.has(key)) statistics.set(key, { n: row.n, accuracy: models.map(() => NaN), meanScore: models.map(() => NaN) });
    const entry = statistics.get(key);
    const m = models.indexOf(row.model);
    if (row.metric === "Accuracy") entry.accuracy[m] = row.value ?? NaN;
    if (row.metric === "Mean score") entry.meanScore[m] = row.value ?? NaN;
  }
  return statistics;
}

/** Differences between two statistics maps: test cases only in one, n that differ, largest value gaps. */
function compareStatistics(expected, actual) {
  const onlyExpected = [...expected.keys()].filter((key) => !actual.has(key));
  const onlyActual = [...actual.keys()].filter((key) => !expected.has(key));
  let nDiffer = 0;
  let accuracy = 0;
  let meanScore = 0;
  for (const [key, want] of expected) {
    const got = actual.get(key);
    if (!got) continue;
    if (got.n !== want.n) nDiffer++;
    want.accuracy.forEach((value, m) => (accuracy = Math.max(accuracy, Math.abs(value - got.accuracy[m]))));
    want.meanScore.forEach((value, m) => (meanScore = Math.max(meanScore, Math.abs(value - got.meanScore[m]))));
  }
  const readable = (key) => key.replace("\u0000", ": ");
  return {
    test_cases: expected.size,
    only_in_evaluation: onlyExpected.map(readable),
    only_here: onlyActual.map(readable),
    n_differ: nDiffer,
    max_accuracy_difference: accuracy,
    max_mean_score_difference: meanScore,
  };
}

/** verdicts[model][metric] = {improved, regressed, similar, unknown} over the test cases. */
function verdictCounts(rows, reference) {
  const counts = {};
  for (const row of rows) {
    if (row.model === reference) continue;
    counts[row.model] ??= {};
    counts[row.model][row.metric] ??= { improved: 0, regressed: 0, similar: 0, unknown: 0 };
    counts[row.model][row.metric][row.verdict ?? "unknown"]++;
  }
  return counts;
}

module.exports = { evaluationStatistics, compareStatistics, verdictCounts };
