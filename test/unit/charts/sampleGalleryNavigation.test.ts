// What keys do on a sample card: in a grid of 4 columns, 10 cards, 2 rows a page.
import { cardKeyAction } from "../../../src/charts/sampleGalleryNavigation";

const grid = (position: number) => ({ position, columns: 4, pageRows: 2, count: 10 });

test("arrows move by one card or one row, and stay at the edges", () => {
  expect(cardKeyAction("ArrowRight", false, grid(5))).toEqual({ kind: "move", position: 6 });
  expect(cardKeyAction("ArrowDown", false, grid(5))).toEqual({ kind: "move", position: 9 });
  expect(cardKeyAction("ArrowUp", false, grid(2))).toEqual({ kind: "stay" });
  expect(cardKeyAction("ArrowDown", false, grid(6))).toEqual({ kind: "stay" });
});

test("pages move by the rows in view, past the ends too (focus clamps them)", () => {
  expect(cardKeyAction("PageDown", false, grid(1))).toEqual({ kind: "move", position: 9 });
  expect(cardKeyAction("PageDown", false, grid(5))).toEqual({ kind: "move", position: 13 });
  expect(cardKeyAction("PageUp", false, grid(5))).toEqual({ kind: "move", position: -3 });
});

test("Home and End: the row's ends, or the grid's with Ctrl", () => {
  expect(cardKeyAction("Home", false, grid(6))).toEqual({ kind: "move", position: 4 });
  expect(cardKeyAction("End", false, grid(6))).toEqual({ kind: "move", position: 7 });
  // The last row holds cards 8 and 9 only.
  expect(cardKeyAction("End", false, grid(8))).toEqual({ kind: "move", position: 9 });
  expect(cardKeyAction("Home", true, grid(6))).toEqual({ kind: "move", position: 0 });
  expect(cardKeyAction("End", true, grid(1))).toEqual({ kind: "move", position: 9 });
});

test("Enter and Space open the detail; other keys are not the grid's", () => {
  expect(cardKeyAction("Enter", false, grid(3))).toEqual({ kind: "open" });
  expect(cardKeyAction(" ", false, grid(3))).toEqual({ kind: "open" });
  expect(cardKeyAction("a", false, grid(3))).toBeNull();
  expect(cardKeyAction("Tab", false, grid(3))).toBeNull();
});

test("where cards can be chosen, Space chooses the card and Enter still opens it", () => {
  const choosable = { ...grid(3), choosable: true };
  expect(cardKeyAction(" ", false, choosable)).toEqual({ kind: "choose" });
  expect(cardKeyAction("Enter", false, choosable)).toEqual({ kind: "open" });
});
