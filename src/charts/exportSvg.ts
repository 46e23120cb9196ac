// A drawn chart as a standalone SVG file: theme variables replaced by the literal colours and
// fonts of a light or dark theme, a background, and nothing that runs (no scripts, no on*).
import { verdictColorDark, verdictColorFallback } from "./verdict";

export type ExportTheme = "light" | "dark";

const fontStack = "system-ui, -apple-system, Segoe UI, Roboto, Helvetica Neue, Arial, sans-serif";
const series = {
  "--sw-series-1": "#4e79a7",
  "--sw-series-2": "#f28e2b",
  "--sw-series-3": "#59a14f",
  "--sw-series-4": "#b07aa1",
  "--sw-series-5": "#76b7b2",
  "--sw-series-6": "#edc948",
};
const verdictVariables = (colors: typeof verdictColorFallback) => ({
  "--slicewise-improved": colors.improved,
  "--slicewise-regressed": colors.regressed,
  "--slicewise-similar": colors.similar,
  "--slicewise-unknown": colors.unknown,
});

/** The literal values of css/theme.css's variables, outside JupyterLab. */
export const exportThemeValues: Record<ExportTheme, Record<string, string>> = {
  light: {
    "--sw-font": fontStack,
    "--sw-fg": "#1f2328",
    "--sw-fg-muted": "#59636e",
    "--sw-fg-faint": "#656d76",
    "--sw-bg": "#ffffff",
    "--sw-bg-alt": "#f6f8fa",
    "--sw-bg-hover": "#eaeef2",
    "--sw-border": "#d0d7de",
    "--sw-border-muted": "#e6e9ec",
    "--sw-accent": "#0969da",
    "--sw-accent-soft": "rgba(9, 105, 218, 0.12)",
    "--sw-focus": "#0969da",
    ...series,
    ...verdictVariables(verdictColorFallback),
  },
  dark: {
    "--sw-font": fontStack,
    "--sw-fg": "#e6edf3",
    "--sw-fg-muted": "#9da7b3",
    "--sw-fg-faint": "#8b949e",
    "--sw-bg": "#0d1117",
    "--sw-bg-alt": "#161b22",
    "--sw-bg-hover": "#21262d",
    "--sw-border": "#3d444d",
    "--sw-border-muted": "#2a3038",
    "--sw-accent": "#4493f8",
    "--sw-accent-soft": "rgba(68, 147, 248, 0.18)",
    "--sw-focus": "#4493f8",
    ...series,
    ...verdictVariables(verdictColorDark),
  },
};

// var(--name) or var(--name, fallback) where the fallback may hold one level of parentheses (rgba(…)).
const variable = /var\(\s*(--[\w-]+)\s*(?:,\s*((?:[^()]|\([^()]*\))*))?\)/g;

/** Replaces every var(--…) by the theme's value, else its own fallback. */
export function resolveThemeVariables(value: string, theme: ExportTheme): string {
  const values = exportThemeValues[theme];
  let resolved = value;
  // Fallbacks may themselves be var(…): resolve until none is left.
  for (let pass = 0; pass < 4 && resolved.includes("var("); pass++) {
    resolved = resolved.replace(variable, (_, name: string, fallback?: string) => values[name] ?? fallback?.trim() ?? "");
  }
  return resolved;
}

const paintAttributes = ["style", "fill", "stroke", "stop-color", "color", "font-family"];

/** Serialises a drawn chart as a standalone SVG document in the given theme. */
export function exportSvg(svg: SVGSVGElement, theme: ExportTheme): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const document = svg.ownerDocument;
  for (const unsafe of Array.from(copy.querySelectorAll("script, foreignObject, style"))) unsafe.remove();
  for (const element of [copy, ...Array.from(copy.querySelectorAll("*"))]) {
    for (const attribute of Array.from(element.attributes)) {
      const name = attribute.name.toLowerCase();
      // Interactive attributes mean nothing in a file; event handlers and links must not run.
      if (
        name.startsWith("on") ||
        name === "tabindex" ||
        name === "role" ||
        name.startsWith("aria-") ||
        ((name === "href" || name === "xlink:href") && !attribute.value.startsWith("#"))
      ) {
        element.removeAttribute(attribute.name);
      } else if (paintAttributes.includes(name)) {
        element.setAttribute(attribute.name, resolveThemeVariables(attribute.value, theme));
      }
    }
  }
  copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  copy.setAttribute("style", resolveThemeVariables(`font-family: var(--sw-font); font-size: ${copy.style.fontSize || "11px"}; color: var(--sw-fg)`, theme));
  const background = document.createElementNS("http://www.w3.org/2000/svg", "rect");
  background.setAttribute("class", "sw-export-background");
  background.setAttribute("width", "100%");
  background.setAttribute("height", "100%");
  background.setAttribute("fill", exportThemeValues[theme]["--sw-bg"]);
  copy.insertBefore(background, copy.firstChild);
  // The document's own serializer: the export also runs on jsdom documents in Node and Deno.
  const Serializer = (document.defaultView as (Window & typeof globalThis) | null)?.XMLSerializer ?? XMLSerializer;
  return new Serializer().serializeToString(copy);
}
