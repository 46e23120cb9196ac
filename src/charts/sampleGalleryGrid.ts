// The sample gallery's virtualized grid: a scrolling viewport whose canvas holds only the grid
// rows in view (and a few around), reusing row elements as they scroll out and back in.
import { fillCard, GalleryContext } from "./sampleGalleryCard";
import { cardsToFill, drawnGridRows, Geometry, geometry, sameGeometry, scrollToShow, viewportBorders } from "./sampleGalleryGeometry";

/** What the grid draws: the cards in display order, the active one, and what fills a card. */
export interface GridContent {
  order: Int32Array;
  active: number;
  context: GalleryContext;
  /** The rows chosen; null where cards cannot be chosen. */
  chosen: ReadonlySet<number> | null;
  /** At most this many cards filled with a new sample (while scrolling; cardsToFill picks them); all when absent. */
  fillLimit?: number;
}

export interface GalleryGrid {
  readonly viewport: HTMLElement;
  readonly canvas: HTMLElement;
  /** The geometry last drawn with; null before the first draw or after `forget`. */
  readonly layout: Geometry | null;
  /** Draws the rows in view; the root's CSS variables follow the geometry. Returns how many cards wait to be filled. */
  draw(content: GridContent): number;
  /** Scrolls so the card at `position` is inside the viewport (then `draw` shows it). */
  scrollTo(position: number, height: number): void;
  /** Removes every row; the next draw builds them anew. */
  clear(): void;
  /** Clears, and measures anew at the next draw (new data: new caption lines). */
  forget(): void;
  cardAt(position: number): HTMLElement | null;
  /** Row indexes of the cards in the DOM, in display order. */
  visibleRowIndexes(): number[];
}

/** `root` carries the CSS variables; `element`'s width stands in while the viewport has none. */
export function createGalleryGrid(document: Document, root: HTMLElement, element: HTMLElement): GalleryGrid {
  const viewport = document.createElement("div");
  viewport.className = "sw-gallery-viewport";
  viewport.setAttribute("role", "grid");
  viewport.setAttribute("aria-label", "Samples");
  const canvas = document.createElement("div");
  canvas.className = "sw-gallery-canvas";
  canvas.setAttribute("role", "rowgroup");
  viewport.append(canvas);
  const rowElements = new Map<number, HTMLElement>();
  const rowPool: HTMLElement[] = [];
  let layout: Geometry | null = null;
  /** The scroll position last drawn at: which way the grid scrolls. */
  let lastTop = 0;

  const clear = () => {
    rowElements.clear();
    rowPool.length = 0;
    canvas.replaceChildren();
  };

  const measure = ({ data, options }: GalleryContext): Geometry => {
    // The viewport's client width excludes its scrollbar, so the last column is never cut off.
    const width = viewport.clientWidth || element.clientWidth || options.width;
    const lines = 1 + (data.groundTruth ? 1 : 0) + data.models.length;
    return geometry(options, width, lines);
  };

  const draw = ({ order, active, context, chosen, fillLimit = Infinity }: GridContent): number => {
    const next = measure(context);
    if (!layout || !sameGeometry(next, layout)) {
      clear();
      layout = next;
      root.style.setProperty("--sw-gallery-row-height", `${layout.rowHeight}px`);
      root.style.setProperty("--sw-gallery-media-size", `${layout.mediaSize}px`);
    }
    const { columns, rowHeight } = layout;
    const { height } = context.options;
    const gridRows = Math.ceil(order.length / columns);
    canvas.style.height = `${gridRows * rowHeight}px`;
    // As tall as its cards, up to the height asked for: a few cards leave no empty frame below them.
    root.style.setProperty("--sw-gallery-viewport-height", `${Math.min(height, gridRows * rowHeight + viewportBorders)}px`);
    canvas.style.width = `${columns * layout.cardWidth}px`;
    viewport.setAttribute("aria-rowcount", String(gridRows));
    viewport.setAttribute("aria-colcount", String(columns));
    if (chosen) viewport.setAttribute("aria-multiselectable", "true");
    else viewport.removeAttribute("aria-multiselectable");
    const top = viewport.scrollTop;
    const { first, last } = drawnGridRows(top, height, rowHeight, gridRows);
    // Rows scrolled out take the place of rows scrolled in where they stand in the DOM: moved, not re-inserted.
    const leaving: HTMLElement[] = [];
    for (const [gridRow, rowElement] of rowElements) {
      if (gridRow >= first && gridRow <= last) continue;
      rowElements.delete(gridRow);
      leaving.push(rowElement);
    }
    let tabStopShown = false;
    const waiting: number[] = [];
    const waitingCards = new Map<number, HTMLElement>();
    for (let gridRow = first; gridRow <= last; gridRow++) {
      let rowElement = rowElements.get(gridRow);
      if (!rowElement) {
        rowElement = leaving.pop() ?? rowPool.pop();
        if (!rowElement) rowElement = createRow(document);
        if (!rowElement.isConnected) canvas.append(rowElement);
        rowElements.set(gridRow, rowElement);
      }
      setAttribute(rowElement, "aria-rowindex", String(gridRow + 1));
      const transform = `translateY(${gridRow * rowHeight}px)`;
      if (rowElement.style.transform !== transform) rowElement.style.transform = transform;
      const start = gridRow * columns;
      const count = Math.min(columns, order.length - start);
      while (rowElement.children.length > count) rowElement.lastElementChild!.remove();
      while (rowElement.children.length < count) rowElement.append(createCard(document));
      for (let column = 0; column < count; column++) {
        const card = rowElement.children[column] as HTMLElement;
        const position = start + column;
        const row = order[position];
        if (card.dataset.row !== String(row)) {
          waiting.push(position);
          waitingCards.set(position, card);
        } else markChosen(card, chosen);
        setAttribute(card, "data-position", String(position));
        setAttribute(card, "aria-colindex", String(column + 1));
        const tabIndex = position === active ? 0 : -1;
        if (card.tabIndex !== tabIndex) card.tabIndex = tabIndex;
        if (position === active) tabStopShown = true;
      }
    }
    for (const rowElement of leaving) {
      rowElement.remove();
      rowPool.push(rowElement);
    }
    const direction = top >= lastTop ? 1 : -1;
    lastTop = top;
    const filling = new Set(cardsToFill(waiting, layout, { top, height, direction }, fillLimit));
    for (const position of waiting) {
      const card = waitingCards.get(position)!;
      if (filling.has(position)) {
        fillCard(card, context, order[position]);
        card.classList.remove("sw-gallery-pending");
      } else if (!card.classList.contains("sw-gallery-pending")) emptyCard(card);
      markChosen(card, chosen);
    }
    // The active card may be scrolled away; the grid must still be reachable with Tab.
    if (!tabStopShown) {
      const firstCard = rowElements.get(Math.max(first, Math.floor(top / rowHeight)))?.firstElementChild as HTMLElement | null;
      if (firstCard) firstCard.tabIndex = 0;
    }
    return waiting.length - filling.size;
  };

  return {
    viewport,
    canvas,
    get layout() {
      return layout;
    },
    draw,
    scrollTo(position, height) {
      if (!layout) return;
      const top = scrollToShow(Math.floor(position / layout.columns), layout, viewport.scrollTop, height);
      if (top !== viewport.scrollTop) viewport.scrollTop = top;
    },
    clear,
    forget() {
      layout = null;
      clear();
    },
    cardAt: (position) => canvas.querySelector<HTMLElement>(`.sw-gallery-card[data-position="${position}"]`),
    visibleRowIndexes: () =>
      [...rowElements.keys()]
        .sort((a, b) => a - b)
        .flatMap((gridRow) => Array.from(rowElements.get(gridRow)!.children, (card) => Number((card as HTMLElement).dataset.row)))
        .filter((row) => !Number.isNaN(row)),
  };
}

