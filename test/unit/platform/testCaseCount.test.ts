import { SlicewiseError } from "../../../src/core";
import { duckdbDialect } from "../../../src/platform/engines/dialect";
import { Engine } from "../../../src/platform/engines/engine";
import { keyValueCounts, refuseTooManyTestCases } from "../../../src/platform/testCaseCount";
import { TestCaseGroup } from "../../../src/platform/testCaseGroups";
import { limits } from "../../../src/platform/schemas/limits";

const groups: TestCaseGroup[] = [
  { stratification: "size", keySql: "k_size", kind: "buckets", names: ["small", "large"] },
  { stratification: "digit", keySql: 'd."digit"', kind: "categorical", fieldKind: "numeric" },
];

/** An engine that only estimates: every expression takes 9 values. */
function estimatingEngine(asked: string[][]): Engine {
  return {
    dialect: duckdbDialect,
    readRows: async () => [],
    readColumns: async () => () => [],
    estimateDistinct: async (_table, expressions) => {
      asked.push(expressions);
      return expressions.map(() => 9);
    },
  };
}

test("buckets count their own values; a field's are estimated by the engine; each adds its missing value", async () => {
  const asked: string[][] = [];
  expect(await keyValueCounts(estimatingEngine(asked), "t_1", groups)).toEqual([3, 10]);
  expect(asked).toEqual([['d."digit"']]);
});

test("too many test cases are refused, naming the stratification with the most values", () => {
  expect(() => refuseTooManyTestCases(groups, [3, 10])).not.toThrow();
  const many = limits.evaluatedTestCases;
  expect(() => refuseTooManyTestCases(groups, [3, many])).toThrow(SlicewiseError);
  expect(() => refuseTooManyTestCases(groups, [3, many])).toThrow(/stratification "digit" alone has about/);
});
