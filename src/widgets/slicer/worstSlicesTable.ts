// The found worst slices as a table: a checkbox to choose each for saving, its figures, and a
// click on a row to show its samples.
import type { FoundSlice } from "../../metrics";
import { WorstSlicesState, significance, worstSliceCells, worstSliceHeadings } from "./worstSlicesState";

export interface WorstSlicesTableEvents {
  check(index: number, checked: boolean): void;
  show(slice: FoundSlice): void;
}

export function renderWorstSlicesTable(document: Document, state: WorstSlicesState, reference: string, events: WorstSlicesTableEvents): HTMLTableElement {
  const table = document.createElement("table");
  table.className = "sw-worst-table";
  const head = table.createTHead().insertRow();
  for (const text of ["", ...worstSliceHeadings(state, reference)]) {
    const cell = document.createElement("th");
    cell.textContent = text;
    head.append(cell);
  }
  const body = table.createTBody();
  state.found.forEach((slice, index) => {
    const row = body.insertRow();
    row.dataset.role = "worst-slice";
    row.dataset.label = slice.label;
    row.dataset.qValue = String(slice.qValue);
    if (slice.qValue < significance) row.classList.add("sw-significant");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.setAttribute("aria-label", `Choose ${slice.label}`);
    box.addEventListener("click", (event) => event.stopPropagation());
    box.addEventListener("change", () => events.check(index, box.checked));
    row.insertCell().append(box);
    for (const text of worstSliceCells(slice, state.mode)) row.insertCell().textContent = text;
    row.title = "Show its samples";
    row.addEventListener("click", () => {
      table.querySelectorAll("tr.sw-selected").forEach((other) => other.classList.remove("sw-selected"));
      row.classList.add("sw-selected");
      events.show(slice);
    });
  });
  return table;
}
