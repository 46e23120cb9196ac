// One row's boxes read straight from a list<struct> column's child arrays, the score threshold applied
// before a box is made: a card reads the ~15 boxes it shows of a detector's 100 without turning every
// Arrow struct row into an object (toJSON), which was a third of the gallery's script while scrolling.
// Any other column (JSON text, a list of another shape) goes through parseBoxes, with the same result.
import { Data, DataType, makeVector, Vector } from "apache-arrow";
import { confidentBoxes, parseBoxes, SampleBox } from "./sampleGalleryBoxes";

/** A struct field's values: the typed array when it holds plain numbers, else the field as a vector. */
interface FieldReader {
  data: Data;
  values: ArrayLike<number> | null;
  vector: Vector;
}

/** A list<struct> chunk's parts; `corners` as parseBoxes decides it (x_min/x_max present, else x, y, w, h). */
interface ChunkReader {
  list: Data;
  offsets: Int32Array;
  struct: Data;
  corners: boolean;
  coordinates: [FieldReader, FieldReader, FieldReader, FieldReader] | null;
  label: FieldReader | null;
  score: FieldReader | null;
}

const chunkReaders = new WeakMap<Data, ChunkReader | null>();
const chunkStarts = new WeakMap<Vector, Int32Array>();

function fieldReader(data: Data): FieldReader {
  const type = data.type;
  // Half floats are stored as 16-bit integers and 64-bit integers as bigints: those go through the vector.
  const plain = (DataType.isFloat(type) && type.precision !== 0) || (DataType.isInt(type) && type.bitWidth <= 32);
  return { data, values: plain ? (data.values as ArrayLike<number>) : null, vector: makeVector(data) };
}

function chunkReader(list: Data): ChunkReader | null {
  if (chunkReaders.has(list)) return chunkReaders.get(list)!;
  let reader: ChunkReader | null = null;
  const struct = list.children[0];
  if (DataType.isList(list.type) && struct && DataType.isStruct(struct.type)) {
    const fields = new Map(struct.type.children.map((field, index) => [field.name, struct.children[index]]));
    const corners = fields.has("x_min") || fields.has("x_max");
    const names = corners ? ["x_min", "y_min", "x_max", "y_max"] : ["x", "y", "w", "h"];
    const found = names.map((name) => fields.get(name));
    const label = fields.get("label");
    const score = fields.get("score");
    reader = {
      list,
      offsets: list.valueOffsets as Int32Array,
      struct,
      corners,
      coordinates: found.every(Boolean) ? (found.map((data) => fieldReader(data!)) as ChunkReader["coordinates"]) : null,
      label: label ? fieldReader(label) : null,
      score: score ? fieldReader(score) : null,
    };
  }
  chunkReaders.set(list, reader);
  return reader;
}

/** A finite number from a field at index `at`, or null (a null, NaN, a value that is no number). */
function numberAt(field: FieldReader, at: number): number | null {
  if (field.data.nullCount > 0 && !field.data.getValid(at)) return null;
  const raw: unknown = field.values ? field.values[at] : field.vector.get(at);
  const value = typeof raw === "bigint" ? Number(raw) : typeof raw === "number" ? raw : typeof raw === "string" && raw.trim() !== "" ? Number(raw) : NaN;
  return Number.isFinite(value) ? value : null;
}

/** The chunk holding `row`, and the row's index inside it. */
function locate(column: Vector, row: number): [Data, number] {
  const chunks = column.data;
  if (chunks.length === 1) return [chunks[0], row];
  let starts = chunkStarts.get(column);
  if (!starts) {
    starts = new Int32Array(chunks.length + 1);
    chunks.forEach((chunk, index) => (starts![index + 1] = starts![index] + chunk.length));
    chunkStarts.set(column, starts);
  }
  let index = 0;
  while (starts[index + 1] <= row) index++;
  return [chunks[index], row - starts[index]];
}

/**
 * Row `row`'s boxes as parseBoxes reads them (entries without four finite coordinates, or with a
 * negative size, skipped), keeping only those scoring at least `threshold` and those without a score.
 */
export function columnBoxes(column: Vector, row: number, threshold = -Infinity): SampleBox[] {
  const [chunk, index] = locate(column, row);
  const reader = chunkReader(chunk);
  if (!reader) return confidentBoxes(parseBoxes(column.get(row)), threshold);
  if (chunk.nullCount > 0 && !chunk.getValid(index)) return [];
  const { coordinates, corners, label, score, struct } = reader;
  if (!coordinates) return [];
  const boxes: SampleBox[] = [];
  for (let at = reader.offsets[index], end = reader.offsets[index + 1]; at < end; at++) {
    if (struct.nullCount > 0 && !struct.getValid(at)) continue;
    const confidence = score ? numberAt(score, at) : null;
    if (confidence !== null && confidence < threshold) continue;
    const x = numberAt(coordinates[0], at);
    const y = numberAt(coordinates[1], at);
    const third = numberAt(coordinates[2], at);
    const fourth = numberAt(coordinates[3], at);
    if (x === null || y === null || third === null || fourth === null) continue;
    const w = corners ? third - x : third;
    const h = corners ? fourth - y : fourth;
    if (w < 0 || h < 0) continue;
    const name = label && !(label.data.nullCount > 0 && !label.data.getValid(at)) ? label.vector.get(at) : null;
    boxes.push({ x, y, w, h, label: name === null || name === undefined ? null : String(name), score: confidence });
  }
  return boxes;
}
