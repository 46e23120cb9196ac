// The browser's predicates are two-valued, by the rule the platform's SQL follows: each operator
// on a ten-row table with nulls, against rows counted by hand (the same table and counts as
// test/integration/predicateSql.test.ts).
import { Bool, Float64, Utf8, vectorFromArray } from "apache-arrow";
import { Predicate } from "../../../src/core";
import { equalsOutcome, predicateMask, readCategorical, readNumeric } from "../../../src/metrics";
import { nullPredicateCases, nullTable } from "../../helpers/nullPredicateTable";

const columns = {
  x: readNumeric(vectorFromArray(nullTable.x, new Float64())),
  region: readCategorical(vectorFromArray(nullTable.region, new Utf8())),
  flag: readCategorical(vectorFromArray(nullTable.flag, new Bool())),
};
const rows = nullTable.id.length;
const lookup = (field: string) => columns[field as keyof typeof columns];
const matchedIds = (predicate: Predicate) => nullTable.id.filter((_, row) => predicateMask(predicate, lookup, rows)[row] === 1);

test.each(nullPredicateCases.map((testCase) => [testCase.name, testCase]))("%s", (_, testCase) => {
  expect(matchedIds(testCase.where)).toEqual(testCase.ids);
});

test("ne 2 and not eq 2 agree (7 rows each, the 3 nulls among them); not is the complement of every leaf", () => {
  expect(matchedIds({ field: "x", op: "ne", value: 2 })).toHaveLength(7);
  expect(matchedIds({ not: { field: "x", op: "eq", value: 2 } })).toHaveLength(7);
  for (const { where } of nullPredicateCases) {
    const inside = matchedIds(where);
    const outside = matchedIds({ not: where });
    expect([...inside, ...outside].sort((a, b) => a - b)).toEqual(nullTable.id);
  }
});

test("an order comparison with null, or with a value of another type, matches no row", () => {
  expect(matchedIds({ field: "x", op: "lt", value: null })).toEqual([]);
  expect(matchedIds({ field: "x", op: "eq", value: "2" })).toEqual([]);
  expect(matchedIds({ field: "region", op: "gt", value: 1 })).toEqual([]);
});

test("a rate's outcome keeps SQL's null: 1 equal, 0 different, −1 where the field is null", () => {
  expect(Array.from(equalsOutcome(columns.x, 2, rows))).toEqual([0, 1, 1, 0, 0, -1, -1, 0, 1, -1]);
  expect(Array.from(equalsOutcome(columns.region, "east", rows))).toEqual([1, 1, 0, -1, 0, 1, -1, 0, -1, 0]);
  // A rate of null is `IS NULL`: never null itself.
  expect(Array.from(equalsOutcome(columns.flag, null, rows))).toEqual([0, 0, 1, 0, 0, 0, 1, 0, 0, 1]);
});
