/** @jest-environment jsdom */
// The hover tooltip: shown right of the pointer, moved with it, hidden on request.
import { ChartTooltip } from "../../../src/charts/chartTooltip";

test("a tooltip shows its lines by the pointer, follows it while shown, and hides", () => {
  const container = document.createElement("div");
  document.body.append(container);
  const tooltip = new ChartTooltip(container);
  expect(tooltip.element.hidden).toBe(true);
  tooltip.follow(5, 5);
  expect(tooltip.element.style.top).toBe("");

  tooltip.show(
    [
      ["model", "knn"],
      ["accuracy", "0.9000"],
    ],
    10,
    20,
  );
  expect(tooltip.element.hidden).toBe(false);
  expect(tooltip.element.textContent).toBe("modelknnaccuracy0.9000");
  expect([tooltip.element.style.left, tooltip.element.style.top]).toEqual(["24px", "34px"]);
  tooltip.follow(30, 40);
  expect([tooltip.element.style.left, tooltip.element.style.top]).toEqual(["44px", "54px"]);

  tooltip.hide();
  expect(tooltip.element.hidden).toBe(true);
  container.remove();
});