/** Sets an attribute only when it changes: a write of the same value still costs the cards a style check while scrolling. */
function setAttribute(element: HTMLElement, name: string, value: string): void {
  if (element.getAttribute(name) !== value) element.setAttribute(name, value);
}

/** A choosable card says whether it is chosen (aria-selected) and carries a tick box for the mouse. */
function markChosen(card: HTMLElement, chosen: ReadonlySet<number> | null): void {
  let tick = card.querySelector<HTMLElement>(".sw-gallery-choose");
  if (!chosen) {
    card.removeAttribute("aria-selected");
    card.classList.remove("sw-chosen");
    tick?.remove();
    return;
  }
  const isChosen = chosen.has(Number(card.dataset.row));
  card.setAttribute("aria-selected", String(isChosen));
  card.classList.toggle("sw-chosen", isChosen);
  if (!tick) {
    // The card says it is chosen (aria-selected) and Space chooses it: the tick is for the eye and the mouse only.
    tick = card.ownerDocument.createElement("span");
    tick.className = "sw-gallery-choose";
    tick.setAttribute("aria-hidden", "true");
    tick.title = "Choose this sample (Space, or Ctrl+click the card)";
    card.prepend(tick);
  }
  tick.textContent = isChosen ? "✓" : "";
}

/** A card whose sample is not drawn yet (a fast scroll): its frame only, never the sample it showed before. */
function emptyCard(card: HTMLElement): void {
  card.replaceChildren();
  card.removeAttribute("data-row");
  card.removeAttribute("data-sample-id");
  card.classList.add("sw-gallery-pending");
}

function createRow(document: Document): HTMLElement {
  const row = document.createElement("div");
  row.className = "sw-gallery-row";
  row.setAttribute("role", "row");
  return row;
}

function createCard(document: Document): HTMLElement {
  const card = document.createElement("div");
  card.className = "sw-gallery-card";
  card.setAttribute("role", "gridcell");
  card.tabIndex = -1;
  return card;
}
