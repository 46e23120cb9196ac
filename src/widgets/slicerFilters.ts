// The slicer's filters: chips "field op value", joined by and/or, plus a small form that adds one.
// The chips become one quality-standard predicate, so a saved slice keeps its filter.
import type { Comparison, Predicate, Scalar } from "../core";
import type { FieldKind } from "../metrics";

export interface FilterChip {
  field: string;
  op: Comparison["op"];
  value: Scalar | Scalar[];
}

export interface FilterState {
  chips: FilterChip[];
  join: "and" | "or";
}

const opText: Record<Comparison["op"], string> = { eq: "=", ne: "≠", lt: "<", le: "≤", gt: ">", ge: "≥", in: "in", between: "between" };
const offered: Comparison["op"][] = ["eq", "ne", "lt", "le", "gt", "ge", "in"];

export function chipPhrase(chip: FilterChip): string {
  const value = Array.isArray(chip.value) ? `(${chip.value.map(String).join(", ")})` : String(chip.value);
  return `${chip.field} ${opText[chip.op]} ${value}`;
}

export function chipPredicate(chip: FilterChip): Predicate {
  return { field: chip.field, op: chip.op, value: chip.value } as Predicate;
}

/** The filters as one predicate and one phrase, or null without chips. */
export function filterPredicate(state: FilterState): { predicate: Predicate; phrase: string } | null {
  if (state.chips.length === 0) return null;
  if (state.chips.length === 1) return { predicate: chipPredicate(state.chips[0]), phrase: chipPhrase(state.chips[0]) };
  const phrases = state.chips.map(chipPhrase);
  return {
    predicate: state.join === "and" ? { and: state.chips.map(chipPredicate) } : { or: state.chips.map(chipPredicate) },
    phrase: state.join === "and" ? phrases.join(" and ") : `(${phrases.join(" or ")})`,
  };
}

/** Reads the value a person typed as the field's kind; throws a message that says what to type. */
export function parseFilterValue(text: string, op: Comparison["op"], kind: FieldKind, field: string): Scalar | Scalar[] {
  const one = (raw: string): Scalar => {
    const trimmed = raw.trim();
    if (trimmed === "" && op !== "in") throw new Error(`give a value to compare ${field} with`);
    if (kind === "numeric") {
      const number = Number(trimmed);
      if (trimmed === "" || !Number.isFinite(number)) throw new Error(`${field} holds numbers: "${raw}" is not one`);
      return number;
    }
    if (kind === "boolean") {
      if (trimmed !== "true" && trimmed !== "false") throw new Error(`${field} holds true or false, not "${raw}"`);
      return trimmed === "true";
    }
    return trimmed;
  };
  if (op === "in")
    return text
      .split(",")
      .filter((part) => part.trim() !== "")
      .map(one);
  return one(text);
}

export interface FilterControls {
  element: HTMLElement;
  setFields(fields: { name: string; kind: FieldKind }[]): void;
}

/** The chips and the add form; `onChange` gets the new state after every add, removal or join change. */
export function renderFilterControls(
  document: Document,
  state: FilterState,
  fields: { name: string; kind: FieldKind }[],
  onChange: (state: FilterState) => void,
): FilterControls {
  const element = document.createElement("div");
  element.className = "sw-slicer-filters";
  element.dataset.role = "slice-filters";
  const chips = document.createElement("div");
  chips.className = "sw-chips";
  const join = selectElement(
    document,
    "filter-join",
    "Combine filters with",
    [
      ["and", "all of"],
      ["or", "any of"],
    ],
    state.join,
  );
  join.addEventListener("change", () => {
    state.join = join.value as "and" | "or";
    draw();
    onChange(state);
  });

  const form = document.createElement("form");
  form.className = "sw-filter-form";
  const field = selectElement(document, "filter-field", "Filter field", [], null);
  const op = selectElement(
    document,
    "filter-op",
    "Comparison",
    offered.map((name) => [name, opText[name]]),
    offered[0],
  );
  const value = document.createElement("input");
  value.className = "sw-input";
  value.dataset.role = "filter-value";
  value.placeholder = "value";
  value.setAttribute("aria-label", "Filter value");
  value.size = 10;
  const add = document.createElement("button");
  add.type = "submit";
  add.className = "sw-button";
  add.dataset.role = "add-filter";
  add.textContent = "Add filter";
  const error = document.createElement("span");
  error.className = "sw-filter-error";
  error.setAttribute("role", "alert");
  form.append(field, op, value, add, error);
  let kinds = new Map<string, FieldKind>();
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    try {
      const chip: FilterChip = {
        field: field.value,
        op: op.value as Comparison["op"],
        value: parseFilterValue(value.value, op.value as Comparison["op"], kinds.get(field.value) ?? "string", field.value),
      };
      state.chips.push(chip);
      error.textContent = "";
      value.value = "";
      draw();
      onChange(state);
    } catch (problem) {
      error.textContent = problem instanceof Error ? problem.message : String(problem);
    }
  });

  const draw = () => {
    chips.replaceChildren();
    const label = document.createElement("span");
    label.className = "sw-select-label";
    label.textContent = state.chips.length ? "Only samples matching" : "All samples";
    chips.append(label);
    if (state.chips.length > 1) chips.append(join);
    state.chips.forEach((chip, index) => {
      const item = document.createElement("span");
      item.className = "sw-chip";
      item.dataset.role = "filter-chip";
      item.textContent = chipPhrase(chip);
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "sw-chip-remove";
      remove.setAttribute("aria-label", `Remove filter ${chipPhrase(chip)}`);
      remove.textContent = "×";
      remove.addEventListener("click", () => {
        state.chips.splice(index, 1);
        draw();
        onChange(state);
      });
      item.append(remove);
      chips.append(item);
    });
  };
  const setFields = (next: { name: string; kind: FieldKind }[]) => {
    kinds = new Map(next.map((entry) => [entry.name, entry.kind]));
    field.replaceChildren(...next.map((entry) => option(document, entry.name, entry.name)));
  };
  setFields(fields);
  draw();
  element.append(chips, form);
  return { element, setFields };
}

/** A <select> with its role, accessible name and [value, label] choices, `value` chosen. */
export function selectElement(
  document: Document,
  role: string,
  name: string,
  choices: readonly (readonly [string, string])[],
  value: string | null,
): HTMLSelectElement {
  const select = document.createElement("select");
  select.className = "sw-select";
  select.dataset.role = role;
  select.setAttribute("aria-label", name);
  for (const [choice, label] of choices) select.append(option(document, label, choice, choice === value));
  return select;
}

/** An <option> of this document (not the global window's `Option`, which may belong to another). */
export function option(document: Document, label: string, value: string, selected = false): HTMLOptionElement {
  const element = document.createElement("option");
  element.value = value;
  element.textContent = label;
  element.selected = selected;
  return element;
}
