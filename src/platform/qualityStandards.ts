// Quality standards per dataset, versioned: every change is a new version and old ones stay readable.
// The ids of test cases made of chosen samples are kept beside the standard (store/testCaseIds.ts):
// its JSON names each set, and reading it back lists small sets and names large ones by reference.
import { DuckDBConnection } from "@duckdb/node-api";
import { IdValue, QualityStandard, SlicewiseError, StoredIdsReference, TestCaseDefinition, isStoredIdsReference } from "../core";
import { maxInlineIds, parseQualityStandard } from "./schemas/qualityStandard";
import { checkStandardTypes, metricFields } from "./fieldTypes";
import { ColumnInfo, latestQualityStandard, listResults, tableColumns, withAllNullFlags } from "./store/catalog";
import { Database } from "./store/database";
import { StoredIdSet, idSetsOf, readIdSet, recordIdSet, storeIdSet } from "./store/testCaseIds";
import { requireDataset } from "./uploads";

export interface StoredQualityStandard extends QualityStandard {
  version: number;
}

/**
 * How a standard read back gives sets of ids: `inline` (the default) lists sets of at most
 * maxInlineIds ids and names larger ones by reference; `all` lists every set.
 */
export type IdsReading = "inline" | "all";

export interface ReadStandardOptions {
  version?: number;
  ids?: IdsReading;
}

/** The ids of one test case made of chosen samples, as GET …/test-cases/{name}/ids answers. */
export interface TestCaseIds {
  dataset: string;
  version: number;
  test_case: string;
  id_fields: string[];
  ids: IdValue[];
}

export async function setQualityStandard(database: Database, dataset: string, definition: unknown): Promise<StoredQualityStandard> {
  const standard = parseQualityStandard(definition);
  return database.transaction(async (connection) => {
    const entry = await requireDataset(connection, dataset);
    // Checked against the dataset and every model's results uploaded so far; a metric field that
    // none has yet is left for evaluate.
    const read = metricFields(standard);
    const columns = await withAllNullFlags(connection, entry.tableName, await tableColumns(connection, entry.tableName), read);
    const models = [];
    for (const result of await listResults(connection, dataset))
      models.push({
        model: result.model,
        columns: await withAllNullFlags(connection, result.tableName, await tableColumns(connection, result.tableName), read),
      });
    checkStandardTypes(standard, { dataset: { name: dataset, columns, idFields: entry.idFields }, models }, { missingMetricFields: "later" });
    const latest = await latestQualityStandard(connection, dataset);
    const version = (latest?.version ?? 0) + 1;
    const idColumns = entry.idFields.map((field) => columns.find((column) => column.name === field)!);
    const testCases: TestCaseDefinition[] = [];
    for (const testCase of standard.test_cases) {
      if ("where" in testCase) {
        testCases.push(testCase);
        continue;
      }
      const set = isStoredIdsReference(testCase)
        ? await resolveReference(connection, dataset, testCase, latest?.version ?? null, idColumns)
        : await storeIdSet(connection, dataset, idColumns, testCase.ids);
      await recordIdSet(connection, dataset, version, testCase.name, set);
      testCases.push({ name: testCase.name, ids: null, id_count: set.idCount });
    }
    const stored = { ...standard, test_cases: testCases };
    await connection.run("INSERT INTO sw_quality_standards VALUES (?, ?, ?, now())", [dataset, version, JSON.stringify(stored)]);
    return wireStandard(connection, dataset, version, stored, entry.idFields, "inline");
  });
}

export async function getQualityStandard(database: Database, dataset: string, options: ReadStandardOptions = {}): Promise<StoredQualityStandard> {
  return database.read(
    async (connection) => {
      const entry = await requireDataset(connection, dataset);
      const stored = await requireStandard(connection, dataset, options.version);
      return wireStandard(connection, dataset, stored.version, stored.definition as QualityStandard, entry.idFields, options.ids ?? "inline");
    },
    { lane: "quick" },
  );
}

