// A slicing — one or two axes, optionally within a filter — as test cases: their names, each
// row's test case, and how they are saved to the quality standard. Names are the names they are
// saved under, so the bootstrap seeds (and so every figure) match `evaluate` after saving.
import { Predicate, QualityStandard, Stratification, TestCaseDefinition, wholeDatasetTestCase } from "../../core";
import { SliceAxis } from "./sliceAxes";

export interface SliceTestCase {
  name: string;
  predicate: Predicate;
}

export interface SlicePlan {
  /** The test cases' stratification: the new stratification's name, or "test_cases" for explicit ones. */
  stratification: string;
  testCases: SliceTestCase[];
  /** Row i's test case, −1 when the row is in none (filtered out). */
  sliceOf: Int32Array;
  /** What saving adds to the quality standard ("existing": nothing, the standard has these test cases). */
  save:
    | { kind: "stratification"; stratification: Stratification }
    | { kind: "test_cases"; testCases: TestCaseDefinition[] }
    | { kind: "existing"; stratification: Stratification };
}

/** The stratification name the platform gives explicit test cases. */
export const explicitStratification = "test_cases";

export interface SliceFilter {
  predicate: Predicate;
  /** How the filter reads in a test case's name: "blur < 0.2". */
  phrase: string;
  /** Rows where the filter is true. */
  mask: Uint8Array;
}

/**
 * One axis without a filter or an "other" level is a stratification of that field (named after
 * the field, or "field (2)" when the standard has one by that name). Anything else becomes
 * explicit test cases, one per combination of levels that holds a row, named by their phrases.
 */
export function planSlices(
  axes: SliceAxis[],
  filter: SliceFilter | null,
  standard: Pick<QualityStandard, "stratifications" | "test_cases">,
  rows: number,
): SlicePlan {
  if (axes.length === 0 || axes.length > 2) throw new Error("a slicing has one or two fields");
  const [first, second] = axes;
  if (axes.length === 1 && !filter && !first.hasOther) {
    // The standard's own stratification of this field, cut the same way: its name, and nothing to save.
    const same = standard.stratifications.find(
      (candidate) =>
        candidate.field === first.field && !candidate.quantiles && JSON.stringify(candidate.buckets ?? null) === JSON.stringify(first.edges ?? null),
    );
    if (same)
      return {
        stratification: same.name,
        testCases: first.levels.map((level) => ({ name: level.name, predicate: level.predicate })),
        sliceOf: first.codes,
        save: { kind: "existing", stratification: same },
      };
    const name = uniqueName(first.field, takenStratificationNames(standard));
    const stratification: Stratification = first.edges ? { name, field: first.field, buckets: first.edges } : { name, field: first.field };
    return {
      stratification: name,
      testCases: first.levels.map((level) => ({ name: level.name, predicate: level.predicate })),
      sliceOf: first.codes,
      save: { kind: "stratification", stratification },
    };
  }
  const secondLevels = second?.levels ?? [null];
  const width = secondLevels.length;
  // Each row's combination of levels; combinations without a row are left out (a 20 × 12 cross
  // has many), the rest numbered in level order.
  const combinationOf = new Int32Array(rows);
  const used = new Uint8Array(first.levels.length * width);
  for (let i = 0; i < rows; i++) {
    if (filter && filter.mask[i] === 0) combinationOf[i] = -1;
    else used[(combinationOf[i] = first.codes[i] * width + (second ? second.codes[i] : 0))] = 1;
  }
  const sliceOfCombination = new Int32Array(used.length).fill(-1);
  const taken = new Set(standard.test_cases.map((testCase) => testCase.name));
  const testCases: SliceTestCase[] = [];
  for (const [i, a] of first.levels.entries())
    for (const [j, b] of secondLevels.entries()) {
      if (!used[i * width + j]) continue;
      sliceOfCombination[i * width + j] = testCases.length;
      const phrases = [filter?.phrase, a.phrase, b?.phrase].filter((phrase): phrase is string => !!phrase);
      const predicates = [filter?.predicate, a.predicate, b?.predicate].filter((predicate): predicate is Predicate => !!predicate);
      const name = uniqueName(phrases.join(" and "), taken);
      taken.add(name);
      testCases.push({ name, predicate: predicates.length === 1 ? predicates[0] : { and: predicates } });
    }
  const sliceOf = combinationOf.map((combination) => (combination < 0 ? -1 : sliceOfCombination[combination]));
  return {
    stratification: explicitStratification,
    testCases,
    sliceOf,
    save: { kind: "test_cases", testCases: testCases.map((testCase) => ({ name: testCase.name, where: testCase.predicate })) },
  };
}

/** `name`, or "name (2)", "name (3)" … — the first that is not taken. */
export function uniqueName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name)) return name;
  let suffix = 2;
  while (taken.has(`${name} (${suffix})`)) suffix++;
  return `${name} (${suffix})`;
}

/** Names a new stratification may not take: the standard's, and the whole dataset's and explicit test cases' groups. */
export function takenStratificationNames(standard: Pick<QualityStandard, "stratifications">): Set<string> {
  return new Set([wholeDatasetTestCase.stratification, explicitStratification, ...standard.stratifications.map((stratification) => stratification.name)]);
}

/** The quality standard with the plan's test cases added (a copy; the input is not changed). */
export function withSavedSlices(standard: QualityStandard, save: SlicePlan["save"]): QualityStandard {
  if (save.kind === "existing") return standard;
  return save.kind === "stratification"
    ? { ...standard, stratifications: [...standard.stratifications, save.stratification] }
    : { ...standard, test_cases: [...standard.test_cases, ...save.testCases] };
}
