// The Slicer's results: the metric table per slice and the comparison chart beside it, with the
// chart's toolbar; drawn from a results table and the state, changes sent back as transitions.
import { Table } from "apache-arrow";
import { renderComparisonChart, ComparisonChartHandle } from "../../charts/comparisonChart";
import type { TestCaseKey } from "../../charts/evaluationData";
import { renderMetricsTable, MetricsTableHandle } from "../../charts/metricsTable";
import { renderChartToolbar } from "../chartToolbar";
import { SlicerState, chartKindChosen, chartMetricChosen, sortChosen, tableViewChosen } from "./slicerState";

export interface SliceResultsBoxes {
  table: HTMLElement;
  chartBar: HTMLElement;
  chart: HTMLElement;
}

export interface SliceResultsContext {
  /** The metrics' labels, for the chart's metric picker. */
  metrics: string[];
  state(): SlicerState;
  change(transition: (state: SlicerState) => SlicerState): void;
  select(key: TestCaseKey | null): void;
}

export interface SliceResultsView {
  draw(results: Table): void;
  /** Marks the selected slice in the table and the chart, without drawing them anew. */
  showSelected(selected: TestCaseKey | null): void;
  resize(width: number): void;
  destroy(): void;
}

export function mountSliceResults(boxes: SliceResultsBoxes, context: SliceResultsContext): SliceResultsView {
  let table: MetricsTableHandle | null = null;
  let chart: ComparisonChartHandle | null = null;
  let results: Table | null = null;

  const drawChart = () => {
    if (!results) return;
    const state = context.state();
    boxes.chartBar.replaceChildren();
    renderChartToolbar(boxes.chartBar, {
      kind: state.chartKind,
      kinds: ["delta", "bars"],
      metrics: context.metrics,
      metric: state.chartMetric,
      onKind: (kind) => {
        context.change((current) => chartKindChosen(current, kind));
        drawChart();
      },
      onMetric: (metric) => {
        context.change((current) => chartMetricChosen(current, metric));
        drawChart();
      },
      svg: () => chart?.toSVG() ?? "",
      fileName: `slicewise-slices-${state.chartMetric}`.replace(/[^\w.-]+/g, "_"),
    });
    chart?.destroy();
    boxes.chart.replaceChildren();
    chart = renderComparisonChart(boxes.chart, results, {
      kind: state.chartKind,
      metric: state.chartMetric,
      selected: state.selected,
      width: boxes.chart.clientWidth || undefined,
      onSelect: (key) => context.select(key),
    });
  };

  return {
    draw(next) {
      results = next;
      const state = context.state();
      table?.destroy();
      boxes.table.replaceChildren();
      table = renderMetricsTable(boxes.table, next, {
        selected: state.selected,
        sort: state.sort,
        showDelta: true,
        maxHeight: 360,
        caption: "Metrics per slice",
        onSelect: (key) => context.select(key),
        onSortChange: (sort) => context.change((current) => sortChosen(current, sort)),
        view: state.tableView,
        onViewChange: (view) => context.change((current) => tableViewChosen(current, view)),
      });
      drawChart();
    },
    showSelected(selected) {
      table?.update({ selected });
      chart?.update({ selected });
    },
    resize: (width) => chart?.update({ width }),
    destroy() {
      table?.destroy();
      chart?.destroy();
    },
  };
}
