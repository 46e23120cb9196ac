// The quality standard of the synthetic data (syntheticData.js), for the benchmark and the Spark
// parity test: 4 stratifications and 3 explicit test cases (20 test cases plus the whole dataset)
// and one metric group. bench/handSql.js and bench/typedArrayLoop.js write the same test cases by
// hand; keep them in step with this file.
"use strict";

const qualityStandard = {
  stratifications: [
    { name: "region", field: "region" },
    { name: "device", field: "device" },
    { name: "blur", field: "blur", buckets: [0.25, 0.5, 0.75] },
    { name: "size", field: "size", quantiles: 4 },
  ],
  // Thresholds are exact in float32, so DuckDB and a JS loop put every row on the same side.
  test_cases: [
    {
      name: "blurry and dark",
      where: {
        and: [
          { field: "blur", op: "ge", value: 0.75 },
          { field: "brightness", op: "lt", value: 0.25 },
        ],
      },
    },
    {
      name: "small on phone",
      where: {
        and: [
          { field: "device", op: "eq", value: "phone" },
          { field: "size", op: "lt", value: 128 },
        ],
      },
    },
    { name: "north or east", where: { field: "region", op: "in", value: ["north", "east"] } },
  ],
  metric_groups: [
    {
      name: "quality",
      metrics: [
        { label: "Accuracy", kind: "mean", field: "correct", higher_is_better: true },
        { label: "Mean score", kind: "mean", field: "score", higher_is_better: null },
        { label: "Macro F1", kind: "classification", measure: "f1", average: "macro", gt: "label", pred: "pred", higher_is_better: true },
      ],
    },
  ],
};

module.exports = { qualityStandard };
