// The runtime for pages without a widget manager — exported reports and the dashboard page of
// `slicewise serve`: mounts the same panels from Arrow bytes, linked by a SelectionStore.
import { Table, tableFromIPC } from "apache-arrow";
import luminoCss from "@lumino/widgets/style/index.css";
import { DashboardOptions, mountDashboard } from "./dashboardPanel";
import { mountHistoryPanel } from "./historyPanel";
import { Panel, mountChartPanel, mountGalleryPanel, mountTablePanel } from "./panels";
import { SelectionStore } from "./selectionStore";
import { SlicerOptions, mountSlicer } from "./slicerPanel";
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
  options?: DashboardOptions & Record<string, unknown>;
  theme?: "light" | "dark";
  /** Share one selection between several mounts (linked views on one page). */
  selection?: SelectionStore;
}

export function dashboard(element: HTMLElement, data: StandaloneData): Panel {
  return mountDashboard(root(element, data.theme), { results: toTable(data.results), samples: toTable(data.samples), options: data.options }, data.selection ?? new SelectionStore());
}

export function metricsTable(element: HTMLElement, data: StandaloneData): Panel {
  return mountTablePanel(root(element, data.theme), requireTable(data.results, "results"), data.options ?? {}, data.selection ?? new SelectionStore());
}

export function comparisonChart(element: HTMLElement, data: StandaloneData): Panel {
  return mountChartPanel(root(element, data.theme), requireTable(data.results, "results"), data.options ?? {}, data.selection ?? new SelectionStore());
}

export function sampleGallery(element: HTMLElement, data: StandaloneData): Panel {
  return mountGalleryPanel(root(element, data.theme), requireTable(data.samples, "samples"), data.options ?? {}, data.selection ?? new SelectionStore());
}

export function history(element: HTMLElement, data: StandaloneData): Panel {
  return mountHistoryPanel(root(element, data.theme), requireTable(data.history, "history"), data.options ?? {}, data.selection ?? new SelectionStore());
}

/** The Slicer over samples with each model's columns; `options` carries the quality standard and models. */
export function slicer(element: HTMLElement, data: StandaloneData): Panel {
  return mountSlicer(root(element, data.theme), requireTable(data.samples, "samples"), (data.options ?? {}) as SlicerOptions);
}

function requireTable(input: ArrowInput, name: string): Table {
  const table = toTable(input);
  if (!table) throw new Error(`no ${name} table was given`);
  return table;
}

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
 * holds `{widget, target, results?, samples?, history?, options?, theme?}` with Arrow as base64.
 */
export function mountReport(document: Document): Panel[] {
  const selection = new SelectionStore();
  const mounts = { dashboard, metricsTable, comparisonChart, sampleGallery, history, slicer } as const;
  return [...document.querySelectorAll(`script[type="${reportDataType}"]`)].map((script) => {
    const spec = JSON.parse(script.textContent ?? "{}") as { widget: keyof typeof mounts; target: string; results?: string; samples?: string; history?: string; options?: Record<string, unknown>; theme?: "light" | "dark" };
    const target = document.getElementById(spec.target);
    if (!target || !(spec.widget in mounts)) throw new Error(`the report's ${spec.widget} widget has no target #${spec.target}`);
    return mounts[spec.widget](target, {
      results: spec.results ? bytesFromBase64(spec.results) : null,
      samples: spec.samples ? bytesFromBase64(spec.samples) : null,
      history: spec.history ? bytesFromBase64(spec.history) : null,
      options: spec.options,
      theme: spec.theme,
      selection,
    });
  });
}
