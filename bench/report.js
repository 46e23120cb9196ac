// Prints a benchmark run's figures as compact tables: the headline figures with their
// targets, then where the ingest's and the evaluation's time went.
"use strict";

const seconds = (s) => (s < 1 ? `${(s * 1000).toFixed(0)} ms` : `${s.toFixed(2)} s`);
const milliseconds = (ms) => seconds(ms / 1000);
const rate = (perSecond) => `${(perSecond / 1e6).toFixed(2)} M rows/s`;
const ratio = (x) => `${x.toFixed(1)}×`;
const mb = (x) => `${x.toFixed(0)} MB`;
const count = (n) => n.toLocaleString("en-US");

function printTable(title, rows) {
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => String(row[column] ?? "").length)));
  console.log(`\n${title}`);
  for (const row of rows) console.log(`  ${[0, 1, 2].map((column) => String(row[column] ?? "").padEnd(widths[column])).join("   ")}`.trimEnd());
}

function printReport(figures) {
  const { ingest, evaluation, hand_sql: handSql, loop, ratios, targets, memory, agreement } = figures;
  const runs = (figure) =>
    `CPU ${seconds(figure.cpu_median_seconds)}` +
    (figure.runs_seconds.length > 1 ? `; median of ${figure.runs_seconds.length}: ${figure.runs_seconds.map(seconds).join(", ")}` : "");
  const met = (target) => (target.met ? "met" : "missed");
  const load = (values) => values.map((x) => x.toFixed(1)).join(" ");
  console.log(
    `\n=== slicewise bench: ${count(figures.rows)} rows, ${figures.models.length} models (reference ${figures.reference}), ` +
      `${evaluation.test_cases} test cases, ${figures.resamples} resamples, DuckDB threads ${figures.duckdb_threads}, seed ${figures.seed}, node ${figures.node} ===`,
  );
  console.log(
    `load average before ${load(figures.load_average_before)}, after ${load(figures.load_average_after)} (figures are wall times unless marked CPU; a busy machine inflates wall times)`,
  );

  printTable("figures", [
    ["figure", "measured", "target / notes"],
    [
      "generate data (typed arrays → Arrow)",
      seconds(figures.data.generate_seconds),
      `dataset ${mb(figures.data.dataset_arrow_mb)}, results ${mb(figures.data.results_arrow_mb)} in Arrow`,
    ],
    ...ingest.uploads.map((upload) => [`ingest ${upload.what}`, seconds(upload.seconds), rate(upload.rows_per_second)]),
    [
      "ingest, all four uploads",
      rate(ingest.rows_per_second),
      `target ≥ 1 M rows/s at 10M: ${figures.rows >= 1e7 ? met(targets.ingest_rows_per_second_at_10m) : "(applies at 10M)"}`,
    ],
    ["store size on disk", mb(ingest.store_mb), ""],
    ["evaluate (platform)", seconds(evaluation.median_seconds), runs(evaluation)],
    ["hand-written SQL", seconds(handSql.median_seconds), runs(handSql)],
    ["typed-array loop", seconds(loop.median_seconds), runs(loop)],
    [
      "evaluate / hand SQL",
      ratio(ratios.evaluate_over_hand_sql),
      `target ≤ 2×: ${met(targets.evaluate_over_hand_sql)}; in CPU time ${ratio(ratios.cpu_evaluate_over_hand_sql)}`,
    ],
    ["evaluate / loop", ratio(ratios.evaluate_over_loop), `in CPU time ${ratio(ratios.cpu_evaluate_over_loop)}`],
    ["hand SQL / loop", ratio(ratios.hand_sql_over_loop), ""],
    ["peak RSS (maxRSS)", mb(memory.peak_rss_mb), "whole process, DuckDB included"],
    ["peak JS heap used (sampled)", mb(memory.sampled_peak_heap_used_mb), `array buffers peak ${mb(memory.sampled_peak_array_buffers_mb)}`],
  ]);

  printTable("memory at the end of each phase", [
    ["phase", "RSS / peak RSS so far", "heap used / array buffers"],
    ...memory.phases.map((phase) => [
      phase.phase,
      `${mb(phase.rss_mb)} / ${mb(phase.max_rss_mb)}`,
      `${mb(phase.heap_used_mb)} / ${mb(phase.array_buffers_mb)}`,
    ]),
  ]);

  printTable("ingest, where the time went", [
    ["upload", "Arrow append (JS + appender)", "SQL statements"],
    ...ingest.uploads.map((upload) => [
      upload.what,
      milliseconds(upload.append_ms),
      upload.statements
        .filter((entry) => entry.ms >= 1)
        .map((entry) => `${entry.kind} ${milliseconds(entry.ms)}`)
        .join(", "),
    ]),
  ]);

  const profile = evaluation.profile;
  printTable(`one evaluation, profiled (${milliseconds(profile.total_ms)})`, [
    ["part", "time", "notes"],
    ...profile.statements.map((entry) => [`SQL: ${entry.kind}`, milliseconds(entry.ms), entry.count > 1 ? `${entry.count} statements` : ""]),
    ...profile.summaries.map((entry) => [
      `summarize: ${entry.what}`,
      milliseconds(entry.ms),
      `${entry.count} calls${entry.meanCells ? `, ${entry.meanCells} cells each on average` : ""}`,
    ]),
    // Resamples drawn on this thread (none when the bootstraps went to worker threads).
    ...(profile.bootstrap_resample.calls > 0
      ? [
          [
            "  of which the Poisson resamples",
            milliseconds(profile.bootstrap_resample.ms),
            `${count(profile.bootstrap_resample.calls)} resamples, ${((profile.bootstrap_resample.ms / profile.bootstrap_resample.calls) * 1000).toFixed(0)} µs each`,
          ],
          [
            "  of which the metric on a resample (Macro F1)",
            milliseconds(profile.bootstrap_cell_metric.ms),
            `${count(profile.bootstrap_cell_metric.calls)} calls, ${((profile.bootstrap_cell_metric.ms / profile.bootstrap_cell_metric.calls) * 1000).toFixed(1)} µs each`,
          ],
        ]
      : []),
    [
      "bootstraps of cell metrics (worker threads)",
      milliseconds(profile.bootstrap_pool.ms),
      `${profile.bootstrap_pool.tasks} summaries; process CPU meanwhile ${milliseconds(profile.bootstrap_pool.cpu_ms)} (workers included)`,
    ],
    ["assembleEvaluation, other than summarize", milliseconds(profile.assemble_ms - profile.summarize_ms), "q-values, verdicts, seeds"],
    ["evaluation table (Arrow)", milliseconds(profile.evaluation_table_ms), ""],
    [
      "query results → row objects (getRowObjectsJS)",
      milliseconds(profile.row_objects.ms),
      `${count(profile.row_objects.rows)} rows in ${profile.row_objects.calls} results`,
    ],
    ["other JS (reading the cells column-wise, test-case keys, statistics maps, planning)", milliseconds(profile.other_js_ms), ""],
  ]);

  const agreementRow = (name, entry) => [
    name,
    `n differ in ${entry.n_differ} of ${entry.test_cases}; max |Δ| accuracy ${entry.max_accuracy_difference.toExponential(1)}, mean score ${entry.max_mean_score_difference.toExponential(1)}`,
    [...entry.only_in_evaluation.map((key) => `missing: ${key}`), ...entry.only_here.map((key) => `extra: ${key}`)].join("; "),
  ];
  printTable("same values? (against the evaluation's n, Accuracy and Mean score)", [
    agreementRow("hand SQL", agreement.hand_sql),
    agreementRow("loop", agreement.loop),
  ]);

  printTable(
    `verdicts against ${figures.reference} over ${evaluation.test_cases} test cases`,
    Object.entries(figures.verdicts).flatMap(([model, metrics]) =>
      Object.entries(metrics).map(([metric, verdicts]) => [
        model,
        metric,
        Object.entries(verdicts)
          .filter(([, n]) => n > 0)
          .map(([verdict, n]) => `${verdict} ${n}`)
          .join(", "),
      ]),
    ),
  );
}

module.exports = { printReport };
