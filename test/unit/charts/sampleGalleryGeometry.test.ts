// Where the gallery's cards go, in numbers a person can check: 132 px cards in 800 px.
import { drawnGridRows, geometry, scrollToShow } from "../../../src/charts/sampleGalleryGeometry";

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
