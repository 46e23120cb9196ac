// Empty and error states that say what happened and what to do, as text (never HTML).

export interface StateMessage {
  title: string;
  detail?: string;
  kind?: "empty" | "error" | "loading";
}

/** Replaces the element's content with the message. */
export function renderStateMessage(element: HTMLElement, message: StateMessage): void {
  const box = element.ownerDocument.createElement("div");
  box.className = `sw-state sw-${message.kind ?? "empty"}`;
  box.setAttribute("role", message.kind === "error" ? "alert" : "status");
  const title = element.ownerDocument.createElement("strong");
  title.textContent = message.title;
  box.append(title);
  if (message.detail) box.append(element.ownerDocument.createTextNode(message.detail));
  element.replaceChildren(box);
}
