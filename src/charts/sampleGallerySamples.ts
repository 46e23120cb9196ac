// The samples the gallery reads from its table, read again only when the table, or an option that
// shapes what is read (ids, ground truth, models, prediction, correct, media, boxes), changes.
import { Table } from "apache-arrow";
import type { ResolvedSampleGalleryOptions } from "./sampleGalleryOptions";
import { readSamples, SamplesData } from "./samplesData";

/** What a read changed: nothing, the options that shape the samples, or the table itself. */
export type SamplesChange = "none" | "options" | "table";

export class GallerySamples {
  private table: Table | null = null;
  private key = "";
  private data: SamplesData | null = null;

  /** The samples last read; null before the first read. */
  get current(): SamplesData | null {
    return this.data;
  }

  read(table: Table, resolved: ResolvedSampleGalleryOptions): { data: SamplesData; change: SamplesChange } {
    const key = JSON.stringify([
      resolved.idFields,
      resolved.groundTruth,
      resolved.models,
      resolved.prediction,
      resolved.correct,
      resolved.media,
      resolved.boxes,
      resolved.predictedBoxes,
      // Cards draw model A's boxes above the threshold: either changing draws them anew.
      resolved.predictedBoxes ? [resolved.modelA, resolved.scoreThreshold] : null,
    ]);
    const change: SamplesChange = table !== this.table ? "table" : key !== this.key ? "options" : "none";
    if (change !== "none" || !this.data) {
      this.data = readSamples(table, resolved);
      this.table = table;
      this.key = key;
    }
    return { data: this.data, change };
  }
}
