// Each card's boxes read and matched once: per (row, model) the model's boxes above the score
// threshold and their matching to the ground truth, which the card's picture (model A's boxes, by
// outcome) and its lines (every model's TP · FP · FN) both show. Kept while the samples and the
// threshold stay, so scrolling back, or a card drawn again, does not parse or match again.
import { confidentBoxes, ImageMatch, matchImage, parseBoxes, SampleBox } from "./sampleGalleryBoxes";
import { SamplesData } from "./samplesData";

export interface CardPrediction {
  boxes: SampleBox[];
  /** Null without ground truth to match, or when it cannot be read as boxes. */
  match: ImageMatch | null;
}

/** Cards' matched predictions, at most `limit` of them (then it starts afresh: a card costs under a millisecond to redo). */
export class CardBoxes {
  private readonly entries = new Map<string, CardPrediction>();
  private data: SamplesData | null = null;
  private threshold = NaN;
  private truthColumn: string | null = null;

  constructor(private readonly limit = 3000) {}

  /** Model `model`'s prediction on `row`, with the boxes scoring at least `threshold`, matched to the `truthColumn` boxes. */
  prediction(data: SamplesData, truthColumn: string | null, threshold: number, row: number, model: string): CardPrediction {
    if (data !== this.data || threshold !== this.threshold || truthColumn !== this.truthColumn) {
      this.entries.clear();
      this.data = data;
      this.threshold = threshold;
      this.truthColumn = truthColumn;
    }
    const key = `${row}\u0000${model}`;
    let entry = this.entries.get(key);
    if (entry) return entry;
    const column = data.models.find((candidate) => candidate.name === model)?.prediction;
    const boxes = column ? confidentBoxes(parseBoxes(column.get(row)), threshold) : [];
    const truth = truthColumn ? (data.table.getChild(truthColumn)?.get(row) ?? null) : null;
    entry = { boxes, match: truthColumn ? matchImage(truth, boxes) : null };
    if (this.entries.size >= this.limit) this.entries.clear();
    this.entries.set(key, entry);
    return entry;
  }

  clear(): void {
    this.entries.clear();
    this.data = null;
  }
}
