// The box a panel draws in, and the panel that tears down what it started and removes the box.

export interface Panel {
  destroy(): void;
}

/** A div of this class appended to element. */
export function panelBox(element: HTMLElement, className: string): HTMLElement {
  const box = element.ownerDocument.createElement("div");
  box.className = className;
  element.append(box);
  return box;
}

/** A panel whose destroy runs the teardowns in order (subscriptions, observers, renderers), then removes its box. */
export function panelOf(box: HTMLElement, ...teardowns: (() => void)[]): Panel {
  return {
    destroy() {
      for (const teardown of teardowns) teardown();
      box.remove();
    },
  };
}
