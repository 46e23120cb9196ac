// The platform's predicates in DuckDB are two-valued, as the browser's: the ten-row table with
// nulls of test/unit/metrics/predicateMask.test.ts, each predicate a test case, and the same
// hand-counted rows — as n of a count metric in `evaluate`, and as the ids `samples` returns.
import { Bool, Float64, Int32, Table, Utf8, vectorFromArray } from "apache-arrow";
import { Platform } from "../../src/platform";
import { nullPredicateCases, nullTable } from "../helpers/nullPredicateTable";
import { makeTemporaryDirectory, removeTemporaryDirectory } from "../helpers/temporaryDirectory";

let directory: string;
let platform: Platform;

beforeAll(async () => {
  directory = makeTemporaryDirectory("slicewise-predicates-");
  platform = await Platform.open({ data: directory });
  const dataset = new Table({
    id: vectorFromArray(nullTable.id, new Int32()),
    x: vectorFromArray(nullTable.x, new Float64()),
    region: vectorFromArray(nullTable.region, new Utf8()),
    flag: vectorFromArray(nullTable.flag, new Bool()),
  });
  await platform.uploadDataset("nulls", { format: "table", table: dataset });
  await platform.uploadResults("nulls", "model", { format: "table", table: new Table({ id: vectorFromArray(nullTable.id, new Int32()) }) });
  await platform.setQualityStandard("nulls", {
    test_cases: nullPredicateCases.map(({ name, where }) => ({ name, where })),
    metric_groups: [{ name: "size", metrics: [{ label: "Datapoints", kind: "count" }] }],
  });
});

afterAll(() => {
  platform?.close();
  removeTemporaryDirectory(directory);
});

test("every test case's n is its hand-counted number of rows", async () => {
  const { rows } = await platform.evaluate("nulls", { models: ["model"] });
  const counted = Object.fromEntries(rows.filter((row) => row.stratification === "test_cases").map((row) => [row.test_case, row.n]));
  expect(counted).toEqual(Object.fromEntries(nullPredicateCases.map((testCase) => [testCase.name, testCase.ids.length])));
  // The figures, in small: ne 2 and not eq 2 both keep the nulls.
  expect([counted["x ne 2"], counted["not x eq 2"], counted["not region in east, null"]]).toEqual([7, 7, 4]);
});

test.each(nullPredicateCases.map((testCase) => [testCase.name, testCase]))("samples where %s", async (_, testCase) => {
  const table = await platform.samples("nulls", { where: testCase.where, order_by: "id" });
  expect(Array.from(table.getChild("id")!.toArray(), Number)).toEqual(testCase.ids);
});
