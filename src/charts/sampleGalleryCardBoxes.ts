// Each card's boxes read and matched once: per row its ground truth (drawn, counted, and read for
// matching), and per (row, model) the model's boxes above the score threshold and their matching to
// the ground truth, which the card's picture (model A's boxes, by outcome) and its lines (every
// model's TP · FP · FN) both show. Kept while the samples and the threshold stay, so scrolling back,
// or a card drawn again, does not read or match again. Box lists are read column-wise (columnBoxes).
import { Vector } from "apache-arrow";
import { columnBoxes } from "./sampleGalleryBoxColumn";
import { ImageMatch, matchImage, MatchTruth, readTruth, SampleBox } from "./sampleGalleryBoxes";
import { SamplesData } from "./samplesData";

export interface CardPrediction {
  boxes: SampleBox[];
  /** Null without ground truth to match, or when it cannot be read as boxes. */
  match: ImageMatch | null;
}

export interface CardTruth {
  /** The boxes drawn and counted. */
  boxes: SampleBox[];
  /** The same cell read for matching; null when it cannot be (a malformed box), so nothing is matched. */
  match: MatchTruth | null;
}

/** Cards' boxes, at most `limit` entries of each kind (then it starts afresh: a card costs under a millisecond to redo). */
export class CardBoxes {
  private readonly entries = new Map<string, CardPrediction>();
  private readonly truths = new Map<string, CardTruth>();
  private data: SamplesData | null = null;
  private threshold = NaN;
  private truthColumn: string | null = null;

  constructor(private readonly limit = 3000) {}

  /** The `truthColumn` boxes of `row`. */
  truth(data: SamplesData, truthColumn: string, row: number): CardTruth {
    this.follow(data);
    const key = `${row}\u0000${truthColumn}`;
    let entry = this.truths.get(key);
    if (entry) return entry;
    const column = data.table.getChild(truthColumn);
    const cell = column?.get(row) ?? null;
    entry = { boxes: column ? columnBoxes(column as Vector, row) : [], match: readTruth(cell) };
    if (this.truths.size >= this.limit) this.truths.clear();
    this.truths.set(key, entry);
    return entry;
  }

  /** Model `model`'s prediction on `row`, with the boxes scoring at least `threshold`, matched to the `truthColumn` boxes. */
  prediction(data: SamplesData, truthColumn: string | null, threshold: number, row: number, model: string): CardPrediction {
    this.follow(data);
    if (threshold !== this.threshold || truthColumn !== this.truthColumn) {
      this.entries.clear();
      this.threshold = threshold;
      this.truthColumn = truthColumn;
    }
    const key = `${row}\u0000${model}`;
    let entry = this.entries.get(key);
    if (entry) return entry;
    const column = data.models.find((candidate) => candidate.name === model)?.prediction;
    const boxes = column ? columnBoxes(column, row, threshold) : [];
    const truth = truthColumn ? this.truth(data, truthColumn, row).match : null;
    entry = { boxes, match: truth ? matchImage(truth, boxes) : null };
    if (this.entries.size >= this.limit) this.entries.clear();
    this.entries.set(key, entry);
    return entry;
  }

  clear(): void {
    this.entries.clear();
    this.truths.clear();
    this.data = null;
  }

  /** Forgets what was read from other samples. */
  private follow(data: SamplesData): void {
    if (data === this.data) return;
    this.truths.clear();
    this.entries.clear();
    this.data = data;
  }
}
