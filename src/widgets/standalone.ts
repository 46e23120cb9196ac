// The runtime for pages without a widget manager — exported reports and the dashboard page of
// `slicewise serve`: mounts the same panels from Arrow bytes, linked by a SelectionStore.
import { Table, tableFromIPC } from "apache-arrow";
import luminoCss from "@lumino/widgets/style/index.css";
import type { DashboardOptions } from "./dashboardPanel";
import type { WidgetKind } from "./kinds/descriptors";
import { browserWidgets } from "./kinds/mounts";
import type { WidgetTables } from "./kinds/widgetDescriptor";
import type { Panel } from "./panels";
import { SelectionStore } from "./selectionStore";
import { injectStyles } from "./styles";

export type ArrowInput = Table | Uint8Array | null | undefined;

const toTable = (input: ArrowInput): Table | null => (input == null ? null : input instanceof Table ? input : tableFromIPC(input));

/** The theme root every standalone mount sits in; `theme` pins light or dark. */
function root(element: HTMLElement, theme?: "light" | "dark"): HTMLElement {
  injectStyles(element.ownerDocument);
  if (typeof luminoCss === "string" && !element.ownerDocument.getElementById("slicewise-lumino-styles")) {
    const style = element.ownerDocument.createElement("style");
    style.id = "slicewise-lumino-styles";
    style.textContent = luminoCss;
    element.ownerDocument.head.prepend(style);
  }
  element.classList.add("slicewise");
  if (theme) element.dataset.theme = theme;
  return element;
}

export interface StandaloneData {
  results?: ArrowInput;
  samples?: ArrowInput;
  /** A history table (evaluation rows of several steps) for `history`. */
  history?: ArrowInput;
  /** The detection-charts table for the ComparisonChart's "pr" and "confusion" kinds. */
  detection?: ArrowInput;
  /** A projection (projectEmbedding's table): the dashboard's "Embedding map" tab, or an `embeddingMap`'s points. */
  projection?: ArrowInput;
  options?: DashboardOptions & Record<string, unknown>;
  theme?: "light" | "dark";
  /** Share one selection between several mounts (linked views on one page). */
  selection?: SelectionStore;
}

/** Mounts a kind in `element` from the tables it carries; throws, naming the table, when one it requires is missing. */
function mountKind(kind: WidgetKind, element: HTMLElement, data: StandaloneData): Panel {
  const widget = browserWidgets[kind];
  const themed = root(element, data.theme);
  const tables: WidgetTables = {};
  for (const name of widget.descriptor.arrowAttributes) tables[name] = toTable(data[name]);
  return widget.mount(themed, tables, data.options ?? { ...widget.descriptor.defaultOptions }, data.selection ?? new SelectionStore());
}

export const dashboard = (element: HTMLElement, data: StandaloneData): Panel => mountKind("Dashboard", element, data);
export const metricsTable = (element: HTMLElement, data: StandaloneData): Panel => mountKind("MetricsTable", element, data);
export const comparisonChart = (element: HTMLElement, data: StandaloneData): Panel => mountKind("ComparisonChart", element, data);
export const sampleGallery = (element: HTMLElement, data: StandaloneData): Panel => mountKind("SampleGallery", element, data);
export const history = (element: HTMLElement, data: StandaloneData): Panel => mountKind("History", element, data);
/** The embedding map over a projection table (x, y, correctness, cluster), passed as `samples` as its widget state carries it. */
export const embeddingMap = (element: HTMLElement, data: StandaloneData): Panel => mountKind("EmbeddingMap", element, data);
/** The Slicer over samples with each model's columns; `options` carries the quality standard and models. */
export const slicer = (element: HTMLElement, data: StandaloneData): Panel => mountKind("Slicer", element, data);

/** Base64 (as embedded in a report) to bytes, without a data: URL round trip. */
export function bytesFromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The MIME type of the JSON blocks a report embeds its widgets' data in. */
export const reportDataType = "application/vnd.slicewise.report+json";

/**
 * Mounts every widget a report embeds: each `<script type="application/vnd.slicewise.report+json">`
 * holds `{widget, target, results?, samples?, history?, detection?, options?, theme?}` with Arrow as base64.
 */
export function mountReport(document: Document): Panel[] {
  const selection = new SelectionStore();
  return [...document.querySelectorAll(`script[type="${reportDataType}"]`)].map((script) => {
    const spec = JSON.parse(script.textContent ?? "{}") as {
      widget: string;
      target: string;
      results?: string;
      samples?: string;
      history?: string;
      detection?: string;
      projection?: string;
      options?: Record<string, unknown>;
      theme?: "light" | "dark";
    };
    const target = document.getElementById(spec.target);
    const widget = Object.values(browserWidgets).find((candidate) => candidate.descriptor.runtimeName === spec.widget);
    if (!target || !widget) throw new Error(`the report's ${spec.widget} widget has no target #${spec.target}`);
    return mountKind(widget.descriptor.kind, target, {
      results: spec.results ? bytesFromBase64(spec.results) : null,
      samples: spec.samples ? bytesFromBase64(spec.samples) : null,
      history: spec.history ? bytesFromBase64(spec.history) : null,
      detection: spec.detection ? bytesFromBase64(spec.detection) : null,
      projection: spec.projection ? bytesFromBase64(spec.projection) : null,
      options: spec.options,
      theme: spec.theme,
      selection,
    });
  });
}
