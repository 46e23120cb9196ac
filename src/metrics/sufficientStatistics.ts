// The sufficient statistics one (test case, model, metric) is summarised from — gathered by
// SQL on the platform and by typed-array loops in the browser, in exactly these shapes.
import { Scalar } from "../core";
import type { Moments } from "./meanInterval";

export interface CountStatistics {
  shape: "count";
  n: number;
}

/** A 0/1 outcome: successes among n non-null values; `paired` counts discordant pairs with the reference. */
export interface BinaryStatistics {
  shape: "binary";
  n: number;
  successes: number;
  paired?: { n: number; modelOnly: number; referenceOnly: number };
}

/** A numeric outcome: n, Σx and the shifted sums of its non-null values; `paired` holds the same of model − reference. */
export interface MomentStatistics extends Moments {
  shape: "moments";
  paired?: Moments;
}

/**
 * The compressed table of distinct outcome tuples: `values[c]` is cell c's tuple (the model's
 * outcomes, then — when paired — the reference's), `counts[c]` how many datapoints share it.
 */
export interface CellStatistics {
  shape: "cells";
  n: number;
  width: number;
  values: Scalar[][];
  counts: number[];
  paired: boolean;
  /**
   * The reader put the cells in canonical order already (inCanonicalOrder's: tuple by tuple, nulls
   * first, then booleans, numbers, strings); summarizeMetric then takes them as they are, unchecked.
   */
  canonical?: boolean;
}

/**
 * A detection metric's test case: how many images it has. The boxes and their matches are
 * gathered apart (src/metrics/detection) and summarized by the platform, image by image.
 */
export interface DetectionStatistics {
  shape: "detection";
  n: number;
}

export type SufficientStatistics = CountStatistics | BinaryStatistics | MomentStatistics | CellStatistics | DetectionStatistics;
