// Platform.extractProperties: reads a dataset's current commit, computes every row's image, text and
// box properties (src/metrics/properties), and commits the same rows plus `property.<name>` columns.
import { DuckDBBlobValue } from "@duckdb/node-api";
import { Data, Field, Float64, Int32, Int64, RecordBatch, Schema, Struct, makeData } from "apache-arrow";
import { SlicewiseError, listForMessage, propertyPrefix } from "../../core";
import { boxPropertyNames, boxProperties, imagePropertyNames, imageProperties, textPropertyNames, textProperties } from "../../metrics";
import { appendArrowBatches, createTableSql } from "../store/appendArrow";
import { ColumnInfo, newTableName, tableColumns } from "../store/catalog";
import { Database, quoteIdentifier } from "../store/database";
import { ProgressListener } from "../store/loadSource";
import { addDatasetCommit, requireDataset } from "../uploads";
import { decodeImage, readLocator } from "./decodeImage";

/** Which columns to measure: any of them, at least one. */
export interface PropertyColumns {
  /** PNG/JPEG bytes (BLOB), or a local file path (VARCHAR). */
  image?: string;
  text?: string;
  /** Boxes as docs/detection.md stores them; areas and distances need `image` for the image's size. */
  boxes?: string;
}

export interface PropertiesSummary {
  dataset: string;
  commit: number;
  rows: number;
  id_fields: string[];
  /** The columns written, e.g. `property.brightness`. */
  columns: string[];
  /** Images that could not be read or decoded: their properties are null. */
  bad_images: number;
  /** The first ten of them, by id (id fields joined with "/"), with the reason. */
  bad_image_examples: { id: string; reason: string }[];
}

const integerProperties = new Set(["width", "height", "object_count", "characters", "words", "sentences"]);
const shownBadImages = 10;
const idColumn = "__slicewise_id";
const rowColumn = "__slicewise_row";

/** One property column being filled: a value and a validity byte per row. */
interface PropertyColumn {
  name: string;
  values: Float64Array | Int32Array;
  valid: Uint8Array;
}

export async function extractProperties(
  database: Database,
  dataset: string,
  columns: PropertyColumns,
  options: { onProgress?: ProgressListener } = {},
): Promise<PropertiesSummary> {
  return database.transaction(async (connection) => {
    const entry = await requireDataset(connection, dataset);
    const existing = await tableColumns(connection, entry.tableName);
    checkColumns(dataset, columns, existing);
    const names = [...(columns.image ? imagePropertyNames : []), ...(columns.text ? textPropertyNames : []), ...(columns.boxes ? boxPropertyNames : [])];
    const rows = entry.rowCount;
    const output: PropertyColumn[] = names.map((name) => ({
      name,
      values: integerProperties.has(name) ? new Int32Array(rows) : new Float64Array(rows),
      valid: new Uint8Array(rows),
    }));
    const byName = new Map(output.map((column) => [column.name, column]));
    const set = (name: string, row: number, value: number | null) => {
      if (value === null || !Number.isFinite(value)) return;
      const column = byName.get(name)!;
      column.values[row] = value;
      column.valid[row] = 1;
    };

    const bad: { id: string; reason: string }[] = [];
    let badCount = 0;
    const ids = entry.idFields.map((field) => `${quoteIdentifier(field)}::VARCHAR`).join(", '/', ");
    const selected = [`concat(${ids}) AS ${idColumn}`, `rowid AS ${rowColumn}`];
    const imageSql = columns.image ? `${quoteIdentifier(columns.image)} AS image` : "";
    const textSql = columns.text ? `${quoteIdentifier(columns.text)} AS text` : "";
    const boxesSql = columns.boxes ? `to_json(${quoteIdentifier(columns.boxes)})::VARCHAR AS boxes` : "";
    for (const sql of [imageSql, textSql, boxesSql]) if (sql) selected.push(sql);
    const result = await connection.stream(`SELECT ${selected.join(", ")} FROM ${quoteIdentifier(entry.tableName)} ORDER BY rowid`);
    // Properties join back on rowid: the stream's order is kept, whatever gaps the row ids have.
    const rowIndex = new BigInt64Array(rows);
    let row = 0;
    for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
      const values = chunk.getColumns();
      const rowIds = values[1];
      const images = columns.image ? values[selected.indexOf(imageSql)] : null;
      const texts = columns.text ? values[selected.indexOf(textSql)] : null;
      const boxes = columns.boxes ? values[selected.indexOf(boxesSql)] : null;
      for (let index = 0; index < chunk.rowCount; index++, row++) {
        rowIndex[row] = rowIds[index] as bigint;
        let size: { width: number; height: number } | null = null;
        const image = images?.[index];
        if (image !== null && image !== undefined) {
          try {
            const pixels = decodeImage(image instanceof DuckDBBlobValue ? image.bytes : await readLocator(String(image)));
            const properties = imageProperties(pixels);
            for (const name of imagePropertyNames) set(name, row, properties[name]);
            size = pixels;
          } catch (error) {
            badCount += 1;
            if (bad.length < shownBadImages) bad.push({ id: String(values[0][index]), reason: error instanceof Error ? error.message : String(error) });
          }
        }
        const text = texts?.[index];
        if (typeof text === "string") {
          const properties = textProperties(text);
          for (const name of textPropertyNames) set(name, row, properties[name]);
        }
        const boxList = boxes?.[index];
        if (typeof boxList === "string") {
          const properties = boxProperties(boxArrays(JSON.parse(boxList) as BoxJson[]), size);
          for (const name of boxPropertyNames) set(name, row, properties[name]);
        }
      }
      options.onProgress?.({ done: row, total: rows, unit: "rows" });
    }

    const propertiesTable = await newTableName(connection);
    const batch = propertiesBatch(rowIndex, output);
    await connection.run(createTableSql(propertiesTable, batch.schema));
    await appendArrowBatches(connection, propertiesTable, batch.schema, [batch]);
    const written = names.map((name) => propertyPrefix + name);
    const replaced = existing.filter((column) => written.includes(column.name)).map((column) => quoteIdentifier(column.name));
    const tableName = await newTableName(connection);
    const kept = replaced.length > 0 ? `t.* EXCLUDE (${replaced.join(", ")})` : "t.*";
    await connection.run(
      `CREATE TABLE ${quoteIdentifier(tableName)} AS
         SELECT ${kept}, p.* EXCLUDE (${rowColumn})
           FROM ${quoteIdentifier(entry.tableName)} t JOIN ${quoteIdentifier(propertiesTable)} p ON p.${rowColumn} = t.rowid
          ORDER BY t.rowid`,
    );
    await connection.run(`DROP TABLE ${quoteIdentifier(propertiesTable)}`);
    const commit = await addDatasetCommit(connection, dataset, tableName, rows);
    return { dataset, commit, rows, id_fields: entry.idFields, columns: written, bad_images: badCount, bad_image_examples: bad };
  });
}