/** Every id of one test case made of chosen samples, in the order it was given. */
export async function getTestCaseIds(database: Database, dataset: string, testCase: string, version?: number): Promise<TestCaseIds> {
  return database.read(
    async (connection) => {
      const entry = await requireDataset(connection, dataset);
      const stored = await requireStandard(connection, dataset, version);
      const definition = (stored.definition as QualityStandard).test_cases.find((candidate) => candidate.name === testCase);
      if (!definition || "where" in definition)
        throw new SlicewiseError(
          "not_found",
          definition
            ? `test case "${testCase}" of "${dataset}" (version ${stored.version}) is a predicate (where), not a set of ids`
            : `version ${stored.version} of "${dataset}"'s quality standard has no test case "${testCase}"`,
        );
      const set = (await idSetsOf(connection, dataset, stored.version)).get(testCase);
      // A version stored before ids were kept apart lists them in its JSON.
      const ids = set ? await readIdSet(connection, set, entry.idFields) : ((definition as { ids: IdValue[] }).ids ?? []);
      return { dataset, version: stored.version, test_case: testCase, id_fields: entry.idFields, ids };
    },
    { lane: "quick" },
  );
}

async function requireStandard(connection: DuckDBConnection, dataset: string, version: number | undefined) {
  const stored = await latestQualityStandard(connection, dataset, version);
  if (!stored)
    throw new SlicewiseError(
      "not_found",
      version === undefined
        ? `dataset "${dataset}" has no quality standard yet; set one with setQualityStandard`
        : `dataset "${dataset}" has no quality-standard version ${version}`,
    );
  return stored;
}

/** The stored standard as the API gives it: sets of ids listed, or named by reference when large. */
async function wireStandard(
  connection: DuckDBConnection,
  dataset: string,
  version: number,
  definition: QualityStandard,
  idFields: readonly string[],
  ids: IdsReading,
): Promise<StoredQualityStandard> {
  const sets = await idSetsOf(connection, dataset, version);
  const testCases: TestCaseDefinition[] = [];
  for (const testCase of definition.test_cases) {
    const set = isStoredIdsReference(testCase) ? sets.get(testCase.name) : undefined;
    if (!set) testCases.push(testCase);
    else if (ids === "all" || set.idCount <= maxInlineIds) testCases.push({ name: testCase.name, ids: await readIdSet(connection, set, idFields) });
    else testCases.push({ name: testCase.name, ids: null, id_count: set.idCount, ids_of: { version, test_case: testCase.name } });
  }
  return { ...definition, test_cases: testCases, version };
}

/** The stored set a reference names: `ids_of`, or the latest version's test case of its name. */
async function resolveReference(
  connection: DuckDBConnection,
  dataset: string,
  reference: StoredIdsReference,
  latestVersion: number | null,
  idColumns: readonly ColumnInfo[],
): Promise<StoredIdSet> {
  const where = `test case "${reference.name}"`;
  const from = reference.ids_of ?? (latestVersion === null ? null : { version: latestVersion, test_case: reference.name });
  if (!from)
    throw new SlicewiseError(
      "invalid_quality_standard",
      `${where} has "ids": null (the ids the platform keeps for it), but "${dataset}" has no quality standard yet to keep them from; list its ids`,
    );
  let set = (await idSetsOf(connection, dataset, from.version)).get(from.test_case);
  if (!set) {
    // A version stored before ids were kept apart lists them in its JSON: store them now.
    const old = await latestQualityStandard(connection, dataset, from.version);
    const listed = (old?.definition as QualityStandard | undefined)?.test_cases.find((testCase) => testCase.name === from.test_case);
    if (listed && "ids" in listed && Array.isArray(listed.ids)) set = await storeIdSet(connection, dataset, idColumns, listed.ids);
  }
  if (!set)
    throw new SlicewiseError(
      "invalid_quality_standard",
      `${where} has "ids": null, but version ${from.version} of "${dataset}"'s quality standard has no test case "${from.test_case}" made of ids; list its ids, or name a stored set with "ids_of": {"version", "test_case"}`,
    );
  if (reference.id_count !== undefined && reference.id_count !== set.idCount)
    throw new SlicewiseError(
      "invalid_quality_standard",
      `${where} says it holds ${reference.id_count} ids, but the set it names (version ${from.version}, "${from.test_case}") holds ${set.idCount}; drop "id_count" or list its ids`,
    );
  return set;
}
