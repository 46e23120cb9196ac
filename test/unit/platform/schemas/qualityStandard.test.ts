// The quality standard's validation: what is accepted, the defaults filled in, and errors that say what to fix.
import { SlicewiseError, bucketName } from "../../../../src/core";
import { parseQualityStandard } from "../../../../src/platform/schemas/qualityStandard";

const example = {
  stratifications: [
    { name: "parity", field: "parity" },
    { name: "ink", field: "ink", buckets: [250, 300, 350] },
    { name: "size", field: "area", quantiles: 4 },
  ],
  test_cases: [
    {
      name: "sharp front",
      where: {
        and: [
          { field: "view", op: "eq", value: "front" },
          { field: "blur", op: "lt", value: 0.2 },
        ],
      },
    },
  ],
  metric_groups: [
    {
      name: "quality",
      metrics: [
        { label: "Accuracy", kind: "mean", field: "correct", higher_is_better: true },
        { label: "Macro F1", kind: "classification", measure: "f1", average: "macro", gt: "label", pred: "pred", higher_is_better: true },
      ],
    },
  ],
};

function errorOf(value: unknown): SlicewiseError {
  try {
    parseQualityStandard(value);
  } catch (error) {
    return error as SlicewiseError;
  }
  throw new Error("expected the quality standard to be refused");
}

test("the issue's example is accepted as written", () => {
  const standard = parseQualityStandard(example);
  expect(standard.stratifications).toEqual(example.stratifications);
  expect(standard.test_cases).toEqual(example.test_cases);
  expect(standard.metric_groups[0].metrics[1]).toMatchObject({ kind: "classification", average: "macro", gt: "label", pred: "pred" });
});

test("a metric without a direction gets higher_is_better null; classification defaults to macro", () => {
  const standard = parseQualityStandard({
    metric_groups: [
      {
        name: "g",
        metrics: [
          { label: "n", kind: "count" },
          { label: "f", kind: "classification", measure: "f1", gt: "a", pred: "b" },
        ],
      },
    ],
  });
  expect(standard.metric_groups[0].metrics[0].higher_is_better).toBeNull();
  expect(standard.metric_groups[0].metrics[1]).toMatchObject({ average: "macro" });
  expect(standard.stratifications).toEqual([]);
});

test.each([
  [{ stratifications: [{ name: "x", field: "x", buckets: [3, 2] }] }, "stratifications[0].buckets: must be strictly ascending (3 is followed by 2)"],
  [{ stratifications: [{ name: "x", field: "x", buckets: [1], quantiles: 4 }] }, "give either buckets or quantiles"],
  [{ stratifications: [{ name: "dataset", field: "x" }] }, '"dataset" is reserved'],
  [{ test_cases: [{ name: "t", where: { field: "x", op: "like", value: 1 } }] }, "test_cases[0].where.op: must be one of eq, ne, lt, le, gt, ge, in, between"],
  [{ test_cases: [{ name: "t", where: { field: "x", op: "between", value: [1] } }] }, 'must be [low, high] for "between"'],
  [{ metric_groups: [{ name: "g", metrics: [{ label: "a", kind: "mode", field: "x" }] }] }, 'unknown metric kind "mode"'],
  [
    {
      metric_groups: [
        {
          name: "g",
          metrics: [
            { label: "a", kind: "mean", field: "x" },
            { label: "a", kind: "count" },
          ],
        },
      ],
    },
    'the name "a" is used twice',
  ],
  [{ metric_groups: [{ name: "g", metrics: [{ label: "r", kind: "rate", field: "x" }] }] }, "metric_groups[0].metrics[0].value: is required"],
  ["not an object", "must be a JSON object"],
])("refuses %j", (value, message) => {
  const error = errorOf(value);
  expect(error.code).toBe("invalid_quality_standard");
  expect(error.message).toContain(message);
});

test("bucket names read as half-open intervals", () => {
  expect(bucketName(null, 250)).toBe("(-∞, 250)");
  expect(bucketName(250, 300)).toBe("[250, 300)");
  expect(bucketName(350, null)).toBe("[350, ∞)");
  expect(bucketName(0.1 + 0.2, 1 / 3)).toBe("[0.3, 0.333333)");
});

test("min_n: a positive whole number, kept as given; anything else is refused with a code", () => {
  expect(parseQualityStandard({ ...example, min_n: 5 }).min_n).toBe(5);
  expect(parseQualityStandard(example).min_n).toBeUndefined();
  for (const bad of [0, -1, 2.5, "3", null]) {
    const error = errorOf({ ...example, min_n: bad });
    expect(error.code).toBe("invalid_quality_standard");
    expect(error.status).toBe(422);
    expect(error.message).toBe(`min_n: must be a positive whole number of datapoints, e.g. 2 (or 30 for a stricter standard); got ${JSON.stringify(bad)}`);
  }
});
