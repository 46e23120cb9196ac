// How many test cases an evaluation would compute: each stratification's number of values (an
// estimate is enough), and the server's limit on the total, checked before the work starts.
import { SlicewiseError } from "../core";
import { Engine } from "./engines/engine";
import { limitClause, limits } from "./schemas/limits";
import { TestCaseGroup } from "./testCaseGroups";

/**
 * How many values each stratification's key can take, missing included. Buckets say so
 * themselves; a field's distinct values are estimated by the engine over the dataset table.
 */
export async function keyValueCounts(engine: Engine, datasetTable: string, groups: TestCaseGroup[]): Promise<number[]> {
  const counts = groups.map((group) => (group.kind === "buckets" ? group.names.length + 1 : NaN));
  const unknown = groups.flatMap((_, j) => (Number.isNaN(counts[j]) ? [j] : []));
  const estimates = await engine.estimateDistinct(
    datasetTable,
    unknown.map((j) => groups[j].keySql),
  );
  unknown.forEach((j, index) => (counts[j] = estimates[index] + 1));
  return counts;
}

/**
 * A stratification by a field of many values (an id, a float) would make a test case of each:
 * refused before the work starts, naming the stratification, when the evaluation would compute
 * more test cases than the server's limit (counted from the estimates of distinct values).
 */
export function refuseTooManyTestCases(groups: TestCaseGroup[], counts: number[]): void {
  const stratified = groups.filter((group) => group.kind !== "explicit");
  const total = 1 + (groups.length - stratified.length) + counts.reduce((sum, count) => sum + count, 0);
  if (total <= limits.evaluatedTestCases) return;
  const largest = counts.indexOf(Math.max(...counts));
  throw new SlicewiseError(
    "limit_exceeded",
    `this evaluation would compute about ${total.toLocaleString("en-US")} test cases — stratification "${stratified[largest].stratification}" alone has about ${counts[largest].toLocaleString("en-US")} values — more than ${limits.evaluatedTestCases.toLocaleString("en-US")} ${limitClause("evaluatedTestCases")}; give a numeric field buckets or quantiles, or stratify by a field with fewer values`,
  );
}
