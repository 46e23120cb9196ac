// An embedding column on the platform: where it lives (the dataset, or a compared model's results),
// checked to be a list of numbers, and read as one rows × dimension matrix. Discovery and the
// embedding map's projection read it alike.
import type { DuckDBConnection } from "@duckdb/node-api";
import { SlicewiseError, listForMessage } from "../core";
import { ColumnInfo } from "./store/catalog";
import { columnSql } from "./sql";

/** An embedding column's DuckDB type: a list (or fixed-size array) of numbers. */
const numericListType = /^(FLOAT|DOUBLE|REAL|DECIMAL\(\d+,\d+\)|TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT)\[\d*\]$/;

/** The SQL of the embedding column: the dataset's (alias d), else the first compared model's results (r0, r1, …) that hold it. */
export function embeddingSql(name: string, datasetColumns: ColumnInfo[], resultColumns: ColumnInfo[][], models: string[], dataset: string): string {
  const check = (column: ColumnInfo, where: string) => {
    if (!numericListType.test(column.type))
      throw new SlicewiseError(
        "invalid_metric",
        `embedding "${name}" in ${where} is ${column.type}, not a list of numbers; upload embeddings as list<float> (Arrow), FLOAT[] or DOUBLE[]`,
      );
  };
  const inDataset = datasetColumns.find((column) => column.name === name);
  if (inDataset) {
    check(inDataset, `dataset "${dataset}"`);
    return columnSql("d", name);
  }
  for (let index = 0; index < resultColumns.length; index++) {
    const found = resultColumns[index].find((column) => column.name === name);
    if (found) {
      check(found, `the results of model "${models[index]}"`);
      return columnSql(`r${index}`, name);
    }
  }
  throw new SlicewiseError(
    "invalid_metric",
    `there is no embedding column "${name}" in dataset "${dataset}" or the results of ${listForMessage(models)}; the dataset's columns are ${listForMessage(datasetColumns.map((column) => column.name))}`,
  );
}

/** Whether a column's DuckDB type holds embeddings (the dashboard offers a map for these). */
export function isEmbeddingType(type: string): boolean {
  return numericListType.test(type);
}

/**
 * The `embedding` column of `base` (a query with `row_index` 0 … count − 1 and `embedding`) as a
 * count × dimension matrix, row `row_index` at row_index · dimension. Every row must have the
 * same length; a null entry reads as NaN.
 */
export async function readEmbeddingMatrix(
  connection: DuckDBConnection,
  base: string,
  count: number,
  name: string,
): Promise<{ values: Float64Array; dimension: number }> {
  const dimensions = await connection.runAndReadAll(`SELECT min(len(embedding)) AS low, max(len(embedding)) AS high FROM (${base})`);
  const { low, high } = dimensions.getRowObjectsJS()[0] as { low: number | bigint | null; high: number | bigint | null };
  const dimension = Number(high ?? 0);
  if (Number(low ?? 0) !== dimension)
    throw new SlicewiseError("invalid_metric", `embedding "${name}" has rows of ${low} and of ${high} dimensions; every row needs the same length`);
  const values = new Float64Array(count * dimension);
  const flat = await connection.runAndReadAll(
    `SELECT row_index * ${dimension} + position AS slot, value FROM (SELECT row_index, unnest(range(len(embedding))) AS position, unnest(embedding)::DOUBLE AS value FROM (${base}))`,
  );
  const [slots, flatValues] = flat.getColumnsJS() as [unknown[], (number | null)[]];
  for (let index = 0; index < slots.length; index++) values[Number(slots[index])] = flatValues[index] ?? NaN;
  return { values, dimension };
}
