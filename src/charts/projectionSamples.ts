// The embedding map's table (in a notebook, the dashboard and a report): the projection's rows with
// the samples' columns beside them (image, label, each model's prediction), so that the map's
// gallery shows what the points are.
import { Table, Vector, vectorFromArray } from "apache-arrow";

const keyOf = (columns: (Vector | null)[], row: number) => JSON.stringify(columns.map((column) => String(column?.get(row))));

/**
 * `projection` with every column of `samples` it lacks, matched on `idFields`. When both list the
 * same ids in the same order (as both routes order by id) the columns are taken whole; otherwise
 * they are gathered row by row, and a projection row without a sample gets nulls.
 */
export function withSampleColumns(projection: Table, samples: Table, idFields: string[]): Table {
  const have = new Set(projection.schema.fields.map((field) => field.name));
  const added = samples.schema.fields.filter((field) => !have.has(field.name));
  if (added.length === 0) return projection;
  const projectionIds = idFields.map((field) => projection.getChild(field));
  const sampleIds = idFields.map((field) => samples.getChild(field));
  let aligned = projection.numRows === samples.numRows;
  for (let row = 0; aligned && row < projection.numRows; row++) aligned = keyOf(projectionIds, row) === keyOf(sampleIds, row);
  const columns: Record<string, Vector> = {};
  for (const field of projection.schema.fields) columns[field.name] = projection.getChild(field.name)!;
  if (aligned) for (const field of added) columns[field.name] = samples.getChild(field.name)!;
  else {
    const rowOf = new Map<string, number>();
    for (let row = 0; row < samples.numRows; row++) rowOf.set(keyOf(sampleIds, row), row);
    const source = Int32Array.from({ length: projection.numRows }, (_, row) => rowOf.get(keyOf(projectionIds, row)) ?? -1);
    for (const field of added) {
      const vector = samples.getChild(field.name)!;
      columns[field.name] = vectorFromArray(
        Array.from(source, (row) => (row < 0 ? null : vector.get(row))),
        field.type,
      );
    }
  }
  const table = new Table(columns);
  for (const [key, value] of projection.schema.metadata) table.schema.metadata.set(key, value);
  return table;
}
