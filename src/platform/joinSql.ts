// The FROM clause that joins each compared model's results (r0, r1, …) to the dataset (d) on the
// id fields: only datapoints every model has results for remain.
import { ResultsEntry } from "./store/catalog";
import { quoteIdentifier } from "./store/database";
import { columnSql } from "./sql";

export function joinSql(datasetTable: string, idFields: string[], results: ResultsEntry[]): string {
  const joins = results.map((result, index) => {
    const on = idFields.map((field) => `${columnSql(`r${index}`, field)} = ${columnSql("d", field)}`).join(" AND ");
    return `JOIN ${quoteIdentifier(result.tableName)} r${index} ON ${on}`;
  });
  return `${quoteIdentifier(datasetTable)} d ${joins.join(" ")}`;
}
