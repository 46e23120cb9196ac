// The Workspace contract: the embedded workspace and the HTTP workspace (a real API server in this
// process) answer the same calls with the same values and the same error codes, on real DuckDB
// files. One suite body runs against both modes; a last test compares their evaluation tables.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { Bool, Null, Table, Utf8, makeData, makeVector, tableToIPC, vectorFromArray } from "apache-arrow";
import { EmbeddedWorkspace, HttpWorkspace, Workspace } from "../../src/client";
import { EvaluationRow, SlicewiseError, evaluationInfo, evaluationRowsFromTable } from "../../src/core";
import { Platform } from "../../src/platform";
import { startApiServer } from "../helpers/apiServer";
import { makeTemporaryDirectory, removeTemporaryDirectory } from "../helpers/temporaryDirectory";

// ─── the hand-made data ──────────────────────────────────────────────────────────────────────
// Ten datapoints. `group` first appears as c, a, b, so ascending order is a visible choice.
//   id     1    2    3    4    5    6    7    8    9   10
//   group  c    a    b    a    c    b    a    c    b    a
//   score 10   20   30   40   50   60   70   80   90  100
//   base   ✓    ✓    ✗    ✓    ✗    ✓    ✓    ✗    ✓    ✓   → 7/10
//   cand   ✓    ✓    ✓    ✓    ✓    ✓    ✗    ✓    ✓    ✓   → 9/10
const ids = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const labels = ["cat", "dog", "cat", "dog", "cat", "dog", "cat", "dog", "cat", "dog"];
const groups = ["c", "a", "b", "a", "c", "b", "a", "c", "b", "a"];
const scores = ids.map((id) => id * 10);
const reviewed = ids.map((id) => id % 2 === 0);
const correctOf: Record<string, boolean[]> = {
  base: [true, true, false, true, false, true, true, false, true, true],
  cand: [true, true, true, true, true, true, false, true, true, true],
};
const other = (label: string) => (label === "cat" ? "dog" : "cat");

const datasetColumns = ["id", "label", "group", "score", "reviewed"];
const datasetColumnTypes = [
  { name: "id", type: "INTEGER" },
  { name: "label", type: "VARCHAR" },
  { name: "group", type: "VARCHAR" },
  { name: "score", type: "DOUBLE" },
  { name: "reviewed", type: "BOOLEAN" },
];

function datasetTable(): Table {
  return new Table({
    id: makeVector(Int32Array.from(ids)),
    label: vectorFromArray(labels, new Utf8()),
    group: vectorFromArray(groups, new Utf8()),
    score: makeVector(Float64Array.from(scores)),
    reviewed: vectorFromArray(reviewed, new Bool()),
  });
}

function datasetRows(): Record<string, unknown>[] {
  return ids.map((id, i) => ({ id, label: labels[i], group: groups[i], score: scores[i], reviewed: reviewed[i] }));
}

/** One row per datapoint in `only` (default all): the prediction, and whether it is right. */
function resultRows(model: string, only: number[] = ids, correct: boolean[] = correctOf[model]): Record<string, unknown>[] {
  return only.map((id) => {
    const i = id - 1;
    return { id, pred: correct[i] ? labels[i] : other(labels[i]), correct: correct[i] };
  });
}

const qualityStandard = {
  stratifications: [
    { name: "group", field: "group" },
    { name: "score", field: "score", buckets: [35, 70] },
  ],
  metric_groups: [{ name: "quality", metrics: [{ label: "Accuracy", kind: "mean", field: "correct", higher_is_better: true }] }],
};

const evaluationColumnNames = [
  "stratification",
  "test_case",
  "model",
  "metric_group",
  "metric",
  "n",
  "value",
  "ci_low",
  "ci_high",
  "delta",
  "p_value",
  "q_value",
  "verdict",
  "higher_is_better",
];

// ─── the two modes ───────────────────────────────────────────────────────────────────────────
interface OpenWorkspace {
  workspace: Workspace;
  close(): Promise<void>;
}

async function openEmbedded(data: string): Promise<OpenWorkspace> {
  const workspace = await EmbeddedWorkspace.open({ data });
  return { workspace, close: () => workspace.close() };
}

async function openHttp(data: string): Promise<OpenWorkspace> {
  const platform = await Platform.open({ data });
  try {
    const server = await startApiServer(platform, { token: "secret" });
    return {
      workspace: new HttpWorkspace(server.url, "secret"),
      close: async () => {
        await server.stop();
        platform.close();
      },
    };
  } catch (error) {
    platform.close();
    throw error;
  }
}

/** Runs `call` and returns the SlicewiseError it throws (failing the test if it succeeds or throws something else). */
async function failureOf(call: () => Promise<unknown>): Promise<SlicewiseError> {
  let result: unknown;
  try {
    result = await call();
  } catch (error) {
    if (!(error instanceof SlicewiseError))
      throw new Error(`expected a SlicewiseError, got ${error instanceof Error ? error.stack : String(error)}`, { cause: error });
    return error;
  }
  throw new Error(`expected a SlicewiseError, but the call succeeded with ${JSON.stringify(result)}`);
}

