// Which embedding a dataset's map shows, and the projection a report embeds for it: the column
// holding a list of numbers per datapoint (one named "embedding" first), clustered within the
// classes of the quality standard's classification ground truth when it has one.
import type { Table } from "apache-arrow";
import type { Workspace } from "../client";
import { SlicewiseError } from "../core";

/** A stored column of numbers lists: DuckDB's FLOAT[], DOUBLE[], INTEGER[] … or a fixed-size FLOAT[64]. */
const numberList = /^(FLOAT|DOUBLE|REAL|DECIMAL\(\d+,\d+\)|TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT)\[\d*\]$/;

export interface MapRequest {
  embedding: string;
  /** The ground truth discovery's clusters are found within, when the standard names one. */
  label?: string;
}

/** The embedding and label to map, from the dataset's columns and its quality standard; null without an embedding column. */
export function mapRequest(columns: { name: string; type: string }[], standard: { metric_groups?: { metrics?: unknown[] }[] } | null): MapRequest | null {
  const lists = columns.filter((column) => numberList.test(column.type)).map((column) => column.name);
  if (lists.length === 0) return null;
  const embedding = lists.includes("embedding") ? "embedding" : lists[0];
  const names = new Set(columns.map((column) => column.name));
  for (const group of standard?.metric_groups ?? [])
    for (const metric of group.metrics ?? []) {
      const { kind, gt } = metric as { kind?: string; gt?: unknown };
      if (kind === "classification" && typeof gt === "string" && names.has(gt)) return { embedding, label: gt };
    }
  return { embedding };
}

/** Bytes of embeddings a report carries for "more like this"; past it, the map comes without them. */
export const reportEmbeddingBytes = 4 * 1024 * 1024;

/**
 * The projection a report embeds for `models`, or null when the dataset has no embedding column;
 * with the embedding itself when it fits in `reportEmbeddingBytes`. A projection the platform
 * refuses (no datapoint with every model's result, say) is a fact of the report, not its failure.
 */
export async function reportProjection(
  workspace: Workspace,
  dataset: string,
  models: string[],
  columns: { name: string; type: string }[],
  standard: Parameters<typeof mapRequest>[1],
): Promise<{ projection: Table | null; fact: string | null }> {
  const request = mapRequest(columns, standard);
  if (!request) return { projection: null, fact: null };
  const options = { embedding: request.embedding, models, label: request.label, clusters: request.label !== undefined };
  try {
    let projection = await workspace.projectEmbedding(dataset, options);
    const info = JSON.parse(projection.schema.metadata.get("slicewise.projection") ?? "{}") as { dimension?: number; explained?: number };
    const embeddingBytes = projection.numRows * (info.dimension ?? Infinity) * 4;
    if (projection.numRows > 0 && embeddingBytes <= reportEmbeddingBytes)
      projection = await workspace.projectEmbedding(dataset, { ...options, includeEmbedding: true });
    const share = info.explained === undefined ? "" : `, the plane shows ${(100 * info.explained).toFixed(0)}% of its variance`;
    return { projection, fact: `${request.embedding}, ${projection.numRows.toLocaleString("en-US")} points (first two principal components${share})` };
  } catch (error) {
    if (error instanceof SlicewiseError) return { projection: null, fact: `${request.embedding}: not mapped (${error.message})` };
    throw error;
  }
}
