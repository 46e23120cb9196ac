// The hover tooltip of a chart: a text-only box, absolutely positioned inside the chart's
// container, that follows the pointer and flips to its left past the middle.

/** One line of a tooltip: a name and its value. */
export type TooltipLine = [string, string];

export class ChartTooltip {
  readonly element: HTMLDivElement;

  constructor(private readonly container: HTMLElement) {
    this.element = container.ownerDocument.createElement("div");
    this.element.className = "sw-chart-tooltip";
    this.element.setAttribute("role", "tooltip");
    this.element.hidden = true;
    container.append(this.element);
  }

  show(lines: TooltipLine[], x: number, y: number): void {
    const document = this.container.ownerDocument;
    this.element.replaceChildren(
      ...lines.map(([name, value]) => {
        const line = document.createElement("div");
        const label = document.createElement("span");
        label.className = "sw-chart-tooltip-name";
        label.textContent = name;
        const text = document.createElement("span");
        text.textContent = value;
        line.append(label, text);
        return line;
      }),
    );
    this.element.hidden = false;
    // Flip to the left of the pointer past the middle so the box stays inside the chart.
    const width = this.container.clientWidth;
    const flip = width > 0 && x > width / 2;
    this.element.style.left = flip ? "" : `${x + 14}px`;
    this.element.style.right = flip ? `${width - x + 14}px` : "";
    this.element.style.top = `${y + 14}px`;
  }

  /** Moves a shown tooltip with the pointer; a flipped one keeps its right edge. */
  follow(x: number, y: number): void {
    if (this.element.hidden) return;
    this.element.style.top = `${y + 14}px`;
    if (this.element.style.left) this.element.style.left = `${x + 14}px`;
  }

  hide(): void {
    this.element.hidden = true;
  }
}
