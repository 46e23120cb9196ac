// The sample gallery's options and the one place their defaults are inferred from a samples table.
import { DataType, Table } from "apache-arrow";
import { DisagreementMode, inferIdFields, inferModels, isSortable, SampleSort, splitModelColumn } from "./samplesData";
import { MediaKind } from "./sampleGalleryMedia";
import { holdsBoxes } from "./sampleGalleryBoxes";

export interface SampleGalleryTestCase {
  stratification: string;
  testCase: string;
  /** The test case's rows in this table; without them, a column named like the stratification is matched by value. */
  rows?: Int32Array | number[] | null;
}

export interface SampleGalleryFilter {
  testCase?: SampleGalleryTestCase | null;
  disagreement?: DisagreementMode;
  modelA?: string | null;
  modelB?: string | null;
  /** Keep the samples whose `name` equals `value` (a stratification's value, say). */
  field?: { name: string; value: unknown } | null;
}

export interface SampleGalleryOptions {
  idFields?: string[];
  groundTruth?: string | null;
  models?: string[];
  /** Per-model field holding the prediction (`<model>.pred`). */
  prediction?: string;
  /** Per-model boolean field (`<model>.correct`); derived from prediction == ground truth when absent. */
  correct?: string;
  media?: string | null;
  boxes?: string | null;
  /** Predicted boxes scoring below this are neither drawn nor counted on the cards (default 0.5). */
  scoreThreshold?: number;
  filter?: SampleGalleryFilter;
  sortBy?: { field: string; direction?: "ascending" | "descending" | "asc" | "desc" } | null;
  /** Card width in pixels. */
  cardSize?: number;
  /** Height of the scrolling viewport in pixels. */
  height?: number;
  /** Width in pixels used while the element has no layout (clientWidth 0, as under jsdom or before attach). */
  width?: number;
  /** A card was opened (clicked, or stepped to in its detail); `idFields` are the fields its id is read from. */
  onOpen?: (rowIndex: number, idFields: string[]) => void;
  /** The person cleared the test-case filter (the chip's ×); linked views should follow. */
  onClearTestCase?: () => void;
  /**
   * Saving samples as a test case: with it, cards can be chosen (Space, Ctrl+click, the tick box)
   * and the toolbar offers "Save … as a test case", which calls it with the chosen rows (`chosen`)
   * or, when none is chosen, every row shown. The caller asks for a name and saves.
   */
  onSave?: (rows: Int32Array, idFields: string[], chosen: boolean) => void;
  /** Schedules a render (default requestAnimationFrame); tests pass one that runs the callback at once. */
  requestFrame?: (callback: () => void) => void;
}

export interface ResolvedSampleGalleryOptions {
  idFields: string[];
  groundTruth: string | null;
  models: string[];
  prediction: string;
  correct: string;
  media: { column: string; kind: MediaKind } | null;
  boxes: string | null;
  /** The models' predictions are lists of boxes (object detection): drawn over the image, counted on the card. */
  predictedBoxes: boolean;
  scoreThreshold: number;
  testCase: SampleGalleryTestCase | null;
  field: { name: string; value: unknown } | null;
  disagreement: DisagreementMode;
  modelA: string | null;
  modelB: string | null;
  sortBy: SampleSort | null;
  cardSize: number;
  height: number;
  width: number;
  onOpen: ((rowIndex: number, idFields: string[]) => void) | null;
  onClearTestCase: (() => void) | null;
  onSave: ((rows: Int32Array, idFields: string[], chosen: boolean) => void) | null;
  requestFrame: ((callback: () => void) => void) | null;
  /** Options that name what the table does not have, each a sentence saying what to do. */
  problems: string[];
}

export const defaultCardSize = 132;
export const defaultHeight = 520;
export const defaultWidth = 800;
const disagreementModes: DisagreementMode[] = ["none", "a-right-b-wrong", "a-wrong-b-right"];

function isBinaryType(type: DataType): boolean {
  return DataType.isBinary(type) || DataType.isLargeBinary(type) || DataType.isBinaryView(type) || DataType.isFixedSizeBinary(type);
}

function isTextType(type: DataType): boolean {
  return DataType.isUtf8(type) || DataType.isLargeUtf8(type) || DataType.isUtf8View(type) || DataType.isDictionary(type);
}

function mediaKind(table: Table, column: string): MediaKind {
  const type = table.schema.fields.find((field) => field.name === column)!.type;
  if (isBinaryType(type)) return "binary";
  return isTextType(type) && column !== "text" ? "locator" : "text";
}

function quoted(names: readonly string[]): string {
  if (names.length === 0) return "none";
  const shown = names.slice(0, 12).map((name) => `"${name}"`);
  return names.length > 12 ? `${shown.join(", ")} and ${names.length - 12} more` : shown.join(", ");
}

function positive(value: number | undefined, fallback: number): number {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : fallback;
}

/** A detector's boxes below this score are clutter on a card: most detectors keep many weak ones. */
const defaultScoreThreshold = 0.5;

/** Whether a column's first cells that say either way hold lists of boxes (see holdsBoxes). */
function columnHoldsBoxes(table: Table, name: string): boolean {
  const column = table.getChild(name);
  if (!column) return false;
  for (let row = 0; row < Math.min(column.length, 200); row++) {
    const verdict = holdsBoxes(column.get(row));
    if (verdict !== null) return verdict;
  }
  return false;
}

