// What the quickstart notebook should show, worked out here from the digits example itself (the same
// data, models and folds the kernel builds), so that a test compares a DOM figure with a count a
// person could check by hand.
import { buildDetectionExample } from "../../examples/detection";
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
  /** The object-detection section (the scenes of real digits). */
  sceneTable: "metricsTable(sceneResults",
  sceneRecall: 'kind: "pr"',
  sceneConfusion: 'kind: "confusion"',
  sceneGallery: "sampleGallery(missed",
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

/** What the scenes' widgets should show, worked out from the detection example's own scenes and standard. */
export interface SceneFacts {
  models: string[];
  /** Rows of the scenes' metrics table: the whole dataset, each crowding, each smallest-object and overlap bucket holding a scene, each explicit test case. */
  testCaseRows: number;
  crowding: string[];
  explicitTestCases: string[];
  /** Digits of each label placed in the scenes: each column of a model's confusion matrix sums to it. */
  digitsPlaced: Record<string, number>;
  /** Each scene's ground-truth squares as [x_min, y_min, x_max, y_max], by image id. */
  boxes: number[][][];
}

/** How many of the buckets that `edges` make (below the first, between two, from the last) hold a value. */
export function bucketsHolding(values: ArrayLike<number>, edges: number[]): number {
  return new Set(Array.from(values, (value) => edges.filter((edge) => value >= edge).length)).size;
}

export function sceneFacts(): SceneFacts {
  const example = buildDetectionExample();
  const values = (name: string) => Array.from({ length: example.dataset.numRows }, (_, row) => example.dataset.getChild(name)!.get(row) as number);
  const edges = (field: string) => example.qualityStandard.stratifications.find((stratification) => stratification.field === field)!.buckets as number[];
  const crowding = [...new Set(values("crowding") as unknown as string[])];
  const explicitTestCases = (example.qualityStandard.test_cases ?? []).map((testCase) => testCase.name);
  const digitsPlaced: Record<string, number> = {};
  for (const scene of example.scenes) for (const placement of scene.placements) digitsPlaced[placement.label] = (digitsPlaced[placement.label] ?? 0) + 1;
  return {
    models: example.models,
    testCaseRows:
      1 +
      crowding.length +
      bucketsHolding(values("min_size"), edges("min_size")) +
      bucketsHolding(values("max_overlap"), edges("max_overlap")) +
      explicitTestCases.length,
    crowding,
    explicitTestCases,
    digitsPlaced,
    boxes: example.scenes.map((scene) =>
      scene.placements.map((placement) => [placement.x, placement.y, placement.x + placement.size, placement.y + placement.size]),
    ),
  };
}

/** A list of boxes in one order, to compare as sets. */
export function sortedBoxes(boxes: number[][]): string {
  return JSON.stringify([...boxes].sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || a[3] - b[3]));
}

/** Each model's confusion matrix, as column (ground-truth class) sums, read from the drawn cells (`data-truth`, `data-count`). */
export interface ConfusionCell {
  model: string;
  truth: string;
  count: number;
}

export function columnSums(cells: ConfusionCell[]): Record<string, Record<string, number>> {
  const sums: Record<string, Record<string, number>> = {};
  for (const cell of cells) {
    sums[cell.model] ??= {};
    sums[cell.model][cell.truth] = (sums[cell.model][cell.truth] ?? 0) + cell.count;
  }
  return sums;
}
