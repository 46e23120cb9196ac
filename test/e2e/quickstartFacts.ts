// What the quickstart notebook should show, worked out here from the digits example itself (the same
// data, models and folds the kernel builds), so that a test compares a DOM figure with a count a
// person could check by hand.
import { DigitsExample, buildDigitsExample } from "../../examples/digits";

export const quickstartCells = {
  /** Cell sources to find each cell by. */
  metricsTable: "metricsTable(results)",
  chart: "comparisonChart(results",
  gallery: "sampleGallery(samples",
  dashboard: "dashboard({ results, samples })",
  slicer: "await sw.slicer(",
  report: "await report(sw",
};

export interface QuickstartFacts {
  example: DigitsExample;
  /** Images where knn is wrong and the reference (nearest-centroid) right: the gallery cell's filter. */
  knnWrongReferenceRight: number;
  /** The same among the images of digit 8. */
  knnWrongReferenceRightEights: number;
  eights: number;
}

/** A column's values by row (read one by one: a Bool column's typed array is bit-packed). */
function column(table: DigitsExample["dataset"], name: string): unknown[] {
  const vector = table.getChild(name);
  if (!vector) throw new Error(`the digits example has no column ${name}`);
  return Array.from({ length: vector.length }, (_, row) => vector.get(row));
}

export function quickstartFacts(): QuickstartFacts {
  const example = buildDigitsExample();
  const labels = column(example.dataset, "label");
  const knn = column(example.results.knn, "correct");
  const reference = column(example.results[example.reference], "correct");
  let knnWrongReferenceRight = 0;
  let knnWrongReferenceRightEights = 0;
  let eights = 0;
  for (let row = 0; row < labels.length; row++) {
    const disagree = !knn[row] && Boolean(reference[row]);
    if (disagree) knnWrongReferenceRight++;
    if (Number(labels[row]) === 8) {
      eights++;
      if (disagree) knnWrongReferenceRightEights++;
    }
  }
  return { example, knnWrongReferenceRight, knnWrongReferenceRightEights, eights };
}

/** "1,797" as the widgets write counts. */
export function formatCount(value: number): string {
  return value.toLocaleString("en-US");
}
