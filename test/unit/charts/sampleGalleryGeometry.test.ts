// Where the gallery's cards go, in numbers a person can check: 132 px cards in 800 px.
import { cardsToFill, drawnGridRows, geometry, scrollToShow } from "../../../src/charts/sampleGalleryGeometry";

test("columns, media size and row height from the card size and caption lines", () => {
  // 800 / 132 = 6 columns; media 132 − 2·(3 + 4) = 118; row 118 + 14 + 4 + 3 lines · 18 = 190.
  expect(geometry({ cardSize: 132 }, 800, 3)).toEqual({ columns: 6, cardWidth: 132, mediaSize: 118, rowHeight: 190 });
  // Narrower than one card: still one column.
  expect(geometry({ cardSize: 132 }, 100, 1).columns).toBe(1);
});

test("the rows drawn: those in view and two more on each side, within the grid", () => {
  expect(drawnGridRows(0, 520, 190, 100)).toEqual({ first: 0, last: 4 });
  expect(drawnGridRows(1900, 520, 190, 100)).toEqual({ first: 8, last: 14 });
  expect(drawnGridRows(0, 520, 190, 1)).toEqual({ first: 0, last: 0 });
});

test("scrolling to a row moves only as far as needed", () => {
  const layout = geometry({ cardSize: 132 }, 800, 3);
  // Row 1 (190 … 380) is in a 520 px view at the top: no scroll.
  expect(scrollToShow(1, layout, 0, 520)).toBe(0);
  // Row 3 (570 … 760) is below it: scroll until its bottom is the view's, 760 − 520.
  expect(scrollToShow(3, layout, 0, 520)).toBe(240);
  // Row 0 above a view at 400: scroll up to its top.
  expect(scrollToShow(0, layout, 400, 520)).toBe(0);
});

test("while scrolling, the cards filled first are those in view from the edge it moves towards, then those ahead", () => {
  // 3 columns of 100 px rows; the view shows 250 … 450 px: rows 2, 3 and 4 (200 … 500).
  const layout = { columns: 3, rowHeight: 100 };
  const down = { top: 250, height: 200, direction: 1 } as const;
  const up = { ...down, direction: -1 } as const;
  // Waiting: row 0 (positions 0–2, above the view), rows 2 and 4 (6–8, 12–14, in view), row 6 (18–20, below).
  const waiting = [0, 1, 2, 6, 7, 8, 12, 13, 14, 18, 19, 20];
  // Down: row 4 (its bottom 50 px past the view's) before row 2, then row 6 ahead; row 0 is behind.
  expect(cardsToFill(waiting, layout, down, 7)).toEqual([12, 13, 14, 6, 7, 8, 18]);
  // Up: row 2 (50 px above the view's top) first, then row 4, then row 0 ahead (above).
  expect(cardsToFill(waiting, layout, up, 7)).toEqual([6, 7, 8, 12, 13, 14, 0]);
  // Ahead of the view, the nearest first: row 5 (15–17) before row 6.
  expect(cardsToFill([18, 15, 0], layout, down, 2)).toEqual([15, 18]);
  // Within the limit, all of them, in the order given.
  expect(cardsToFill([20, 1], layout, down, 4)).toEqual([20, 1]);
  expect(cardsToFill(waiting, layout, down, 0)).toEqual([]);
});
