/** @jest-environment jsdom */
// The chart toolbar's groups: what wraps together in a narrow column (the stylesheet keeps each group
// on one line) — the chart kinds, the metric menu, and SVG with PNG.
import { renderChartToolbar } from "../../../src/widgets/chartToolbar";

test("the toolbar holds three groups and a spacer; SVG and PNG share the export group", () => {
  const element = document.createElement("div");
  renderChartToolbar(element, {
    kind: "delta",
    kinds: ["delta", "bars"],
    metrics: ["Accuracy", "Macro F1"],
    metric: "Accuracy",
    onKind: () => {},
    onMetric: () => {},
    svg: () => "<svg/>",
    fileName: "chart",
  });
  const bar = element.querySelector(".sw-chart-toolbar")!;
  expect([...bar.children].map((child) => child.className)).toEqual(["sw-segmented", "sw-select-label", "sw-spacer", "sw-toolbar-group sw-chart-export"]);
  const exportGroup = bar.querySelector(".sw-chart-export")!;
  expect(exportGroup.getAttribute("role")).toBe("group");
  expect(exportGroup.getAttribute("aria-label")).toBe("Download the chart");
  expect([...exportGroup.querySelectorAll("button")].map((button) => button.textContent)).toEqual(["SVG", "PNG"]);
  expect([...bar.querySelectorAll(".sw-segmented button")].map((button) => button.textContent)).toEqual(["Δ vs reference", "Values"]);
});
