// Which rows of a samples table are in a test case, read from the membership columns the platform
// adds (`test_case/<stratification>`, `test_case/test_cases/<name>`), and the table shown without them.
import { Bool, Float64, Int32, Int64, Table, Utf8, vectorFromArray } from "apache-arrow";
import { bucketName } from "../../../src/core";
import { membershipPrefix, testCaseRows, withoutMembership } from "../../../src/widgets/testCaseMembership";

const select = (stratification: string, testCase: string) => ({ stratification, testCase });
const rowsOf = (table: Table, stratification: string, testCase: string) => {
  const rows = testCaseRows(table, select(stratification, testCase));
  return rows instanceof Int32Array ? Array.from(rows) : rows;
};

// Five datapoints; ink bucketed at 10 and 20 as the platform names buckets.
const low = bucketName(null, 10);
const middle = bucketName(10, 20);
const high = bucketName(20, null);
const samples = new Table({
  id: vectorFromArray([1, 2, 3, 4, 5], new Int32()),
  "test_case/label": vectorFromArray([3, 7, 3, null, 10], new Int32()),
  "test_case/score": vectorFromArray([0.5, 1, 0.5, 2.25, 1], new Float64()),
  "test_case/count": vectorFromArray([1n, 2n, 2n, 1n, 3n], new Int64()),
  "test_case/flagged": vectorFromArray([true, false, null, true, false], new Bool()),
  "test_case/ink": vectorFromArray([low, middle, high, null, low], new Utf8()),
  "test_case/test_cases/hard": vectorFromArray([false, true, null, true, false], new Bool()),
  test_case_note: vectorFromArray(["a", "b", "c", "d", "e"], new Utf8()),
});

describe("testCaseRows", () => {
  test("a categorical column names each test case by String(value); nulls are `(missing)`", () => {
    expect(rowsOf(samples, "label", "3")).toEqual([0, 2]);
    expect(rowsOf(samples, "label", "10")).toEqual([4]);
    expect(rowsOf(samples, "label", "(missing)")).toEqual([3]);
    expect(rowsOf(samples, "score", "0.5")).toEqual([0, 2]);
    expect(rowsOf(samples, "score", "1")).toEqual([1, 4]);
    expect(rowsOf(samples, "score", "2.25")).toEqual([3]);
    // BIGINT arrives as bigint; its name is the same digits.
    expect(rowsOf(samples, "count", "2")).toEqual([1, 2]);
    expect(rowsOf(samples, "flagged", "true")).toEqual([0, 3]);
    expect(rowsOf(samples, "flagged", "false")).toEqual([1, 4]);
    expect(rowsOf(samples, "flagged", "(missing)")).toEqual([2]);
  });

  test("a bucket column holds the bucket's name", () => {
    expect(low).toBe("(-∞, 10)");
    expect(rowsOf(samples, "ink", low)).toEqual([0, 4]);
    expect(rowsOf(samples, "ink", middle)).toEqual([1]);
    expect(rowsOf(samples, "ink", "[20, ∞)")).toEqual([2]);
    expect(rowsOf(samples, "ink", "(missing)")).toEqual([3]);
  });

  test("an explicit test case is its boolean column: true rows only (false and null are outside)", () => {
    expect(rowsOf(samples, "test_cases", "hard")).toEqual([1, 3]);
  });

  test("the rows come as an Int32Array; a value no row has gives none", () => {
    expect(testCaseRows(samples, select("label", "3"))).toBeInstanceOf(Int32Array);
    expect(rowsOf(samples, "label", "4")).toEqual([]);
  });

  test("the whole dataset, or no selection, is every row: null", () => {
    expect(testCaseRows(samples, select("dataset", "all"))).toBeNull();
    expect(testCaseRows(samples, null)).toBeNull();
  });

  test("a stratification the table has no column for cannot be told: undefined", () => {
    expect(testCaseRows(samples, select("weather", "sunny"))).toBeUndefined();
    expect(testCaseRows(samples, select("test_cases", "easy"))).toBeUndefined();
    // Only `test_case/`-prefixed columns count: a dataset column of the same name is no membership.
    expect(testCaseRows(samples, select("id", "1"))).toBeUndefined();
  });
});

describe("withoutMembership", () => {
  test("drops every test_case/ column and keeps the others in order", () => {
    const shown = withoutMembership(samples);
    expect(shown.schema.fields.map((field) => field.name)).toEqual(["id", "test_case_note"]);
    expect(shown.numRows).toBe(5);
    expect(shown.getChild("test_case_note")!.toArray()).toEqual(["a", "b", "c", "d", "e"]);
    expect(membershipPrefix).toBe("test_case/");
  });

  test("a table without membership columns is returned as it is", () => {
    const plain = new Table({ id: vectorFromArray([1, 2], new Int32()) });
    expect(withoutMembership(plain)).toBe(plain);
  });
});
