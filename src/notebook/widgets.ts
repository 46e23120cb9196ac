// The widget constructors a notebook calls: each returns a handle that displays itself.
import { Table } from "apache-arrow";
import { SlicewiseError } from "../core";
import { jupyterKernel } from "./denoKernel";
import { SelectionHandle } from "./selectionHandle";
import { WidgetHandle, WidgetOptions } from "./widgetHandle";
import type { SlicerOptions as SlicerWidgetOptions } from "../widgets/slicerPanel";
import type { EmbeddingMapWidgetOptions } from "../widgets/embeddingMapPanel";

type Arrow = Table | Uint8Array;

/** The evaluation table as a sortable table with verdicts; click a row to select a test case. */
export function metricsTable(results: Arrow, options: WidgetOptions = {}): WidgetHandle {
  return new WidgetHandle("MetricsTable", { results }, options);
}

/**
 * `kind`: "delta" (default), "bars", "scatter" or "heatmap"; for a detection metric "pr" or
 * "confusion", drawn from `detection` (`detectionCharts(dataset, …)`); `metric`: a metric's label.
 */
export function comparisonChart(
  results: Arrow,
  options: WidgetOptions & { kind?: "delta" | "bars" | "scatter" | "heatmap" | "pr" | "confusion"; metric?: string; detection?: Arrow | null } = {},
): WidgetHandle {
  const { detection, ...rest } = options;
  return new WidgetHandle("ComparisonChart", { results, detection: detection ?? null }, rest);
}

/** The samples behind the numbers; filtered by the selected test case when linked. */
export function sampleGallery(samples: Arrow, options: WidgetOptions = {}): WidgetHandle {
  return new WidgetHandle("SampleGallery", { samples }, options);
}

/**
 * Table, charts and gallery in resizable panels, linked; `detection` (`detectionCharts(dataset, …)`) adds the
 * precision–recall and confusion tabs, a projection (`projectEmbedding`) an "Embedding map" tab.
 */
export function dashboard(
  data: { results: Arrow; samples?: Arrow | null; detection?: Arrow | null; projection?: Arrow | null },
  options: WidgetOptions = {},
): WidgetHandle {
  return new WidgetHandle(
    "Dashboard",
    { results: data.results, samples: data.samples ?? null, detection: data.detection ?? null, projection: data.projection ?? null },
    options,
  );
}

/** One metric per test case across recorded runs or model versions (`sw.history(...)` or `historyFromModels`). */
export function historyChart(history: Arrow, options: WidgetOptions & { metric?: string; model?: string } = {}): WidgetHandle {
  return new WidgetHandle("History", { history }, options);
}

/**
 * The Slicer over samples that carry each model's columns (`samples(dataset, { models })`);
 * `options.standard` gives the metric groups it computes. `Workspace.slicer(dataset, …)` builds
 * all of it from the platform.
 */
export function slicer(samples: Arrow, options: WidgetOptions & SlicerWidgetOptions): WidgetHandle {
  return new WidgetHandle("Slicer", { samples }, options);
}

/**
 * The embedding map over a projection table (`projectEmbedding`): x, y, `<model>.correct`, `cluster`,
 * and, for "more like this", `embedding`. `Workspace.embeddingMap(dataset, …)` builds it from the platform.
 */
export function embeddingMap(projection: Arrow, options: WidgetOptions & EmbeddingMapWidgetOptions = {}): WidgetHandle {
  return new WidgetHandle("EmbeddingMap", { samples: projection }, options);
}

/** A new selection for a group of widgets that should be linked with each other only. */
export function selection(): SelectionHandle {
  const kernel = jupyterKernel();
  if (!kernel) throw new SlicewiseError("bad_request", "selection() links widgets in Deno's Jupyter kernel; outside a notebook there is nothing to link");
  return new SelectionHandle(kernel);
}
