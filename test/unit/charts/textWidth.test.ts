/** @jest-environment jsdom */
// Shared chart pieces that must work without layout: text widths and truncation.
import { estimateTextWidth, truncateText } from "../../../src/charts/textWidth";

test("text width grows with characters, wide glyphs count double", () => {
  expect(estimateTextWidth("", 11)).toBe(0);
  expect(estimateTextWidth("mmmm", 10)).toBeGreaterThan(estimateTextWidth("iiii", 10));
  expect(estimateTextWidth("猫猫", 10)).toBeCloseTo(20, 6);
  expect(estimateTextWidth("abc", 20)).toBeCloseTo(2 * estimateTextWidth("abc", 10), 6);
});

test("truncation keeps text that fits and cuts the rest with an ellipsis within the width", () => {
  expect(truncateText("cat", 100, 11)).toBe("cat");
  const cut = truncateText("images taken at night under heavy rain", 80, 11);
  expect(cut.endsWith("…")).toBe(true);
  expect(estimateTextWidth(cut, 11)).toBeLessThanOrEqual(80);
  expect("images taken at night under heavy rain".startsWith(cut.slice(0, -1))).toBe(true);
});
