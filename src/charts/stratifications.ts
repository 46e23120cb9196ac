// The order charts show test cases in: grouped by stratification, the stratifications in order
// of first appearance, the test cases of each in table order.
import type { TestCaseKey } from "./evaluationData";

/** Distinct stratifications in order of first appearance. */
export function stratificationsOf(testCases: readonly TestCaseKey[]): string[] {
  return [...new Set(testCases.map((key) => key.stratification))];
}

/** Indices of the test cases grouped by stratification; only one stratification's when `only` is given. */
export function groupedTestCases(testCases: readonly TestCaseKey[], only: string | null): number[] {
  const indices: number[] = [];
  for (const stratification of stratificationsOf(testCases)) {
    if (only !== null && stratification !== only) continue;
    testCases.forEach((key, index) => {
      if (key.stratification === stratification) indices.push(index);
    });
  }
  return indices;
}
