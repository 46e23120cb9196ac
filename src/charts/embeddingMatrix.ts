// An embedding column of an Arrow table (FixedSizeList or List of numbers) as one rows × dimension
// Float32Array, read from the chunks' buffers: "more like this" needs it flat.
import { Data, Type, Vector } from "apache-arrow";

/** The matrix, or null when the column is missing, not a list of numbers, or its rows differ in length. */
export function embeddingMatrix(vector: Vector | null | undefined): { values: Float32Array; dimension: number } | null {
  if (!vector || vector.length === 0) return null;
  const type = vector.type;
  const chunks = vector.data as Data[];
  if (type.typeId === Type.FixedSizeList) {
    const dimension = (type as unknown as { listSize: number }).listSize;
    const values = new Float32Array(vector.length * dimension);
    let row = 0;
    for (const chunk of chunks) {
      const child = chunk.children[0];
      if (chunk.offset === 0 && child.values)
        values.set((child.values as Float32Array).subarray(child.offset, child.offset + chunk.length * dimension), row * dimension);
      // A sliced chunk: row by row, through the vector's own accessor.
      else for (let index = 0; index < chunk.length; index++) values.set(Array.from(vector.get(row + index) as Iterable<number>), (row + index) * dimension);
      row += chunk.length;
    }
    return { values, dimension };
  }
  if (type.typeId === Type.List) {
    let dimension = -1;
    const parts: { source: ArrayLike<number>; offsets: Int32Array; offset: number; length: number; childOffset: number }[] = [];
    for (const chunk of chunks) {
      const offsets = chunk.valueOffsets as Int32Array;
      for (let index = 0; index < chunk.length; index++) {
        const length = offsets[chunk.offset + index + 1] - offsets[chunk.offset + index];
        if (dimension < 0) dimension = length;
        else if (length !== dimension) return null;
      }
      parts.push({
        source: chunk.children[0].values as ArrayLike<number>,
        offsets,
        offset: chunk.offset,
        length: chunk.length,
        childOffset: chunk.children[0].offset,
      });
    }
    if (dimension <= 0) return null;
    const values = new Float32Array(vector.length * dimension);
    let row = 0;
    for (const part of parts)
      for (let index = 0; index < part.length; index++, row++) {
        const from = part.offsets[part.offset + index] + part.childOffset;
        for (let column = 0; column < dimension; column++) values[row * dimension + column] = part.source[from + column];
      }
    return { values, dimension };
  }
  return null;
}