export function applySampleGalleryDefaults(table: Table, options: SampleGalleryOptions): ResolvedSampleGalleryOptions {
  const columns = table.schema.fields.map((field) => field.name);
  const has = (name: string) => columns.includes(name);
  const problems: string[] = [];
  const prediction = options.prediction ?? "pred";
  const correct = options.correct ?? "correct";

  const inferredModels = inferModels(columns, prediction, correct);
  const models = options.models ?? inferredModels;
  for (const model of models)
    if (!columns.some((name) => splitModelColumn(name)?.model === model))
      problems.push(`The table has no columns for model "${model}"; its models are ${quoted(inferredModels)}.`);

  const datasetColumns = columns.filter((name) => {
    const split = splitModelColumn(name);
    return !split || !inferredModels.includes(split.model);
  });
  const idFields = options.idFields ?? inferIdFields(datasetColumns);
  for (const field of idFields) if (!has(field)) problems.push(`The id field "${field}" is not a column; the columns are ${quoted(columns)}.`);

  let groundTruth: string | null = null;
  if (options.groundTruth) {
    if (has(options.groundTruth)) groundTruth = options.groundTruth;
    else problems.push(`The ground-truth field "${options.groundTruth}" is not a column; the dataset's columns are ${quoted(datasetColumns)}.`);
  } else if (options.groundTruth === undefined && has("label")) groundTruth = "label";

  let media: ResolvedSampleGalleryOptions["media"] = null;
  if (options.media) {
    if (has(options.media)) media = { column: options.media, kind: mediaKind(table, options.media) };
    else problems.push(`The media column "${options.media}" is not in the table; the columns are ${quoted(columns)}.`);
  } else if (options.media === undefined) {
    const binary = table.schema.fields.find((field) => datasetColumns.includes(field.name) && isBinaryType(field.type))?.name;
    const column = ["thumbnail", binary, "locator", "text"].find((name): name is string => name !== undefined && has(name));
    if (column) media = { column, kind: mediaKind(table, column) };
  }

  let boxes: string | null = null;
  if (options.boxes) {
    if (has(options.boxes)) boxes = options.boxes;
    else problems.push(`The boxes column "${options.boxes}" is not in the table; the columns are ${quoted(columns)}.`);
  } else if (options.boxes === undefined) {
    // An object-detection dataset: its ground-truth boxes, "gt" first.
    boxes = ["gt", ...datasetColumns].find((name) => has(name) && columnHoldsBoxes(table, name)) ?? null;
  }
  if (boxes && options.groundTruth === undefined && groundTruth === null) groundTruth = boxes;
  const predictedBoxes = models.some((model) => columnHoldsBoxes(table, `${model}.${prediction}`));

  const filter = options.filter ?? {};
  const disagreement = filter.disagreement ?? "none";
  if (!disagreementModes.includes(disagreement)) problems.push(`The disagreement filter "${disagreement}" is not one of ${quoted(disagreementModes)}.`);
  const modelA = filter.modelA ?? models[0] ?? null;
  const modelB = filter.modelB ?? models.find((model) => model !== modelA) ?? null;
  for (const model of [filter.modelA, filter.modelB])
    if (model && !models.includes(model)) problems.push(`Model "${model}" has no results in this table; its models are ${quoted(models)}.`);

  const field = filter.field ?? null;
  if (field && !has(field.name)) problems.push(`Cannot filter on "${field.name}": it is not a column; the columns are ${quoted(columns)}.`);

  let sortBy: SampleSort | null = null;
  if (options.sortBy) {
    const type = table.schema.fields.find((candidate) => candidate.name === options.sortBy!.field)?.type;
    const sortable = table.schema.fields.filter((candidate) => isSortable(candidate.type)).map((candidate) => candidate.name);
    if (!type) problems.push(`Cannot sort by "${options.sortBy.field}": it is not a column; sortable columns are ${quoted(sortable)}.`);
    else if (!isSortable(type)) problems.push(`Cannot sort by "${options.sortBy.field}" (${type}); sortable columns are ${quoted(sortable)}.`);
    else {
      const direction = options.sortBy.direction === "descending" || options.sortBy.direction === "desc" ? "descending" : "ascending";
      sortBy = { field: options.sortBy.field, direction };
    }
  }

  return {
    idFields,
    groundTruth,
    models,
    prediction,
    correct,
    media,
    boxes,
    predictedBoxes,
    scoreThreshold: Number.isFinite(options.scoreThreshold) ? options.scoreThreshold! : defaultScoreThreshold,
    testCase: filter.testCase ?? null,
    field,
    disagreement,
    modelA,
    modelB,
    sortBy,
    cardSize: Math.max(48, positive(options.cardSize, defaultCardSize)),
    height: positive(options.height, defaultHeight),
    width: positive(options.width, defaultWidth),
    onOpen: options.onOpen ?? null,
    onClearTestCase: options.onClearTestCase ?? null,
    onSave: options.onSave ?? null,
    requestFrame: options.requestFrame ?? null,
    problems,
  };
}
