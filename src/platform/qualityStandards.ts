// Quality standards per dataset, versioned: every change is a new version and old ones stay readable.
import { QualityStandard, SlicewiseError, listForMessage, parseQualityStandard, predicateFields } from "../core";
import { latestQualityStandard, tableColumns } from "./store/catalog";
import { Database } from "./store/database";
import { requireDataset } from "./uploads";

export interface StoredQualityStandard extends QualityStandard {
  version: number;
}

export async function setQualityStandard(database: Database, dataset: string, definition: unknown): Promise<StoredQualityStandard> {
  const standard = parseQualityStandard(definition);
  return database.transaction(async (connection) => {
    const entry = await requireDataset(connection, dataset);
    const columns = new Set((await tableColumns(connection, entry.tableName)).map((column) => column.name));
    const testCaseFields = [
      ...standard.stratifications.map((s) => ({ field: s.field, where: `stratification "${s.name}"` })),
      ...standard.test_cases.flatMap((t) => predicateFields(t.where).map((field) => ({ field, where: `test case "${t.name}"` }))),
    ];
    for (const { field, where } of testCaseFields) {
      if (!columns.has(field))
        throw new SlicewiseError(
          "unknown_field",
          `${where} reads field "${field}", which dataset "${dataset}" does not have; its columns are ${listForMessage([...columns])}`,
        );
    }
    const latest = await latestQualityStandard(connection, dataset);
    const version = (latest?.version ?? 0) + 1;
    await connection.run("INSERT INTO sw_quality_standards VALUES (?, ?, ?, now())", [dataset, version, JSON.stringify(standard)] as never);
    return { ...standard, version };
  });
}

export async function getQualityStandard(database: Database, dataset: string, version?: number): Promise<StoredQualityStandard> {
  return database.exclusive(async (connection) => {
    await requireDataset(connection, dataset);
    const stored = await latestQualityStandard(connection, dataset, version);
    if (!stored)
      throw new SlicewiseError(
        "not_found",
        version === undefined ? `dataset "${dataset}" has no quality standard yet; set one with setQualityStandard` : `dataset "${dataset}" has no quality-standard version ${version}`,
      );
    return { ...(stored.definition as QualityStandard), version: stored.version };
  });
}