function column(table: Table, name: string): unknown[] {
  const vector = table.getChild(name);
  if (!vector) throw new Error(`no column "${name}"; the columns are ${table.schema.fields.map((f) => f.name).join(", ")}`);
  return Array.from({ length: vector.length }, (_, i) => {
    const value = vector.get(i);
    return typeof value === "bigint" ? Number(value) : value;
  });
}

/** Uploads the standard data, results of both models and the quality standard. */
async function uploadStandardData(workspace: Workspace, dataset = "pets"): Promise<void> {
  await workspace.uploadDataset(dataset, datasetTable(), { onProgress: false });
  await workspace.uploadResults(dataset, "base", resultRows("base"), { onProgress: false });
  await workspace.uploadResults(dataset, "cand", resultRows("cand"), { onProgress: false });
  await workspace.setQualityStandard(dataset, qualityStandard);
}

const modes: [string, (data: string) => Promise<OpenWorkspace>][] = [
  ["embedded", openEmbedded],
  ["http", openHttp],
];

describe.each(modes)("the %s workspace", (_mode, open) => {
  let directory: string;
  let opened: OpenWorkspace | undefined;
  let workspace: Workspace;
  const quiet = { onProgress: false } as const;

  beforeEach(async () => {
    directory = makeTemporaryDirectory("slicewise-contract-");
    opened = await open(join(directory, "store"));
    workspace = opened.workspace;
  });

  afterEach(async () => {
    await opened?.close();
    opened = undefined;
    removeTemporaryDirectory(directory);
  });

  describe("uploads", () => {
    test("an Arrow table: the summary, the columns with their types, and the rows", async () => {
      const summary = await workspace.uploadDataset("pets", datasetTable(), quiet);
      expect(summary).toEqual({ dataset: "pets", commit: 1, rows: 10, idFields: ["id"] });
      const description = await workspace.describeDataset("pets");
      expect(description.columns).toEqual(datasetColumnTypes);
      expect(description.rows).toBe(10);
      const rows = await workspace.samples("pets", { limit: 100 });
      expect(column(rows, "id")).toEqual(ids);
      expect(column(rows, "group")).toEqual(groups);
      expect(column(rows, "reviewed")).toEqual(reviewed);
    });

    test("an array of row objects", async () => {
      const summary = await workspace.uploadDataset("pets", datasetRows(), quiet);
      expect(summary).toEqual({ dataset: "pets", commit: 1, rows: 10, idFields: ["id"] });
      const description = await workspace.describeDataset("pets");
      expect(description.columns.map((c) => c.name)).toEqual(datasetColumns);
      expect(description.columns.find((c) => c.name === "label")?.type).toBe("VARCHAR");
      expect(description.columns.find((c) => c.name === "reviewed")?.type).toBe("BOOLEAN");
      const rows = await workspace.samples("pets");
      expect(column(rows, "label")).toEqual(labels);
      expect(column(rows, "score")).toEqual(scores);
    });

    test("a CSV file, whose true/false column becomes BOOLEAN", async () => {
      const path = join(directory, "pets.csv");
      const lines = ids.map((id, i) => `${id},${labels[i]},${groups[i]},${scores[i]},${reviewed[i]}`);
      writeFileSync(path, [datasetColumns.join(","), ...lines].join("\n") + "\n");
      const summary = await workspace.uploadDataset("pets", path, quiet);
      expect(summary).toEqual({ dataset: "pets", commit: 1, rows: 10, idFields: ["id"] });
      const description = await workspace.describeDataset("pets");
      expect(description.columns.map((c) => c.name)).toEqual(datasetColumns);
      expect(description.columns.find((c) => c.name === "reviewed")?.type).toBe("BOOLEAN");
      expect(description.columns.find((c) => c.name === "group")?.type).toBe("VARCHAR");
      const rows = await workspace.samples("pets");
      expect(column(rows, "reviewed")).toEqual(reviewed);
      expect(column(rows, "group")).toEqual(groups);
    });

    test("an NDJSON file", async () => {
      const path = join(directory, "pets.ndjson");
      writeFileSync(
        path,
        datasetRows()
          .map((row) => JSON.stringify(row))
          .join("\n") + "\n",
      );
      const summary = await workspace.uploadDataset("pets", path, quiet);
      expect(summary).toEqual({ dataset: "pets", commit: 1, rows: 10, idFields: ["id"] });
      const description = await workspace.describeDataset("pets");
      expect(description.columns.map((c) => c.name)).toEqual(datasetColumns);
      expect(description.columns.find((c) => c.name === "reviewed")?.type).toBe("BOOLEAN");
      const rows = await workspace.samples("pets");
      expect(column(rows, "label")).toEqual(labels);
    });

    test("a Parquet file written by DuckDB", async () => {
      const path = join(directory, "pets.parquet");
      const values = ids.map((id, i) => `(${id}, '${labels[i]}', '${groups[i]}', ${scores[i]}::DOUBLE, ${reviewed[i]})`).join(", ");
      const instance = await DuckDBInstance.create(":memory:");
      const connection = await instance.connect();
      try {
        await connection.run(
          `COPY (SELECT * FROM (VALUES ${values}) AS t(id, label, "group", score, reviewed)) TO '${path.replaceAll("'", "''")}' (FORMAT parquet)`,
        );
      } finally {
        connection.closeSync();
        instance.closeSync();
      }
      const summary = await workspace.uploadDataset("pets", path, quiet);
      expect(summary).toEqual({ dataset: "pets", commit: 1, rows: 10, idFields: ["id"] });
      const description = await workspace.describeDataset("pets");
      expect(description.columns).toEqual(datasetColumnTypes);
      const rows = await workspace.samples("pets");
      expect(column(rows, "group")).toEqual(groups);
    });

    test("an Arrow IPC file written by tableToIPC", async () => {
      const path = join(directory, "pets.arrow");
      writeFileSync(path, tableToIPC(datasetTable(), "file"));
      const summary = await workspace.uploadDataset("pets", path, quiet);
      expect(summary).toEqual({ dataset: "pets", commit: 1, rows: 10, idFields: ["id"] });
      const description = await workspace.describeDataset("pets");
      expect(description.columns).toEqual(datasetColumnTypes);
      const rows = await workspace.samples("pets");
      expect(column(rows, "score")).toEqual(scores);
    });

    test("a second upload is commit 2, and describeDataset lists both commits", async () => {
      await workspace.uploadDataset("pets", datasetTable(), quiet);
      const more = [...datasetRows(), { id: 11, label: "cat", group: "d", score: 110, reviewed: false }];
      const summary = await workspace.uploadDataset("pets", more, quiet);
      expect(summary).toEqual({ dataset: "pets", commit: 2, rows: 11, idFields: ["id"] });
      const description = await workspace.describeDataset("pets");
      expect(description.commit).toBe(2);
      expect(description.rows).toBe(11);
      expect(description.commits.map(({ commit, rows }) => ({ commit, rows }))).toEqual([
        { commit: 1, rows: 10 },
        { commit: 2, rows: 11 },
      ]);
      expect(await workspace.listDatasets()).toEqual(["pets"]);
    });

    test("id fields are inferred: id, else *_id, else locator, else text", async () => {
      const cases: [string, Record<string, unknown>, string[]][] = [
        ["with_id", { id: 1, image_id: 7, locator: "a.png", text: "x" }, ["id"]],
        ["with_suffix", { scene_id: 1, frame_id: 2, locator: "a.png", text: "x" }, ["scene_id", "frame_id"]],
        ["with_locator", { locator: "a.png", text: "x", label: "cat" }, ["locator"]],
        ["with_text", { text: "x", label: "cat" }, ["text"]],
      ];
      for (const [name, row, expected] of cases) {
        const summary = await workspace.uploadDataset(name, [row], quiet);
        expect({ name, id_fields: summary.id_fields }).toEqual({ name, id_fields: expected });
        expect((await workspace.describeDataset(name)).id_fields).toEqual(expected);
      }
    });

    test("re-uploading a model's results replaces them", async () => {
      await uploadStandardData(workspace);
      const before = evaluationRowsFromTable(await workspace.evaluate("pets", { models: ["base"] }));
      expect(before[0]).toMatchObject({ test_case: "all", model: "base", n: 10, value: 0.7 });
      // base now gets only ids 1 and 2 wrong: 8/10.
      const corrected = ids.map((id) => id > 2);
      const summary = await workspace.uploadResults("pets", "base", resultRows("base", ids, corrected), quiet);
      expect(summary).toEqual({ dataset: "pets", model: "base", commit: 1, rows: 10, idFields: ["id"] });
      const after = evaluationRowsFromTable(await workspace.evaluate("pets", { models: ["base"] }));
      expect(after[0]).toMatchObject({ test_case: "all", model: "base", n: 10, value: 0.8 });
      expect((await workspace.describeDataset("pets")).models.map(({ model, rows }) => ({ model, rows }))).toEqual([
        { model: "base", rows: 10 },
        { model: "cand", rows: 10 },
      ]);
    });
    test("a result column that is null in every row is kept, from row objects, CSV, NDJSON and Arrow, and read as nulls", async () => {
      await workspace.uploadDataset("pets", datasetTable(), quiet);
      // Row objects (apache-arrow's tableFromJSON alone would drop the key) and an Arrow table
      // with a column of type Null arrive as "NULL"; CSV infers VARCHAR, NDJSON JSON.
      await workspace.uploadResults(
        "pets",
        "rows",
        ids.map((id) => ({ id, correct: null })),
        quiet,
      );
      await workspace.uploadResults(
        "pets",
        "arrow",
        new Table({ id: makeVector(Int32Array.from(ids)), correct: makeVector(makeData({ type: new Null(), length: ids.length })) }),
        quiet,
      );
      const csv = join(directory, "results.csv");
      writeFileSync(csv, ["id,correct", ...ids.map((id) => `${id},`)].join("\n") + "\n");
      await workspace.uploadResults("pets", "csv", csv, quiet);
      const ndjson = join(directory, "results.ndjson");
      writeFileSync(ndjson, ids.map((id) => JSON.stringify({ id, correct: null })).join("\n") + "\n");
      await workspace.uploadResults("pets", "ndjson", ndjson, quiet);
      await workspace.setQualityStandard("pets", qualityStandard);
      const models = ["rows", "arrow", "csv", "ndjson"];
      const rows = evaluationRowsFromTable(await workspace.evaluate("pets", { models }));
      const whole = rows.filter((row) => row.test_case === "all").map((row) => [row.model, row.n, row.value, row.verdict]);
      expect(whole).toEqual(models.map((model, index) => [model, 0, null, index === 0 ? null : "unknown"]));
    });
  });

  describe("errors name the offending thing", () => {
    test("missing_id_field when no column can identify a datapoint", async () => {
      const error = await failureOf(() => workspace.uploadDataset("pets", [{ label: "cat", size: 3 }], quiet));
      expect(error.code).toBe("missing_id_field");
      expect(error.message).toContain('"pets"');
      expect(error.message).toContain('"label", "size"');
    });

    test("missing_id_field when results lack the dataset's id fields", async () => {
      await workspace.uploadDataset("pets", datasetTable(), quiet);
      const error = await failureOf(() => workspace.uploadResults("pets", "base", [{ image: 1, correct: true }], quiet));
      expect(error.code).toBe("missing_id_field");
      expect(error.message).toContain('"id"');
      expect(error.message).toContain('model "base"');
    });

    test("duplicate_ids with the first duplicated ids", async () => {
      const rows = [1, 2, 2, 3, 3, 3, 4].map((id) => ({ id, label: "cat" }));
      const error = await failureOf(() => workspace.uploadDataset("pets", rows, quiet));
      expect(error.code).toBe("duplicate_ids");
      expect(error.message).toContain('2 duplicated ids, e.g. "2", "3"');
      expect(await workspace.listDatasets()).toEqual([]);
    });

    test("unknown_ids with their count and the first of them", async () => {
      await workspace.uploadDataset("pets", datasetTable(), quiet);
      // ids 1–10 are known; 11–22 (twelve) are not.
      const rows = Array.from({ length: 22 }, (_, i) => ({ id: i + 1, correct: true }));
      const error = await failureOf(() => workspace.uploadResults("pets", "base", rows, quiet));
      expect(error.code).toBe("unknown_ids");
      expect(error.message).toContain("12 rows");
      expect(error.message).toContain('e.g. "11", "12", "13", "14", "15", "16", "17", "18", "19", "20";');
      expect(error.message).not.toContain('"21"');
      expect(error.message).toContain('"pets"');
      expect((await workspace.describeDataset("pets")).models).toEqual([]);
    });

    test("empty_body for an empty list and for a header without rows", async () => {
      const list = await failureOf(() => workspace.uploadDataset("pets", [], quiet));
      expect(list.code).toBe("empty_body");
      expect(list.message).toContain("empty");
      const headerOnly = join(directory, "header.csv");
      writeFileSync(headerOnly, "id,label\n");
      const header = await failureOf(() => workspace.uploadDataset("pets", headerOnly, quiet));
      expect(header.code).toBe("empty_body");
      expect(header.message).toContain('"pets"');
      await workspace.uploadDataset("pets", datasetTable(), quiet);
      const results = await failureOf(() => workspace.uploadResults("pets", "base", [], quiet));
      expect(results.code).toBe("empty_body");
      expect(await workspace.listDatasets()).toEqual(["pets"]);
      expect((await workspace.describeDataset("pets")).models).toEqual([]);
    });

    test("empty_body for an empty file of every format", async () => {
      const codes: Record<string, string> = {};
      for (const name of ["empty.csv", "empty.ndjson", "empty.parquet", "empty.arrow"]) {
        const path = join(directory, name);
        writeFileSync(path, "");
        codes[name] = (await failureOf(() => workspace.uploadDataset("pets", path, quiet))).code;
      }
      expect(codes).toEqual({ "empty.csv": "empty_body", "empty.ndjson": "empty_body", "empty.parquet": "empty_body", "empty.arrow": "empty_body" });
      expect(await workspace.listDatasets()).toEqual([]);
    });

    test("unsupported_content_type for a file with an unknown extension", async () => {
      const path = join(directory, "pets.xlsx");
      writeFileSync(path, "id,label\n1,cat\n");
      const error = await failureOf(() => workspace.uploadDataset("pets", path, quiet));
      expect(error.code).toBe("unsupported_content_type");
      expect(error.message).toContain(path);
    });

    test("invalid_metric when a metric reads a missing field or a non-numeric one", async () => {
      await uploadStandardData(workspace);
      await workspace.setQualityStandard("pets", {
        metric_groups: [{ name: "quality", metrics: [{ label: "Confidence", kind: "mean", field: "confidence" }] }],
      });
      const missing = await failureOf(() => workspace.evaluate("pets", { models: ["base", "cand"] }));
      expect(missing.code).toBe("invalid_metric");
      expect(missing.message).toContain('metric "Confidence"');
      expect(missing.message).toContain('field "confidence"');

      // A field the data already has is checked when the standard is set, before any evaluation.
      const nonNumeric = await failureOf(() =>
        workspace.setQualityStandard("pets", { metric_groups: [{ name: "quality", metrics: [{ label: "Mean label", kind: "mean", field: "label" }] }] }),
      );
      expect(nonNumeric.code).toBe("invalid_metric");
      expect(nonNumeric.message).toContain('metric "Mean label"');
      expect(nonNumeric.message).toContain('field "label"');
      expect(nonNumeric.message).toContain("string");
    });

    test("field types are checked before SQL runs: a rate's value, labels of two types, a test case's value", async () => {
      await uploadStandardData(workspace);
      const standardWith = (metrics: unknown[], test_cases: unknown[] = []) => ({ test_cases, metric_groups: [{ name: "quality", metrics }] });
      const rate = await failureOf(() => workspace.setQualityStandard("pets", standardWith([{ label: "Says 3", kind: "rate", field: "pred", value: 3 }])));
      expect(rate.code).toBe("invalid_metric");
      expect(rate.message).toContain('field "pred" equals 3 (a number), but the field holds strings (VARCHAR) in the results of model "base"');
      const labels = await failureOf(() =>
        workspace.setQualityStandard("pets", standardWith([{ label: "Accuracy", kind: "classification", measure: "accuracy", gt: "score", pred: "pred" }])),
      );
      expect(labels.code).toBe("invalid_metric");
      expect(labels.message).toContain(
        'ground truth "score", which holds numbers (DOUBLE) in the dataset, with predictions "pred", which hold strings (VARCHAR)',
      );
      const testCase = await failureOf(() =>
        workspace.setQualityStandard(
          "pets",
          standardWith([{ label: "Accuracy", kind: "mean", field: "correct" }], [{ name: "small", where: { field: "group", op: "lt", value: 5 } }]),
        ),
      );
      expect(testCase.code).toBe("invalid_quality_standard");
      expect(testCase.message).toContain('compares field "group", which holds strings (VARCHAR), with 5 (a number)');
      expect((await workspace.getQualityStandard("pets")).version).toBe(1);

      // Results uploaded after the standard are checked when evaluating: no DuckDB conversion error.
      await workspace.setQualityStandard("pets", standardWith([{ label: "Says 3", kind: "rate", field: "guess", value: 3 }]));
      await workspace.uploadResults(
        "pets",
        "base",
        resultRows("base").map((row) => ({ ...row, guess: "three" })),
        quiet,
      );
      await workspace.uploadResults(
        "pets",
        "cand",
        resultRows("cand").map((row) => ({ ...row, guess: "three" })),
        quiet,
      );
      const late = await failureOf(() => workspace.evaluate("pets", { models: ["base", "cand"] }));
      expect(late.code).toBe("invalid_metric");
      expect(late.message).toContain('metric "Says 3" for model "base" counts the rows where field "guess" equals 3 (a number)');
    });

    test("unknown_model names the model and the known ones", async () => {
      await uploadStandardData(workspace);
      const error = await failureOf(() => workspace.evaluate("pets", { models: ["base", "ghost"] }));
      expect(error.code).toBe("unknown_model");
      expect(error.message).toContain('"ghost"');
      expect(error.message).toContain('"base", "cand"');
    });

    test("unknown_dataset names the dataset, for every service", async () => {
      await workspace.uploadDataset("pets", datasetTable(), quiet);
      const calls: [string, () => Promise<unknown>][] = [
        ["describeDataset", () => workspace.describeDataset("ghosts")],
        ["uploadResults", () => workspace.uploadResults("ghosts", "base", resultRows("base"), quiet)],
        ["setQualityStandard", () => workspace.setQualityStandard("ghosts", qualityStandard)],
        ["evaluate", () => workspace.evaluate("ghosts", { models: ["base"] })],
        ["samples", () => workspace.samples("ghosts")],
        ["deleteDataset", () => workspace.deleteDataset("ghosts")],
      ];
      for (const [name, call] of calls) {
        const error = await failureOf(call);
        expect({ name, code: error.code }).toEqual({ name, code: "unknown_dataset" });
        expect(error.message).toContain('"ghosts"');
        expect(error.message).toContain('"pets"');
      }
    });

    test("invalid_quality_standard says where the standard is malformed", async () => {
      await workspace.uploadDataset("pets", datasetTable(), quiet);
      const descending = await failureOf(() =>
        workspace.setQualityStandard("pets", { stratifications: [{ name: "score", field: "score", buckets: [70, 35] }] }),
      );
      expect(descending.code).toBe("invalid_quality_standard");
      expect(descending.message).toBe("stratifications[0].buckets: must be strictly ascending (70 is followed by 35)");

      const badKind = await failureOf(() =>
        workspace.setQualityStandard("pets", { metric_groups: [{ name: "quality", metrics: [{ label: "Accuracy", kind: "accuracyy" }] }] }),
      );
      expect(badKind.code).toBe("invalid_quality_standard");
      expect(badKind.message).toContain("metric_groups[0].metrics[0].kind");
      expect(badKind.message).toContain('"accuracyy"');

      const notAList = await failureOf(() => workspace.setQualityStandard("pets", { stratifications: "group" }));
      expect(notAList.code).toBe("invalid_quality_standard");
      expect(notAList.message).toContain("stratifications");
    });
  });

  describe("evaluate", () => {
    test("the table's columns are the contract's, in its order", async () => {
      await uploadStandardData(workspace);
      const table = await workspace.evaluate("pets", { models: ["base", "cand"] });
      expect(table.schema.fields.map((field) => field.name)).toEqual(evaluationColumnNames);
    });

    test("test cases, n and accuracy equal the hand counts", async () => {
      await uploadStandardData(workspace);
      const table = await workspace.evaluate("pets", { models: ["base", "cand"], reference: "base" });
      const rows = evaluationRowsFromTable(table);
      const brief = rows.map((row) => [row.stratification, row.test_case, row.model, row.metric_group, row.metric, row.n, row.value]);
      expect(brief).toEqual([
        ["dataset", "all", "base", "quality", "Accuracy", 10, 0.7],
        ["dataset", "all", "cand", "quality", "Accuracy", 10, 0.9],
        ["group", "a", "base", "quality", "Accuracy", 4, 1],
        ["group", "a", "cand", "quality", "Accuracy", 4, 0.75],
        ["group", "b", "base", "quality", "Accuracy", 3, 2 / 3],
        ["group", "b", "cand", "quality", "Accuracy", 3, 1],
        ["group", "c", "base", "quality", "Accuracy", 3, 1 / 3],
        ["group", "c", "cand", "quality", "Accuracy", 3, 1],
        ["score", "(-∞, 35)", "base", "quality", "Accuracy", 3, 2 / 3],
        ["score", "(-∞, 35)", "cand", "quality", "Accuracy", 3, 1],
        ["score", "[35, 70)", "base", "quality", "Accuracy", 3, 2 / 3],
        ["score", "[35, 70)", "cand", "quality", "Accuracy", 3, 1],
        ["score", "[70, ∞)", "base", "quality", "Accuracy", 4, 0.75],
        ["score", "[70, ∞)", "cand", "quality", "Accuracy", 4, 0.75],
      ]);
    });

    test("the reference's rows have no delta, p, q or verdict; the other model's do", async () => {
      await uploadStandardData(workspace);
      const rows = evaluationRowsFromTable(await workspace.evaluate("pets", { models: ["base", "cand"], reference: "base" }));
      for (const row of rows.filter((r) => r.model === "base")) {
        expect(row).toMatchObject({ delta: null, p_value: null, q_value: null, verdict: null, higher_is_better: true });
        expect(row.ci_low!).toBeLessThanOrEqual(row.value!);
        expect(row.ci_high!).toBeGreaterThanOrEqual(row.value!);
      }
      const candidate = rows.filter((r) => r.model === "cand");
      const deltas = candidate.map((row) => row.delta);
      [0.2, -0.25, 1 / 3, 2 / 3, 1 / 3, 1 / 3, 0].forEach((expected, i) => expect(deltas[i]).toBeCloseTo(expected, 12));
      // Whole dataset: cand alone right on ids 3, 5, 8, base alone on 7 — McNemar's exact test
      // with 3 and 1 discordant pairs: p = 2 · P(X ≤ 1 | n = 4, ½) = 2 · 5/16 = 0.625; its q is its p.
      expect(candidate[0].p_value).toBeCloseTo(0.625, 12);
      expect(candidate[0].q_value).toBeCloseTo(0.625, 12);
      for (const row of candidate) {
        expect(row.p_value).not.toBeNull();
        expect(row.q_value!).toBeGreaterThanOrEqual(row.p_value! - 1e-12);
        // Ten datapoints prove nothing at 95 %: every difference is "similar".
        expect(row.verdict).toBe("similar");
      }
    });

    test("a numeric stratification without buckets: one test case per value, ascending as numbers, with its samples", async () => {
      // size is a DOUBLE column (row objects hold JavaScript numbers).
      const sizes = [10, 9, 100, 9, 2.5];
      await workspace.uploadDataset(
        "sizes",
        sizes.map((size, i) => ({ id: i + 1, size })),
        quiet,
      );
      await workspace.uploadResults(
        "sizes",
        "m",
        [true, false, true, true, false].map((correct, i) => ({ id: i + 1, correct })),
        quiet,
      );
      await workspace.setQualityStandard("sizes", {
        stratifications: [{ name: "size", field: "size" }],
        metric_groups: [{ name: "quality", metrics: [{ label: "Accuracy", kind: "mean", field: "correct" }] }],
      });
      const rows = evaluationRowsFromTable(await workspace.evaluate("sizes", { models: ["m"] }));
      expect(rows.map((row) => [row.test_case, row.n, row.value])).toEqual([
        ["all", 5, 3 / 5],
        ["2.5", 1, 0],
        ["9", 2, 1 / 2],
        ["10", 1, 1],
        ["100", 1, 1],
      ]);
      const behind: Record<string, unknown> = {};
      for (const testCase of ["2.5", "9", "10", "100"]) {
        try {
          behind[testCase] = column(await workspace.samples("sizes", { test_case: `size/${testCase}` }), "id");
        } catch (error) {
          behind[testCase] = `${(error as SlicewiseError).code ?? ""}: ${(error as Error).message}`;
        }
      }
      expect(behind).toEqual({ "2.5": [5], "9": [2, 4], "10": [1], "100": [3] });
    });

    test("only datapoints every compared model has results for are used", async () => {
      await workspace.uploadDataset("pets", datasetTable(), quiet);
      await workspace.uploadResults("pets", "base", resultRows("base"), quiet);
      await workspace.uploadResults("pets", "cand", resultRows("cand", [1, 2, 3, 4, 5, 6, 7, 8]), quiet);
      await workspace.setQualityStandard("pets", qualityStandard);
      const table = await workspace.evaluate("pets", { models: ["base", "cand"] });
      const rows = evaluationRowsFromTable(table);
      // ids 1–8: base ✓✓✗✓✗✓✓✗ = 5/8, cand ✓✓✓✓✓✓✗✓ = 7/8; group a loses id 10, group b id 9.
      const brief = rows.filter((row) => row.stratification !== "score").map((row) => [row.test_case, row.model, row.n, row.value]);
      expect(brief).toEqual([
        ["all", "base", 8, 5 / 8],
        ["all", "cand", 8, 7 / 8],
        ["a", "base", 3, 1],
        ["a", "cand", 3, 2 / 3],
        ["b", "base", 2, 1 / 2],
        ["b", "cand", 2, 1],
        ["c", "base", 3, 1 / 3],
        ["c", "cand", 3, 1],
      ]);
      expect(evaluationInfo(table)).toMatchObject({
        dataset: "pets",
        dataset_commit: 1,
        models: ["base", "cand"],
        reference: "base",
        datapoints: 8,
        excluded_datapoints: 2,
      });

      // Evaluating base alone uses all ten.
      const alone = await workspace.evaluate("pets", { models: ["base"] });
      expect(evaluationRowsFromTable(alone)[0]).toMatchObject({ test_case: "all", n: 10, value: 0.7 });
      expect(evaluationInfo(alone)).toMatchObject({ datapoints: 10, excluded_datapoints: 0 });
    });
  });

  describe("samples", () => {
    beforeEach(() => uploadStandardData(workspace));

    test("columns are the dataset's, then <model>.<field> per model", async () => {
      const table = await workspace.samples("pets", { models: ["base", "cand"] });
      expect(table.schema.fields.map((field) => field.name)).toEqual([...datasetColumns, "base.pred", "base.correct", "cand.pred", "cand.correct"]);
      expect(table.numRows).toBe(10);
      expect(column(table, "id")).toEqual(ids);
      expect(column(table, "base.correct")).toEqual(correctOf.base);
      expect(column(table, "cand.pred")).toEqual(resultRows("cand").map((row) => row.pred));
    });

    test("test_case filters to a stratification's test case", async () => {
      const byGroup = await workspace.samples("pets", { models: ["base"], test_case: "group/a" });
      expect(column(byGroup, "id")).toEqual([2, 4, 7, 10]);
      const byBucket = await workspace.samples("pets", { test_case: "score/[35, 70)" });
      expect(column(byBucket, "id")).toEqual([4, 5, 6]);
      const whole = await workspace.samples("pets", { test_case: "dataset/all" });
      expect(whole.numRows).toBe(10);
    });

    test("order_by, limit and offset", async () => {
      const page = await workspace.samples("pets", { order_by: "score desc", limit: 3, offset: 1 });
      expect(column(page, "id")).toEqual([9, 8, 7]);
      // cand is wrong only on id 7; false sorts first, ties by id.
      const byModelField = await workspace.samples("pets", { models: ["cand"], order_by: "cand.correct", limit: 3 });
      expect(column(byModelField, "id")).toEqual([7, 1, 2]);
      const twoKeys = await workspace.samples("pets", { order_by: ["group", "score desc"], limit: 5 });
      expect(column(twoKeys, "id")).toEqual([10, 7, 4, 2, 9]);
      const lastPage = await workspace.samples("pets", { order_by: "score", limit: 4, offset: 8 });
      expect(column(lastPage, "id")).toEqual([9, 10]);
    });

    test("the samples behind every test case of the evaluation number n of them", async () => {
      const rows = evaluationRowsFromTable(await workspace.evaluate("pets", { models: ["base", "cand"] }));
      const counts = [];
      for (const row of rows.filter((r) => r.model === "base")) {
        const table = await workspace.samples("pets", { models: ["base", "cand"], test_case: `${row.stratification}/${row.test_case}` });
        counts.push([row.stratification, row.test_case, table.numRows]);
      }
      expect(counts).toEqual(rows.filter((r) => r.model === "base").map((row) => [row.stratification, row.test_case, row.n]));
    });

    test("camelCase options (testCase, orderBy, testCaseColumns, minN) select what their old snake_case spellings select", async () => {
      const ordered = await workspace.samples("pets", { models: ["base"], testCase: "group/a", orderBy: "score desc" });
      expect(column(ordered, "id")).toEqual([10, 7, 4, 2]);
      const byParts = await workspace.samples("pets", { testCase: { stratification: "score", testCase: "[35, 70)" } });
      expect(column(byParts, "id")).toEqual([4, 5, 6]);
      const old = await workspace.samples("pets", { models: ["base"], test_case: "group/a", order_by: "score desc" });
      expect(column(old, "id")).toEqual([10, 7, 4, 2]);
      const membership = await workspace.samples("pets", { testCaseColumns: true, limit: 3 });
      expect(column(membership, "test_case/group")).toEqual(["c", "a", "b"]);
      const strict = evaluationRowsFromTable(await workspace.evaluate("pets", { models: ["base", "cand"], minN: 5 }));
      const verdicts = strict.filter((row) => row.model === "cand").map((row) => [row.test_case, row.n, row.verdict === "unknown"]);
      expect(verdicts).toEqual([
        ["all", 10, false],
        ["a", 4, true],
        ["b", 3, true],
        ["c", 3, true],
        ["(-∞, 35)", 3, true],
        ["[35, 70)", 3, true],
        ["[70, ∞)", 4, true],
      ]);
      const refused = await failureOf(() => workspace.samples("pets", { orderBy: "score", order_by: "id" }));
      expect(refused.code).toBe("bad_request");
    });

    test("results are camelCase; a run's fields, and the old snake_case ones, read the same", async () => {
      const summary = await workspace.uploadResults("pets", "third", resultRows("third", ids, correctOf.base), quiet);
      expect(summary).toEqual({ dataset: "pets", model: "third", commit: 1, rows: 10, idFields: ["id"] });
      const description = await workspace.describeDataset("pets");
      expect([description.idFields, description.qualityStandardVersion, description.commits.length, typeof description.models[0].updatedAt]).toEqual([
        ["id"],
        1,
        1,
        "string",
      ]);
      expect(description.id_fields).toEqual(description.idFields);
      expect(Object.keys(description)).not.toContain("id_fields");
      await workspace.evaluate("pets", { models: ["base", "cand"], record: true, label: "first" });
      const [run] = await workspace.listRuns("pets");
      expect(run).toMatchObject({
        runId: 1,
        label: "first",
        datasetCommit: 1,
        qualityStandardVersion: 1,
        datapoints: 10,
        excludedDatapoints: 0,
        minN: { quality: { Accuracy: 1 } },
      });
      expect([run.run_id, run.dataset_commit, run.created_at]).toEqual([run.runId, run.datasetCommit, run.createdAt]);
    });

    test("a page with no rows is an empty table with the same columns", async () => {
      const expected = [...datasetColumns, "base.pred", "base.correct"];
      for (const options of [{ offset: 10 }, { limit: 0 }, { where: { field: "group", op: "eq", value: "z" } }] as const) {
        const table = await workspace.samples("pets", { models: ["base"], ...options });
        expect({ options, rows: table.numRows, columns: table.schema.fields.map((field) => field.name) }).toEqual({ options, rows: 0, columns: expected });
      }
    });
  });
});

