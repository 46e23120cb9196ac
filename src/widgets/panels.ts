// Panels: a renderer from src/charts mounted in an element and linked to a selection. Widget
// views, the dashboard and the report runtime all mount these, so they behave the same everywhere.
import { Table } from "apache-arrow";
import { renderComparisonChart, ComparisonChartOptions } from "../charts/comparisonChart";
import { renderMetricsTable, MetricsTableHandle } from "../charts/metricsTable";
import type { MetricsTableOptions } from "../charts/metricsTableOptions";
import { renderSampleGallery, SampleGalleryHandle } from "../charts/sampleGallery";
import type { SampleGalleryFilter, SampleGalleryOptions } from "../charts/sampleGalleryOptions";
import { readEvaluation } from "../charts/evaluationData";
import { readDetectionCharts } from "../charts/detectionChartsData";
import { renderStateMessage } from "../charts/stateMessage";
import { ChartKind, renderChartToolbar } from "./chartToolbar";
import { mountLinkedChart } from "./linkedChart";
import type { SelectionSource } from "./linkedSelection";
import { Panel, panelBox, panelOf } from "./panelBox";
import { PlatformTarget, saveSamples } from "./slicerSave";
import { testCaseRows, withoutMembership } from "./testCaseMembership";
import { watchWidth } from "./watchWidth";

export type { Panel };

export function mountTablePanel(element: HTMLElement, results: Table, options: Record<string, unknown>, selection: SelectionSource): Panel {
  const box = panelBox(element, "sw-panel sw-table-panel");
  // Options come from widget state (JSON): the renderer checks them against the data.
  const handle: MetricsTableHandle = renderMetricsTable(box, results, {
    ...(options as MetricsTableOptions),
    selected: selection.value,
    onSelect: (key) => selection.set(key),
  });
  const stop = selection.subscribe((selected) => handle.update({ selected }));
  return panelOf(box, stop, () => handle.destroy());
}

export interface ChartPanelOptions {
  kind?: ChartKind;
  /** The kinds the toolbar offers; default all four. */
  kinds?: ChartKind[];
  metric?: string;
  /** The detection-charts table the "pr" and "confusion" kinds draw. */
  detection?: Table | null;
  [option: string]: unknown;
}

export function mountChartPanel(element: HTMLElement, results: Table, options: ChartPanelOptions, selection: SelectionSource): Panel {
  const allMetrics = [...new Set(readEvaluation(results).metrics.map((metric) => metric.metric))];
  // The detection kinds offer only the detection metrics; a metric chosen in one kind stays when the other offers it.
  const detectionMetrics = options.detection ? [...new Set(readDetectionCharts(options.detection).metrics.map((metric) => metric.metric))] : [];
  const metricsOf = (shown: ChartKind) => (shown === "pr" || shown === "confusion" ? detectionMetrics : allMetrics);
  let kind: ChartKind = options.kind ?? "delta";
  let metric = options.metric ?? metricsOf(kind)[0] ?? "";
  return mountLinkedChart(
    element,
    {
      className: "sw-panel sw-chart-panel",
      toolbar: (box, redraw, svg) =>
        renderChartToolbar(box, {
          kind,
          kinds: options.kinds ?? ["delta", "bars", "scatter", "heatmap", ...(detectionMetrics.length > 0 ? (["pr", "confusion"] as const) : [])],
          metrics: metricsOf(kind),
          metric,
          onKind: (next) => {
            kind = next;
            if (!metricsOf(kind).includes(metric)) metric = metricsOf(kind)[0] ?? metric;
            redraw();
          },
          onMetric: (next) => {
            metric = next;
            redraw();
          },
          svg,
          fileName: `slicewise-${kind}-${metric}`.replace(/[^\w.-]+/g, "_"),
        }),
      // Options come from widget state (JSON): the renderer checks them against the data.
      render: (area, selected, onSelect) => renderComparisonChart(area, results, { ...(options as ComparisonChartOptions), kind, metric, selected, onSelect }),
    },
    selection,
  );
}

/**
 * `onChosen` hears the samples the person opens (a card clicked): a kernel that listens keeps them
 * as the gallery's selection. With a `dataset` option the gallery saves chosen samples as a test
 * case — to `platform` (a `slicewise serve` URL) when given, else by showing the code (slicerSave.ts).
 */
export function mountGalleryPanel(
  element: HTMLElement,
  samples: Table,
  options: Record<string, unknown>,
  selection: SelectionSource,
  onChosen?: (rows: number[], idFields: string[]) => void,
): Panel {
  const box = panelBox(element, "sw-panel sw-gallery-panel");
  const header = panelBox(box, "sw-gallery-context");
  const area = panelBox(box, "sw-gallery-area");
  const shown = withoutMembership(samples);
  const { dataset, platform, ...chartOptions } = options;
  // Between the header and the grid: the form opens next to the toolbar's button.
  const saveBox = panelBox(box, "sw-save-box");
  box.insertBefore(saveBox, area);
  saveBox.hidden = true;
  // A copy: a token typed in the page stays in this page, never in the widget's options (its state).
  const target: PlatformTarget | null = platform ? { ...(platform as PlatformTarget) } : null;
  const onSave =
    typeof dataset === "string" ? (rows: Int32Array, idFields: string[]) => saveSamples(saveBox, target, dataset, { table: shown, rows, idFields }) : undefined;
  let handle: SampleGalleryHandle | null = null;
  const draw = () => {
    const selected = selection.value;
    const rows = testCaseRows(samples, selected);
    header.replaceChildren();
    if (selected && rows !== null) {
      const label = element.ownerDocument.createElement("span");
      label.textContent =
        rows === undefined ? `Test case ${selected.stratification}: ${selected.testCase}` : `Samples in ${selected.stratification}: ${selected.testCase}`;
      const clear = element.ownerDocument.createElement("button");
      clear.type = "button";
      clear.className = "sw-button";
      clear.textContent = "Show all";
      clear.addEventListener("click", () => selection.set(null));
      header.append(label, clear);
    }
    if (rows === undefined) {
      handle?.destroy();
      handle = null;
      renderStateMessage(area, {
        title: "These samples do not say which test case they belong to",
        detail: "Fetch them with samples(dataset, { testCaseColumns: true }) to filter the gallery by test case.",
      });
      return;
    }
    // The caller's filter (e.g. a disagreement between two models) stays; the test case follows the selection.
    const filter: SampleGalleryFilter = {
      ...((chartOptions.filter as SampleGalleryFilter | undefined) ?? {}),
      testCase: selected && rows ? { stratification: selected.stratification, testCase: selected.testCase, rows } : null,
    };
    const galleryOptions: SampleGalleryOptions = {
      ...(chartOptions as SampleGalleryOptions),
      filter,
      onClearTestCase: () => selection.set(null),
      ...(onSave ? { onSave } : {}),
      ...(onChosen ? { onOpen: (row: number, idFields: string[]) => onChosen([row], idFields) } : {}),
    };
    if (handle) handle.update(galleryOptions);
    else {
      area.replaceChildren();
      handle = renderSampleGallery(area, shown, galleryOptions);
    }
  };
  draw();
  const stop = selection.subscribe(draw);
  // The grid's column count follows the pane's width.
  const stopWatching = watchWidth(
    area,
    () => area.clientWidth,
    () => handle?.update({}),
  );
  return panelOf(box, stopWatching, stop, () => handle?.destroy());
}
