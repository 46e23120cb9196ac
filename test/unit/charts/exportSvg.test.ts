/** @jest-environment jsdom */
// Export: theme variables become the theme's literals, and nothing that runs survives.
import { exportSvg, resolveThemeVariables } from "../../../src/charts/exportSvg";

test("variables resolve to the theme's value, else their own fallback, nested ones included", () => {
  expect(resolveThemeVariables("fill: var(--sw-fg, #000)", "light")).toBe("fill: #1f2328");
  expect(resolveThemeVariables("fill: var(--sw-fg, #000)", "dark")).toBe("fill: #e6edf3");
  expect(resolveThemeVariables("fill: var(--not-ours, rgba(1, 2, 3, 0.5))", "light")).toBe("fill: rgba(1, 2, 3, 0.5)");
  expect(resolveThemeVariables("stroke: var(--not-ours, var(--sw-border))", "light")).toBe("stroke: #d0d7de");
  expect(resolveThemeVariables("fill: var(--slicewise-improved, #0072b2)", "light")).toBe("fill: #00609a");
});

test("event attributes, scripts, outside links and focus attributes are dropped", () => {
  const container = document.createElement("div");
  container.innerHTML = `<svg xmlns="http://www.w3.org/2000/svg" style="font-size: 11px"><script>alert(1)</script><a href="https://example.com"><rect onclick="alert(1)" tabindex="0" style="fill: var(--sw-accent, blue)"/></a><text data-test-case="x">a &lt; b</text></svg>`;
  const text = exportSvg(container.querySelector("svg")!, "light");
  expect(text).not.toMatch(/script|onclick|tabindex|example\.com/);
  expect(text).toContain("fill: #0969da");
  expect(text).toContain("a &lt; b");
  expect(new DOMParser().parseFromString(text, "image/svg+xml").getElementsByTagName("parsererror")).toHaveLength(0);
});
