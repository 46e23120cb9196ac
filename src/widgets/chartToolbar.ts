// The toolbar above a comparison chart: chart kind, metric, and export as SVG or PNG. In a narrow
// column it wraps group by group (css/comparisonChart.css): the kinds, the metric menu and the two
// export buttons each stay on one line.
import { downloadSvgAsPng, downloadText } from "./downloads";
import { selectMenu } from "./selectMenu";

export type ChartKind = "delta" | "bars" | "scatter" | "heatmap" | "pr" | "confusion";

export const chartKindLabels: Record<ChartKind, string> = {
  delta: "Δ vs reference",
  bars: "Values",
  scatter: "Scatter",
  heatmap: "Heatmap",
  pr: "Precision–recall",
  confusion: "Confusion",
};

export interface ChartToolbarOptions {
  kind: ChartKind;
  /** Kinds offered; one kind hides the switch. */
  kinds: ChartKind[];
  metrics: string[];
  metric: string;
  onKind(kind: ChartKind): void;
  onMetric(metric: string): void;
  /** The chart exactly as shown, as a standalone SVG. */
  svg(): string;
  fileName: string;
}

export function renderChartToolbar(element: HTMLElement, options: ChartToolbarOptions): void {
  const document = element.ownerDocument;
  const bar = document.createElement("div");
  bar.className = "sw-chart-toolbar";
  bar.setAttribute("role", "toolbar");
  if (options.kinds.length > 1) {
    const group = document.createElement("div");
    group.className = "sw-segmented";
    group.setAttribute("role", "radiogroup");
    group.setAttribute("aria-label", "Chart kind");
    for (const kind of options.kinds) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "sw-button";
      button.textContent = chartKindLabels[kind];
      button.setAttribute("role", "radio");
      button.setAttribute("aria-checked", String(kind === options.kind));
      button.dataset.kind = kind;
      // A radio group is one Tab stop (the checked kind); arrows move along it (WAI-ARIA's radio group pattern).
      button.tabIndex = kind === options.kind ? 0 : -1;
      button.addEventListener("click", () => options.onKind(kind));
      group.append(button);
    }
    group.addEventListener("keydown", (event) => {
      const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
      if (step === undefined) return;
      // Only the arrows stop here: a notebook in command mode would move between cells on them.
      event.preventDefault();
      event.stopPropagation();
      const current = options.kinds.indexOf(options.kind);
      const next = options.kinds[(current + step + options.kinds.length) % options.kinds.length];
      options.onKind(next);
      // The toolbar is drawn anew for the new kind: the focus follows to its button.
      element.querySelector<HTMLButtonElement>(`.sw-chart-toolbar button[data-kind="${next}"]`)?.focus();
    });
    bar.append(group);
  }
  if (options.metrics.length > 1)
    bar.append(
      selectMenu(document, {
        label: "Metric ",
        role: "chart-metric",
        choices: options.metrics.map((metric) => ({ value: metric, text: metric })),
        value: options.metric,
        onChange: (metric) => options.onMetric(metric),
      }),
    );
  const spacer = document.createElement("span");
  spacer.className = "sw-spacer";
  bar.append(spacer);
  const svgButton = document.createElement("button");
  svgButton.type = "button";
  svgButton.className = "sw-button";
  svgButton.textContent = "SVG";
  svgButton.title = "Download the chart as SVG, exactly as shown";
  svgButton.addEventListener("click", () => downloadText(document, options.svg(), `${options.fileName}.svg`, "image/svg+xml"));
  const pngButton = document.createElement("button");
  pngButton.type = "button";
  pngButton.className = "sw-button";
  pngButton.textContent = "PNG";
  pngButton.title = "Download the chart as PNG (2× resolution)";
  pngButton.addEventListener("click", () => void downloadSvgAsPng(document, options.svg(), `${options.fileName}.png`));
  const exportGroup = document.createElement("div");
  exportGroup.className = "sw-toolbar-group sw-chart-export";
  exportGroup.setAttribute("role", "group");
  exportGroup.setAttribute("aria-label", "Download the chart");
  exportGroup.append(svgButton, pngButton);
  bar.append(exportGroup);
  element.append(bar);
}
