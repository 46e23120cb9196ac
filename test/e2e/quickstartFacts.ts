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
  discovery: "await sw.discoverSlices(",
  subclass: "sampleGallery(subclass",
  embeddingMap: "await sw.embeddingMap(",
  report: "await report(sw",
};

/** What the discovery cell prints of its first candidate (Deno's inspect of the cell's object). */
export interface DiscoveryShown {
  digit: number;
  model: string;
  images: number;
  accuracyThere: string;
  q: number;
}

export function readDiscoveryOutput(text: string): DiscoveryShown {
  const field = (pattern: RegExp) => {
    const match = pattern.exec(text);
    if (!match) throw new Error(`the discovery cell's output has no ${pattern}: ${text}`);
    return match[1];
  };
  return {
    digit: Number(field(/first: "label (\d+), cluster \d+ of \d+"/)),
    model: field(/model: "([^"]+)"/),
    images: Number(field(/images: (\d+)/)),
    accuracyThere: field(/accuracyThere: "([\d.]+)"/),
    q: Number(field(/q: "([\d.e+-]+)"/)),
  };
}

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

/** How many of `ids` (image ids, which are row numbers of the digits) `model` gets right, and how many it gets wrong in all. */
export function modelCorrectness(example: DigitsExample, model: string, ids: number[]): { rightAmong: number; wrong: number } {
  const correct = column(example.results[model], "correct");
  return { rightAmong: ids.filter((id) => Boolean(correct[id])).length, wrong: correct.filter((value) => !value).length };
}

/** "1,797" as the widgets write counts. */
export function formatCount(value: number): string {
  return value.toLocaleString("en-US");
}
