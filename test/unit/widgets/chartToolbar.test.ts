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

test("the chart kinds are one Tab stop; arrows choose the next or previous kind and stop there", () => {
  const element = document.createElement("div");
  document.body.append(element);
  let kind: "delta" | "bars" | "heatmap" = "delta";
  const chosen: string[] = [];
  const draw = () => {
    element.replaceChildren();
    renderChartToolbar(element, {
      kind,
      kinds: ["delta", "bars", "heatmap"],
      metrics: ["Accuracy"],
      metric: "Accuracy",
      onKind: (next) => {
        chosen.push(next);
        kind = next as typeof kind;
        draw();
      },
      onMetric: () => {},
      svg: () => "<svg/>",
      fileName: "chart",
    });
  };
  draw();
  const tabStops = () => [...element.querySelectorAll<HTMLButtonElement>("[role=radio]")].map((button) => `${button.dataset.kind}:${button.tabIndex}`);
  expect(tabStops()).toEqual(["delta:0", "bars:-1", "heatmap:-1"]);
  const reached: string[] = [];
  const listen = (event: KeyboardEvent) => reached.push(event.key);
  document.addEventListener("keydown", listen);
  try {
    element.querySelector<HTMLButtonElement>('[data-kind="delta"]')!.focus();
    const press = (key: string) => document.activeElement!.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true }));
    press("ArrowRight");
    press("ArrowRight");
    expect(chosen).toEqual(["bars", "heatmap"]);
    expect((document.activeElement as HTMLElement).dataset.kind).toBe("heatmap");
    expect(tabStops()).toEqual(["delta:-1", "bars:-1", "heatmap:0"]);
    press("ArrowRight");
    press("ArrowLeft");
    expect(chosen).toEqual(["bars", "heatmap", "delta", "heatmap"]);
    press("a");
    expect(reached).toEqual(["a"]);
  } finally {
    document.removeEventListener("keydown", listen);
    element.remove();
  }
});
