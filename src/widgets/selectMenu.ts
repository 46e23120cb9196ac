// A labelled select menu, as the chart toolbars show them (metric, stratification).

export interface SelectMenuOptions {
  /** The label's text before the menu. */
  label: string;
  /** data-role of the select, what tests and pages find it by. */
  role: string;
  choices: { value: string; text: string }[];
  value: string;
  onChange(value: string): void;
}

/** A label holding its select; the choice equal to value is selected, else the first. */
export function selectMenu(document: Document, options: SelectMenuOptions): HTMLLabelElement {
  const label = document.createElement("label");
  label.className = "sw-select-label";
  label.textContent = options.label;
  const select = document.createElement("select");
  select.className = "sw-select";
  select.dataset.role = options.role;
  for (const choice of options.choices) {
    const option = document.createElement("option");
    option.value = choice.value;
    option.textContent = choice.text;
    option.selected = choice.value === options.value;
    select.append(option);
  }
  select.addEventListener("change", () => options.onChange(select.value));
  label.append(select);
  return label;
}
