// The statistics of a test case without a datapoint (or without a value for the metric): n = 0,
// which src/metrics summarizes as no value.
import { CellStatistics, MetricPlan, Moments, SufficientStatistics } from "../../metrics";

export function emptyCells(plan: MetricPlan, paired: boolean): CellStatistics {
  return { shape: "cells", n: 0, width: plan.outcomes.length, values: [], counts: [], paired };
}

const noMoments: Moments = { n: 0, sum: 0, shiftedSum: 0, shiftedSumOfSquares: 0 };

export function emptyStatistics(plan: MetricPlan, paired: boolean): SufficientStatistics {
  switch (plan.shape) {
    case "count":
      return { shape: "count", n: 0 };
    case "binary":
      return { shape: "binary", n: 0, successes: 0, paired: paired ? { n: 0, modelOnly: 0, referenceOnly: 0 } : undefined };
    case "moments":
      return { shape: "moments", ...noMoments, paired: paired ? noMoments : undefined };
    case "cells":
      return emptyCells(plan, paired);
    case "detection":
      return { shape: "detection", n: 0 };
  }
}
