// Where the sample gallery's cards go: columns and row height from the card size, the grid rows
// a scroll position shows, and the scroll that brings a card into view. Pure numbers, no DOM.
import type { ResolvedSampleGalleryOptions } from "./sampleGalleryOptions";

/** Rows drawn above and below the viewport, so a fast scroll does not show blank space before the next frame. */
const overscanRows = 2;
const cardMargin = 3;
const cardPadding = 4;
const captionGap = 4;
const lineHeight = 18;
/** The viewport's top and bottom border (css/sampleGallery.css), inside its height (border-box). */
export const viewportBorders = 2;

export interface Geometry {
  columns: number;
  cardWidth: number;
  mediaSize: number;
  rowHeight: number;
}

/** The grid in `width` pixels, for cards with `lines` lines of caption. */
export function geometry(options: Pick<ResolvedSampleGalleryOptions, "cardSize">, width: number, lines: number): Geometry {
  const cardWidth = options.cardSize;
  const columns = Math.max(1, Math.floor(width / cardWidth));
  const inset = 2 * (cardMargin + cardPadding);
  const mediaSize = cardWidth - inset;
  return { columns, cardWidth, mediaSize, rowHeight: mediaSize + inset + captionGap + lines * lineHeight };
}

export function sameGeometry(a: Geometry, b: Geometry): boolean {
  return a.columns === b.columns && a.rowHeight === b.rowHeight && a.cardWidth === b.cardWidth;
}

/** The grid rows to draw (first to last, inclusive) at scroll position `top` in a viewport `height` tall. */
export function drawnGridRows(top: number, height: number, rowHeight: number, gridRows: number): { first: number; last: number } {
  return {
    first: Math.max(0, Math.floor(top / rowHeight) - overscanRows),
    last: Math.min(gridRows - 1, Math.floor((top + height) / rowHeight) + overscanRows),
  };
}

/** The scroll position that shows grid row `gridRow` whole, moving as little as it can from `top`. */
export function scrollToShow(gridRow: number, layout: Geometry, top: number, height: number): number {
  const rowTop = gridRow * layout.rowHeight;
  if (rowTop < top) return rowTop;
  if (rowTop + layout.rowHeight > top + height) return rowTop + layout.rowHeight - height;
  return top;
}

/**
 * The cards to fill in one frame of a scroll, at most `limit` of the `waiting` ones (positions in display
 * order): those in view first, from the edge the scroll moves towards (`direction` 1 down, −1 up: they
 * stay in view longest), then those ahead of the view, nearest first, then those behind it. The rest wait
 * for the next frame, so a fling costs a bounded amount per frame and cards it carries past unseen are
 * never built.
 */
export function cardsToFill(
  waiting: readonly number[],
  layout: Pick<Geometry, "columns" | "rowHeight">,
  view: { top: number; height: number; direction: 1 | -1 },
  limit: number,
): number[] {
  if (waiting.length <= limit) return [...waiting];
  const { top, height, direction } = view;
  const bottom = top + height;
  const rank = (position: number): [number, number] => {
    const rowTop = Math.floor(position / layout.columns) * layout.rowHeight;
    const rowBottom = rowTop + layout.rowHeight;
    if (rowBottom > top && rowTop < bottom) return [0, direction > 0 ? bottom - rowBottom : rowTop - top];
    const ahead = direction > 0 ? rowTop >= bottom : rowBottom <= top;
    const distance = rowTop >= bottom ? rowTop - bottom : top - rowBottom;
    return [ahead ? 1 : 2, distance];
  };
  const ranks = new Map(waiting.map((position) => [position, rank(position)]));
  return [...waiting]
    .sort((a, b) => {
      const [groupA, keyA] = ranks.get(a)!;
      const [groupB, keyB] = ranks.get(b)!;
      return groupA - groupB || keyA - keyB || a - b;
    })
    .slice(0, Math.max(0, limit));
}
