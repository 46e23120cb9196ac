// A chart under its toolbar, linked to a selection and to its pane's width: the lifecycle the
// comparison chart panel and the history panel share. A menu's change redraws toolbar and chart.
import type { TestCaseSelection } from "./selectionStore";
import type { SelectionSource } from "./linkedSelection";
import { Panel, panelBox, panelOf } from "./panelBox";
import { watchWidth } from "./watchWidth";

/** What the panel asks of a drawn chart. */
export interface LinkedChartHandle {
  update(options: { selected?: TestCaseSelection | null; width?: number }): void;
  toSVG(): string;
  destroy(): void;
}

export interface LinkedChart {
  /** Class of the panel's box. */
  className: string;
  /** Draws the toolbar into the box; a menu calls redraw after changing its choice; svg() is the chart as shown. */
  toolbar(box: HTMLElement, redraw: () => void, svg: () => string): void;
  /** Draws the chart into its area, showing the selection and setting it when a test case is chosen. */
  render(area: HTMLElement, selected: TestCaseSelection | null, onSelect: (key: TestCaseSelection | null) => void): LinkedChartHandle;
}

export function mountLinkedChart(element: HTMLElement, chart: LinkedChart, selection: SelectionSource): Panel {
  const box = panelBox(element, chart.className);
  let handle: LinkedChartHandle | null = null;
  let area: HTMLElement | null = null;
  const draw = () => {
    handle?.destroy();
    box.replaceChildren();
    chart.toolbar(box, draw, () => handle?.toSVG() ?? "");
    area = panelBox(box, "sw-chart-area");
    handle = chart.render(area, selection.value, (key) => selection.set(key));
  };
  draw();
  const stop = selection.subscribe((selected) => handle?.update({ selected }));
  const stopWatching = watchWidth(
    box,
    () => area?.clientWidth ?? 0,
    (width) => handle?.update({ width }),
  );
  return panelOf(box, stopWatching, stop, () => handle?.destroy());
}
