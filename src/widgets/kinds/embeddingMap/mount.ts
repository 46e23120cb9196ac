// EmbeddingMap in the page: the projection on a canvas with pan, zoom, lasso and "more like this",
// and the chosen samples' gallery with "save as test case". It keeps its own selection of samples.
import { EmbeddingMapWidgetOptions, mountEmbeddingMap } from "../../embeddingMapPanel";
import type { WidgetMount } from "../widgetMount";

export const embeddingMapMount: WidgetMount<"samples"> = {
  missing: { title: "No projection to map", detail: "Give the widget the table projectEmbedding(dataset, { embedding, models }) returns." },
  // Options are widget state (JSON); the panel checks them against the table.
  mount: (element, { samples }, options, _selection, host) =>
    mountEmbeddingMap(element, samples, options as EmbeddingMapWidgetOptions, host?.kernelSave ?? null),
};
