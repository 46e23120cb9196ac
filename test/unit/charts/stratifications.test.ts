// The order charts show test cases in: by stratification in order of first appearance.
import { groupedTestCases, stratificationsOf } from "../../../src/charts/stratifications";

const keys = [
  { stratification: "dataset", testCase: "all" },
  { stratification: "light", testCase: "day" },
  { stratification: "weather", testCase: "rain" },
  { stratification: "light", testCase: "night" },
  { stratification: "weather", testCase: "snow" },
];

test("stratifications come once each, in order of first appearance", () => {
  expect(stratificationsOf(keys)).toEqual(["dataset", "light", "weather"]);
  expect(stratificationsOf([])).toEqual([]);
});

test("test cases are grouped by stratification, or only one stratification's are kept", () => {
  expect(groupedTestCases(keys, null)).toEqual([0, 1, 3, 2, 4]);
  expect(groupedTestCases(keys, "weather")).toEqual([2, 4]);
  expect(groupedTestCases(keys, "none")).toEqual([]);
});
