// Small form controls the Slicer's parts share: a labelled control and a plain button with its role.

/** `control` inside a label that reads "text control after". */
export function labelled(document: Document, text: string, control: HTMLElement, after = ""): HTMLLabelElement {
  const label = document.createElement("label");
  label.className = "sw-select-label";
  label.append(`${text} `, control);
  if (after) label.append(` ${after}`);
  return label;
}

export function button(document: Document, text: string, role: string): HTMLButtonElement {
  const element = document.createElement("button");
  element.type = "button";
  element.className = "sw-button";
  element.dataset.role = role;
  element.textContent = text;
  return element;
}

export function division(document: Document, className: string): HTMLDivElement {
  const box = document.createElement("div");
  box.className = className;
  return box;
}
