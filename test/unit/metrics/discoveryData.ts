// Seeded synthetic embeddings for the discovery tests and bench: Gaussian blobs per class, an
// optional hidden subclass in a region of its own, and a model's 0/1 errors.
import { createRandom } from "../../../src/metrics/random";

export interface PlantedData {
  embeddings: Float64Array;
  dimension: number;
  classes: Int32Array;
  classNames: string[];
  errors: Float64Array;
  /** Rows of the planted subclass (empty when nothing is planted). */
  planted: Int32Array;
}

/**
 * `classes` classes of `perClass` rows in `dimension` dimensions: class c's rows scatter around a
 * random centre (N(0, 3²) per coordinate) with N(0, 1) noise. With `subclassShare`, that share of
 * class `subclassOf` sits around the class centre moved by a random offset (N(0, 3²) per
 * coordinate). A row is wrong with probability `subclassError` in the subclass, `error` elsewhere.
 */
export function plantedData(options: {
  seed: number;
  classes: number;
  perClass: number;
  dimension: number;
  subclassShare?: number;
  subclassOf?: number;
  error: number;
  subclassError?: number;
}): PlantedData {
  const random = createRandom(options.seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const { dimension, perClass } = options;
  const rows = options.classes * perClass;
  const embeddings = new Float64Array(rows * dimension);
  const classes = new Int32Array(rows);
  const errors = new Float64Array(rows);
  const planted: number[] = [];
  const subclassRows = Math.round((options.subclassShare ?? 0) * perClass);
  for (let label = 0; label < options.classes; label++) {
    const centre = Float64Array.from({ length: dimension }, () => 3 * normal());
    const offset = Float64Array.from({ length: dimension }, () => 3 * normal());
    for (let index = 0; index < perClass; index++) {
      const row = label * perClass + index;
      const inSubclass = label === (options.subclassOf ?? 0) && index < subclassRows;
      classes[row] = label;
      for (let column = 0; column < dimension; column++) embeddings[row * dimension + column] = centre[column] + (inSubclass ? offset[column] : 0) + normal();
      if (inSubclass) planted.push(row);
      errors[row] = random() < (inSubclass ? options.subclassError! : options.error) ? 1 : 0;
    }
  }
  return {
    embeddings,
    dimension,
    classes,
    classNames: Array.from({ length: options.classes }, (_, label) => String(label)),
    errors,
    planted: Int32Array.from(planted),
  };
}
