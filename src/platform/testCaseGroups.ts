// How a quality standard's stratifications and explicit test cases map datapoints to test cases,
// as SQL keys over the dataset's columns. Planned without data; only quantile buckets need a
// query (their edges), which `testCaseGroups` runs on an engine.
import { QualityStandard, SlicewiseError, bucketName, isStoredIdsReference, predicateFields, testCasePredicate } from "../core";
import { FieldKind } from "../metrics";
import { Dialect, duckdbDialect } from "./engines/dialect";
import { Engine } from "./engines/engine";
import { FieldResolver } from "./fieldResolver";
import { quoteIdentifier } from "./store/database";
import { StoredIdSet, idSetSql } from "./store/testCaseIds";
import { bucketKeySql, predicateSql } from "./sql";

/** How one stratification or explicit test case maps datapoints to test cases. */
export type TestCaseGroup = { stratification: string; keySql: string } &
  /** One test case per value of the key, named by the value. */
  (
    | { kind: "categorical"; fieldKind: FieldKind }
    /** The key is a bucket index; `names[i]` names bucket i. */
    | { kind: "buckets"; names: string[] }
    /** The key is the test case's predicate: one test case, where it is true. */
    | { kind: "explicit"; name: string }
  );

/** The groups' plan: the quantile statements it needs answered, then the groups from their answers. */
export interface TestCasePlan {
  /** One statement per stratification by quantiles (its index among the stratifications); its row's `edges` are the quantiles. */
  quantiles: { stratification: number; sql: string }[];
  /** The groups, given each quantile statement's answer as quantileEdges reads it. */
  groups: (edges: ReadonlyMap<number, number[]>) => TestCaseGroup[];
}

/**
 * Checks every field the standard's test cases read (in the standard's order) and plans their
 * groups; `idFields` are the dataset's, which a test case of chosen ids is a set of values of, and
 * `idSets` the stored sets of the standard's version by test case (those with ids: null).
 */
export function planTestCases(
  standard: QualityStandard,
  resolver: FieldResolver,
  datasetTable: string,
  idFields: readonly string[],
  idSets: ReadonlyMap<string, StoredIdSet> = new Map(),
  dialect: Dialect = duckdbDialect,
): TestCasePlan {
  const quantiles: TestCasePlan["quantiles"] = [];
  const groupOf: ((edges: ReadonlyMap<number, number[]>) => TestCaseGroup)[] = [];
  standard.stratifications.forEach((stratification, index) => {
    const where = `stratification "${stratification.name}"`;
    const field = resolver.datasetSql(stratification.field, where);
    if (stratification.buckets || stratification.quantiles) {
      if (resolver.datasetKind(stratification.field) !== "numeric")
        throw new SlicewiseError("invalid_quality_standard", `${where} puts field "${stratification.field}" into numeric buckets, but it is not numeric`);
      if (!stratification.buckets)
        quantiles.push({ stratification: index, sql: quantileEdgesSql(dialect, datasetTable, stratification.field, stratification.quantiles!) });
      groupOf.push((edges) => {
        const bounds = stratification.buckets ?? edges.get(index) ?? [];
        return {
          stratification: stratification.name,
          keySql: bucketKeySql(field, bounds),
          kind: "buckets",
          names: [null, ...bounds].map((low, bucket) => bucketName(low, bucket < bounds.length ? bounds[bucket] : null)),
        };
      });
    } else {
      const group: TestCaseGroup = {
        stratification: stratification.name,
        keySql: field,
        kind: "categorical",
        fieldKind: resolver.datasetKind(stratification.field)!,
      };
      groupOf.push(() => group);
    }
  });
  for (const testCase of standard.test_cases) {
    const set = isStoredIdsReference(testCase) ? idSets.get(testCase.name) : undefined;
    if (set) {
      const column = (field: string) => resolver.datasetSql(field, `test case "${testCase.name}"`);
      const group: TestCaseGroup = { stratification: "test_cases", keySql: idSetSql(set, idFields, column), kind: "explicit", name: testCase.name };
      groupOf.push(() => group);
      continue;
    }
    const where = testCasePredicate(testCase, idFields);
    predicateFields(where).forEach((field) => resolver.datasetSql(field, `test case "${testCase.name}"`));
    const group: TestCaseGroup = {
      stratification: "test_cases",
      keySql: predicateSql(where, (field) => resolver.datasetSql(field, `test case "${testCase.name}"`), dialect.literal),
      kind: "explicit",
      name: testCase.name,
    };
    groupOf.push(() => group);
  }
  return { quantiles, groups: (edges) => groupOf.map((group) => group(edges)) };
}

/** Plans the groups and answers their quantile statements on `engine`. */
export async function testCaseGroups(
  engine: Engine,
  standard: QualityStandard,
  resolver: FieldResolver,
  datasetTable: string,
  idFields: readonly string[],
  idSets: ReadonlyMap<string, StoredIdSet> = new Map(),
): Promise<TestCaseGroup[]> {
  const plan = planTestCases(standard, resolver, datasetTable, idFields, idSets, engine.dialect);
  const edges = new Map<number, number[]>();
  for (const { stratification, sql } of plan.quantiles) edges.set(stratification, quantileEdges(await engine.readRows(sql)));
  return plan.groups(edges);
}

/** Edges of q equal-height buckets: the dataset's (continuous) quantiles at 1/q … (q−1)/q. */
function quantileEdgesSql(dialect: Dialect, datasetTable: string, field: string, quantiles: number): string {
  const points = Array.from({ length: quantiles - 1 }, (_, i) => (i + 1) / quantiles);
  return `SELECT ${dialect.quantiles(`${quoteIdentifier(field)}::DOUBLE`, points)} AS edges FROM ${quoteIdentifier(datasetTable)}`;
}

/** The edges a quantile statement answered, ties merged. */
export function quantileEdges(rows: Record<string, unknown>[]): number[] {
  const edges = (rows[0].edges as number[] | null) ?? [];
  return edges.filter((edge, index) => index === 0 || edge > edges[index - 1]);
}
