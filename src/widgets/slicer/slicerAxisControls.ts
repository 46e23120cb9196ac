// The Slicer's axis controls, drawn from its state: for each field, the picker, how to cut a
// numeric one, the bins slider or the number of top values; changes go back as transitions.
import type { BinMethod, FieldKind, SliceAxis } from "../../metrics";
import { selectElement } from "../slicerFilters";
import { labelled } from "./formControls";
import { AxisIndex, AxisState, SlicerState, chooseBins, chooseField, chooseMethod, chooseTop } from "./slicerState";

export type SlicerTransition = (state: SlicerState) => SlicerState;

export interface AxisControlsContext {
  fields: readonly string[];
  kindOf(field: string): FieldKind | undefined;
  axisOf(state: AxisState): SliceAxis;
  /** A control changed: the transition to make; `redraw` when the controls themselves change with it. */
  change(transition: SlicerTransition, redraw: boolean): void;
}

const methods: [BinMethod, string][] = [
  ["values", "each value"],
  ["equal-width", "equal width"],
  ["quantile", "quantiles"],
];

/** Draws both axes' controls into their boxes (the second box holds only its picker when unused). */
export function drawAxisControls(boxes: readonly HTMLElement[], state: SlicerState, context: AxisControlsContext): void {
  state.axes.forEach((axisState, position) => drawAxis(boxes[position], position === 0 ? 0 : 1, axisState, state.axes[0].field, context));
}

function drawAxis(box: HTMLElement, index: AxisIndex, state: AxisState | null, firstField: string, context: AxisControlsContext): void {
  const document = box.ownerDocument;
  box.replaceChildren();
  const suffix = index === 0 ? "" : "-2";
  const text = index === 0 ? "Slice by" : "and by";
  const choices = context.fields.filter((field) => index === 0 || field !== firstField).map((field): [string, string] => [field, field]);
  if (index === 1) choices.unshift(["", "(no second field)"]);
  const picker = selectElement(document, `slice-field${suffix}`, text, choices, state?.field ?? "");
  picker.addEventListener("change", () => context.change((current) => chooseField(current, index, picker.value), true));
  box.append(labelled(document, text, picker));
  if (!state) return;
  const axis = context.axisOf(state);
  const kind = context.kindOf(state.field);
  // How to cut, the bin slider and its count wrap together (css/slicer.css), never one by one.
  const binning = document.createElement("span");
  binning.className = "sw-toolbar-group sw-slicer-binning";
  box.append(binning);
  if (kind === "numeric") {
    const method = selectElement(document, `slice-method${suffix}`, `How to cut ${state.field}`, methods, axis.method);
    method.addEventListener("change", () => context.change((current) => chooseMethod(current, index, method.value as BinMethod), true));
    binning.append(method);
  }
  if (axis.edges) {
    const slider = document.createElement("input");
    slider.type = "range";
    slider.min = "2";
    slider.max = "20";
    slider.value = String(state.bins);
    slider.dataset.role = `slice-bins${suffix}`;
    slider.setAttribute("aria-label", `Bins of ${state.field}`);
    const count = document.createElement("output");
    count.textContent = binsText(state.bins);
    slider.addEventListener("input", () => {
      const bins = Number(slider.value);
      count.textContent = binsText(bins);
      context.change((current) => chooseBins(current, index, bins), false);
    });
    const edges = document.createElement("span");
    edges.className = "sw-slicer-edges";
    edges.dataset.role = `slice-edges${suffix}`;
    binning.append(slider, count);
    box.append(edges);
  } else if (kind !== "boolean") {
    const top = document.createElement("input");
    top.type = "number";
    top.min = "1";
    top.max = "100";
    top.value = String(state.top);
    top.className = "sw-input sw-input-narrow";
    top.dataset.role = `slice-top${suffix}`;
    top.setAttribute("aria-label", `Values of ${state.field} shown one by one`);
    top.addEventListener("change", () => context.change((current) => chooseTop(current, index, top.value), false));
    binning.append(labelled(document, "top", top));
  }
  if (!binning.hasChildNodes()) binning.remove();
}

function binsText(bins: number): string {
  return `${bins} bins`;
}