function checkColumns(dataset: string, columns: PropertyColumns, existing: ColumnInfo[]): void {
  const requested = (["image", "text", "boxes"] as const).filter((role) => columns[role] !== undefined && columns[role] !== "");
  if (requested.length === 0) throw new SlicewiseError("bad_request", "name at least one column to measure: image, text or boxes");
  const types = new Map(existing.map((column) => [column.name, column.type]));
  for (const role of requested) {
    const name = columns[role]!;
    const type = types.get(name);
    if (type === undefined)
      throw new SlicewiseError("unknown_field", `there is no column "${name}" in dataset "${dataset}"; its columns are ${listForMessage([...types.keys()])}`);
    const fits = role === "image" ? type === "BLOB" || type === "VARCHAR" : role === "text" ? type === "VARCHAR" : /^STRUCT\(.*\)\[\]$/s.test(type);
    const wanted = {
      image: "PNG/JPEG bytes (BLOB) or local file paths (VARCHAR)",
      text: "text (VARCHAR)",
      boxes: "boxes (a list of {x_min, y_min, x_max, y_max, label, …}; see docs/detection.md)",
    }[role];
    if (!fits) throw new SlicewiseError("bad_request", `column "${name}" of dataset "${dataset}" is ${type}, but ${role} properties need ${wanted}`);
  }
}

interface BoxJson {
  x_min: number;
  y_min: number;
  x_max: number;
  y_max: number;
  ignore?: boolean | null;
}

function boxArrays(boxes: BoxJson[] | null) {
  const list = boxes ?? [];
  return {
    xMin: list.map((box) => box.x_min),
    yMin: list.map((box) => box.y_min),
    xMax: list.map((box) => box.x_max),
    yMax: list.map((box) => box.y_max),
    ignore: list.map((box) => (box.ignore ? 1 : 0)),
  };
}

/** One Arrow batch: the row index the properties join on, then a nullable column per property. */
function propertiesBatch(rowIndex: BigInt64Array, output: PropertyColumn[]): RecordBatch {
  const rows = rowIndex.length;
  const fields: Field[] = [new Field(rowColumn, new Int64(), false)];
  const children: Data[] = [makeData({ type: new Int64(), length: rows, data: rowIndex })];
  for (const column of output) {
    const type = column.values instanceof Int32Array ? new Int32() : new Float64();
    fields.push(new Field(propertyPrefix + column.name, type, true));
    const { bitmap, nulls } = validityBitmap(column.valid);
    children.push(makeData({ type, length: rows, data: column.values, nullBitmap: bitmap, nullCount: nulls } as Parameters<typeof makeData>[0]));
  }
  const schema = new Schema(fields);
  return new RecordBatch(schema, makeData({ type: new Struct(fields), length: rows, children, nullCount: 0 }));
}

function validityBitmap(valid: Uint8Array): { bitmap: Uint8Array; nulls: number } {
  const bitmap = new Uint8Array(Math.ceil(valid.length / 8));
  let nulls = 0;
  for (let row = 0; row < valid.length; row++) {
    if (valid[row]) bitmap[row >> 3] |= 1 << (row & 7);
    else nulls += 1;
  }
  return { bitmap, nulls };
}
