// The dashboard: metrics table, comparison charts (one tab per kind) and sample gallery in
// resizable @lumino/widgets splits, all linked to one selection.
import { MessageLoop } from "@lumino/messaging";
import { SplitPanel, TabPanel, Widget } from "@lumino/widgets";
import { Table } from "apache-arrow";
import { renderStateMessage } from "../charts/stateMessage";
import { ChartKind, chartKindLabels } from "./chartToolbar";
import { mountMapPane } from "./dashboardMapPane";
import type { EmbeddingMapWidgetOptions } from "./embeddingMapPanel";
import type { SelectionSource } from "./linkedSelection";
import { Panel, mountChartPanel, mountGalleryPanel, mountTablePanel } from "./panels";
import { SlicerOptions, mountSlicer } from "./slicerPanel";

export interface DashboardData {
  results: Table | null;
  samples: Table | null;
  /** The detection-charts table: adds the precision–recall and confusion tabs. */
  detection?: Table | null;
  /** What projectEmbedding returns: adds the "Embedding map" tab, its rows joined with the samples' columns. */
  projection?: Table | null;
  options?: DashboardOptions;
}

export interface DashboardOptions {
  /** Height of the whole dashboard in px (default 820). */
  height?: number;
  table?: Record<string, unknown>;
  chart?: Record<string, unknown>;
  gallery?: Record<string, unknown>;
  /** The chart tabs, in order (default the four kinds, and with a detection-charts table "pr" and "confusion"). */
  chartKinds?: ChartKind[];
  /**
   * A "Slicer" tab beside the test cases, over the same samples; it needs the quality standard's
   * metric groups (`slicer.standard`). Absent or null: no slicer.
   */
  slicer?: SlicerOptions | null;
  /** The embedding map's options (dataset and platform to save to, id fields, colour, neighbours). */
  map?: EmbeddingMapWidgetOptions;
}

/** Resolves once `element` is in a document (lumino attaches only to connected hosts). */
export function whenConnected(element: HTMLElement, timeoutMs = 30000): Promise<void> {
  if (element.isConnected) return Promise.resolve();
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const check = () => {
      if (element.isConnected) resolve();
      else if (Date.now() - started > timeoutMs) reject(new Error("the dashboard was never shown"));
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });
}

function panelWidget(label: string, className: string): Widget {
  const widget = new Widget();
  widget.addClass("sw-dashboard-pane");
  widget.addClass(className);
  widget.title.label = label;
  return widget;
}

/** Below this width (px) the table and the charts stack instead of standing side by side: a 1280 px window at 200% zoom is 640 px wide. */
export const stackBelowWidth = 760;

