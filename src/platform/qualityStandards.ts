// Quality standards per dataset, versioned: every change is a new version and old ones stay readable.
import { QualityStandard, SlicewiseError } from "../core";
import { parseQualityStandard } from "./schemas/qualityStandard";
import { checkStandardTypes, metricFields } from "./fieldTypes";
import { latestQualityStandard, listResults, tableColumns, withAllNullFlags } from "./store/catalog";
import { Database } from "./store/database";
import { requireDataset } from "./uploads";

export interface StoredQualityStandard extends QualityStandard {
  version: number;
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
    await connection.run("INSERT INTO sw_quality_standards VALUES (?, ?, ?, now())", [dataset, version, JSON.stringify(standard)]);
    return { ...standard, version };
  });
}

export async function getQualityStandard(database: Database, dataset: string, version?: number): Promise<StoredQualityStandard> {
  return database.read(
    async (connection) => {
      await requireDataset(connection, dataset);
      const stored = await latestQualityStandard(connection, dataset, version);
      if (!stored)
        throw new SlicewiseError(
          "not_found",
          version === undefined
            ? `dataset "${dataset}" has no quality standard yet; set one with setQualityStandard`
            : `dataset "${dataset}" has no quality-standard version ${version}`,
        );
      return { ...(stored.definition as QualityStandard), version: stored.version };
    },
    { lane: "quick" },
  );
}
