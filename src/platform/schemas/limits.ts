// What one request may ask of the server: each limit has a wire name, said in the coded
// `limit_exceeded` error (422) that refuses a request beyond it.
export const limits = {
  /** Nesting of any JSON body: deeper is refused before the schema walks it (its check recurses). */
  jsonDepth: 100,
  /** Nesting of a predicate: and/or/not around comparisons. */
  predicateDepth: 32,
  /** Explicit test cases in one quality standard. */
  testCases: 10_000,
  /** Stratifications in one quality standard. */
  stratifications: 100,
  /** Metrics in one quality standard, over all its groups. */
  metrics: 200,
  /** Test cases one evaluation computes: explicit ones and every stratification's values. */
  evaluatedTestCases: 20_000,
  /** Bootstrap resamples of one evaluation: 1,000 give p-values to about ±0.007 at 0.05; 10,000 to ±0.002. */
  resamples: 10_000,
  /** Rows one samples request returns. */
  sampleRows: 1_000_000,
} as const;

export type LimitName = keyof typeof limits;

const wireNames: Record<LimitName, string> = {
  jsonDepth: "json_depth",
  predicateDepth: "predicate_depth",
  testCases: "test_cases",
  stratifications: "stratifications",
  metrics: "metrics",
  evaluatedTestCases: "evaluated_test_cases",
  resamples: "resamples",
  sampleRows: "sample_rows",
};

/** The sentence that ends a limit's error message; parseWith tells a limit from other problems by it. */
export function limitClause(name: LimitName): string {
  return `(the server's limit ${wireNames[name]})`;
}

export const limitClausePattern = /\(the server's limit [a-z_]+\)$/;