export function mountDashboard(
  element: HTMLElement,
  data: DashboardData,
  selection: SelectionSource,
  onSamplesChosen?: (rows: number[], idFields: string[]) => void,
): Panel {
  const options = data.options ?? {};
  const host = element.ownerDocument.createElement("div");
  host.className = "sw-dashboard";
  const height = options.height ?? 820;
  host.style.height = `${height}px`;
  element.append(host);
  if (!data.results) {
    renderStateMessage(host, { title: "No evaluation to show", detail: "Give the dashboard the table that evaluate(...) returns, and the samples behind it." });
    return { destroy: () => host.remove() };
  }
  const results = data.results;
  const panels: Panel[] = [];
  const root = new SplitPanel({ orientation: "vertical", spacing: 6 });
  const top = new SplitPanel({ orientation: "horizontal", spacing: 6 });
  const tablePane = panelWidget("Metrics", "sw-pane-table");
  panels.push(mountTablePanel(tablePane.node, results, options.table ?? {}, selection));

  const charts = new TabPanel();
  charts.addClass("sw-dashboard-charts");
  const detection = data.detection && data.detection.numRows > 0 ? data.detection : null;
  const kinds: ChartKind[] = options.chartKinds ?? ["delta", "bars", "scatter", "heatmap", ...(detection ? (["pr", "confusion"] as const) : [])];
  const drawn = new Set<Widget>();
  const chartPanes = kinds.map((kind) => {
    const pane = panelWidget(chartKindLabels[kind], `sw-pane-chart-${kind}`);
    pane.node.dataset.kind = kind;
    charts.addWidget(pane);
    return { kind, pane };
  });
  // Charts measure their pane, so each is drawn the first time its tab is shown.
  const drawCurrentChart = () => {
    const current = chartPanes.find(({ pane }) => pane === charts.currentWidget);
    if (!current || drawn.has(current.pane)) return;
    drawn.add(current.pane);
    panels.push(mountChartPanel(current.pane.node, results, { ...(options.chart ?? {}), kind: current.kind, kinds: [current.kind], detection }, selection));
  };
  charts.currentChanged.connect(drawCurrentChart);

  top.addWidget(tablePane);
  top.addWidget(charts);
  top.setRelativeSizes([0.55, 0.45]);
  const galleryPane = panelWidget("Samples", "sw-pane-gallery");
  if (data.samples) panels.push(mountGalleryPanel(galleryPane.node, data.samples, options.gallery ?? {}, selection, onSamplesChosen));
  else
    renderStateMessage(galleryPane.node, {
      title: "No samples",
      detail: "Pass samples(dataset, { models, testCaseColumns: true }) to see the samples behind each number.",
    });
  root.addWidget(top);
  root.addWidget(galleryPane);
  root.setRelativeSizes([0.55, 0.45]);
  root.title.label = "Test cases";

  // With a slicer or a projection, the test cases, the slicer and the embedding map are tabs; each
  // is built when first shown (the map measures its pane).
  let outer: Widget = root;
  let drawSlicer = () => {};
  let drawMap = () => {};
  const slicerOptions = options.slicer && data.samples ? options.slicer : null;
  if (slicerOptions || data.projection) {
    const tabs = new TabPanel();
    tabs.addClass("sw-dashboard-tabs");
    tabs.addWidget(root);
    if (slicerOptions && data.samples) {
      const slicerPane = panelWidget("Slicer", "sw-pane-slicer");
      tabs.addWidget(slicerPane);
      const samples = data.samples;
      drawSlicer = () => {
        if (tabs.currentWidget !== slicerPane || slicerPane.node.childElementCount > 0) return;
        panels.push(mountSlicer(slicerPane.node, samples, slicerOptions));
      };
    }
    if (data.projection) {
      const mapPane = panelWidget("Embedding map", "sw-pane-map");
      tabs.addWidget(mapPane);
      const projection = data.projection;
      drawMap = () => {
        if (tabs.currentWidget !== mapPane || mapPane.node.childElementCount > 0) return;
        panels.push(mountMapPane(mapPane.node, projection, data.samples, options));
      };
    }
    tabs.currentChanged.connect(() => {
      drawSlicer();
      drawMap();
    });
    outer = tabs;
  }
  outer.addClass("sw-dashboard-root");

  let observer: ResizeObserver | null = null;
  let destroyed = false;
  void whenConnected(host).then(() => {
    if (destroyed) return;
    Widget.attach(outer, host);
    drawCurrentChart();
    drawSlicer();
    drawMap();
    // In a narrow column (a phone, or a page zoomed to 200%) the table and the charts stack, and the
    // dashboard grows by half so that each keeps a readable height; the page never scrolls sideways.
    const fitWidth = () => {
      const narrow = host.clientWidth > 0 && host.clientWidth < stackBelowWidth;
      const orientation = narrow ? "vertical" : "horizontal";
      if (top.orientation !== orientation) {
        top.orientation = orientation;
        host.style.height = `${narrow ? Math.round(height * 1.5) : height}px`;
      }
    };
    fitWidth();
    if (typeof ResizeObserver !== "undefined") {
      observer = new ResizeObserver(() => {
        fitWidth();
        MessageLoop.sendMessage(outer, Widget.ResizeMessage.UnknownSize);
      });
      observer.observe(host);
    }
  });
  return {
    destroy() {
      destroyed = true;
      observer?.disconnect();
      panels.forEach((panel) => panel.destroy());
      if (outer.isAttached) Widget.detach(outer);
      outer.dispose();
      host.remove();
    },
  };
}
