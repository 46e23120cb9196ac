// The History panel: the History renderer under a toolbar (metric, stratification, SVG/PNG
// export), linked to a selection. The widget view and the report runtime both mount it.
import { Table } from "apache-arrow";
import { HistoryChartOptions, historyChartDefaults, historyInput, readHistory, renderHistoryChart } from "../charts/historyChart";
import { stratificationsOf } from "../charts/stratifications";
import { renderChartToolbar } from "./chartToolbar";
import { mountLinkedChart } from "./linkedChart";
import type { SelectionSource } from "./linkedSelection";
import type { Panel } from "./panelBox";
import { selectMenu } from "./selectMenu";

export interface HistoryPanelOptions extends Omit<HistoryChartOptions, "selected" | "onSelect"> {
  [option: string]: unknown;
}

export function mountHistoryPanel(element: HTMLElement, history: Table, options: HistoryPanelOptions, selection: SelectionSource): Panel {
  const data = readHistory(history);
  const metrics = [...new Set(data.evaluation.metrics.map((metric) => metric.metric))];
  const stratifications = stratificationsOf(data.evaluation.testCases);
  // The menu shows the metric the renderer chooses by default (the first with values).
  const chosen = options.metric === undefined ? historyInput(data, historyChartDefaults({ model: options.model }, element)) : null;
  let metric = options.metric ?? (chosen && !("title" in chosen) ? chosen.metric.metric : null);
  let stratification = options.stratification ?? null;

  return mountLinkedChart(
    element,
    {
      className: "sw-panel sw-history-panel-box",
      toolbar(box, redraw, svg) {
        // The comparison chart's toolbar with no kinds to switch: the metric menu and the export buttons.
        renderChartToolbar(box, {
          kind: "delta",
          kinds: [],
          metrics,
          metric: metric ?? metrics[0] ?? "",
          onKind: () => {},
          onMetric: (next) => {
            metric = next;
            redraw();
          },
          svg,
          fileName: `slicewise-history-${metric ?? metrics[0] ?? "metric"}`.replace(/[^\w.-]+/g, "_"),
        });
        if (stratifications.length < 2) return;
        // The stratifications ("all" first) go before the toolbar's spacer.
        const toolbar = box.querySelector<HTMLElement>(".sw-chart-toolbar")!;
        const menu = selectMenu(element.ownerDocument, {
          label: "Stratification ",
          role: "history-stratification",
          choices: [{ value: "", text: "all" }, ...stratifications.map((name) => ({ value: name, text: name }))],
          value: stratification ?? "",
          onChange: (next) => {
            stratification = next === "" ? null : next;
            redraw();
          },
        });
        toolbar.insertBefore(menu, toolbar.querySelector(".sw-spacer"));
      },
      render(area, selected, onSelect) {
        const chartOptions: HistoryChartOptions = { ...options, selected, onSelect };
        // Unset, the renderer chooses (the first metric with values; every stratification).
        if (metric !== null) chartOptions.metric = metric;
        else delete chartOptions.metric;
        if (stratification !== null) chartOptions.stratification = stratification;
        else delete chartOptions.stratification;
        return renderHistoryChart(area, history, chartOptions);
      },
    },
    selection,
  );
}
