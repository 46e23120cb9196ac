// Slicer in the page: per-slice metrics computed from the samples, worst-slice search, saving. It
// keeps its own selection of slices, so it takes none from the page.
import { SlicerOptions, mountSlicer } from "../../slicerPanel";
import type { WidgetMount } from "../widgetMount";

export const slicerMount: WidgetMount<"samples"> = {
  missing: { title: "No samples to slice", detail: "Give the slicer the samples with each model's columns: sw.slicer(dataset, { models }) does." },
  // Options are widget state (JSON); the slicer checks them against the samples.
  mount: (element, { samples }, options, _selection, host) => mountSlicer(element, samples, options as SlicerOptions, host?.kernelSave ?? null),
};
