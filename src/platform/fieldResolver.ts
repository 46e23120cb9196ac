// Column resolution of docs/architecture.md: a field a metric reads is a model's result column first,
// then the dataset's; a field a test case reads is always the dataset's. Used by evaluate and samples.
import { SlicewiseError, listForMessage } from "../core";
import { FieldKind } from "../metrics";
import { declaredFieldType, fieldKindOf, metricFieldType } from "./fieldTypes";
import { ColumnInfo } from "./store/catalog";
import { columnSql } from "./sql";

export class FieldResolver {
  private readonly dataset: Map<string, ColumnInfo>;
  private readonly results: Map<string, ColumnInfo>[];

  constructor(datasetColumns: ColumnInfo[], resultColumns: ColumnInfo[][]) {
    this.dataset = new Map(datasetColumns.map((column) => [column.name, column]));
    this.results = resultColumns.map((columns) => new Map(columns.map((column) => [column.name, column])));
  }

  kind(model: number, field: string): FieldKind | undefined {
    const column = this.results[model].get(field) ?? this.dataset.get(field);
    if (!column) return undefined;
    if (metricFieldType(column) !== "null") return fieldKindOf(metricFieldType(column));
    // A column of nulls fits any metric: it takes the kind the field has elsewhere, so every
    // model plans the metric alike, and its SQL is NULL (see sql).
    const typed = [...this.results, this.dataset].map((columns) => columns.get(field)).find((other) => other && metricFieldType(other) !== "null");
    return typed ? fieldKindOf(metricFieldType(typed)) : "numeric";
  }

  sql(model: number, field: string): string {
    const column = this.results[model].get(field) ?? this.dataset.get(field);
    if (column?.allNull) return "NULL";
    if (this.results[model].has(field)) return columnSql(`r${model}`, field);
    if (this.dataset.has(field)) return columnSql("d", field);
    throw new SlicewiseError("unknown_field", `field "${field}" is neither a result column nor a dataset column`);
  }

  datasetSql(field: string, where: string): string {
    if (!this.dataset.has(field))
      throw new SlicewiseError(
        "unknown_field",
        `${where} reads field "${field}", which is not a dataset column (test cases are slices of the dataset, the same for every model); the columns are ${listForMessage([...this.dataset.keys()])}`,
      );
    return columnSql("d", field);
  }

  datasetKind(field: string): FieldKind | undefined {
    const column = this.dataset.get(field);
    return column ? fieldKindOf(declaredFieldType(column.type)) : undefined;
  }
}
