// Charts drawn without a browser: the same renderer as in the page, on a jsdom document, for
// `toSVG()` in Node and Deno scripts, a notebook's static fallback, and PNG files via resvg.
// Which chart to draw is the widget descriptor's picture (src/widgets/kinds).
import { JSDOM } from "jsdom";
import type { DrawnChart } from "../widgets/kinds/widgetDescriptor";

/** Draws with `draw` on a jsdom document and returns the chart's standalone SVG. */
export function svgDrawnOnJsdom(draw: (element: HTMLElement) => DrawnChart): string {
  const dom = new JSDOM(`<!doctype html><html><body><div class="slicewise"></div></body></html>`);
  const element = dom.window.document.querySelector("div");
  if (!element) throw new Error("jsdom lost the chart's container");
  const globals = globalThis as Record<string, unknown>;
  // d3 reaches for the global document in a few places (d3.create); lend it jsdom's for the draw.
  const saved = { document: globals.document, window: globals.window };
  globals.document = dom.window.document;
  globals.window = dom.window;
  try {
    const handle = draw(element);
    const svg = handle.toSVG();
    handle.destroy();
    return svg;
  } finally {
    globals.document = saved.document;
    globals.window = saved.window;
    dom.window.close();
  }
}

/** Rasterises a standalone SVG with resvg (no browser), at `scale`× for crisp reports. */
export function svgToPng(svg: string, scale = 2): Uint8Array {
  // Loaded on demand: a native module that Node scripts without PNG export never need.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Resvg } = require("@resvg/resvg-js") as typeof import("@resvg/resvg-js");
  const rendered = new Resvg(svg, { fitTo: { mode: "zoom", value: scale }, font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" } }).render();
  return rendered.asPng();
}