describe("both modes", () => {
  test("the same calls give identical evaluation tables", async () => {
    const directory = makeTemporaryDirectory("slicewise-contract-");
    const opened: OpenWorkspace[] = [];
    try {
      opened.push(await openEmbedded(join(directory, "embedded")));
      opened.push(await openHttp(join(directory, "http")));
      const results: { rows: EvaluationRow[]; info: unknown }[] = [];
      for (const { workspace } of opened) {
        await uploadStandardData(workspace);
        await workspace.uploadResults(
          "pets",
          "third",
          resultRows(
            "third",
            ids.slice(1),
            ids.map((id) => id % 3 !== 0),
          ),
          { onProgress: false },
        );
        const table = await workspace.evaluate("pets", { models: ["base", "cand", "third"], reference: "cand", confidence: 0.9 });
        results.push({ rows: evaluationRowsFromTable(table), info: evaluationInfo(table) });
      }
      const [embedded, http] = results;
      expect(embedded.rows.length).toBe(7 * 3);
      expect(http.rows).toEqual(embedded.rows);
      expect(http.info).toEqual(embedded.info);
      expect(embedded.info).toMatchObject({ reference: "cand", models: ["base", "cand", "third"], confidence: 0.9, datapoints: 9, excluded_datapoints: 1 });
    } finally {
      for (const { close } of opened) await close();
      removeTemporaryDirectory(directory);
    }
  });
});
