// The Slicer's boxes, top to bottom: the axis bar, the filters, the status line, the table and
// chart side by side, the save action, the worst slices, and the gallery with its header.
import { button, division } from "./formControls";

export interface SlicerLayout {
  axisBoxes: [HTMLElement, HTMLElement];
  status: HTMLElement;
  table: HTMLElement;
  chartBar: HTMLElement;
  chart: HTMLElement;
  save: HTMLButtonElement;
  saveBox: HTMLElement;
  worstBox: HTMLElement;
  galleryHeader: HTMLElement;
  galleryBox: HTMLElement;
}

/** Appends the Slicer's boxes to `root`, the filter controls (drawn by their own module) second. */
export function createSlicerLayout(root: HTMLElement, filterControls: HTMLElement): SlicerLayout {
  const document = root.ownerDocument;
  const bar = division(document, "sw-slicer-bar");
  const axisBoxes: [HTMLElement, HTMLElement] = [division(document, "sw-slicer-axis"), division(document, "sw-slicer-axis")];
  bar.append(...axisBoxes);
  const status = division(document, "sw-slicer-status");
  status.dataset.role = "slice-status";
  status.setAttribute("role", "status");
  const body = division(document, "sw-slicer-body");
  const table = division(document, "sw-slicer-table");
  const chartColumn = division(document, "sw-slicer-chart");
  const chartBar = division(document, "sw-slicer-chart-bar");
  const chart = division(document, "sw-chart-area");
  chartColumn.append(chartBar, chart);
  body.append(table, chartColumn);
  const actions = division(document, "sw-slicer-actions");
  const save = button(document, "Save these slices as test cases", "save-slices");
  const saveBox = division(document, "sw-save-box");
  saveBox.hidden = true;
  actions.append(save);
  const worstBox = division(document, "sw-slicer-worst");
  const galleryHeader = division(document, "sw-gallery-context");
  const galleryBox = division(document, "sw-slicer-gallery");
  root.append(bar, filterControls, status, body, actions, saveBox, worstBox, galleryHeader, galleryBox);
  return { axisBoxes, status, table, chartBar, chart, save, saveBox, worstBox, galleryHeader, galleryBox };
}
