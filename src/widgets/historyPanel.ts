// The History panel: the History renderer under a toolbar (metric, stratification, SVG/PNG
// export), linked to a selection. The widget view and the report runtime both mount it.
import { Table } from "apache-arrow";
import { HistoryChartHandle, HistoryChartOptions, historyChartDefaults, historyInput, readHistory, renderHistoryChart } from "../charts/historyChart";
import { renderChartToolbar } from "./chartToolbar";
import { watchWidth } from "./watchWidth";
import type { SelectionSource } from "./linkedSelection";
import type { Panel } from "./panels";

export interface HistoryPanelOptions extends Omit<HistoryChartOptions, "selected" | "onSelect"> {
  [option: string]: unknown;
}

/** A select of the stratifications ("all" first), put into the toolbar before its spacer. */
function stratificationSelect(toolbar: HTMLElement, stratifications: string[], value: string | null, onChange: (value: string | null) => void): void {
  const document = toolbar.ownerDocument;
  const label = document.createElement("label");
  label.className = "sw-select-label";
  label.textContent = "Stratification ";
  const select = document.createElement("select");
  select.className = "sw-select";
  select.dataset.role = "history-stratification";
  const all = document.createElement("option");
  all.value = "";
  all.textContent = "all";
  select.append(all);
  for (const stratification of stratifications) {
    const option = document.createElement("option");
    option.value = stratification;
    option.textContent = stratification;
    select.append(option);
  }
  select.value = value ?? "";
  select.addEventListener("change", () => onChange(select.value === "" ? null : select.value));
  label.append(select);
  toolbar.insertBefore(label, toolbar.querySelector(".sw-spacer"));
}

export function mountHistoryPanel(element: HTMLElement, history: Table, options: HistoryPanelOptions, selection: SelectionSource): Panel {
  const document = element.ownerDocument;
  const box = document.createElement("div");
  box.className = "sw-panel sw-history-panel-box";
  element.append(box);
  const data = readHistory(history);
  const metrics = [...new Set(data.evaluation.metrics.map((metric) => metric.metric))];
  const stratifications = [...new Set(data.evaluation.testCases.map((key) => key.stratification))];
  // The menu shows the metric the renderer chooses by default (the first with values).
  const chosen = options.metric === undefined ? historyInput(data, historyChartDefaults({ model: options.model }, element)) : null;
  let metric = options.metric ?? (chosen && !("title" in chosen) ? chosen.metric.metric : null);
  let stratification = options.stratification ?? null;
  let handle: HistoryChartHandle | null = null;
  let chart: HTMLElement | null = null;

  const draw = () => {
    handle?.destroy();
    box.replaceChildren();
    // The comparison chart's toolbar with no kinds to switch: the metric menu and the export buttons.
    renderChartToolbar(box, {
      kind: "delta",
      kinds: [],
      metrics,
      metric: metric ?? metrics[0] ?? "",
      onKind: () => {},
      onMetric: (next) => {
        metric = next;
        draw();
      },
      svg: () => handle?.toSVG() ?? "",
      fileName: `slicewise-history-${metric ?? metrics[0] ?? "metric"}`.replace(/[^\w.-]+/g, "_"),
    });
    const toolbar = box.querySelector<HTMLElement>(".sw-chart-toolbar")!;
    if (stratifications.length > 1)
      stratificationSelect(toolbar, stratifications, stratification, (next) => {
        stratification = next;
        draw();
      });
    chart = document.createElement("div");
    chart.className = "sw-chart-area";
    box.append(chart);
    const chartOptions: HistoryChartOptions = { ...options, selected: selection.value, onSelect: (key) => selection.set(key) };
    // Unset, the renderer chooses (the first metric with values; every stratification).
    if (metric !== null) chartOptions.metric = metric;
    else delete chartOptions.metric;
    if (stratification !== null) chartOptions.stratification = stratification;
    else delete chartOptions.stratification;
    handle = renderHistoryChart(chart, history, chartOptions);
  };
  draw();
  const stop = selection.subscribe((selected) => handle?.update({ selected }));
  const stopWatching = watchWidth(box, () => chart?.clientWidth ?? 0, (width) => handle?.update({ width }));
  return {
    destroy() {
      stopWatching();
      stop();
      handle?.destroy();
      box.remove();
    },
  };
}
