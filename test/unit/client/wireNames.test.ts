// wireNames: the client API's camelCase names to the wire's snake_case and back, and the old
// snake_case spellings that keep working with a one-time deprecation warning.
type WireNames = typeof import("../../../src/client/wireNames");

/** A fresh copy of the module, so each test sees its own first warnings. */
function freshWireNames(): WireNames {
  let module: WireNames | undefined;
  jest.isolateModules(() => {
    module = require("../../../src/client/wireNames");
  });
  return module!;
}

/** The error's code (the fresh module has its own SlicewiseError class, so instanceof cannot tell). */
function failureCode(call: () => unknown): string | undefined {
  try {
    call();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

let warnings: string[];
beforeEach(() => {
  warnings = [];
  jest.spyOn(process, "emitWarning").mockImplementation((warning: string | Error) => {
    warnings.push(String(warning));
  });
});
afterEach(() => jest.restoreAllMocks());

test("camelCase turns each _x into X", () => {
  const { camelCase } = freshWireNames();
  expect(["id_fields", "test_case_columns", "min_n", "quality_standard_version", "models", "q_value_2x"].map(camelCase)).toEqual([
    "idFields",
    "testCaseColumns",
    "minN",
    "qualityStandardVersion",
    "models",
    "qValue2x",
  ]);
});

describe("results from the wire", () => {
  test("every key is camelCase, and JSON shows each field once", () => {
    const { uploadSummaryFromWire } = freshWireNames();
    const summary = uploadSummaryFromWire({ dataset: "pets", commit: 1, rows: 10, id_fields: ["id"] });
    expect(summary).toEqual({ dataset: "pets", commit: 1, rows: 10, idFields: ["id"] });
    expect(JSON.stringify(summary)).toBe('{"dataset":"pets","commit":1,"rows":10,"idFields":["id"]}');
    expect({ ...summary }).toEqual({ dataset: "pets", commit: 1, rows: 10, idFields: ["id"] });
    expect(warnings).toEqual([]);
  });

  test("an old spelling is still readable, warns once, and follows the new field", () => {
    const { uploadSummaryFromWire } = freshWireNames();
    const summary = uploadSummaryFromWire({ dataset: "pets", commit: 1, rows: 10, id_fields: ["id"] });
    expect(summary.id_fields).toEqual(["id"]);
    summary.idFields = ["id", "frame"];
    expect(summary.id_fields).toEqual(["id", "frame"]);
    expect(Object.keys(summary)).not.toContain("id_fields");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('"id_fields" is the old spelling of "idFields"');
  });

  test("a dataset description's commits and models are converted too", () => {
    const { datasetDescriptionFromWire } = freshWireNames();
    const description = datasetDescriptionFromWire({
      name: "pets",
      id_fields: ["id"],
      commit: 2,
      rows: 11,
      created_at: "2026-01-02",
      columns: [{ name: "id", type: "INTEGER" }],
      commits: [
        { commit: 1, rows: 10, created_at: "2026-01-01" },
        { commit: 2, rows: 11, created_at: "2026-01-02" },
      ],
      models: [{ model: "base", rows: 10, updated_at: "2026-01-03" }],
      quality_standard_version: null,
    });
    expect(Object.keys(description)).toEqual(["name", "idFields", "commit", "rows", "createdAt", "columns", "commits", "models", "qualityStandardVersion"]);
    expect([description.idFields, description.createdAt, description.qualityStandardVersion, description.columns]).toEqual([
      ["id"],
      "2026-01-02",
      null,
      [{ name: "id", type: "INTEGER" }],
    ]);
    expect(description.commits).toEqual([
      { commit: 1, rows: 10, createdAt: "2026-01-01" },
      { commit: 2, rows: 11, createdAt: "2026-01-02" },
    ]);
    expect(description.models).toEqual([{ model: "base", rows: 10, updatedAt: "2026-01-03" }]);
    expect([description.quality_standard_version, description.commits[1].created_at, description.models[0].updated_at]).toEqual([
      null,
      "2026-01-02",
      "2026-01-03",
    ]);
  });

  test("a run's minimum n keeps its metric groups' and metrics' names as they are", () => {
    const { runSummaryFromWire } = freshWireNames();
    const run = runSummaryFromWire({
      dataset: "pets",
      dataset_commit: 1,
      quality_standard_version: 2,
      models: ["base", "cand"],
      reference: "base",
      confidence: 0.95,
      datapoints: 8,
      excluded_datapoints: 2,
      run_id: 3,
      min_n: { per_class: { macro_f1: 2 } },
      label: null,
      created_at: "2026-01-04",
    });
    expect(run).toEqual({
      dataset: "pets",
      datasetCommit: 1,
      qualityStandardVersion: 2,
      models: ["base", "cand"],
      reference: "base",
      confidence: 0.95,
      datapoints: 8,
      excludedDatapoints: 2,
      runId: 3,
      minN: { per_class: { macro_f1: 2 } },
      label: null,
      createdAt: "2026-01-04",
    });
    expect(run.run_id).toBe(3);
  });
});

describe("options to the wire", () => {
  test("evaluate: minN is sent as min_n", () => {
    const { evaluateOptionsToWire } = freshWireNames();
    expect(evaluateOptionsToWire({ models: ["base", "cand"], reference: "base", minN: 30 })).toEqual({
      models: ["base", "cand"],
      reference: "base",
      min_n: 30,
    });
    expect(warnings).toEqual([]);
  });

  test("evaluate: the old min_n is still taken, with one warning", () => {
    const { evaluateOptionsToWire } = freshWireNames();
    expect(evaluateOptionsToWire({ models: ["base"], min_n: 30 })).toEqual({ models: ["base"], min_n: 30 });
    expect(evaluateOptionsToWire({ models: ["base"], min_n: 5 })).toEqual({ models: ["base"], min_n: 5 });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('"min_n" is the old spelling of "minN"');
  });

  test("both spellings of one option at once are refused, naming both", () => {
    const { evaluateOptionsToWire, samplesOptionsToWire } = freshWireNames();
    const both = () => evaluateOptionsToWire({ models: ["base"], minN: 30, min_n: 5 });
    expect(both).toThrow("evaluate was given both minN and min_n; give only minN (min_n is its old spelling)");
    expect(failureCode(both)).toBe("bad_request");
    expect(() => samplesOptionsToWire({ orderBy: "score", order_by: "id" })).toThrow("samples was given both orderBy and order_by");
  });

  test("samples: testCase, orderBy and testCaseColumns are sent in snake_case; other options as given", () => {
    const { samplesOptionsToWire } = freshWireNames();
    const where = { field: "score", op: "lt" as const, value: 50 };
    expect(
      samplesOptionsToWire({ models: ["base"], testCase: "group/a", where, orderBy: ["group", "score desc"], limit: 5, offset: 1, testCaseColumns: true }),
    ).toEqual({
      models: ["base"],
      test_case: "group/a",
      where,
      order_by: ["group", "score desc"],
      limit: 5,
      offset: 1,
      test_case_columns: true,
    });
    expect(samplesOptionsToWire({ testCase: { stratification: "size", testCase: "a/b" } })).toEqual({
      test_case: { stratification: "size", test_case: "a/b" },
    });
    expect(samplesOptionsToWire({})).toEqual({});
    expect(warnings).toEqual([]);
  });

  test("samples: the old spellings are still taken, each warned about once", () => {
    const { samplesOptionsToWire } = freshWireNames();
    expect(samplesOptionsToWire({ test_case: "group/a", order_by: "score desc", test_case_columns: true })).toEqual({
      test_case: "group/a",
      order_by: "score desc",
      test_case_columns: true,
    });
    expect(samplesOptionsToWire({ testCase: { stratification: "size", test_case: "a/b" } })).toEqual({
      test_case: { stratification: "size", test_case: "a/b" },
    });
    expect(samplesOptionsToWire({ test_case: "group/b" })).toEqual({ test_case: "group/b" });
    expect(warnings.map((warning) => warning.match(/"(\w+)" is the old spelling/)?.[1])).toEqual(["test_case", "order_by", "test_case_columns"]);
  });
});
