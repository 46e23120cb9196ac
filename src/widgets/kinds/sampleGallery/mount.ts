// SampleGallery in the page: the samples behind a number, as a virtualized grid filtered by the selected test case.
import { mountGalleryPanel } from "../../panels";
import type { WidgetMount } from "../widgetMount";

export const sampleGalleryMount: WidgetMount<"samples"> = {
  missing: { title: "No samples to show", detail: "Give the widget the table that samples(dataset, { models }) returns." },
  mount: (element, { samples }, options, selection, host) => mountGalleryPanel(element, samples, options, selection, host?.samplesChosen),
};
